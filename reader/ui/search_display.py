"""The library search on the reading screen: `/` to the search box, the results in place of
the article list, a hit opened with every hit highlighted, n/N through them, Esc back."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding

from reader.library.article import Article
from reader.text.hygiene import printable_path
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.widgets.reading_status import ReadingStatus
from reader.ui.widgets.search_panel import SearchPanel

if TYPE_CHECKING:
    from reader.search import SearchHit, SearchResult
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

    #: How many hits the article has (set by `highlights`).
    count: int = 0

    def highlights(self, article: Article, step: int = 0) -> tuple[list[Highlight], int] | None:
        """Every hit in `article` as a highlight, the current one marked (`step` spans on from
        the last), and the offset of the current one; None when the article has no hits."""
        spans = self.spans(article)
        self.count = len(spans)
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
        # The search box itself says "/ search": the footer has no room to spare. A priority
        # binding runs as the key arrives: keys typed right after it then reach the box, where
        # they went to the widget that had focus before (and came out of order).
        Binding("slash", "search", "Search 搜尋", show=False, priority=True, id="search"),
        Binding("n", "step_hit(1)", "Next hit 下一處", show=False, id="next_hit"),
        Binding("N", "step_hit(-1)", "Previous hit 上一處", show=False, id="previous_hit"),
        Binding("escape", "back_to_results", "Back to the search results 返回搜尋結果", show=False, id="back_to_results"),
    ]

    #: Seconds after Enter within which the view's first scroll is the one to the hit.
    CENTRE_WITHIN = 2.0

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        #: The search hit being opened (or open); None for an article opened otherwise.
        self.opened: OpenedHit | None = None
        #: An article opened from the results is scrolled to its hit at the top of the view;
        #: that first scroll is turned into a centred one, where n and N put hits (until then).
        self._centre_until = 0.0
        self._watching = False

    def _show_count(self) -> None:
        """"hit 2/6" under the article while it is open from a search."""
        opened = self.opened
        shown = (opened.index % opened.count + 1, opened.count) if opened is not None and opened.count else None
        self.screen.query_one(ReadingStatus).set_hit(shown)

    def _scrolled(self, old: float, new: float) -> None:
        # The jump to the hit, not a line scrolled by the user.
        if new > 0 and abs(new - old) > 1 and time.monotonic() < self._centre_until:
            self._centre_until = 0.0
            view = self.screen.query_one(ArticleView)
            view.scroll_to(y=max(0, new - view.scrollable_content_region.height // 2), animate=False, immediate=True)

    def focus_box(self) -> None:
        panel = self.screen.query_one(SearchPanel)
        if panel.box.has_focus:
            panel.box.insert_text_at_cursor("/")  # typed in the box (the binding comes first)
            return
        self.screen.query_one("#sidebar").display = True
        panel.focus_box()

    def search_for(self, query: str) -> None:
        """Put `query` in the search box and search."""
        self.focus_box()
        self.screen.query_one(SearchPanel).set_query(query)

    def toggled(self, event: SearchPanel.Toggled) -> None:
        """Results shown in place of the article list (the panel hides the list itself), or
        the search cleared: then the hits go."""
        screen = self.screen
        if not event.active:
            self.forget_hit()
            screen.set_highlights(HIT_GROUP, [])
            box = screen.query_one(SearchPanel).box
            if event.leave or not box.has_focus:
                screen.query_one(ArticleList).focus()

    def chosen(self, event: SearchPanel.Chosen) -> None:
        """Open the hit's article, to be shown with the hits highlighted."""
        screen = self.screen
        info = screen.library.find(event.hit.path) if screen.library else None
        if info is None:
            screen.notify(f"{printable_path(event.hit.path)} is no longer in the library", severity="warning", markup=False)
            return
        self.opened = OpenedHit(event.hit, event.result)
        if not self._watching:
            self._watching = True
            screen.watch(screen.query_one(ArticleView), "scroll_y", self._scrolled, init=False)
        self._centre_until = time.monotonic() + self.CENTRE_WITHIN
        screen.query_one(ArticleList).select_path(info.path)
        screen.open_article(info, focus=True)

    def forget_hit(self) -> None:
        """The next article is not opened from the search."""
        self.opened = None
        self._centre_until = 0.0
        self._show_count()

    def hit_highlights(self, article: Article) -> tuple[list[Highlight], int] | None:
        """For an article arriving: its hits, if it was opened from a search, and the offset
        of the current one."""
        shown = self.opened.highlights(article) if self.opened is not None else None
        self._show_count()
        return shown

    def step(self, step: int) -> None:
        """Make the next (`step` 1) or previous (-1) hit current and scroll it into view."""
        article, opened = self.screen.article, self.opened
        shown = opened.highlights(article, step) if article is not None and opened is not None else None
        if shown is not None:
            marks, offset = shown
            self.screen.set_highlights(HIT_GROUP, marks)
            self.screen.scroll_to_body_offset(offset)
            self._show_count()

    def back_to_results(self) -> None:
        panel = self.screen.query_one(SearchPanel)
        if panel.active:
            self.screen.query_one("#sidebar").display = True
            panel.focus_results()
