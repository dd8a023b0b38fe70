"""The user's bookmarks and reading state inside the app, saved in order on one background thread.

Saving takes a file lock and an fsync, which must not stall the event loop; and saves must land
in the order the user made them (delete, then undo), which separate workers do not promise. So
every save runs on one thread, in turn; its outcome comes back to the main screen as a message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from reader.store.bookmarks import Bookmarks
from reader.store.reading import ReadingState
from reader.store.tables import StoreError, StoreProblem


class UserData:
    """Bookmarks and reading state, read at start, saved on a background thread."""

    class Saved(Message):
        """A save finished; `then(result)` is to be called on the UI thread."""

        def __init__(self, then: Callable[[Any], None], result: Any) -> None:
            super().__init__()
            self.then = then
            self.result = result

    class Failed(Message):
        """A save failed; `error` says why in words for the user."""

        def __init__(self, error: str, quiet: bool) -> None:
            super().__init__()
            self.error = error
            self.quiet = quiet

    def __init__(
        self,
        target: MessagePump,
        bookmarks: Bookmarks | None = None,
        reading: ReadingState | None = None,
    ) -> None:
        self.target = target
        self.bookmarks = bookmarks if bookmarks is not None else Bookmarks()
        self.reading = reading if reading is not None else ReadingState()
        self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-save")
        self._closed = False

    def take_problems(self) -> list[StoreProblem]:
        """Trouble found reading the files (a corrupt file kept aside...), each reported once."""
        return self.bookmarks.take_problems() + self.reading.take_problems()

    def save(
        self,
        operation: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
        *,
        quiet: bool = False,
    ) -> Future:
        """Run `operation` (a Bookmarks/ReadingState change) after the saves before it.

        Its result goes to `then` on the UI thread; a failure is posted as `Failed` (`quiet`
        for saves the user did not ask for, such as the reading position).
        """

        def run() -> None:
            try:
                result = operation()
            except StoreError as exc:
                self.target.post_message(self.Failed(str(exc), quiet))
                return
            except Exception as exc:  # a bug must not pass silently on a background thread
                self.target.post_message(self.Failed(f"unexpected {type(exc).__name__}: {exc}", quiet))
                return
            if then is not None:
                self.target.post_message(self.Saved(then, result))

        if self._closed:  # after exit began: save at once rather than drop it
            future: Future = Future()
            run()
            future.set_result(None)
            return future
        return self._saver.submit(run)

    async def settled(self) -> None:
        """Wait until every save asked for so far is done."""
        await asyncio.wrap_future(self._saver.submit(lambda: None))

    def close(self) -> None:
        """Finish the pending saves (at exit: the last reading position must land)."""
        self._closed = True
        self._saver.shutdown(wait=True)
