"""The search panel: a search box, a status line and the results, searched on every keystroke.

The panel keeps the library's search index current in a background worker (loading what is on
disk first, so searching works at once, then indexing new and changed files with visible
progress). Each keystroke runs the query in a thread worker; results for a query that is no
longer in the box are dropped. Messages up: `Chosen` (open a hit), `Toggled` (results shown
or hidden).
"""

from __future__ import annotations

import time
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from reader.search import QueryError, Searcher, SearchHit, SearchResult
from reader.search.index import IndexBusy, IndexCancelled, LibraryIndex
from reader.ui.textual_private import virtual_size_without_layout
from reader.ui.widgets.search_results import SearchResults

#: Hits listed for a query (the status line gives the full count).
RESULT_LIMIT = 60
#: How long the indexing worker pauses after each article, so the UI thread gets the GIL.
YIELD_SECONDS = 0.0002
#: Seconds between progress updates from the indexing worker.
PROGRESS_INTERVAL = 0.2


class SearchBox(Input):
    """The query input. Out of the Tab order while empty and unfocused: `/` brings focus."""

    # Input sets its virtual size on every change, and the stock reactive then lays out the
    # whole screen, redrawing every widget: a frame's worth of work per keystroke. The box's
    # own size never changes, so its virtual size (horizontal scrolling) needs no layout.
    virtual_size = virtual_size_without_layout()

    def on_mount(self) -> None:
        self.can_focus = False

    def on_blur(self) -> None:
        if not self.value:
            self.can_focus = False


class SearchPanel(Vertical):
    """Search box over the results list; see the module docs."""

    HELP_GROUP = "Search 搜尋"

    BINDINGS = [
        Binding("escape", "clear", "Clear the search 清除搜尋", show=False),
    ]

    #: Whether results (or a query's message) are shown in place of the article list.
    active: reactive[bool] = reactive(False)

    class Chosen(Message):
        """The user chose a hit: open it with the query's hits highlighted."""

        def __init__(self, hit: SearchHit, result: SearchResult) -> None:
            super().__init__()
            self.hit = hit
            self.result = result

    class Toggled(Message):
        """Results were shown (`active`) or the search was cleared."""

        def __init__(self, active: bool) -> None:
            super().__init__()
            self.active = active

    def __init__(self, library_path: Path, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library_path = Path(library_path)
        self.searcher: Searcher | None = None
        self.result: SearchResult | None = None
        self._index_note = ""
        #: (query, time.perf_counter()) of the last results put in the list, and of the frame
        #: that drew them (for benchmarks).
        self.last_shown: tuple[str, float] | None = None
        self.last_painted: tuple[str, float] | None = None

    def compose(self) -> ComposeResult:
        yield SearchBox(placeholder="/ search 搜尋", id="search-box", compact=True, select_on_focus=False)
        yield Static(Content(""), id="search-status", markup=False)
        yield SearchResults(id="search-results")

    @property
    def box(self) -> Input:
        return self.query_one("#search-box", Input)

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    def focus_box(self) -> None:
        self.box.can_focus = True
        self.box.focus()

    # --- the index -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search-index")
    def keep_index_current(self) -> None:
        """Load the index and bring it up to date. The screen starts this once the library is
        listed: both read every file of a new folder, and the list comes first."""
        worker = get_current_worker()
        index = LibraryIndex(self.library_path)
        loaded = index.load()
        if loaded:
            self._publish(index, worker)
        last = 0.0

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal last
            # Indexing is pure Python: hand the GIL over between articles so that keys and
            # repaints on the UI thread are never kept waiting.
            time.sleep(YIELD_SECONDS)
            now = time.monotonic()
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
                self.app.call_from_thread(self._set_index_note, note)

        def corpus_ready(_corpus) -> None:
            self._publish(index, worker)  # searching starts before the word index is done

        try:
            stats = index.update(progress, cancelled=lambda: worker.is_cancelled, corpus_ready=corpus_ready)
        except IndexCancelled:
            return
        except IndexBusy:
            note = "another reader is indexing this folder; searching what is indexed"
            self.app.call_from_thread(self._set_index_note, note if loaded else "another reader is indexing this folder")
            return
        except Exception as exc:  # the index is a cache: whatever fails, the app carries on
            if not worker.is_cancelled:
                self.app.call_from_thread(self._set_index_note, f"search index unavailable: {exc}")
            return
        if stats.indexed or stats.deleted or stats.rebuilt or not loaded:
            self._publish(index, worker)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._set_index_note, "")

    def _publish(self, index: LibraryIndex, worker) -> None:
        searcher = Searcher.for_index(index)
        searcher.warm_up()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._searcher_ready, searcher)

    def _searcher_ready(self, searcher: Searcher) -> None:
        self.searcher = searcher
        if self.box.value.strip():
            self.run_search(self.box.value)

    def _set_index_note(self, note: str) -> None:
        self._index_note = note
        self._update_status()

    # --- searching -------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self.result = None
            self.results.set_hits([])
            self.active = False
            self._update_status()
            return
        self.active = True
        if self.searcher is None:
            self._update_status("searching as soon as the index is ready…")
            return
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        searcher = self.searcher
        if searcher is None:
            return
        try:
            result = searcher.search(query, RESULT_LIMIT)
        except QueryError as exc:
            self.app.call_from_thread(self._show_error, query, str(exc))
            return
        except Exception as exc:  # a bug must cost this query, not the reading session
            self.app.call_from_thread(self._show_error, query, f"search failed: {exc!r}")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_result, query, result)

    def _show_result(self, query: str, result: SearchResult) -> None:
        if query != self.box.value:
            return  # typing went on: a newer search is under way
        self.result = result
        self.results.set_hits(result.hits)
        self._update_status()
        self._applied(query)
        if not query.endswith(" "):
            self.prefetch(query)

    @work(thread=True, exclusive=True, group="prefetch")
    def prefetch(self, query: str) -> None:
        """Between keystrokes: whoosh's answer for the word being typed, ready for when it is
        finished."""
        searcher = self.searcher
        if searcher is not None and not get_current_worker().is_cancelled:
            try:
                searcher.prefetch(query)
            except Exception:  # only a head start: the search itself reports problems
                pass

    def _show_error(self, query: str, message: str) -> None:
        if query != self.box.value:
            return
        self.result = None
        self.results.set_hits([])
        self._update_status(message)
        self._applied(query)

    def _applied(self, query: str) -> None:
        self.last_shown = (query, time.perf_counter())
        self.call_after_refresh(self._painted, query)

    def _painted(self, query: str) -> None:
        self.last_painted = (query, time.perf_counter())

    def _update_status(self, message: str | None = None) -> None:
        parts = []
        if message:
            parts.append(message)
        elif self.active and self.result is not None:
            total, shown = self.result.total, len(self.result.hits)
            found = "no matches 無結果" if not total else f"{total:,} found 筆"
            if total > shown:
                found += f" · first {shown}"
            parts.append(found)
            if self.result.widened_note:
                parts.append(self.result.widened_note)
        if self._index_note:
            parts.append(self._index_note)
        status = self.query_one("#search-status", Static)
        # One line, fixed height: updating it never re-lays out the screen (a keystroke's
        # budget is one frame).
        status.update(Content(" · ".join(parts)), layout=False)
        if status.display != bool(parts):
            status.display = bool(parts)

    def watch_active(self, active: bool) -> None:
        self.set_class(active, "-active")
        self.post_message(self.Toggled(active))

    # --- keys --------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.results.action_choose()

    def on_key(self, event) -> None:
        if event.key == "down" and self.box.has_focus and self.results.hits:
            event.stop()
            self.results.focus()

    def on_search_results_left_top(self, event: SearchResults.LeftTop) -> None:
        event.stop()
        self.focus_box()

    def on_search_results_chosen(self, event: SearchResults.Chosen) -> None:
        event.stop()
        if self.result is not None:
            self.post_message(self.Chosen(event.hit, self.result))

    def action_clear(self) -> None:
        """Esc: clear the search and go back to the full list."""
        if self.box.value:
            self.box.value = ""
        else:
            self.post_message(self.Toggled(False))
