"""The search results list: each hit's title over a snippet, hits highlighted in both.

A virtual list like the article list: only the rows in view are rendered.
"""

from __future__ import annotations

from typing import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.search import SearchHit

#: Lines each hit takes: title, snippet.
ROW_HEIGHT = 2


class SearchResults(ScrollView, can_focus=True):
    """Lists search hits; Enter or a click posts `SearchResults.Chosen`."""

    HELP_GROUP = "Search results 搜尋結果"

    COMPONENT_CLASSES = {
        "search-results--title",
        "search-results--snippet",
        "search-results--hit",
        "search-results--cursor",
    }

    DEFAULT_CSS = """
    SearchResults {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    SearchResults > .search-results--title { text-style: bold; }
    SearchResults > .search-results--snippet { color: $text-muted; }
    SearchResults > .search-results--hit { background: $warning 35%; color: $text; }
    SearchResults > .search-results--cursor { background: $surface-lighten-1; }
    SearchResults:focus > .search-results--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next result", show=False),
        Binding("up,k", "cursor_up", "Previous result", show=False),
        Binding("home,g", "first", "First result", show=False),
        Binding("end,G", "last", "Last result", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "choose", "Open result", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None, always_update=True)
    # The list's own size does not change with the number of hits: a new virtual size needs
    # no layout of the whole screen (which would redraw every widget on each keystroke).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    class Chosen(Message):
        """The user chose a hit to read."""

        def __init__(self, hit: SearchHit) -> None:
            super().__init__()
            self.hit = hit

    class LeftTop(Message):
        """Up was pressed on the first hit (focus may go back to the search box)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[SearchHit] = []

    @property
    def hits(self) -> Sequence[SearchHit]:
        return self._hits

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self._hits = list(hits)
        size = Size(0, len(self._hits) * ROW_HEIGHT)
        if size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)  # the scrollbar, without a layout
        self.highlighted = 0 if self._hits else None
        self.scroll_to(y=0, animate=False)
        self.refresh()

    @property
    def highlighted_hit(self) -> SearchHit | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self._hits)):
            return None
        return self._hits[self.highlighted]

    # --- rendering -------------------------------------------------------------------------

    def _line(self, text: str, spans: Sequence[tuple[int, int]], part: str) -> Content:
        hit_style = self.get_visual_style("search-results--hit", partial=True)
        content = Content(text, [Span(start, end, hit_style) for start, end in spans])
        return content.stylize_before(self.get_visual_style(f"search-results--{part}", partial=True))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + int(self.scroll_offset.y)
        index, line = divmod(row, ROW_HEIGHT)
        base = self.get_visual_style()
        if not (0 <= index < len(self._hits)):
            return Strip.blank(width, base.rich_style)
        if index == self.highlighted:
            base = base + self.get_visual_style("search-results--cursor", partial=True)
        hit = self._hits[index]
        if line == 0:
            text = self._line(hit.title, hit.title_spans, "title")
        else:
            text = self._line(hit.snippet, hit.snippet_spans, "snippet")
        text = Content.assemble(" ", text).truncate(max(width - 1, 1), ellipsis=True)
        strip = Strip(text.render_segments(base), text.cell_length)
        return strip.crop_extend(0, width, base.rich_style)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is not None and self._hits:
            clamped = max(0, min(new, len(self._hits) - 1))
            if clamped != new:
                self.highlighted = clamped
                return
            self.scroll_to_region(
                Region(0, new * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, immediate=True
            )
        self.refresh()

    # --- keys and mouse --------------------------------------------------------------------

    def _move(self, delta: int) -> None:
        if not self._hits:
            return
        current = self.highlighted if self.highlighted is not None else 0
        if current == 0 and delta < 0:
            self.post_message(self.LeftTop())
            return
        self.highlighted = max(0, min(current + delta, len(self._hits) - 1))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(self._page())

    def action_page_up(self) -> None:
        self._move(-self._page())

    def action_first(self) -> None:
        if self._hits:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._hits:
            self.highlighted = len(self._hits) - 1

    def action_choose(self) -> None:
        hit = self.highlighted_hit
        if hit is not None:
            self.post_message(self.Chosen(hit))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < len(self._hits):
            self.highlighted = index
            self.action_choose()
