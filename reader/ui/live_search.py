"""The library's live search in the app: the search index kept current in the background, the
searcher over it, and each query searched (and the next word prefetched) in a worker.

Workers never touch a widget: they post their outcome (reader.ui.messages) to the node that
asked, which puts it on screen and drops what is no longer wanted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.message_pump import MessagePump
from textual.worker import Worker, get_current_worker

from reader.ui.messages import IndexProgress, SearchDone, SearcherReady, SearchFailed

if TYPE_CHECKING:
    # The search engine and the index are imported by the workers that use them, after the
    # first screen (which they are not part of).
    from reader.library import Article, ArticleError
    from reader.search import Searcher
    from reader.search.index import LibraryIndex, UpdateStats

log = logging.getLogger(__name__)

#: Hits listed for a query (the status line gives the full count).
RESULT_LIMIT = 60
#: How long the indexing worker pauses, so the UI thread gets the GIL...
YIELD_SECONDS = 0.0002
#: ...once it has worked this long since its last pause (a pause after every article cost
#: 10,000 sleeps, whose length the scheduler decides: seconds on a busy machine).
YIELD_EVERY = 0.004
#: Seconds between progress updates from the indexing worker.
PROGRESS_INTERVAL = 0.2


class LiveSearch:
    """Owned by the app, so that the index and its searcher belong to no widget. Its workers
    run on the app, one of each kind at a time (a newer query cancels an older one)."""

    def __init__(self, app: App, library_path: Path) -> None:
        self.app = app
        self.library_path = Path(library_path)
        #: The searcher over the index as last published; None until the index has loaded.
        #: Set by the indexing worker (one reference assignment), which then posts
        #: `SearcherReady`: searches started from then on use it.
        self.searcher: Searcher | None = None
        #: Articles the library's listing has just read, with their normalised bodies, for
        #: the next index update (which then reads and normalises no file twice); emptied by it.
        self.preread: dict[str, tuple[tuple[int, int], Article, str | None]] = {}
        self._norms: dict[str, str] = {}  # read, not yet listed
        #: Clear while an index update has not yet made searching work: what can wait for it
        #: (the folder watcher's first look at the folder) does, rather than compete for the GIL.
        self.searchable = threading.Event()
        self.searchable.set()
        #: Whether an update has checked every byte of the index on disk this session (later
        #: updates check sizes and times: a live library's change need not read it all again).
        self._verified = False

    # --- the listing's reading --------------------------------------------------------------

    def read_for_listing(self, paths: Sequence[str]) -> Iterator[Article | ArticleError]:
        """The library's listing reads files through this (`open_library(load_many=...)`):
        many at once in worker processes, each body normalised for the index as well."""
        from reader.library.reading import read_articles

        for article, norm in read_articles(paths, normalised=True):
            if norm is not None:
                self._norms[article.path] = norm
            yield article

    def listed(self, path: str, stamp: tuple[int, int], article: Article) -> None:
        """An article the listing read (`open_library(on_read=...)`): the next index update
        takes it instead of reading the file again."""
        self.preread[path] = (stamp, article, self._norms.pop(path, None))

    # --- the index -------------------------------------------------------------------------

    def keep_current(self, listener: MessagePump) -> None:
        """Load the index and bring it up to date, telling `listener` of progress
        (`IndexProgress`) and of each new searcher (`SearcherReady`). Start it once the library
        is listed: both read every file of a new folder, and the list comes first."""
        self.searchable.clear()
        self.app.run_worker(
            partial(self._keep_current, listener), name="keep_index_current", group="search-index", exclusive=True, thread=True
        )

    def _keep_current(self, listener: MessagePump) -> None:
        try:
            self._update(listener)
        finally:
            self.searchable.set()

    def _update(self, listener: MessagePump) -> None:
        from reader.search.index import IndexBusy, IndexCancelled, LibraryIndex
        from reader.search.memory import update_or_keep_in_memory

        worker = get_current_worker()
        index = LibraryIndex(self.library_path)
        loaded = index.load()
        current = self.searcher
        if loaded and current is not None:
            index.corpus.adopt_bodies(current.corpus)  # shared, not decoded again
        if loaded:
            self._publish(index, worker, listener)
        last = paused = 0.0

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal last, paused
            # Indexing is pure Python: hand the GIL over between articles so that keys and
            # repaints on the UI thread are never kept waiting.
            now = time.monotonic()
            if now - paused >= YIELD_EVERY:
                time.sleep(YIELD_SECONDS)
                paused = now = time.monotonic()
            if stage != "saving" and now - last < PROGRESS_INTERVAL and done != total:
                return
            last = now
            if stage == "saving":
                note = "indexing: saving…"
            elif stage == "indexing":
                note = f"indexing words {done:,}/{total:,}…"
            else:
                note = f"reading {done:,}/{total:,}…"
            if not worker.is_cancelled:
                listener.post_message(IndexProgress(note))

        # What the listing read already: the index takes it instead of reading the files again.
        preread, self.preread = self.preread, {}

        def update(this: LibraryIndex) -> UpdateStats:
            # Searching starts before the word index is done; the first update of a session
            # checks every byte of the index on disk (off the UI thread, and searching what was
            # loaded meanwhile).
            return this.update(progress, cancelled=lambda: worker.is_cancelled, verify=not self._verified,
                               preread=preread, corpus_ready=lambda _corpus: self._publish(this, worker, listener),
                               entities=partial(_entity_names, lambda: worker.is_cancelled))

        notes: list[str] = []  # a damaged index rebuilt, no cache: said once, when done
        try:
            index, stats = update_or_keep_in_memory(index, update, notes.append)
        except IndexCancelled:
            return
        except IndexBusy:
            note = "another reader is indexing this folder; searching what is indexed"
            listener.post_message(IndexProgress(note if loaded else "another reader is indexing this folder"))
            return
        except Exception as exc:  # the index is a cache: whatever fails, the app carries on
            if not worker.is_cancelled:
                listener.post_message(IndexProgress(f"search index unavailable: {exc}"))
            return
        self._verified = True
        if stats.indexed or stats.deleted or stats.rebuilt or not loaded:
            self._publish(index, worker, listener)
        if not worker.is_cancelled:
            listener.post_message(IndexProgress(" · ".join(notes)))

    def _publish(self, index: LibraryIndex, worker: Worker, listener: MessagePump) -> None:
        from reader.search import Searcher

        searcher = Searcher.for_index(index)
        searcher.warm_up()
        if not worker.is_cancelled:
            self.searcher = searcher
            self.searchable.set()
            listener.post_message(SearcherReady())

    # --- queries ---------------------------------------------------------------------------

    def search(self, query: str, listener: MessagePump) -> None:
        """Search for `query`; `listener` gets `SearchDone` or `SearchFailed` (nothing if a
        newer search cancelled this one, or no searcher is ready yet)."""
        self.app.run_worker(
            partial(self._search, query, listener), name="search", group="search", exclusive=True, thread=True
        )

    def _search(self, query: str, listener: MessagePump) -> None:
        from reader.search import QueryError

        searcher = self.searcher
        if searcher is None:
            return
        try:
            result = searcher.search(query, RESULT_LIMIT)
        except QueryError as exc:
            listener.post_message(SearchFailed(query, str(exc)))
            return
        except Exception as exc:  # a bug must cost this query, not the reading session
            listener.post_message(SearchFailed(query, f"search failed: {exc!r}"))
            return
        if not get_current_worker().is_cancelled:
            listener.post_message(SearchDone(query, result))

    def prefetch(self, query: str) -> None:
        """Between keystrokes: whoosh's answer for the word being typed at the end of `query`,
        ready for when it is finished (nothing to do after a space). It starts once the
        screen has been drawn: whoosh's work would otherwise compete with the frame that shows
        the results for the GIL."""
        if query.endswith(" "):
            return
        self.app.call_after_refresh(self._start_prefetch, query)

    def _start_prefetch(self, query: str) -> None:
        self.app.run_worker(
            partial(self._prefetch, query), name="prefetch", group="prefetch", exclusive=True, thread=True
        )

    def _prefetch(self, query: str) -> None:
        from reader.search.damage import index_trouble

        searcher = self.searcher
        if searcher is not None and not get_current_worker().is_cancelled:
            try:
                searcher.prefetch(query)
            except Exception as exc:  # only a head start: the search itself reports problems
                if not index_trouble(exc):  # a damaged or replaced index is expected; a bug is not
                    log.warning("prefetching %r failed", query, exc_info=True)


def _entity_names(cancelled: Callable[[], bool], article: Article) -> list[str]:
    """The names of an article for the index, found in the entity process (the app holds none
    of jieba's tables); should it fail, found here, as `reader index` finds them."""
    from reader.entities import process
    from reader.search.index import IndexCancelled

    try:
        return process.names_for_index(article.body, cancelled)
    except process.Cancelled:
        raise IndexCancelled("indexing stopped") from None
    except process.EntitiesUnavailable:
        if cancelled():
            raise IndexCancelled("indexing stopped") from None
        from reader.entities import extractor
        from reader.text import normalize

        return extractor().names_for_index(normalize(article.body))
