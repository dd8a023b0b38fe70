"""Reading many article files at once: a folder never listed before (10,000 files are seconds
of decoding, front matter and paragraph parsing, and as much again to normalise the text for
search) is read in worker processes, one per core, while the process that asked stays free
to draw its screen.

The processes are spawned (not forked: the app that asks runs threads, and a fork copies
whatever locks they hold), they print nothing to the terminal the app draws on, and they end
with the reading. Should one die, the files it had not done are read in this process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from itertools import repeat
from typing import Any

from reader.library.article import Article, ArticleError, ArticleInfo, load_article

#: Fewer files than this are read in this process: starting the processes costs about 0.6 s
#: of CPU, reading a file about half a millisecond (measured: 2,000 files 1.6 s of CPU in two
#: processes, 1.0 s in one; 10,000 files 4.8 s and 4.7 s).
PROCESSES_FROM = 2000
#: At most this many worker processes.
MAX_PROCESSES = 2
#: Each worker process is handed its files in about this many parts: a part is a fraction of a
#: second's work, so that a worker never waits for the next one from a parent the system is
#: slow to schedule (parts of 32 files left the workers idle half the time on a busy machine).
PARTS_PER_PROCESS = 8

#: What reading one file gives: the article and its normalised body (when asked for), or
#: the ArticleError saying why it cannot be read and None.
Read = tuple[Article, str | None] | tuple[ArticleError, None]


def read_articles(paths: Sequence[str], *, normalised: bool = False, processes: int | None = None) -> Iterator[Read]:
    """Each file of `paths` loaded (load_article), in the order given, with its body
    normalised for search (reader.text.normalize) when `normalised`. Many files are read in
    `processes` worker processes (default: one per core, at most MAX_PROCESSES)."""
    count = _cores() if processes is None else processes
    if count < 2 or len(paths) < PROCESSES_FROM:
        yield from _read_here(paths, normalised)
        return
    yield from _read_in_processes(paths, normalised, count)


def _cores() -> int:
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    return min(MAX_PROCESSES, usable)


def _read_here(paths: Sequence[str], normalised: bool) -> Iterator[Read]:
    for path in paths:
        yield _article_of(_load(path, normalised))


def _read_in_processes(paths: Sequence[str], normalised: bool, count: int) -> Iterator[Read]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    done = 0
    try:
        _start_resource_tracker()
        pool = ProcessPoolExecutor(count, mp_context=get_context("spawn"), initializer=_child_start)
    except OSError:  # no processes to be had here (limits, no /dev/shm): read them all here
        yield from _read_here(paths, normalised)
        return
    try:
        part = max(1, -(-len(paths) // (count * PARTS_PER_PROCESS)))
        for loaded in pool.map(_load, paths, repeat(normalised), chunksize=part):
            yield _article_of(loaded)
            done += 1
    except (BrokenProcessPool, OSError):  # a worker was killed (out of memory...)
        yield from _read_here(paths[done:], normalised)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _load(path: str, normalised: bool) -> tuple[Any, ...]:
    """One file, as plain values that cross to the parent process cheaply (the body, which the
    paragraphs make, is not sent twice): (info, paragraphs, url, encoding, normalised body),
    or (why it cannot be read,)."""
    try:
        article = load_article(path)
    except ArticleError as exc:
        return (str(exc),)
    norm = None
    if normalised:
        from reader.text import normalize

        norm = normalize(article.body)
    return article.info, article.paragraphs, article.url, article.encoding, norm


def _article_of(loaded: tuple[Any, ...]) -> Read:
    if len(loaded) == 1:
        return ArticleError(loaded[0]), None
    info, paragraphs, url, encoding, norm = loaded
    assert isinstance(info, ArticleInfo)
    return Article(info=info, paragraphs=paragraphs, url=url, encoding=encoding), norm


_stderr_lock = threading.Lock()


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the real stderr: a UI that captures
    sys.stderr (Textual does) gives it no file descriptor, and spawning then fails."""
    import sys
    from multiprocessing import resource_tracker

    with _stderr_lock:
        saved = sys.stderr
        sys.stderr = sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _child_start() -> None:
    """In a worker process: nothing it prints may reach the terminal the app draws on."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
