"""The search analyzer: normalised jieba words, sequential positions, offsets into the original."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.search.analysis import ReaderTokenizer, words
from reader.text import normalize, segment
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


def _sample_texts() -> list[str]:
    """The sample articles, normalised, and a few hard cases: mixed scripts and Latin,
    numbers, full-width forms, runs of one unknown character, names jieba does not know."""
    root = Path(__file__).resolve().parent.parent / "sample_articles"
    texts = [normalize(p.read_text("utf-8")) for p in sorted(root.rglob("*")) if p.suffix in {".md", ".txt"}]
    texts += [normalize(t) for t in (
        "美國人工智慧公司 Anthropic 推出 Claude Opus 4，台積電董事長魏哲家說：「2025年營收成長２０％。」",
        "影子圖書館 LibGen、Z-Library 與 Sci-Hub 的版權爭議…… GPT-4o vs. iPhone 16",
        "嗯" * 200 + "abc123" + "ｘｙｚ" + "\t\n  \u3000",
        "",
    )]
    return texts


def test_the_fast_cut_is_jiebas_cut() -> None:
    """The index's cut runs on rjieba; jieba is the reference: same words, same offsets."""
    texts = _sample_texts()
    assert sum(map(len, texts)) > 10_000
    for text in texts:
        assert segment.cut(text) == segment.jieba_cut(text), text[:40]


def test_the_fast_cut_keeps_the_users_words_as_jieba_does() -> None:
    # Made-up names no other test uses: the words stay taught for the rest of the process.
    names = ["蓝莓鹦哥", "紫薇猫头鹰", "鹦哥年会"]
    text = normalize("藍莓鸚哥與紫薇貓頭鷹在鸚哥年會上見了面，紫薇猫头鹰说谢谢")
    assert not set(names) & {w for w, _s, _e in segment.cut(text)}
    segment.add_words(names)
    after = segment.cut(text)
    assert after == segment.jieba_cut(text)
    assert set(names) <= {w for w, _s, _e in after}


def test_folding_in_c_folds_every_character_as_one_at_a_time() -> None:
    """fold_width_case's fast path (regex + str.lower) against the per-character fold."""
    from reader.text.normalize import _fold_char, fold_width_case

    every = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    cases = [every, "ΟΔΟΣ Σ σς", "İstanbul ＡＢＣ　１２３，", "ABC def", "", every[::-1]]
    for text in cases:
        assert fold_width_case(text) == "".join(_fold_char(ch) for ch in text)
