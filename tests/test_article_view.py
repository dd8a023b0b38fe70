"""Pilot tests of the virtual article view on its own: big articles broken into lines lazily,
the place kept while guessed heights are corrected and on resize, the end key, centring, and
the word cursor's part (words, places, the cursor span)."""

from __future__ import annotations

from helpers import wait_until
from textual.app import App, ComposeResult

from reader import locations
from reader.ui.widgets.article_layout import WRAP_AT_ONCE
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.wrap import wrap

SENTENCE = "研究人員指出人工智能模型的訓練資料來源必須公開透明，"


def big_article(count: int = 1_500) -> list[str]:
    """Paragraphs of different lengths, some with Latin words (their heights are guessed
    wrong: Latin letters take one cell, not two)."""
    paragraphs = []
    for i in range(count):
        text = f"第{i}段。" + SENTENCE * (1 + i % 5)
        if i % 3 == 0:
            text += " Anthropic Claude Opus and the Pirate Library Mirror dataset " * (1 + i % 4)
        paragraphs.append(text + "。")
    return paragraphs


class ViewApp(App):
    CSS_PATH = str(locations.stylesheet())

    def __init__(self) -> None:
        super().__init__()
        self.words_found: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")

    def on_article_view_words_found(self, message: ArticleView.WordsFound) -> None:
        self.words_found.append((message.first, message.last))


def exact_height(view: ArticleView) -> int:
    layout = view.layout
    assert layout is not None
    return layout.header_height + sum(len(wrap(p, layout.text_width)) + 1 for p in view.paragraphs)


def screen_text(view: ArticleView) -> list[str]:
    top = int(view.scroll_y)
    return [view.line_strip(y).text.rstrip() for y in range(top, top + view.scrollable_content_region.height)]


async def test_a_big_article_is_broken_into_lines_in_view_first_then_in_the_background() -> None:
    paragraphs = big_article()
    assert sum(map(len, paragraphs)) > WRAP_AT_ONCE
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        view.show("標題", "meta", paragraphs)
        layout = view.layout
        assert layout is not None and len(layout.unwrapped()) > len(paragraphs) - 50
        await pilot.pause()
        assert screen_text(view)[1] == "標題"
        assert screen_text(view)[4].startswith("第0段。研究")
        # The rest between other work, a slice at a time.
        await wait_until(pilot, lambda: not layout.unwrapped(), timeout=30, what="every paragraph broken into lines")
        await pilot.pause()
        assert view.virtual_size.height == exact_height(view)


async def test_the_place_is_kept_while_guessed_heights_are_corrected() -> None:
    paragraphs = big_article()
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        view.show("標題", "meta", paragraphs, scroll_to=view_start(paragraphs, 1_200))
        await pilot.pause()
        assert view.offset_in_view() == view.paragraph_starts[1_200]
        layout = view.layout
        assert layout is not None and layout.unwrapped()
        await wait_until(pilot, lambda: not layout.unwrapped(), timeout=30, what="every height corrected")
        await pilot.pause()
        assert view.offset_in_view() == view.paragraph_starts[1_200]
        assert screen_text(view)[0].startswith("第1200段。")
        # The search's `n`: the hit's line in the middle of the view.
        target = view.paragraph_starts[999] + 40
        view.scroll_to_offset(target, center=True)
        await pilot.pause()
        place = view.screen_place(999, 40)
        assert place is not None
        assert place.y - int(view.scroll_y) == view.scrollable_content_region.height // 2


def view_start(paragraphs: list[str], index: int) -> int:
    return sum(len(p) + 2 for p in paragraphs[:index])


async def test_end_goes_to_the_real_end_of_a_big_article() -> None:
    paragraphs = big_article()
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        view.show("標題", "meta", paragraphs)
        view.focus()
        await pilot.press("G")
        await pilot.pause()
        lines = screen_text(view)
        last = paragraphs[-1]
        assert last.endswith(lines[-2]) and lines[-2], lines[-3:]
        assert view.scroll_y == view.max_scroll_y


async def test_a_new_width_keeps_the_line_at_the_top() -> None:
    paragraphs = big_article(200)
    app = ViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(ArticleView)
        view.show("標題", "meta", paragraphs)
        await pilot.pause()
        second_line = view.paragraph_lines(120)[1][0]
        offset = view.paragraph_starts[120] + second_line + 3
        view.scroll_to_offset(offset)
        await pilot.pause()
        for size in [(60, 30), (140, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            top = view.offset_in_view() - view.paragraph_starts[120]
            lines = view.paragraph_lines(120)
            assert any(start == top and start <= offset - view.paragraph_starts[120] < end for start, end in lines)


async def test_words_places_and_the_cursor_span() -> None:
    paragraphs = ["我們研究人工智能，也研究 Claude Opus 模型。", "第二段。"]
    app = ViewApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(ArticleView)
        view.show("標題", "meta", paragraphs, [Highlight(4, 8, "hit")])
        await pilot.pause()
        assert view.words(0) is None  # cut in a worker
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.words_found and app.words_found[0][0] == 0
        words = view.words(0)
        assert words is not None
        text = paragraphs[0]
        assert [text[s:e] for s, e in words] == ["我們", "研究", "人工智能", "也", "研究", "Claude", "Opus", "模型"]
        for start, _end in words:
            place = view.screen_place(0, start)
            assert place is not None and view.place_at(place.x, place.y) == (0, start)
        assert view.place_at(0, 0) is None  # the blank line above the title
        start, end = words[2]
        place = view.screen_place(0, start)
        assert place is not None
        before = view.line_strip(place.y)
        view.set_cursor(0, start, end)
        assert view.cursor == (0, start, end)
        with_cursor = view.line_strip(place.y)
        cursor_cells = with_cursor.crop(place.x, place.x + 8)
        cursor_style = view.get_visual_style("article-view--cursor").rich_style
        assert all(segment.style.bgcolor == cursor_style.bgcolor for segment in cursor_cells)
        assert with_cursor.crop(0, place.x) == before.crop(0, place.x)
        view.clear_cursor()
        assert view.line_strip(place.y) == before


async def test_a_message_in_place_of_an_article() -> None:
    app = ViewApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(ArticleView)
        view.clear("Opening library… 正在打開文庫…")
        await pilot.pause()
        assert view.message == "Opening library… 正在打開文庫…" and view.title == ""
        assert view.line_strip(1).text.strip() == "Opening library… 正在打開文庫…"
        assert view.offset_in_view() == 0 and not view.retext("t", "m", ["x"])


async def test_text_can_be_selected_with_the_mouse() -> None:
    from textual.geometry import Offset
    from textual.selection import Selection

    paragraphs = ["第一段的文字很長，" * 8, "第二段。"]
    app = ViewApp()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(ArticleView)
        view.show("標題", "meta", paragraphs)
        await pilot.pause()
        top = view.screen_place(0, 0).y
        first, second = view.paragraph_lines(0)[:2]
        # Dragging over the strip: its segments carry (character, virtual line) offsets.
        strip = view.line_strip(top)
        assert next(iter(strip)).style.meta["offset"] == (0, top)
        app.screen.selections = {view: Selection.from_offsets(Offset(2, top), Offset(3, top + 1))}
        await pilot.pause()
        text = paragraphs[0]
        assert app.screen.get_selected_text() == text[first[0] + 2 : first[1]] + "\n" + text[second[0] : second[0] + 3]
        selected = view.line_strip(top).crop(4, 6)
        assert next(iter(selected)).style.bgcolor != next(iter(strip.crop(4, 6))).style.bgcolor
        app.screen.clear_selection()
        await pilot.pause()
        assert next(iter(view.line_strip(top).crop(4, 6))).style.bgcolor == next(iter(strip.crop(4, 6))).style.bgcolor
