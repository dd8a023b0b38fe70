"""The search results list: each hit's title over a snippet, hits highlighted in both (a
virtual RowList, like the article list)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message

from reader.ui.widgets.row_list import RowLine, RowList

if TYPE_CHECKING:
    from reader.search import SearchHit


class SearchResults(RowList):
    """Lists search hits; Enter or a click posts `SearchResults.Chosen`."""

    HELP_GROUP = "Search results 搜尋結果"

    COMPONENT_CLASSES = {
        "search-results--title",
        "search-results--snippet",
        "search-results--hit",
        "search-results--cursor",
    }

    CURSOR_CLASS = "search-results--cursor"
    LINE_CLASSES = ("search-results--title", "search-results--snippet")
    HIGHLIGHT_CLASS = "search-results--hit"

    DEFAULT_CSS = """
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
        Binding("down,j", "cursor_down", "Next result 下一筆", show=False, id="cursor_down"),
        Binding("up,k", "cursor_up", "Previous result 上一筆", show=False, id="cursor_up"),
        Binding("home,g", "first", "First result 第一筆", show=False, id="first"),
        Binding("end,G", "last", "Last result 最後一筆", show=False, id="last"),
        Binding("pagedown", "page_down", "Page down 下一頁", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up 上一頁", show=False, id="page_up"),
        Binding("enter", "choose", "Open result 打開結果", show=False, id="open"),
    ]

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
        self.rows_changed()

    # --- rendering -------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._hits)

    def row_lines(self, index: int) -> tuple[RowLine, RowLine]:
        hit = self._hits[index]
        return (hit.title, hit.title_spans), (hit.snippet, hit.snippet_spans)

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self._hits[index]))

    def move_above_first(self) -> None:
        self.post_message(self.LeftTop())
