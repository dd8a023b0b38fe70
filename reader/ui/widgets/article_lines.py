"""The lines of an article view: only the lines in view are rendered; paragraphs are broken
into lines as they come into view (big articles: the rest in a worker, for the scrollbar), and
the text at the top of the view stays there when a guessed height is corrected."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from textual.cache import LRUCache
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.timer import Timer
from textual.visual import RenderOptions

from reader.ui.textual_private import update_scrollbars, virtual_size_without_layout
from reader.ui.widgets.article_layout import ArticleLayout, Place
from reader.ui.wrap import wrap

#: Highlight kinds the stylesheet knows (`ArticleView > .article-view--KIND`).
HIGHLIGHT_KINDS = (
    "hit",
    "hit-current",
    "person",
    "org",
    "place",
    "product",
    "money",
    "date",
    "percent",
    "hashtag",
)
#: Header parts: title and meta line, or a message in place of an article.
HEADER_CLASSES = ("article-view--title", "article-view--meta")
PLACEHOLDER_CLASS = "article-view--placeholder"
#: The word cursor's span, drawn over every other highlight.
CURSOR_CLASS = "article-view--cursor"
#: Paragraphs not yet shown are broken into lines every WRAP_TICK seconds...
WRAP_TICK = 0.02
#: ...for at most this long (seconds) each time.
WRAP_SLICE = 0.006
#: ...once scrolling has been still this long (seconds): keys come first.
WRAP_WHEN_STILL = 0.4

class Highlight(NamedTuple):
    """A styled range of the shown body text (offsets into the paragraphs joined by a blank
    line), `kind` being one of HIGHLIGHT_KINDS."""

    start: int
    end: int
    kind: str


def split_highlights(
    highlights: Iterable[Highlight], starts: Sequence[int], lengths: Sequence[int]
) -> dict[int, list[Highlight]]:
    """Distribute body-level highlights over paragraphs, as paragraph-local offsets (only the
    paragraphs that have some)."""
    per_paragraph: dict[int, list[Highlight]] = {}
    for start, end, kind in highlights:
        index = bisect_right(starts, start) - 1
        while 0 <= index < len(starts) and starts[index] < end:
            local_start = max(start - starts[index], 0)
            local_end = min(end - starts[index], lengths[index])
            if local_end > local_start:
                per_paragraph.setdefault(index, []).append(Highlight(local_start, local_end, kind))
            index += 1
    return per_paragraph


def line_spans(marks: Iterable[Highlight], start: int, end: int, style_of: Callable[[str], Style]) -> list[Span]:
    """The spans of the marks that fall on the line [start, end) of a paragraph, line-relative."""
    return [
        Span(max(mark_start, start) - start, min(mark_end, end) - start, style_of(kind))
        for mark_start, mark_end, kind in marks
        if mark_start < end and mark_end > start
    ]


class ArticleLines(ScrollView):
    """What ArticleView shows, laid out and painted line by line; ArticleView says what."""

    # The view's own size does not depend on how long the article is.
    virtual_size = virtual_size_without_layout()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Title and meta line (or the message shown in place of an article).
        self._header: list[str] = []
        self._placeholder = False
        self._paragraphs: list[str] = []
        self._starts: list[int] = []
        self._highlights: dict[int, list[Highlight]] = {}
        #: The word cursor: (paragraph, start, end), paragraph-local.
        self._cursor: tuple[int, int, int] | None = None
        self._layout: ArticleLayout | None = None
        #: The place kept by the last resize (body offset, scroll_y then), reused by the next
        #: one if the view was not scrolled in between.
        self._resize_anchor: tuple[int, int] | None = None
        self._strips: LRUCache[Place, Strip] = LRUCache(256)
        #: Where to scroll to once the view has a width (body offset, centred).
        self._pending: tuple[int | None, bool] | None = None
        #: The layout being broken into lines between other work, and what is left of it.
        self._to_wrap: tuple[ArticleLayout, Iterator[int]] | None = None
        self._wrap_timer: Timer | None = None
        self._wrap_ticks = 0
        #: When the reader last scrolled (not the view keeping its place): lines off screen
        #: are broken only once scrolling has been still a moment.
        self._scrolled_at = 0.0
        self._restoring = False

    @property
    def layout(self) -> ArticleLayout | None:
        """Where the lines go at the current width (None before the view has a width)."""
        return self._layout

    def _new_layout(self, width: int, estimates: ArticleLayout | None = None) -> ArticleLayout:
        return ArticleLayout(self._header, self._paragraphs, width, estimates=estimates)

    def scroll_to_offset(self, offset: int, *, center: bool = False) -> None:
        raise NotImplementedError

    # --- layout ------------------------------------------------------------------------------

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _relayout(self, offset: int | None, *, center: bool = False) -> None:
        """Lay out what is shown at the view's width (unless laid out at it already) and
        scroll to body `offset` (None: the top, title and all)."""
        width = self._width()
        if width <= 0:
            self._pending = (offset, center)
            self._layout = None
            return
        old = self._layout
        if old is None or old.width != width:
            self._layout = self._new_layout(width)
        layout = self._layout
        assert layout is not None
        self._set_height(layout.height)
        self._strips.clear()
        if offset is None:
            self._scroll_y_to(0)
        else:
            self.scroll_to_offset(offset, center=center)
        if layout.unwrapped():
            self._wrap_in_background(layout)
        self.refresh()

    def _reheader(self) -> None:
        """The title or meta line changed: lay out the header again, keeping the place."""
        layout = self._layout
        if layout is None:
            return
        anchor = self._anchor(layout)
        layout.set_header(self._header)
        self._set_height(layout.height)
        self._strips.clear()
        self._restore(anchor)
        self.refresh()

    def _set_height(self, height: int) -> None:
        size = Size(self._width(), height)
        if size != self.virtual_size:
            self.virtual_size = size
            update_scrollbars(self, size)  # without a layout

    def on_resize(self) -> None:
        layout = self._layout
        if self._pending is not None:
            offset, center = self._pending
            self._pending = None
            self._relayout(offset, center=center)
        elif layout is None or layout.width != self._width():
            anchor = self._anchor(layout) if layout is not None else None
            kept = self._resize_anchor
            if anchor is not None and kept is not None and kept[1] == int(self.scroll_y):
                # Not scrolled since the last resize: keep that place, or each resize would
                # move the top up to the start of the line now holding it (narrower, wider…).
                anchor = kept[0]
            self._relayout(anchor)
            self._resize_anchor = None if anchor is None else (anchor, int(self.scroll_y))

    def _anchor(self, layout: ArticleLayout) -> int | None:
        """The body offset at the top of the view, None in the title and meta line."""
        return None if layout.place(int(self.scroll_y)).paragraph < 0 else self._top_offset(layout)

    def _restore(self, anchor: int | None) -> None:
        """Scroll back to the `anchor` taken before the lines moved."""
        if anchor is not None:
            self._restoring = True
            try:
                self._scroll_y_to(self._y_of_offset(anchor))
            finally:
                self._restoring = False

    def _top_offset(self, layout: ArticleLayout) -> int:
        """The body offset at the top of the view in `layout`."""
        place = layout.place(int(self.scroll_y))
        if place.paragraph < 0:
            return 0
        lines = layout.lines(place.paragraph)
        if place.row < len(lines):
            return self._starts[place.paragraph] + lines[place.row][0]
        following = min(place.paragraph + 1, len(self._starts) - 1)
        return self._starts[following]

    def _settle(self) -> None:
        """Break the paragraphs in view into lines (big articles have guessed heights until
        then), keeping the text at the top of the view where it is."""
        layout = self._layout
        if layout is None:
            return
        for _ in range(4):
            anchor, y = self._anchor(layout), int(self.scroll_y)
            if not layout.wrap_range(y, y + self.scrollable_content_region.height):
                return
            self._set_height(layout.height)
            self._restore(anchor)

    def _y_of_offset(self, offset: int) -> int:
        layout = self._layout
        if layout is None or not self._starts:
            return 0
        index = max(0, bisect_right(self._starts, offset) - 1)
        return layout.y_of(index, offset - self._starts[index])

    def _scroll_y_to(self, y: int) -> None:
        self.scroll_to(y=max(0, y), animate=False, immediate=True)

    def _wrap_in_background(self, layout: ArticleLayout) -> None:
        """Break the paragraphs not yet shown into lines, a slice at a time between other
        work, for exact heights (the scrollbar). On the UI thread on purpose: a worker thread
        breaking lines in Python holds the GIL, and every key then waits for it."""
        self._to_wrap = (layout, iter(range(len(layout.paragraphs))))
        if self._wrap_timer is None:
            self._wrap_timer = self.set_interval(WRAP_TICK, self._wrap_some)

    def _wrap_some(self) -> None:
        layout = self._layout
        if self._to_wrap is None or self._to_wrap[0] is not layout or layout is None:
            self._stop_wrapping()
            return
        if time.monotonic() - self._scrolled_at < WRAP_WHEN_STILL:
            return
        deadline = time.perf_counter() + WRAP_SLICE
        anchor = self._anchor(layout)
        last_shown = layout.place(int(self.scroll_y) + self.scrollable_content_region.height).paragraph
        moved = False
        for index in self._to_wrap[1]:
            if not layout.is_wrapped(index) and layout.set_lines(index, tuple(wrap(layout.paragraphs[index], layout.text_width))):
                moved = moved or index <= last_shown
            if time.perf_counter() > deadline:
                break
        else:
            self._stop_wrapping()
        self._wrap_ticks += 1
        if moved or self._to_wrap is None or self._wrap_ticks % 25 == 0:
            self._set_height(layout.height)  # the scrollbar, now and then
        if moved:
            self._restore(anchor)
            self.refresh()

    def _stop_wrapping(self) -> None:
        self._to_wrap = None
        if self._wrap_timer is not None:
            self._wrap_timer.stop()
            self._wrap_timer = None

    # --- rendering ---------------------------------------------------------------------------

    def _repaint(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self._restoring:
            self._scrolled_at = time.monotonic()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._settle()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        return self.line_strip(y + int(self.scroll_y))

    def line_strip(self, y: int) -> Strip:
        """Virtual line `y` as painted."""
        layout = self._layout
        if layout is None or not 0 <= y < layout.height:
            return Strip.blank(self._width(), self.get_visual_style().rich_style)
        place = layout.place(y)
        selection = self.text_selection
        selected = selection.get_span(y) if selection is not None else None
        if selected is not None:
            strip = self._render_place(layout, place, selected)
        else:
            # Cached by paragraph and line: lines moved by a corrected height stay cached.
            strip = self._strips.get(place)
            if strip is None:
                strip = self._strips[place] = self._render_place(layout, place)
        return strip.apply_offsets(0, y)  # where the mouse selects text

    def _render_place(self, layout: ArticleLayout, place: Place, selected: tuple[int, int] | None = None) -> Strip:
        width = self._width()
        base = self.get_visual_style()
        if place.paragraph < 0:
            content, base = self._header_line(layout, place.row, base)
        else:
            content = self._paragraph_line(layout, place)
        if content is None:
            return Strip.blank(width, base.rich_style)
        if selected is not None:
            start, end = selected
            style = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            content = content.stylize(style, start, len(content) if end == -1 else end)
        # As a Static renders Content (segments split alike: identical screenshots).
        strips = content.render_strips(width, 1, base, RenderOptions(self._get_style, self.styles))
        strip = strips[0] if strips else Strip.blank(0)
        return strip.crop_extend(0, width, base.rich_style)

    def line_text(self, y: int) -> str:
        """The text on virtual line `y` ("" on blank lines)."""
        layout = self._layout
        if layout is None or not 0 <= y < layout.height:
            return ""
        place = layout.place(y)
        if place.paragraph < 0:
            row = place.row
            return layout.header_lines[row - 1][1] if 1 <= row <= len(layout.header_lines) else ""
        lines = layout.lines(place.paragraph)
        if place.row >= len(lines):
            return ""
        start, end = lines[place.row]
        return self._paragraphs[place.paragraph][start:end]

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text selected with the mouse, line by line as shown."""
        layout = self._layout
        if layout is None:
            return None
        last = layout.height - 1 if selection.end is None else min(selection.end.y, layout.height - 1)
        return selection.extract("\n".join(self.line_text(y) for y in range(last + 1))), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    def _header_line(self, layout: ArticleLayout, row: int, base: Style) -> tuple[Content | None, Style]:
        if not 1 <= row <= len(layout.header_lines):
            return None, base
        part, line = layout.header_lines[row - 1]
        component = PLACEHOLDER_CLASS if self._placeholder else HEADER_CLASSES[min(part, 1)]
        return Content(line), self.get_visual_style(component)

    def _paragraph_line(self, layout: ArticleLayout, place: Place) -> Content | None:
        lines = layout.lines(place.paragraph)
        if place.row >= len(lines):
            return None
        start, end = lines[place.row]
        marks = self._highlights.get(place.paragraph, [])
        cursor = self._cursor
        if cursor is not None and cursor[0] == place.paragraph:
            marks = [*marks, Highlight(cursor[1], cursor[2], "cursor")]
        return Content(self._paragraphs[place.paragraph][start:end], line_spans(marks, start, end, self._highlight_style))

    def _highlight_style(self, kind: str) -> Style:
        component = CURSOR_CLASS if kind == "cursor" else f"article-view--{kind}"
        style = self.get_visual_style(component, partial=True)
        if style.background is not None and 0 < style.background.a < 1:
            # A partial style leaves a translucent background ($warning 80%) unblended and
            # nearly invisible under dark text: take the blended one.
            style = self.get_visual_style(component)
        return style
