"""The order of the app's start: the first screen (the library's list and the article read
first) before the work it does not show.

Loading the search index, building opencc's converters and the like run in worker threads,
but they hold the GIL for most of their work: started at once, they would compete with the
listing of the library, the reading of the first article and the frames that show them.
They wait, owned by the app, until the first article is on screen (or the app knows there will
be none), and start after that frame.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

from textual.app import App

T = TypeVar("T")
P = ParamSpec("P")

#: Seconds after the library is listed when the waiting work starts anyway (the first article
#: could not be read, or is slow to read).
AT_THE_LATEST = 1.0
#: Seconds after the first screen's frame when the waiting work starts.
AFTER_THE_FRAME = 0.05
#: Seconds after the app starts running when the garbage collector runs again even if the
#: first screen is not complete (a new folder of 10,000 articles takes longer to list).
COLLECTOR_PAUSED_AT_MOST = 3.0


class Startup:
    """Work held back until the first screen is complete."""

    def __init__(self, app: App) -> None:
        self.app = app
        #: What waits for the first screen; None once it is complete.
        self._waiting: list[Callable[[], None]] | None = []
        self._drawing = False
        self._collector_paused = False

    @property
    def done(self) -> bool:
        """The first screen is complete: work asked for now starts at once."""
        return self._waiting is None

    def after_first_screen(self, work: Callable[[], None]) -> None:
        """Call `work` once the first screen is complete (now, if it is)."""
        if self._waiting is None:
            work()
        else:
            self._waiting.append(work)

    def library_listed(self, has_articles: bool) -> None:
        """The library's list is on the way to the screen: with no article to open, the first
        screen is complete; else it is when the article is shown, or a second from now."""
        if not has_articles:
            self.first_screen_shown()
        elif self._waiting is not None:
            self.app.set_timer(AT_THE_LATEST, self.first_screen_shown)

    def first_screen_shown(self) -> None:
        """The first screen is complete: what waited starts after the frame that draws it
        (work asked for until then waits too)."""
        if self._waiting is None or self._drawing:
            return
        self._drawing = True
        # A moment after that frame: what the frame's own callbacks (and the first keys) do
        # comes first.
        self.app.call_after_refresh(self.app.set_timer, AFTER_THE_FRAME, self._start)

    def _start(self) -> None:
        self.resume_collector(freeze=True)
        waiting, self._waiting = self._waiting or [], None
        for work in waiting:
            work()

    # --- the garbage collector -------------------------------------------------------------

    def pause_collector(self) -> None:
        """Hold the cyclic garbage collector back until the first screen is complete (or for
        COLLECTOR_PAUSED_AT_MOST seconds). The start makes many objects that live as long as
        the app (modules, the library's list, the widgets) and few cycles; the collector
        walked those objects again and again, about 0.1 s of CPU before the first frame
        of a 10,000-article library. Call as the app starts running, and `mounted` once it
        is mounted."""
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def mounted(self) -> None:
        """The app is mounted: the collector waits COLLECTOR_PAUSED_AT_MOST seconds at most."""
        if self._collector_paused:
            self.app.set_timer(COLLECTOR_PAUSED_AT_MOST, self.resume_collector)

    def resume_collector(self, freeze: bool = False) -> None:
        """The collector runs again; with `freeze`, what exists now (made by the start, as a
        rule for good) is left out of its walks from now on."""
        if self._collector_paused:
            self._collector_paused = False
            if freeze:
                gc.freeze()
            gc.enable()


class Ahead(Generic[T]):
    """Work started in a thread of its own as the app is made, before Textual runs: done, as a
    rule, by the time the first screen is composed. Its result is None if it failed."""

    def __init__(self, work: Callable[P, T | None], *args: P.args, **kwargs: P.kwargs) -> None:
        self._result: T | None = None
        self._done = threading.Event()

        def run() -> None:
            try:
                self._result = work(*args, **kwargs)
            except Exception:  # the slower way (what `work` saves) reports it
                self._result = None
            finally:
                self._done.set()

        threading.Thread(target=run, name="ahead", daemon=True).start()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def result(self) -> T | None:
        """The result (waiting for it: in a worker, unless `ready`)."""
        self._done.wait()
        return self._result
