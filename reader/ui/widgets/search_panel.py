"""The search panel: a search box, a status line and the results, searched on every keystroke.

The search itself is the app's LiveSearch, handed down by the screen: each keystroke asks it
for the query in the box, and its answers come back here as messages (reader.ui.messages),
as does what the index is doing. Answers for a query that is no longer in the box are
dropped. Messages up: `Chosen` (open a hit), `Toggled` (results shown or hidden).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Static

from reader.ui.collector import CollectorHold
from reader.ui.live_search import LiveSearch
from reader.ui.messages import IndexProgress, SearchDone, SearcherReady, SearchFailed
from reader.ui.textual_private import virtual_size_without_layout
from reader.ui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from reader.search import SearchHit, SearchResult


class SearchBox(Input):
    """The query input. Out of the Tab order while empty and unfocused: `/` brings focus."""

    # Input sets its virtual size on every change, and the stock reactive then lays out the
    # whole screen, redrawing every widget: a frame's worth of work per keystroke. The box's
    # own size never changes, so its virtual size (horizontal scrolling) needs no layout.
    virtual_size = virtual_size_without_layout()

    def on_mount(self) -> None:
        self.can_focus = False

    async def _on_key(self, event: events.Key) -> None:
        # Typed characters are inserted as their key arrives, but Backspace is a key binding,
        # resolved only once the key has bubbled up to the app: while the app is busy (the
        # first indexing), "a Backspace t" became "at". Deleting here keeps keys in order.
        if event.key == "backspace":
            event.stop()
            event.prevent_default()
            self.action_delete_left()
            return
        await super()._on_key(event)

    def on_blur(self) -> None:
        if not self.value:
            self.can_focus = False


#: Seconds without a keystroke after which typing is taken to have paused: the garbage
#: collector runs again and whoosh is asked about the word being typed (see `_lulled`).
LULL_SECONDS = 0.3


class SearchPanel(Vertical):
    """Search box over the results list; see the module docs."""

    HELP_GROUP = "Search 搜尋"

    # The layout that shows the results gives the panel a new virtual size, and the stock
    # reactive then asked for a second layout of the whole screen, in the frame that draws the
    # first results. The panel does not scroll: its virtual size needs no layout.
    virtual_size = virtual_size_without_layout()

    BINDINGS = [
        Binding("escape", "clear", "Clear the search 清除搜尋", show=False, id="clear_search"),
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
        """Results were shown (`active`) or the search was cleared; `leave`: the user left the
        search (Esc), so focus goes back to the list. Emptying the box by typing keeps focus
        in it: the next keys typed are a query, not commands."""

        def __init__(self, active: bool, *, leave: bool = False) -> None:
            super().__init__()
            self.active = active
            self.leave = leave

    def __init__(self, live_search: LiveSearch, *, replaces: str | None = None, id: str | None = None) -> None:
        """`replaces`: the selector of the widget the results take the place of (hidden while
        they are shown)."""
        super().__init__(id=id)
        self.live_search = live_search
        self.replaces = replaces
        self.result: SearchResult | None = None
        self._index_note = ""
        #: (query, time.perf_counter()) of the last results put in the list, and of the frame
        #: that drew them (for benchmarks).
        self.last_shown: tuple[str, float] | None = None
        self.last_painted: tuple[str, float] | None = None
        self._collector = CollectorHold()
        self._lull_timer: Timer | None = None
        #: No key typed for LULL_SECONDS; the query last prefetched.
        self._quiet = True
        self._prefetched: str | None = None

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

    @property
    def current_query(self) -> str:
        """The query as typed."""
        return self.box.value

    def set_query(self, query: str) -> None:
        """Put `query` in the box, as if typed (it is searched for)."""
        self.box.value = query

    def focus_box(self) -> None:
        self.box.can_focus = True
        # At once, not after the messages already queued (`focus()` waits for them): keys
        # typed right after `/` are queued behind it and must reach the box.
        self.screen.set_focus(self.box)

    def focus_results(self) -> None:
        self.results.focus()

    # --- searching -----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._typed()
        if not event.value.strip():
            self.result = None
            self.results.set_hits([])
            self.active = False
            self._update_status()
            return
        if self.live_search.searcher is None:
            self.active = True
            self._update_status("searching as soon as the index is ready…")
            return
        # The results take the list's place with the first answer (`_show`), not now: shown
        # at once, they were laid out and drawn empty in the frame that echoes the key, while
        # the search ran beside it, and then drawn again with the hits.
        self.live_search.search(event.value, self)

    def on_searcher_ready(self, _message: SearcherReady) -> None:
        if self.current_query.strip():
            self.live_search.search(self.current_query, self)

    def on_search_done(self, message: SearchDone) -> None:
        if message.query != self.current_query:
            return  # typing went on: a newer search is under way
        self.result = message.result
        self.results.set_hits(message.result.hits)
        self._show()
        self._applied(message.query, prefetch=True)

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.query != self.current_query:
            return
        self.result = None
        self.results.set_hits([])
        self._show(message.reason)
        self._applied(message.query)

    def on_index_progress(self, message: IndexProgress) -> None:
        self._index_note = message.note
        self._update_status()

    def _show(self, message: str | None = None) -> None:
        """An answer is in: the results in place of the list (laid out in the frame that
        draws them), or the status line brought up to date."""
        if self.active:
            self._update_status(message)
        else:
            self.active = True  # its watcher updates the status line
            if message:
                self._update_status(message)

    def _applied(self, query: str, *, prefetch: bool = False) -> None:
        self.last_shown = (query, time.perf_counter())
        self.call_after_refresh(self._painted, query, self.results.rows_version, prefetch)

    def _painted(self, query: str, version: int, prefetch: bool, retries: int = 3) -> None:
        """After the frame that drew the results of `query` (rows `version` of the list)."""
        results = self.results
        if results.drawn_version < version and retries and results.display and results.region:
            # The screen was idle before the list asked to be drawn: the next frame draws it.
            self.call_after_refresh(self._painted, query, version, prefetch, retries - 1)
            return
        self.last_painted = (query, time.perf_counter())
        self._collector.collect_young()
        if prefetch:
            self._prefetch()

    # --- while keys arrive ---------------------------------------------------------------

    def _typed(self) -> None:
        """A key changed the query: work beside the keystrokes waits for the next lull."""
        self._collector.hold()
        self._quiet = False
        if self._lull_timer is not None:
            self._lull_timer.stop()
        self._lull_timer = self.set_timer(LULL_SECONDS, self._lulled)

    def _lulled(self) -> None:
        self._lull_timer = None
        self._quiet = True
        self._collector.lull()
        self._prefetch()

    def _prefetch(self) -> None:
        """whoosh's answer for the word being typed, once typing has paused and the query's
        results are drawn. Started right after each keystroke's frame, it was still running
        when the next key came (tens of ms of whoosh at 10,000 articles), taking the GIL from
        that keystroke's search and frame; a word finished without a pause (a space typed at
        once) pays for whoosh in its own search instead, as it did when the prefetch had not
        finished."""
        query = self.current_query
        painted = self.last_painted
        if not self._quiet or self.result is None or painted is None or painted[0] != query:
            return
        if query != self._prefetched:
            self._prefetched = query
            self.live_search.prefetch(query)

    def on_unmount(self) -> None:
        self._collector.lull()

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
        # budget is one frame). While results are shown it stays, even blank while the first
        # search runs: showing it only when the count arrives laid out the screen again in
        # the very frame that draws the first results.
        status.update(Content(" · ".join(parts)), layout=False)
        shown = bool(parts) or self.active
        if status.display != shown:
            status.display = shown

    def watch_active(self, active: bool) -> None:
        # Set on the widgets themselves, not by a class on the panel: a class makes Textual
        # match the stylesheet again for every widget below it, which took longer than the
        # frame that follows (the first keystroke of a search paid for it).
        self.styles.height = "1fr" if active else "auto"
        self.results.display = active
        if self.replaces is not None:
            # Here, not where `Toggled` arrives: by then the screen had often been laid out
            # for the results, and hiding the list laid it out again.
            self.screen.query_one(self.replaces).display = not active
        self._update_status()  # in the same layout as the results list appearing
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
        self.post_message(self.Toggled(False, leave=True))
