"""The list rows' lines drawn straight into segments (RowList._segments) match what Textual's
Content made of the same line: text, styles and cells, for Chinese, Latin, highlights and cuts."""

from __future__ import annotations

import random

from helpers import settle
from textual.content import Content, Span
from textual.strip import Strip

from reader.ui.widgets.row_list import _Pass, clip
from reader.ui.widgets.search_panel import SearchPanel

WORDS = ["版权", "人工智能", "AI", "模型", "Claude", "的", "，", "影子圖書館", "x", "　", "《三体》", "2024年"]


def content_line(results, text: str, spans, line: int, cursor: bool, width: int) -> Strip:
    """The line as Content drew it before (the reference)."""
    base = results.style_of(results.CURSOR_CLASS) if cursor else results.style_of()
    text, shown = clip(text, spans, width)
    hit = results.style_of(results.HIGHLIGHT_CLASS, partial=True)
    content = Content(text, [Span(start, end, hit) for start, end in shown])
    content = content.stylize_before(results.style_of(results.LINE_CLASSES[line], partial=True))
    content = Content.assemble(" ", content).truncate(max(width - 1, 1), ellipsis=True)
    return Strip(content.render_segments(base), content.cell_length).crop_extend(0, width, base.rich_style)


def fast_line(results, text: str, spans, line: int, cursor: bool, width: int) -> Strip:
    base = results.style_of(results.CURSOR_CLASS) if cursor else results.style_of()
    text, shown = clip(text, spans, width)
    segments = results._segments(text, shown, cursor, line, max(width - 1, 1), _Pass(width))
    return Strip(segments).crop_extend(0, width, base.rich_style)


def as_tuples(strip: Strip) -> list[tuple[str, object]]:
    """Segments with neighbours of one style joined (how the terminal sees them)."""
    out: list[tuple[str, object]] = []
    for segment in strip:
        if out and out[-1][1] == segment.style:
            out[-1] = (out[-1][0] + segment.text, segment.style)
        else:
            out.append((segment.text, segment.style))
    return out


async def test_lines_match_what_content_drew(app_factory, samples) -> None:
    app = app_factory(samples)
    rng = random.Random(7)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(SearchPanel).results
        for _ in range(400):
            text = "".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30)))
            spans = []
            for _ in range(rng.randint(0, 4) if text else 0):  # hits: never empty, within the text
                start = rng.randrange(len(text))
                spans.append((start, min(len(text), start + rng.randint(1, 6))))
            spans.sort()
            width = rng.choice([3, 8, 20, 33, 37, 60])
            line, cursor = rng.randint(0, 1), rng.random() < 0.3
            expected = content_line(results, text, spans, line, cursor, width)
            drawn = fast_line(results, text, spans, line, cursor, width)
            assert drawn.cell_length == expected.cell_length == width, (text, spans, width)
            assert as_tuples(drawn) == as_tuples(expected), (text, spans, width)
