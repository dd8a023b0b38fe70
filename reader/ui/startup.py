"""The order of the app's start: the first screen (the library's list and the article read
first) before the work it does not show.

Loading the search index, building opencc's converters and the like run in worker threads,
but they hold the GIL for most of their work: started at once, they would compete with the
listing of the library, the reading of the first article and the frames that show them.
They wait, owned by the app, until the first article is on screen (or the app knows there will
be none), and start after that frame.
"""

from __future__ import annotations

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


class Startup:
    """Work held back until the first screen is complete."""

    def __init__(self, app: App) -> None:
        self.app = app
        #: What waits for the first screen; None once it is complete.
        self._waiting: list[Callable[[], None]] | None = []
        self._drawing = False

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
        waiting, self._waiting = self._waiting or [], None
        for work in waiting:
            work()


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
