"""Indexing worker processes die with `reader index`, and locks left by dead indexers are cleared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock
from helpers import processes_left_after

from reader.search import Searcher
from reader.search.index import INDEX_NAME, PARALLEL_MIN, LibraryIndex

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")


def big_library(root: Path, count: int = PARALLEL_MIN + 60) -> Path:
    text = "臺北市政府今日宣布捷運萬大線通車，市長表示將改善交通。" * 20
    for number in range(count):
        path = root / f"{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: 新聞{number}\n---\n\n{text}第{number}號。\n", encoding="utf-8")
    return root


def index_command(library: Path) -> list[str]:
    return [sys.executable, "-m", "reader", "index", str(library), "--jobs", "2"]


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killing_reader_index_ends_its_workers_and_frees_the_index(tmp_path: Path, signum: int) -> None:
    library = big_library(tmp_path / "lib")
    parent = subprocess.Popen(index_command(library), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    left = processes_left_after(parent, 2, signum)
    assert not left, "workers outlived reader index"
    again = subprocess.run(index_command(library), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    index = LibraryIndex(library)
    assert index.load() and len(index.corpus) == PARALLEL_MIN + 60


HOLD_CODE = """
import sys, time
from filelock import FileLock
locks = [FileLock(path) for path in sys.argv[1:]]
for lock in locks:
    lock.acquire(timeout=0)
print("held", flush=True)
time.sleep(600)
"""


@contextmanager
def hold(*paths: Path) -> Iterator[subprocess.Popen[str]]:
    """A process that holds the lock files `paths` (as an orphaned worker would) until killed."""
    with subprocess.Popen([sys.executable, "-c", HOLD_CODE, *map(str, paths)], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            yield holder
        finally:
            holder.kill()
            holder.wait()


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_an_update_lock_left_by_an_ended_indexer_is_cleared(tmp_path: Path) -> None:
    library = big_library(tmp_path / "lib", 3)
    index = LibraryIndex(library)
    index.lock_file.parent.mkdir(parents=True, exist_ok=True)
    with hold(index.lock_file) as holder:
        (index.lock_file.parent / (index.lock_file.name + ".owner")).write_text(f"{dead_pid()}\n")
        stats = index.update(lock_timeout=0.2)
        assert stats.added == 3
        assert holder.wait(10) == -signal.SIGKILL
    assert {Path(h.path).name for h in Searcher.for_index(index).search("捷運").hits} == {"0000.md", "0001.md", "0002.md"}


def test_a_live_indexer_keeps_its_lock(tmp_path: Path) -> None:
    """The lock of an indexer that is still running is never taken from it."""
    from reader.search.index import IndexBusy

    library = big_library(tmp_path / "lib", 3)
    index = LibraryIndex(library)
    index.lock_file.parent.mkdir(parents=True, exist_ok=True)
    with hold(index.lock_file) as holder:
        (index.lock_file.parent / (index.lock_file.name + ".owner")).write_text(f"{holder.pid}\n")
        with pytest.raises(IndexBusy):
            index.update(lock_timeout=0.2)
        assert holder.poll() is None


def test_a_whoosh_write_lock_left_behind_is_cleared(tmp_path: Path) -> None:
    library = big_library(tmp_path / "lib", 3)
    index = LibraryIndex(library)
    index.update()
    (library / "0001.md").write_text("---\ntitle: 換了\n---\n\n颱風來襲。\n", encoding="utf-8")
    with hold(index.directory / f"{INDEX_NAME}_WRITELOCK") as holder:
        stats = index.update(lock_timeout=0.2)
        assert stats.changed == 1
        assert holder.wait(10) == -signal.SIGKILL
    assert {Path(h.path).name for h in Searcher.for_index(index).search("颱風").hits} == {"0001.md"}


def test_the_update_lock_names_its_owner(tmp_path: Path) -> None:
    library = big_library(tmp_path / "lib", 1)
    index = LibraryIndex(library)
    index.update()
    owner = index.lock_file.parent / (index.lock_file.name + ".owner")
    assert owner.read_text().strip() == str(os.getpid())
    assert FileLock(str(index.lock_file)).acquire(timeout=0)  # released after the update


@pytest.mark.parametrize("readable", [0, 3])
def test_parallel_updates_leave_no_worker_behind(tmp_path: Path, monkeypatch, readable: int) -> None:
    """Workers start before the files are read; given nothing (every file unreadable) or
    little, they are all gone when the update returns."""
    import multiprocessing

    from reader.search import index as indexing

    monkeypatch.setattr(indexing, "PARALLEL_MIN", 1)
    library = big_library(tmp_path / "lib", readable)
    library.mkdir(exist_ok=True)
    (library / "bad1.txt").write_bytes(b"\x00\x01binary" * 50)
    (library / "bad2.txt").write_bytes(b"\x00\x02binary" * 50)
    index = LibraryIndex(library)
    # Children of other tests in this process (the entity model's) are not the update's.
    before = set(multiprocessing.active_children())
    stats = index.update(jobs=2)
    assert (stats.added, stats.skipped) == (readable, 2)
    assert set(multiprocessing.active_children()) <= before
    assert len(index.corpus) == readable and index.whoosh_index() is not None
