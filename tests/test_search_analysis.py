"""The search analyzer: normalised jieba words, sequential positions, offsets into the original."""

from __future__ import annotations

import pytest

from reader.search.analysis import ReaderTokenizer, tokenize, words


def test_offsets_point_into_the_original_text() -> None:
    text = "美國人工智慧公司 Anthropic 推出 Claude Opus 4。"
    for token in tokenize(text):
        from reader.text import normalize

        assert normalize(text[token.start : token.end]) == token.text


def test_positions_are_sequential_and_skip_punctuation() -> None:
    tokens = tokenize("影子圖書館，版權！「著作權」")
    assert [t.pos for t in tokens] == list(range(len(tokens)))
    assert all(t.text.strip("，！「」") == t.text for t in tokens)


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("影子圖書館", "影子图书馆"), ("版權", "版权"), ("衝突出現", "冲突出现"), ("內容創作者", "内容创作者")],
)
def test_traditional_and_simplified_give_the_same_words(traditional: str, simplified: str) -> None:
    assert words(traditional) == words(simplified)


def test_full_width_and_case_fold_to_ascii_lower_case() -> None:
    assert words("ＡＩ基本法") == words("ai基本法") == words("AI基本法")
    assert "3" in words("第３屆") or "3" in "".join(words("第３屆"))


def test_latin_is_kept_whole_unstemmed_and_lone_digits_survive() -> None:
    assert words("Claude Opus 4") == ["claude", "opus", "4"]
    assert "anthropic" in words("Anthropic 公司")


def test_whoosh_tokenizer_matches_tokenize() -> None:
    text = "ＡＩ伺服器需求強勁 Claude Opus 4"
    ours = [(t.text, t.pos, t.start, t.end) for t in tokenize(text)]
    theirs = [(t.text, t.pos, t.startchar, t.endchar) for t in ReaderTokenizer()(text, positions=True, chars=True)]
    assert ours == theirs
