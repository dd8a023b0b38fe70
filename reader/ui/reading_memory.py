"""What the main screen remembers of reading: bookmarks, positions, read/unread."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.timer import Timer

from reader.library.article import Article, ArticleInfo
from reader.store.bookmarks import Bookmark, Located, position_in
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.user_data import UserData
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.reading_status import ReadingStatus

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen

UNREAD_MARK = "▪ "
BOOKMARK_MARK = "⚑ "


def _key(info: ArticleInfo) -> str:
    return info.fingerprint or info.path


class ReadingMemory:
    """Keeps the main screen's bookmarks, reading positions and read/unread.

    The screen calls `article_arriving(article)` when it is about to show an article and
    scrolls to the offset it returns; it binds the keys below (b, B, m, u, U) to
    `toggle_bookmark`, `show_bookmarks`, `toggle_read` and `next_unread`, and hands on the
    failures of saves. Everything else (the reading progress shown under the article too)
    hangs off the article view's scrolling and timers.
    """

    #: The screen lists these among its own key bindings.
    BINDINGS = [
        Binding("b", "toggle_bookmark", "Bookmark here 加書籤", show=False, id="toggle_bookmark"),
        Binding("B", "bookmarks", "Bookmarks 書籤", id="bookmarks"),
        Binding("m", "toggle_read", "Mark read/unread 已讀/未讀", show=False, id="toggle_read"),
        Binding("u", "next_unread(1)", "Next unread article 下一篇未讀", show=False, id="next_unread"),
        Binding("U", "next_unread(-1)", "Previous unread article 上一篇未讀", show=False, id="previous_unread"),
    ]

    #: An article shown this long (seconds) counts as read.
    READ_AFTER = 20.0
    #: The reading position is saved once scrolling has been still this long (seconds).
    SAVE_POSITION_AFTER = 1.0

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        #: Saves run on one thread; their outcomes come back to the screen as messages.
        self.user_data = UserData(screen)
        self._pending_bookmark: Bookmark | None = None
        self._saved_position: int | None = None
        #: Where the shown article is scrolled to, kept up to date while scrolling: at exit
        #: the view is gone before the screen hears of it.
        self._shown_position: int | None = None
        #: Positions saved this session, by article: an article reopened before its save has
        #: landed must not go back to the older position on disk.
        self._positions: dict[str, int] = {}
        self._position_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._failures_told: set[str] = set()

    def article_to_resume(self, articles: Sequence[ArticleInfo]) -> ArticleInfo | None:
        """The article read last time, when it is among `articles` (by path or by text)."""
        last = self.user_data.reading.last_opened()
        if last is None:
            return None
        for info in articles:
            if info.path == last.path or (last.fingerprint and info.fingerprint == last.fingerprint):
                return info
        return None

    def mount(self) -> None:
        """The screen is mounted: mark the sidebar, follow the article view's scrolling."""
        screen = self.screen
        screen.query_one(ArticleList).badge = self.badge_for
        view = screen.query_one(ArticleView)
        screen.watch(view, "scroll_y", self._scrolled, init=False)
        screen.watch(view, "virtual_size", lambda _size: self._show_progress(), init=False)
        for problem in self.user_data.take_problems():
            screen.notify(
                problem.message,
                title="Bookmarks and reading state",
                severity="warning",
                timeout=12,
                markup=False,
            )

    def unmount(self) -> None:
        """The screen is going (at exit): the last reading position must land."""
        self._save_position()
        self.user_data.close()

    # --- the sidebar ---------------------------------------------------------------------

    def badge_for(self, info: ArticleInfo) -> str:
        """The sidebar's marks before a title: unread, bookmarked."""
        unread = "" if self.user_data.reading.is_read(info) else UNREAD_MARK
        bookmarked = BOOKMARK_MARK if self.user_data.bookmarks.is_bookmarked(info) else ""
        return unread + bookmarked

    def refresh_marks(self) -> None:
        self.screen.query_one(ArticleList).refresh_prompts()
        self.screen.listing.update_status()  # the unread count

    def next_unread(self, step: int) -> None:
        """Open the next (`step` 1) or previous (-1) unread article in the list, from the
        highlighted one (the open one when the list has no cursor)."""
        screen = self.screen
        article_list = screen.query_one(ArticleList)
        articles = article_list.articles
        if not articles:
            return
        start = article_list.highlighted
        if start is None:
            start = 0 if step > 0 else len(articles) - 1
            order = range(start, len(articles)) if step > 0 else range(start, -1, -1)
        else:
            order = range(start + 1, len(articles)) if step > 0 else range(start - 1, -1, -1)
        reading = self.user_data.reading
        for index in order:
            info = articles[index]
            if not reading.is_read(info) and (screen.article is None or info.path != screen.article.path):
                article_list.highlighted = index
                screen.search.forget_hit()
                screen.open_article(info, focus=True)
                return
        where = "below" if step > 0 else "above"
        screen.notify(f"No unread article {where} this one. 沒有更多未讀文章。", timeout=3)

    # --- opening and leaving articles ----------------------------------------------------

    def article_arriving(self, article: Article) -> int | None:
        """Called before `article` replaces the one shown: saves the old one's position,
        notes the new one as opened, and returns where to scroll it to."""
        self._save_position()
        self._stop_timers()
        info = article.info
        self.user_data.save(lambda: self.user_data.reading.opened(info), quiet=True)
        if not self.user_data.reading.is_read(info):
            self._read_timer = self.screen.set_timer(self.READ_AFTER, self._read_long_enough)
        bookmark, self._pending_bookmark = self._pending_bookmark, None
        if bookmark is not None and bookmark.matches(info):
            position = position_in(article, bookmark)
        else:
            stored = self._positions.get(_key(info), self.user_data.reading.get(info).position)
            position = min(stored, max(0, len(article.body) - 1))
        self._saved_position = self._shown_position = position
        return position or None

    def open_bookmark(self, located: Located | None) -> None:
        """Open a bookmark's article at the bookmarked place (the bookmarks screen's answer)."""
        if located is None:
            return
        screen = self.screen
        if located.missing or located.info is None:
            screen.notify(
                f"{located.bookmark.title}: the article is no longer in the library",
                title="Missing article",
                severity="error",
                markup=False,
            )
            return
        info = located.info
        # An article bookmarked in another folder opens from where it is (not in the list).
        self._pending_bookmark = located.bookmark
        screen.query_one(ArticleList).select_path(info.path)
        screen.open_article(info, focus=True)

    # --- bookmarks -----------------------------------------------------------------------

    def toggle_bookmark(self) -> None:
        screen, article = self.screen, self.screen.article
        if article is None:
            screen.notify("Open an article first.", severity="warning")
            return
        position = screen.body_offset_in_view()
        library = screen.library.root if screen.library is not None else None
        bookmarks = self.user_data.bookmarks

        def done(outcome: tuple[Bookmark | None, list[Bookmark]]) -> None:
            added, removed = outcome
            if added is not None:
                screen.notify(added.quote or added.title, title="Bookmarked 已加書籤", markup=False)
            elif removed:
                screen.notify(removed[0].quote or removed[0].title, title="Bookmark removed 已移除書籤", markup=False)
            self.refresh_marks()

        self.user_data.save(lambda: bookmarks.toggle(article, position, library=library), done)

    def show_bookmarks(self) -> None:
        library = self.screen.library
        articles = list(library.articles) if library is not None else []
        self.screen.app.push_screen(BookmarksScreen(self.user_data, articles), callback=self._bookmarks_closed)

    def _bookmarks_closed(self, located: Located | None) -> None:
        self.refresh_marks()  # bookmarks may have been deleted there
        self.open_bookmark(located)

    # --- read / unread -------------------------------------------------------------------

    def toggle_read(self) -> None:
        screen, article = self.screen, self.screen.article
        article_list = screen.query_one(ArticleList)
        info = article_list.highlighted_article if article_list.has_focus else None
        if info is None and article is not None:
            info = article.info
        if info is None:
            return
        if article is not None and info.path == article.path:
            self._stop_read_timer()  # the user decides now
        reading = self.user_data.reading

        def done(read: bool) -> None:
            self.refresh_marks()
            title = "Marked read 已讀" if read else "Marked unread 未讀"
            screen.notify(info.title, title=title, markup=False, timeout=3)

        # Flipped on the saving thread, so that pressing m twice quickly flips twice.
        self.user_data.save(lambda: reading.toggle_read(info), done)

    def _set_read(self, info: ArticleInfo, read: bool) -> None:
        reading = self.user_data.reading
        self.user_data.save(lambda: reading.set_read(info, read), lambda _: self.refresh_marks())

    def _read_long_enough(self) -> None:
        self._read_timer = None
        article = self.screen.article
        if article is not None and not self.user_data.reading.is_read(article.info):
            self._set_read(article.info, True)

    # --- reading position ----------------------------------------------------------------

    def _show_progress(self) -> None:
        """How far into the article the view is, in the line under it."""
        view = self.screen.query_one(ArticleView)
        if self.screen.article is None:
            percent = None
        elif view.max_scroll_y <= 0:
            percent = 100
        else:
            percent = round(100 * min(view.scroll_y, view.max_scroll_y) / view.max_scroll_y)
        self.screen.query_one(ReadingStatus).set_progress(percent)

    def _scrolled(self, _old: float, _new: float) -> None:
        self._show_progress()
        if self.screen.article is not None:
            self._shown_position = self.screen.body_offset_in_view()
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.screen.set_timer(self.SAVE_POSITION_AFTER, self._scrolling_settled)

    def _scrolling_settled(self) -> None:
        self._position_timer = None
        self._save_position()
        article, view = self.screen.article, self.screen.query_one(ArticleView)
        at_end = view.max_scroll_y > 0 and view.scroll_y >= view.max_scroll_y
        if article is not None and at_end and not self.user_data.reading.is_read(article.info):
            self._stop_read_timer()
            self._set_read(article.info, True)

    def _save_position(self) -> None:
        """Save where the shown article is scrolled to, if that changed."""
        article, position = self.screen.article, self._shown_position
        if article is None or position is None or position == self._saved_position:
            return
        self._saved_position = position
        reading, info = self.user_data.reading, article.info
        self._positions[_key(info)] = position
        self.user_data.save(lambda: reading.set_position(info, position), quiet=True)

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def _stop_timers(self) -> None:
        self._stop_read_timer()
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None

    # --- outcomes of saves ---------------------------------------------------------------

    def save_failed(self, message: UserData.Failed) -> None:
        """Tell the user (once for saves they did not ask for); the change stays for this
        session, in memory: show it."""
        if message.quiet:
            if message.error in self._failures_told:
                return  # the reading position is saved often: say it once
            self._failures_told.add(message.error)
        self.screen.notify(message.error, title="Not saved 未儲存", severity="error", timeout=12, markup=False)
        self.refresh_marks()
        shown = self.screen.app.screen
        if isinstance(shown, BookmarksScreen):
            shown.refresh_items()
