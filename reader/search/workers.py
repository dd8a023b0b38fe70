"""Indexing worker processes that die with their parent, and index locks left by dead ones.

`reader index --jobs N` writes the word index in N whoosh worker processes (forked). Killed
(SIGKILL, SIGTERM) in the middle, the parent used to leave them behind, blocked for ever on
their job queue and holding, through the file descriptors they inherited, both the update
lock and whoosh's write lock: every later update failed. Now each worker asks the kernel to
kill it when its parent dies (Linux), and watches its parent otherwise; and an update that
finds the lock held although the process that took it is gone clears it: the processes still
holding the lock file are what is left of that process, and are ended.

Imported when a parallel update starts (it imports whoosh).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask

from reader.search.postings import LeanPostings, LeanSegmentWriter

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
#: How often a worker without PR_SET_PDEATHSIG looks for its parent.
_WATCH_SECONDS = 0.5


def _ask_kernel_to_kill_me_with_parent() -> bool:
    """PR_SET_PDEATHSIG: SIGKILL this process when its parent dies (Linux only)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int) -> None:
    """Make this (worker) process end when `parent` does; end now if it already has."""
    if not _ask_kernel_to_kill_me_with_parent():

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(_WATCH_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, name="watch-parent", daemon=True).start()
    if os.getppid() != parent:  # it died before the kernel was asked
        os._exit(1)


class Worker(SubWriterTask):  # type: ignore[misc]  # whoosh is untyped
    """A whoosh sub-writer that ends with the process that started it, writes its own segment
    (whoosh's multisegment mode) and keeps its postings in reader's leaner pool
    (reader.search.postings)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.parent = os.getpid()

    def run(self) -> None:
        die_with_parent(self.parent)
        # An indexing process makes millions of objects and no garbage cycles worth finding:
        # the cyclic collector would only walk its growing heap again and again (~15% of the
        # time spent adding documents), and touch the pages it shares with its parent (the
        # dictionaries it inherited) until they are copied. It ends when its segment is written.
        gc.freeze()
        gc.disable()
        # whoosh's SubWriterTask.run, with the lean writer and the multisegment ending only.
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = LeanSegmentWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        self.resultqueue.put((None, writer.pool.fieldnames, writer._finalize_segment()), timeout=5)


class ParallelWriter(LeanPostings, MpWriter):  # type: ignore[misc]
    """whoosh's MpWriter with workers that die with it, each writing its own segment;
    cancelling ends them (whoosh's own cancel only flags its copy of each task, and the workers
    would wait for ever)."""

    def _new_task(self) -> Worker:
        task = Worker(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def start_workers(self) -> None:
        """Start every worker now (whoosh starts them as the first documents arrive)."""
        while len(self.tasks) < self.procs:
            self._new_task()

    def _end_workers(self) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.kill()
            task.join(5)

    def commit(self, *args: Any, **kwargs: Any) -> None:
        if not self._added_sub:  # started, but given nothing: whoosh commits without them
            self._end_workers()
        super().commit(*args, **kwargs)

    def cancel(self) -> None:
        try:
            self._end_workers()
        finally:
            super().cancel()


def parallel_writer(ix: Any, procs: int, **kwargs: Any) -> ParallelWriter:
    """A whoosh writer indexing in `procs` worker processes that die with this one, each
    writing a segment of its own (merging them would be one more pass over every posting)."""
    return ParallelWriter(ix, procs=procs, multisegment=True, **kwargs)


# --- entity names in processes of their own ----------------------------------------------


def _start_naming(parent: int) -> None:
    """A naming process: it ends with its parent and builds the one entity extractor it uses
    for every text it is given."""
    die_with_parent(parent)
    from reader.search.analysis import pin_extractor

    pin_extractor()
    gc.freeze()  # the extractor's tables: never garbage, never to be walked again


def _names_of(texts: list[str]) -> list[list[str]]:
    from reader.search.analysis import index_names

    return [index_names(text) for text in texts]


#: What the parent does with an article once its names are found.
AddNamed = Callable[[Any, Any, list[str]], None]


class NamedFeed:
    """Feeds a parallel update's documents to its writer with their entity names, found in
    `procs` processes of their own (quick mode, as the entity field's analyzer would). The
    word workers and the parent then hold no entity extractor (jieba's dictionary, its
    part-of-speech table, the name lists: ~170 MB in each process that has one), and the
    naming processes hold no postings. Articles are added in the order they were given, a
    batch at a time; at most WINDOW batches wait for names, so the parent reads no further
    ahead of the naming than that."""

    BATCH = 16
    WINDOW = 12

    def __init__(self, procs: int, add: AddNamed) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(procs, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_start_naming, initargs=(os.getpid(),))
        self._add = add
        self._batch: list[tuple[Any, Any]] = []
        self._pending: deque[tuple[list[tuple[Any, Any]], Future[list[list[str]]]]] = deque()

    def __call__(self, article: Any, entry: Any) -> None:
        """Take an article (and its corpus entry, whose normalised text is named)."""
        self._batch.append((article, entry))
        if len(self._batch) >= self.BATCH:
            self._submit()
        self._add_ready()

    def _submit(self) -> None:
        batch, self._batch = self._batch, []
        self._pending.append((batch, self._pool.submit(_names_of, [entry.norm for _article, entry in batch])))

    def _add_ready(self, *, every: bool = False) -> None:
        pending = self._pending
        while pending and (every or len(pending) > self.WINDOW or pending[0][1].done()):
            batch, names = pending.popleft()
            for (article, entry), found in zip(batch, names.result(), strict=True):
                self._add(article, entry, found)

    def finish(self) -> None:
        """Add every article given so far, then end the naming processes."""
        if self._batch:
            self._submit()
        self._add_ready(every=True)
        self._pool.shutdown()

    def cancel(self) -> None:
        """End the naming processes now; what was not added is dropped."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(OSError):
                process.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(5)
        self._pending.clear()


# --- locks left behind -------------------------------------------------------------------


def _owner_file(lock_file: Path) -> Path:
    return lock_file.with_name(lock_file.name + ".owner")


def record_owner(lock_file: Path) -> None:
    """Note which process holds `lock_file` (call right after taking it)."""
    with contextlib.suppress(OSError):
        _owner_file(lock_file).write_text(f"{os.getpid()}\n", "ascii")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_is_gone(lock_file: Path) -> bool:
    """Whether the process that last took `lock_file` has ended (so whoever still holds the
    lock is what it left behind)."""
    try:
        pid = int(_owner_file(lock_file).read_text("ascii").strip())
    except (OSError, ValueError):
        return False  # taken by a reader that does not say, or never: not ours to judge
    return pid != os.getpid() and not _alive(pid)


def holders(path: Path) -> list[int]:
    """The processes (other than this one) with `path` open, from /proc (Linux; else none)."""
    try:
        target = os.stat(path)
    except OSError:
        return []
    found = []
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []
    for pid in pids:
        if pid == os.getpid():
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                found.append(pid)
                break
    return found


def clear_stale_lock(path: Path, *, wait: float = 5.0, kill: Callable[[int, int], None] = os.kill) -> bool:
    """End the processes holding the lock file `path` (left by a process that died) and wait
    for them to go. Where they cannot be found, the lock file is replaced (the lock lives on
    the file, so a new file is a free lock). True when the lock should now be free."""
    pids = holders(path)
    for pid in pids:
        log.warning("ending process %d: it holds the index lock of an indexer that has ended", pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while pids and time.monotonic() < deadline:
        pids = [pid for pid in pids if _alive(pid) and not _zombie(pid)]
        time.sleep(0.02)
    if pids or not Path("/proc/self/fd").is_dir():
        with contextlib.suppress(OSError):
            path.unlink()
    return not pids


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False
