"""Entity extraction in a child process, for the app: jieba's tables (its frequency and
part-of-speech dictionaries, ~130 MB), the name lists and the statistical model live there,
not in the reading app, and its CPU time does not compete with the app's frames for the GIL.

The child starts on first use, answers one request at a time over
two pipes, and ends when it has been idle for `IDLE_SECONDS` (its memory goes back to the
system; the next request starts it again), when the app releases it, or when the app's process
ends (its request pipe closes). Whoever waits for an answer may give up (`cancelled`): the
answer is dropped when it comes. A child that cannot start or dies raises EntitiesUnavailable
with a message for the user; the caller decides what to show instead.

Run as `python -m reader.entities.process READ_FD WRITE_FD` (the parent does that).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from reader.entities.spans import EntitySpan
from reader.lru import LRU

__all__ = ["Cancelled", "EntitiesUnavailable", "EntityProcess", "cached", "child_pid", "extract",
           "names_for_index", "release", "shared"]

#: Seconds without a request after which the child ends.
IDLE_SECONDS = 120.0
#: How often a waiting caller looks whether it was cancelled.
POLL_SECONDS = 0.05
#: The environment variables that place the user's files: sent with each request, so that the
#: child reads the dictionary the app would (a test or a session may move them).
_PLACES = ("READER_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")
#: After this many children ended without being asked to, none is started again.
_MAX_FAILURES = 3


class EntitiesUnavailable(RuntimeError):
    """The entity process could not start or ended; the message says why, for the user."""


class Cancelled(Exception):
    """The caller stopped waiting (its worker was cancelled)."""


class EntityProcess:
    """The child process and the pipes to it. Thread-safe: one request at a time."""

    def __init__(self, idle: float = IDLE_SECONDS) -> None:
        self.idle = idle
        self._lock = threading.Lock()  # held while a request is sent and answered
        self._state = threading.Lock()  # guards the fields below
        self._proc: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None
        #: Answers still to come to requests whose callers gave up.
        self._stale = 0
        self._timer: threading.Timer | None = None
        self._failures = 0
        self.failure: str | None = None

    # --- requests ------------------------------------------------------------------------------

    def extract(self, text: str, *, with_model: bool = True, cancelled: Callable[[], bool] | None = None) -> tuple[EntitySpan, ...]:
        """The entities of `text`, as `reader.entities.extract_entities` finds them."""
        rows = self.request("extract", (text, with_model), cancelled)
        return tuple(EntitySpan(t, kind, start, end) for t, kind, start, end in rows)

    def names_for_index(self, body: str, cancelled: Callable[[], bool] | None = None) -> list[str]:
        """The names of an article's body for the search index's `entity` field: what
        `EntityExtractor.names_for_index` finds in the normalised body (normalised there)."""
        names: list[str] = self.request("names", (body,), cancelled)
        return names

    def request(self, kind: str, args: tuple[Any, ...], cancelled: Callable[[], bool] | None = None) -> Any:
        """Send a request (the child started if need be) and wait for its answer; stop waiting
        (Cancelled) once `cancelled()` is true. EntitiesUnavailable if the child cannot start,
        dies meanwhile, or the request failed in it."""
        with self._lock:
            self._send_request(kind, args)
            recv = self._recv
            assert recv is not None
            try:
                while True:
                    if cancelled is not None:
                        while not recv.poll(POLL_SECONDS):
                            if cancelled():
                                self._stale += 1
                                raise Cancelled(kind)
                    status, value = recv.recv()
                    if self._stale:
                        self._stale -= 1  # the answer to a request nobody waits for any more
                        continue
                    break
            except (EOFError, OSError) as exc:
                self._died(f"the entity process ended ({self._exit_note()})", exc)
            finally:
                self._restart_timer()
        if status != "ok":
            raise EntitiesUnavailable(f"entity extraction failed: {value}")
        return value

    # --- the child -----------------------------------------------------------------------------

    def running(self) -> bool:
        return self._proc is not None

    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def release(self) -> None:
        """End the child now (the next request starts a new one)."""
        with self._state:
            proc, send, recv = self._proc, self._send, self._recv
            self._proc = self._send = self._recv = None
            self._stale = 0
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        for conn in (send, recv):
            if conn is not None:
                conn.close()
        if proc is not None:
            proc.kill()
            proc.wait()

    def _send_request(self, kind: str, args: tuple[Any, ...]) -> None:
        """With the lock held: start the child if need be and send it a request."""
        if self._proc is None:
            self._start()
        send = self._send
        assert send is not None
        places = {name: os.environ.get(name) for name in _PLACES}
        try:
            send.send((kind, places, args))
        except (OSError, ValueError) as exc:
            self._died(f"the entity process ended ({self._exit_note()})", exc)
        self._restart_timer()

    def _start(self) -> None:
        if self.failure is not None:
            raise EntitiesUnavailable(self.failure)
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "reader.entities.process", str(request_read), str(answer_write)],
                pass_fds=(request_read, answer_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # nothing it prints may reach the app's terminal
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as exc:
            for fd in (request_read, request_write, answer_read, answer_write):
                os.close(fd)
            self.failure = f"the entity process does not start: {exc.strerror or exc}"
            raise EntitiesUnavailable(self.failure) from exc
        os.close(request_read)
        os.close(answer_write)
        with self._state:
            self._proc = proc
            self._send = Connection(request_write, readable=False)
            self._recv = Connection(answer_read, writable=False)
            self._stale = 0

    def _died(self, message: str, exc: BaseException) -> None:
        if self._proc is not None:  # (not when released meanwhile)
            self._failures += 1
        self.release()
        if self._failures >= _MAX_FAILURES:
            self.failure = f"{message}; not started again"
        raise EntitiesUnavailable(message) from exc

    def _exit_note(self) -> str:
        proc = self._proc
        if proc is None:
            return "stopped"
        try:
            code = proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return "not answering"
        return f"exit status {code}" if code >= 0 else f"signal {-code}"

    def _restart_timer(self) -> None:
        with self._state:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.idle, self._idle)
            self._timer.daemon = True
            self._timer.start()

    def _idle(self) -> None:
        if self._lock.acquire(blocking=False):  # not while a request is being answered
            try:
                self.release()
            finally:
                self._lock.release()


# --- the app's shared process and its results ------------------------------------------------

_shared: EntityProcess | None = None
_shared_lock = threading.Lock()
#: Entities of the articles read last, by content, the user dictionary's stamp and the phase:
#: an article read again needs no child.
_results: LRU[tuple[str, tuple[int, int] | None, bool], tuple[EntitySpan, ...]] = LRU(256)


def shared() -> EntityProcess:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = EntityProcess()
            atexit.register(_shared.release)  # the child ends with the app, whatever it was doing
        return _shared


def _key(text: str, with_model: bool) -> tuple[str, tuple[int, int] | None, bool]:
    from reader.entities.gazetteer import load_user_dictionary

    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return (digest, load_user_dictionary(create=True).stamp, with_model)


def extract(text: str, *, with_model: bool = True, cancelled: Callable[[], bool] | None = None) -> tuple[EntitySpan, ...]:
    """The entities of `text` found in the entity process (cached by content). Raises
    EntitiesUnavailable (the process failed) and Cancelled (`cancelled()` turned true)."""
    if not text:
        return ()
    key = _key(text, with_model)
    found = _results.get(key)
    if found is None:
        found = _results.put(key, shared().extract(text, with_model=with_model, cancelled=cancelled))
    return found


def cached(text: str) -> tuple[EntitySpan, ...] | None:
    """The full entities of `text` if they were found already, else None (never waits)."""
    return _results.get(_key(text, True)) if text else ()


def names_for_index(body: str, cancelled: Callable[[], bool] | None = None) -> list[str]:
    """The search index's names of an article's body, found in the entity process."""
    return shared().names_for_index(body, cancelled) if body else []


def release() -> None:
    if _shared is not None:
        _shared.release()


def child_pid() -> int | None:
    """The entity process's id while it runs (for measuring it)."""
    return _shared.pid() if _shared is not None else None


# --- in the child ----------------------------------------------------------------------------


def _handle(kind: str, args: tuple[Any, ...]) -> Any:
    from reader.entities import extraction

    if kind == "extract":
        text, with_model = args
        return [(s.text, s.type, s.start, s.end) for s in extraction.extract_entities(text, with_model=with_model)]
    if kind == "names":
        from reader.text import normalize

        return extraction.extractor().names_for_index(normalize(args[0]))
    raise ValueError(f"unknown request {kind!r}")


def serve(requests: Connection, answers: Connection) -> None:
    """Answer requests until the parent closes its end (or goes away)."""
    while True:
        try:
            kind, places, args = requests.recv()
        except (EOFError, OSError):
            return
        for name, value in places.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        try:
            answer: tuple[str, Any] = ("ok", _handle(kind, args))
        except Exception as exc:  # a bug must cost this request, not the process
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            answers.send(answer)
        except OSError:
            return


def main(argv: list[str]) -> None:
    serve(Connection(int(argv[0]), writable=False), Connection(int(argv[1]), readable=False))


if __name__ == "__main__":
    main(sys.argv[1:])
