"""The library search on the reading screen: `/` to the search box, the results in place of
the article list, a hit opened with every hit highlighted, n/N through them, Esc back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding

from reader.library.article import Article
from reader.search import SearchHit, SearchResult
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import Highlight
from reader.ui.widgets.search_panel import SearchPanel

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen

#: The highlight group of search hits on the screen (see ReaderScreen.highlights).
HIT_GROUP = "hits"


@dataclass
class OpenedHit:
    """The search hit an article was opened from, and which of its spans is current."""

    hit: SearchHit
    #: The search the hit came from: it finds the spans again when the text has changed.
    result: SearchResult
    #: Which span is current (any integer: taken modulo the number of spans).
    index: int = 0

    def spans(self, article: Article) -> list[tuple[int, int]]:
        """The hits in `article`: the indexed spans while its text is unchanged."""
        hit = self.hit
        if article.path != hit.path:
            return []
        if hit.fingerprint == article.info.fingerprint and hit.spans and hit.spans[-1][1] <= len(article.body):
            return list(hit.spans)
        return self.result.spans_in(article.body)

    def highlights(self, article: Article, step: int = 0) -> tuple[list[Highlight], int] | None:
        """Every hit in `article` as a highlight, the current one marked (`step` spans on from
        the last), and the offset of the current one; None when the article has no hits."""
        spans = self.spans(article)
        if not spans:
            return None
        self.index = (self.index + step) % len(spans)
        marks = [
            Highlight(start, end, "hit-current" if i == self.index else "hit") for i, (start, end) in enumerate(spans)
        ]
        return marks, spans[self.index][0]


class SearchDisplay:
    """The search panel's part of the main screen. The screen binds the keys below to
    `focus_box`, `step(±1)` and `back_to_results`, hands on the panel's `Toggled` and
    `Chosen`, and asks `hit_highlights` when an article arrives."""

    #: The screen lists these among its own key bindings.
    BINDINGS = [
        # The search box itself says "/ search": the footer has no room to spare.
        Binding("slash", "search", "Search 搜尋", show=False, id="search"),
        Binding("n", "step_hit(1)", "Next hit 下一處", show=False, id="next_hit"),
        Binding("N", "step_hit(-1)", "Previous hit 上一處", show=False, id="previous_hit"),
        Binding("escape", "back_to_results", "Back to the search results", show=False, id="back_to_results"),
    ]

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        #: The search hit being opened (or open); None for an article opened otherwise.
        self.opened: OpenedHit | None = None

    def focus_box(self) -> None:
        self.screen.query_one("#sidebar").display = True
        self.screen.query_one(SearchPanel).focus_box()

    def search_for(self, query: str) -> None:
        """Put `query` in the search box and search."""
        self.focus_box()
        self.screen.query_one(SearchPanel).set_query(query)

    def toggled(self, event: SearchPanel.Toggled) -> None:
        """Results shown in place of the article list, or the search cleared: then the hits go."""
        screen = self.screen
        screen.query_one("#sidebar").set_class(event.active, "-searching")
        if not event.active:
            self.opened = None
            screen.set_highlights(HIT_GROUP, [])
            screen.query_one(ArticleList).focus()

    def chosen(self, event: SearchPanel.Chosen) -> None:
        """Open the hit's article, to be shown with the hits highlighted."""
        screen = self.screen
        info = screen.library.find(event.hit.path) if screen.library else None
        if info is None:
            screen.notify(f"{event.hit.path} is no longer in the library", severity="warning", markup=False)
            return
        self.opened = OpenedHit(event.hit, event.result)
        screen.query_one(ArticleList).select_path(info.path)
        screen.open_article(info, focus=True)

    def forget_hit(self) -> None:
        """The next article is not opened from the search."""
        self.opened = None

    def hit_highlights(self, article: Article) -> tuple[list[Highlight], int] | None:
        """For an article arriving: its hits, if it was opened from a search, and the offset
        of the current one."""
        return self.opened.highlights(article) if self.opened is not None else None

    def step(self, step: int) -> None:
        """Make the next (`step` 1) or previous (-1) hit current and scroll it into view."""
        article, opened = self.screen.article, self.opened
        shown = opened.highlights(article, step) if article is not None and opened is not None else None
        if shown is not None:
            marks, offset = shown
            self.screen.set_highlights(HIT_GROUP, marks)
            self.screen.scroll_to_body_offset(offset)

    def back_to_results(self) -> None:
        sidebar = self.screen.query_one("#sidebar")
        if sidebar.has_class("-searching"):
            sidebar.display = True
            self.screen.query_one(SearchPanel).focus_results()
