"""Unit tests of what keeps big articles fast: the line layout with guessed heights, long runs
cut before jieba's HMM, entities a piece at a time up to a cap, and the words of shown text."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from reader.entities import EntitySpan, extraction
from reader.entities.chunked import CAP_CHARS, chunks, entities_in_chunks
from reader.text import segment
from reader.text.runs import MAX_RUN, bounded_pieces
from reader.text.words import word_spans
from reader.ui.widgets.article_layout import ArticleLayout, Place, estimate_height
from reader.ui.wrap import wrap

PARAGRAPHS = [
    "研究人員指出，人工智能模型的訓練資料來源必須公開透明。" * 3,
    "Anthropic agreed to pay 1.5 billion dollars to settle the case brought by authors.",
    "短段。",
    "他說：「這是第一次。」" + "Claude Opus 4 " * 6,
]


@pytest.mark.parametrize("width", [20, 37, 80])
def test_layout_places_every_line_like_the_wrap(width: int) -> None:
    layout = ArticleLayout(["標題", "2025-09-25 · 1,197 字"], PARAGRAPHS, width)
    y = layout.header_height
    assert layout.place(0) == Place(-1, 0)
    for index, text in enumerate(PARAGRAPHS):
        lines = wrap(text, layout.text_width)
        assert layout.top(index) == y
        for row, (start, _end) in enumerate(lines):
            assert layout.place(y + row) == Place(index, row)
            assert layout.y_of(index, start) == y + row
        assert layout.place(y + len(lines)) == Place(index, len(lines))  # the blank line after
        y += len(lines) + 1
    assert layout.height == y


def test_a_long_article_guesses_heights_until_it_is_broken_into_lines() -> None:
    paragraphs = ["人工智能模型 Claude Opus 的訓練資料" * 8] * 5_000
    layout = ArticleLayout(["標題"], paragraphs, 80)
    assert len(layout.unwrapped()) == len(paragraphs)
    exact = len(wrap(paragraphs[0], 80))
    guessed = estimate_height(paragraphs[0], 80)
    assert guessed != exact  # Latin letters are one cell, guessed as two
    top = layout.top(4_000)
    assert layout.wrap_range(layout.top(10), layout.top(12))  # the guess was corrected
    assert not layout.is_wrapped(9) and layout.is_wrapped(10) and layout.is_wrapped(12)
    assert layout.top(4_000) == top + 3 * (exact - guessed)
    assert layout.set_lines(0, tuple(wrap(paragraphs[0], 80))) is True
    assert layout.set_lines(1, tuple(wrap(paragraphs[1], 80))) is True
    assert not layout.wrap_range(layout.top(10), layout.top(11))  # nothing left to correct


def test_text_at_most_100_cells_wide() -> None:
    layout = ArticleLayout(["標題"], PARAGRAPHS, 160)
    assert layout.width == 160 and layout.text_width == 100
    assert layout.lines(0) == tuple(wrap(PARAGRAPHS[0], 100))


def _longest_block(text: str) -> int:
    return max((len(m) for m in re.findall("[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+", text)), default=0)


def test_long_runs_are_cut_before_jieba_real_text_is_not() -> None:
    text = "。".join(PARAGRAPHS)
    assert bounded_pieces(text) == [(0, len(text))]
    hostile = "前文。" + "龘" * 5_000 + "後文" + "a" * 450
    pieces = bounded_pieces(hostile)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(hostile)
    assert all(a[1] == b[0] for a, b in pairwise(pieces))
    assert max(_longest_block(hostile[s:e]) for s, e in pieces) <= MAX_RUN
    assert bounded_pieces("") == [(0, 0)]


def test_entity_extraction_never_hands_jieba_a_long_run(monkeypatch) -> None:
    tokenizer = segment.tokenizer()
    seen: list[str] = []
    original = tokenizer.cut

    def recording(sentence, cut_all=False, HMM=True):
        seen.append(sentence)
        return original(sentence, cut_all=cut_all, HMM=HMM)

    monkeypatch.setattr(tokenizer, "cut", recording)
    text = "台積電在新竹。" + "龘" * 3_000 + "。張忠謀表示"
    spans = extraction.EntityExtractor().extract(text)
    assert seen and max(_longest_block(s) for s in seen) <= MAX_RUN
    assert "".join(seen) == extraction.normalize(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert "台積電" in [s.text for s in spans]


def test_chunks_end_at_paragraph_breaks_and_stop_at_the_cap() -> None:
    paragraphs = [f"第{i}段" + "字" * (50 + i % 40) for i in range(20_000)]
    body = "\n\n".join(paragraphs)
    pieces = chunks(body)
    assert pieces[0][0] == 0 and pieces[-1][1] <= CAP_CHARS
    assert pieces[-1][1] > CAP_CHARS - 200
    for start, end in pieces:
        assert body[start:end].startswith("第") and not body[start:end].endswith("\n")
        assert end - start <= 50_000
    assert chunks("短文。") == [(0, 3)]


def test_entities_in_chunks_keep_offsets_into_the_whole_text() -> None:
    body = "\n\n".join(f"第{i}段在北京開會。" for i in range(3_000))

    def find_beijing(text: str) -> tuple[EntitySpan, ...]:
        return tuple(EntitySpan("北京", "place", m.start(), m.end()) for m in re.finditer("北京", text))

    progress = list(entities_in_chunks(body, find_beijing, size=1_000, cap=10_000))
    assert len(progress) > 5 and [p.done for p in progress].count(True) == 1
    last = progress[-1]
    assert last.done and last.capped and last.analysed <= 10_000 < last.total
    assert all(body[s.start : s.end] == "北京" for s in last.spans)
    assert len(last.spans) == body[: last.analysed].count("北京")
    short = list(entities_in_chunks("在北京。", find_beijing))
    assert len(short) == 1 and short[0].done and not short[0].capped and short[0].spans[0].start == 1


def test_words_of_shown_text_in_either_script() -> None:
    text = "我們研究人工智能，也研究 Claude Opus 模型。"
    words = [text[s:e] for s, e in word_spans(text)]
    assert words == ["我們", "研究", "人工智能", "也", "研究", "Claude", "Opus", "模型"]
    run = "龘" * 1_000
    assert word_spans(run)[-1][1] == 1_000


def test_row_sums_agree_with_a_list_of_tops() -> None:
    import random

    from reader.ui.widgets.article_layout import _RowSums

    rng = random.Random(3)
    for size in (1, 2, 7, 64, 1_000):
        rows = [rng.randint(1, 9) for _ in range(size)]
        sums = _RowSums(rows)
        for _ in range(200):
            index = rng.randrange(size)
            new = rng.randint(1, 9)
            sums.add(index, new - rows[index])
            rows[index] = new
            tops = [sum(rows[:i]) for i in range(size + 1)]
            assert sums.total == tops[-1]
            probe = rng.randrange(size)
            assert sums.prefix(probe) == tops[probe]
            row = rng.randrange(tops[-1] + 3)
            found, before = sums.find(row)
            expected = next((i for i in range(size) if tops[i] <= row < tops[i + 1]), size)
            assert found == expected and before == tops[min(expected, size)]
