"""The library kept in step with its folder while the app runs: new, changed, moved and
deleted files show up in the list, the search index and the open article.

A thread watches the folder (reader.library.watch: watchfiles, or polling) and posts the paths
that changed (`FilesChanged`) to the app; a worker brings the library up to date with them, one
batch at a time (what arrives meanwhile is the next batch), and posts `LibraryChanged`. The
watching thread is not a Textual worker: it never finishes, and it ends with the app.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.library import Library
from reader.library.article import Article
from reader.library.watch import LibraryChanges, LibraryState, place_in_changed_text, watch_events
from reader.ui.messages import ArticleLoaded, FilesChanged, LibraryChanged, LibraryProgress, StoreWarning
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.search_panel import SearchPanel

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

log = logging.getLogger(__name__)

#: Seconds between checks that the search index has taken in every change.
INDEX_CHECK_SECONDS = 5.0
#: At most this many seconds the first look at the folder waits for searching to work.
SEARCH_FIRST_SECONDS = 30.0
#: Seconds between progress messages while a batch is read.
PROGRESS_INTERVAL = 0.2
GONE = "⚠ the file is gone 檔案已不在"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class LibraryWatch:
    """Owned by the app. `start(library)` once the library is listed; the app hands on
    `FilesChanged`, `LibraryProgress` and `LibraryChanged`, and asks `kept_place` where to show
    an article that arrives."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._applying = False
        self._state: LibraryState | None = None
        self._stop = threading.Event()
        #: (path, body offset) to show a reloaded article at, instead of where it was left.
        self._place: tuple[str, int] | None = None
        #: Fingerprints the search index should have by path (None: should not have the path),
        #: until it does: another reader may have held the index when a batch came.
        self._due: dict[str, str | None] = {}
        #: The path of the open article whose file is gone (None: it is there).
        self.vanished: str | None = None
        self.thread: threading.Thread | None = None

    # --- watching (a thread of its own) ----------------------------------------------------

    def start(self, library: Library) -> None:
        """Watch the library's folder; first catch up with what changed since it was listed."""
        if self.thread is not None:
            return
        self.thread = threading.Thread(target=self._watch, args=(library,), name="library-watch", daemon=True)
        self.thread.start()
        self.app.set_interval(INDEX_CHECK_SECONDS, self._check_index)

    def stop(self) -> None:
        self._stop.set()

    def is_set(self) -> bool:
        """The watcher's stop flag: set by `stop`, or once the app is no longer running."""
        return self._stop.is_set() or not self.app.is_running

    def _watch(self, library: Library) -> None:
        """The watching thread: first what changed since the library was listed (no Textual
        worker for that: it would hold up every wait for workers at start), then the events.
        A new folder's index is read first: searching it need not wait for this look."""
        deadline = time.monotonic() + SEARCH_FIRST_SECONDS
        while not self.app.live_search.searchable.wait(0.1) and time.monotonic() < deadline:
            if self.is_set():
                return
        try:
            state = LibraryState(library)
            changes = state.catch_up(self._progress_poster())
        except Exception as exc:  # never fatal: the library stays as listed
            log.exception("taking stock of the library folder failed")
            self.app.reader_screen.post_message(StoreWarning("Library 文庫", f"changes on disk are not followed: {exc!r}"))
            return
        with self._lock:
            self._state = state
            waiting = bool(self._pending)
        if changes:
            self.app.post_message(LibraryChanged(changes))
        if waiting:
            self.app.post_message(FilesChanged(set()))  # what came meanwhile
        # One file: watch its folder (an editor that saves by renaming replaces the file).
        root = library.root.parent if library.is_single_file else library.root
        for paths in watch_events(root, self):
            if paths:
                self.app.post_message(FilesChanged(paths))

    def _progress_poster(self) -> Callable[[int, int], None]:
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if total >= 20 and (now - last >= PROGRESS_INTERVAL or done == total):
                last = now
                self.app.post_message(LibraryProgress(done, total))

        return progress

    # --- bringing the library up to date (workers) -----------------------------------------

    def files_changed(self, message: FilesChanged) -> None:
        """Queue the paths; start a worker unless one is busy (it takes them next) or the
        watcher is still taking stock."""
        with self._lock:
            self._pending |= message.paths
            if self._applying or self._state is None or not self._pending:
                return
            self._applying = True
        self.app.run_worker(self._apply, name="library_changes", group="library-watch", thread=True)

    def _apply(self) -> None:
        try:
            self._apply_batches(self._progress_poster())
        except Exception as exc:  # a bug must cost the live updates, not the reading session
            log.exception("bringing the library up to date failed")
            with self._lock:
                self._applying = False
            screen = self.app.reader_screen
            screen.post_message(StoreWarning("Library 文庫", f"a change on disk could not be taken in: {exc!r}"))

    def _apply_batches(self, progress: Callable[[int, int], None]) -> None:
        worker = get_current_worker()
        try:
            while not worker.is_cancelled:
                with self._lock:
                    paths, self._pending = self._pending, set()
                    state = self._state
                    if not paths or state is None:
                        self._applying = False
                        return
                changes = state.apply(state.affected(paths), progress, cancelled=lambda: worker.is_cancelled)
                if changes:
                    self.app.post_message(LibraryChanged(changes))
        finally:
            with self._lock:
                if worker.is_cancelled:
                    self._applying = False

    # --- on screen -------------------------------------------------------------------------

    def progress(self, message: LibraryProgress) -> None:
        note = f"reading new files {message.done:,}/{message.total:,}… 正在讀取新檔案"
        self.app.reader_screen.query_one("#library-status", Static).update(Content(note))

    def changed(self, message: LibraryChanged) -> None:
        """Show the library as it is now: the list, the status line, the search index, and the
        open article (reloaded at its place if it changed, marked if its file is gone)."""
        from reader.ui.app import ReaderApp

        changes = message.changes
        app = self.app
        library = changes.library
        app.set_reactive(ReaderApp.library, library)  # not the watcher: that opens an article
        screen = app.reader_screen
        moved = dict(changes.moved)
        article_list = screen.query_one(ArticleList)
        highlighted = article_list.highlighted_article
        keep = highlighted.path if highlighted is not None else None
        article_list.set_articles(library.articles, keep=moved.get(keep, keep) if keep else None)
        text = _plural(len(library.articles), "article")
        if library.skipped:
            text += f" · {len(library.skipped):,} skipped"
        summary = changes.summary()
        screen.query_one("#library-status", Static).update(Content(f"{text} · now: {summary}" if summary else text))
        for info in (*changes.added, *changes.changed):
            self._due[info.path] = info.fingerprint
        for path in changes.deleted:
            self._due[path] = None
        app.live_search.keep_current(screen.query_one(SearchPanel))
        article = screen.article
        if article is not None:
            self._follow(article, changes)
        for skip in changes.skipped[:3]:
            app.notify(f"{skip.path}: {skip.reason}", title="Skipped", severity="warning", markup=False)

    def _check_index(self) -> None:
        """Update the search index again if it still lacks a change (another reader held it,
        an update failed); nothing while it is being updated."""
        if not self._due:
            return
        live = self.app.live_search
        searcher = live.searcher
        if searcher is None or any(w.group == "search-index" and not w.is_finished for w in self.app.workers):
            return
        corpus = searcher.corpus
        for path, fingerprint in list(self._due.items()):
            slot = corpus.by_path.get(path)
            have = corpus.articles[slot].fingerprint if slot is not None else None
            if have == fingerprint:
                del self._due[path]
        if self._due:
            live.keep_current(self.app.reader_screen.query_one(SearchPanel))

    def _follow(self, article: Article, changes: LibraryChanges) -> None:
        screen = self.app.reader_screen
        path = article.path
        moved = dict(changes.moved)
        new_path = moved.get(path, path)
        fresh = changes.articles.get(new_path)
        if fresh is not None and (new_path != path or path in {i.path for i in changes.changed}):
            offset = screen.body_offset_in_view()
            place = offset if fresh.body == article.body else place_in_changed_text(article.body, offset, fresh.body)
            self._place = (fresh.path, place)
            self.vanished = None
            screen.post_message(ArticleLoaded(fresh, focus=False))
        elif path in changes.deleted and path not in moved:
            self.vanished = path
            self._mark_gone(article, "was deleted or moved out of the library")
        elif any(skip.path == path for skip in changes.skipped):
            self.vanished = path  # it changed into something that cannot be read
            self._mark_gone(article, "can no longer be read")
        elif self.vanished == path and fresh is not None:
            self.vanished = None  # back again
            self._place = (fresh.path, screen.body_offset_in_view())
            screen.post_message(ArticleLoaded(fresh, focus=False))

    def _mark_gone(self, article: Article, what: str) -> None:
        screen = self.app.reader_screen
        shown = screen.script.show(article)
        meta = f"{GONE} · {screen.script.meta(article)}"
        view = screen.query_one(ArticleView)
        if not view.retext(shown.title, meta, shown.paragraphs, screen.shown_highlights()):
            view.show(shown.title, meta, shown.paragraphs, screen.shown_highlights())
        self.app.notify(f"{article.path} {what}; what is shown stays until you open another article.", title="Article gone 文章已不在", severity="warning",
                        timeout=8, markup=False)

    def kept_place(self, article: Article, resume_at: int | None) -> int | None:
        """Where to show `article`: its place before it was reloaded, else `resume_at`."""
        place, self._place = self._place, None
        if self.vanished is not None and article.path != self.vanished:
            self.vanished = None  # another article opened: the gone one is no longer shown
        if place is not None and place[0] == article.path:
            return place[1] or None
        return resume_at
