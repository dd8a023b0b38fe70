"""The library kept in step with its folder: events to files, files to changes, each read once."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from reader.library import open_library
from reader.library import watch as watch_module
from reader.library.watch import (
    LibraryState,
    changed_paths,
    place_in_changed_text,
    poll_events,
    snapshot,
    watch_events,
)

FILES = {
    "a.md": "---\ntitle: 甲\ndate: 2025-01-02\n---\n\n第一篇文章的內容。\n",
    "sub/b.txt": "乙\n\n第二篇文章的內容。\n",
    ".hidden/c.md": "丙\n\n不該出現。\n",
    "notes.pdf": "not an article",
}


@pytest.fixture
def state(make_library) -> LibraryState:
    return LibraryState(open_library(make_library(FILES)))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the watcher reads."""
    seen: list[str] = []
    real = watch_module.load_article

    def counting(path):
        seen.append(str(path))
        return real(path)

    monkeypatch.setattr(watch_module, "load_article", counting)
    return seen


def names(infos) -> list[str]:
    return sorted(Path(i.path if hasattr(i, "path") else i).name for i in infos)


def touch_later(path: Path, text: str) -> None:
    """Write `text` with a modification time surely unlike the last one."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_snapshot_lists_article_files_as_the_library_does(make_library) -> None:
    root = make_library(FILES)
    assert sorted(Path(p).relative_to(root).as_posix() for p in snapshot(root)) == ["a.md", "sub/b.txt"]
    one = root / "a.md"
    assert list(snapshot(one)) == [str(one)]
    before = snapshot(root)
    (root / "new.md").write_text("新\n\n內容\n", encoding="utf-8")
    assert changed_paths(before, snapshot(root)) == {str(root / "new.md")}


def test_new_changed_and_deleted_files(state: LibraryState, reads: list[str]) -> None:
    root = state.root
    (root / "new.md").write_text("新文章\n\n剛寫好的內容。\n", encoding="utf-8")
    touch_later(root / "a.md", "---\ntitle: 甲（更新）\ndate: 2025-01-02\n---\n\n改過的內容。\n")
    (root / "sub/b.txt").unlink()
    paths = state.affected([str(root / "new.md"), str(root / "a.md"), str(root / "sub/b.txt")])
    changes = state.apply(paths)
    assert names(changes.added) == ["new.md"]
    assert names(changes.changed) == ["a.md"]
    assert changes.changed[0].title == "甲（更新）"
    assert names(changes.deleted) == ["b.txt"]
    assert changes.summary() == "1 new · 1 changed · 1 deleted"
    assert names(changes.library.articles) == ["a.md", "new.md"]
    assert sorted(Path(p).name for p in reads) == ["a.md", "new.md"]
    assert set(changes.articles) == {str(root / "new.md"), str(root / "a.md")}


def test_a_link_out_of_the_library_made_while_watching_is_not_followed(
    state: LibraryState, reads: list[str], tmp_path: Path
) -> None:
    """As when the folder is listed: a link to a file outside is not read (a link named
    notes.txt to /etc/passwd would make it readable and searchable)."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("祕密\n\n不該被讀到的內容。\n", encoding="utf-8")
    root = state.root
    (root / "notes.txt").symlink_to(secret)
    (root / "inside.md").symlink_to(root / "a.md")  # a link inside the library is fine
    assert str(root / "notes.txt") not in snapshot(root)
    changes = state.apply(state.affected([str(root / "notes.txt"), str(root / "inside.md")]))
    assert names(changes.added) == ["inside.md"]
    assert "notes.txt" not in names(changes.library.articles)
    assert not any(Path(p).name == "notes.txt" for p in reads)


def test_a_file_seen_as_it_is_is_not_read_again(state: LibraryState, reads: list[str]) -> None:
    root = state.root
    (root / "new.md").write_text("新文章\n\n內容。\n", encoding="utf-8")
    for _ in range(3):  # the same events again (editors, duplicates): nothing more to read
        state.apply(state.affected([str(root / "new.md"), str(root / "a.md")]))
    assert [Path(p).name for p in reads] == ["new.md"]
    assert not state.apply([str(root / "new.md")])


def test_a_moved_file_is_a_move(state: LibraryState) -> None:
    root = state.root
    (root / "moved").mkdir()
    shutil.move(root / "a.md", root / "moved" / "a.md")
    changes = state.apply(state.affected([str(root / "a.md"), str(root / "moved")]))
    assert changes.moved == ((str(root / "a.md"), str(root / "moved" / "a.md")),)
    assert changes.summary() == "1 moved"
    assert names(changes.library.articles) == ["a.md", "b.txt"]


def test_a_folder_moved_in_and_out(state: LibraryState, tmp_path: Path) -> None:
    root = state.root
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "x.md").write_text("外來\n\n內容一。\n", encoding="utf-8")
    (outside / "y.txt").write_text("外來二\n\n內容二。\n", encoding="utf-8")
    shutil.move(outside, root / "batch")
    changes = state.apply(state.affected([str(root / "batch")]))
    assert names(changes.added) == ["x.md", "y.txt"]
    shutil.rmtree(root / "sub")
    changes = state.apply(state.affected([str(root / "sub")]))
    assert names(changes.deleted) == ["b.txt"]


def test_unreadable_and_hidden_files(state: LibraryState) -> None:
    root = state.root
    (root / "bad.md").write_bytes(b"\x00\x01\x02" * 50)
    (root / ".hidden" / "d.md").write_text("隱藏\n\n內容。\n", encoding="utf-8")
    changes = state.apply(state.affected([str(root / "bad.md"), str(root / ".hidden" / "d.md"), "/elsewhere/e.md"]))
    assert [Path(s.path).name for s in changes.skipped] == ["bad.md"]
    assert not changes.added
    assert "1 skipped" in changes.summary()


def test_catch_up_finds_what_changed_before_the_watch_began(make_library) -> None:
    root = make_library(FILES)
    library = open_library(root)
    (root / "late.md").write_text("遲到\n\n內容。\n", encoding="utf-8")
    (root / "a.md").unlink()
    changes = LibraryState(library).catch_up()
    assert names(changes.added) == ["late.md"] and names(changes.deleted) == ["a.md"]


def test_a_burst_is_read_in_one_batch_with_progress(state: LibraryState) -> None:
    root = state.root
    for number in range(120):
        (root / "burst" / f"{number:03d}.md").parent.mkdir(exist_ok=True)
        (root / "burst" / f"{number:03d}.md").write_text(f"第{number}篇\n\n內容。\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    changes = state.apply(state.affected([str(root / "burst")]), progress=lambda d, t: seen.append((d, t)))
    assert len(changes.added) == 120
    assert seen[0] == (1, 120) and seen[-1] == (120, 120)


@pytest.mark.parametrize(
    ("old", "offset", "new", "expected"),
    [
        ("甲乙丙丁戊己庚辛壬癸", 4, "前言。甲乙丙丁戊己庚辛壬癸", 7),  # text added above: follows the words
        ("甲乙丙丁戊己庚辛壬癸子丑寅卯", 6, "甲乙丙丁戊己庚辛壬癸子丑寅卯", 6),
        ("一二三四五六七八九十", 5, "完全不同的新內容完全不同的新內容", 8),  # gone: the same share of the way
        ("", 0, "新", 0),
    ],
)
def test_place_in_changed_text(old: str, offset: int, new: str, expected: int) -> None:
    assert place_in_changed_text(old, offset, new) == expected


class Stop:
    def __init__(self) -> None:
        self.flag = threading.Event()

    def is_set(self) -> bool:
        return self.flag.is_set()


def _first_batch(events, stop: Stop, write) -> set[str]:
    found: list[set[str]] = []

    def run() -> None:
        for batch in events:
            found.append(batch)
            stop.flag.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(0.4)  # the watcher is ready
    write()
    thread.join(10)
    stop.flag.set()
    assert found, "no batch of events"
    return found[0]


def test_watchfiles_reports_a_new_file(tmp_path: Path) -> None:
    stop = Stop()
    target = tmp_path / "n.md"
    batch = _first_batch(watch_events(tmp_path, stop), stop, lambda: target.write_text("x", encoding="utf-8"))
    assert str(target) in batch


def test_polling_reports_a_new_file(tmp_path: Path) -> None:
    stop = Stop()
    target = tmp_path / "p.md"
    batch = _first_batch(poll_events(tmp_path, stop, interval=0.1), stop,
                         lambda: target.write_text("x", encoding="utf-8"))
    assert batch == {str(target)}
