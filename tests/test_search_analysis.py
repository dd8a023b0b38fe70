"""The search analyzer: normalised jieba words, sequential positions, offsets into the original."""

from __future__ import annotations

import re

import pytest

from reader.search.analysis import ReaderTokenizer, words
from reader.text import normalize
from reader.text.segment import cut


def tokens(text: str) -> list[tuple[str, int, int, int]]:
    """The analyzer's tokens of `text` as (text, position, start, end)."""
    return [(t.text, t.pos, t.startchar, t.endchar) for t in ReaderTokenizer()(text, positions=True, chars=True)]


def tokenize(text: str) -> list[tuple[str, int, int, int]]:
    """What the analyzer should give: jieba's words of the normalised text without the
    punctuation, numbered 0, 1, 2…, with their offsets (normalising keeps the length)."""
    kept = [(word, start, end) for word, start, end in cut(normalize(text)) if re.search(r"\w", word)]
    return [(word, pos, start, end) for pos, (word, start, end) in enumerate(kept)]


def test_offsets_point_into_the_original_text() -> None:
    text = "美國人工智慧公司 Anthropic 推出 Claude Opus 4。"
    found = tokens(text)
    assert found
    for word, _pos, start, end in found:
        assert normalize(text[start:end]) == word


def test_positions_are_sequential_and_skip_punctuation() -> None:
    found = tokens("影子圖書館，版權！「著作權」")
    assert [pos for _w, pos, _s, _e in found] == list(range(len(found)))
    assert all(word.strip("，！「」") == word for word, _p, _s, _e in found)


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
    assert tokens(text) == tokenize(text)
