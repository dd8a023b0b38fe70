"""The article list narrowed to a tag, a source or the unread articles (`f`), and the line
above it that counts what is listed ("5 of 14 articles · 3 unread · #AI")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets import Static

from reader.library.article import ArticleInfo
from reader.text.normalize import normalize
from reader.ui.access import reader_app
from reader.ui.palette import matched_label
from reader.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen


def counted(count: int, word: str) -> str:
    """"1 article", "2,000 articles": thousands separated like every other count shown."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Filter:
    """What the list shows: articles with `tag`, from `source`, unread only; all when empty."""

    tag: str | None = None
    source: str | None = None
    unread: bool = False

    def keeps(self, info: ArticleInfo, is_read: Callable[[ArticleInfo], bool]) -> bool:
        if self.tag is not None and self.tag not in info.tags:
            return False
        if self.source is not None and info.source != self.source:
            return False
        return not (self.unread and is_read(info))

    def describe(self) -> str:
        parts = []
        if self.tag is not None:
            parts.append(f"#{self.tag}")
        if self.source is not None:
            parts.append(f"source 來源: {self.source}")
        if self.unread:
            parts.append("unread only 只看未讀")
        return " · ".join(parts)


class ListFilter:
    """Keeps the sidebar's filter and its status line. The screen binds the key below to
    `choose` and calls `show_library` when the library is listed; marks changing (read,
    unread) call `update_status`."""

    #: The screen lists this among its own key bindings.
    BINDINGS = [Binding("f", "filter", "Filter by tag or source 篩選", show=False, id="filter")]

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.filter = Filter()

    def _all(self) -> list[ArticleInfo]:
        library = self.screen.library
        return list(library.articles) if library is not None else []

    def _is_read(self, info: ArticleInfo) -> bool:
        return self.screen.reading.user_data.reading.is_read(info)

    def choose(self) -> None:
        """Offer the tags and sources to filter by (a command palette of them)."""
        self.screen.app.push_screen(
            CommandPalette(providers=[FilterCommands], placeholder="Filter by tag or source… 按標籤或來源篩選")
        )

    def set(self, chosen: Filter) -> None:
        """List only the articles `chosen` keeps (the cursor stays on its article if listed)."""
        self.filter = chosen
        article_list = self.screen.query_one(ArticleList)
        current = article_list.highlighted_article
        shown = [info for info in self._all() if chosen.keeps(info, self._is_read)]
        article_list.set_articles(shown, keep=current.path if current is not None else None)
        self.update_status()

    def update_status(self) -> None:
        """Count what is listed, and how much of it is unread."""
        library = self.screen.library
        if library is None:
            return
        shown = self.screen.query_one(ArticleList).articles
        total = len(library.articles)
        text = counted(total, "article") if len(shown) == total else f"{len(shown):,} of {counted(total, 'article')}"
        unread = sum(1 for info in shown if not self._is_read(info))
        text += f" · {unread:,} unread 未讀"
        if library.skipped:
            text += f" · {len(library.skipped):,} skipped"
        if self.filter != Filter():
            text += f" · {self.filter.describe()}"
        self.screen.query_one("#library-status", Static).update(Content(text))

    def choices(self) -> list[tuple[str, Filter, str]]:
        """(label, filter, help) of every filter worth offering, most used tags first."""
        articles = self._all()
        tags = Counter(tag for info in articles for tag in info.tags)
        sources = Counter(info.source for info in articles if info.source)
        offered = [
            ("All articles 全部文章", Filter(), "Clear the filter"),
            ("Unread only 只看未讀", Filter(unread=True), "Articles not read yet"),
        ]
        offered += [(f"#{tag}  ({count})", Filter(tag=tag), "Tag 標籤") for tag, count in tags.most_common()]
        offered += [(f"Source 來源: {name}  ({count})", Filter(source=name), "Source") for name, count in sources.most_common()]
        return offered


class FilterCommands(Provider):
    """The filters in a command palette: matched in either script (#人工智能 finds #人工智慧)."""

    def _listing(self) -> ListFilter:
        return reader_app(self).reader_screen.listing

    async def discover(self) -> Hits:
        listing = self._listing()
        for label, chosen, help_text in listing.choices():
            yield DiscoveryHit(Content(label), partial(listing.set, chosen), text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        listing = self._listing()
        matcher = self.matcher(query)
        wanted = normalize(query)
        for label, chosen, help_text in listing.choices():
            score, offsets = matcher.fuzzy_search.match(wanted, normalize(label))
            if score <= 0:
                continue
            yield Hit(score, matched_label(label, offsets), partial(listing.set, chosen), text=label, help=help_text)
