"""JsonStore: round trip, versions, corrupt files kept aside, concurrent and killed writers."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from reader.store import tables as store_module
from reader.store.tables import JsonStore, StoreError


def make(path: Path, **kwargs) -> JsonStore:
    return JsonStore(path, "notes", 1, **kwargs)


def test_round_trip_keeps_chinese_text_and_format_version(tmp_path):
    path = tmp_path / "notes.json"
    make(path).save({"標題": "台積電", "n": [1, 2]})
    document = json.loads(path.read_text("utf-8"))
    assert document == {"format": "notes", "version": 1, "data": {"標題": "台積電", "n": [1, 2]}}
    assert "台積電" in path.read_text("utf-8")  # readable, not \u escapes
    assert make(path).load() == {"標題": "台積電", "n": [1, 2]}


def test_a_path_that_is_not_utf8_round_trips(tmp_path):
    """A bookmark or reading position of a file whose name is not UTF-8 (Python keeps its
    bytes as lone surrogates) is saved and read back exactly."""
    path = tmp_path / "notes.json"
    name = os.fsdecode(b"/library/\xff\xfe.txt")
    make(path).update(lambda data: data.update({name: "台積電"}))
    assert make(path).load() == {name: "台積電"}


def test_missing_file_is_empty_without_problems(tmp_path):
    store = make(tmp_path / "none.json")
    assert store.load() == {}
    assert store.problems == []


@pytest.mark.parametrize(
    "content",
    [
        b"{not json", b"\xff\xfe garbage", b"[]", b'{"format": "notes", "version": 1}', b'{"data": {}}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": "notes", "version": 1, "data": {"items": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}",
    ],
    ids=["syntax", "not-utf8", "list", "no-data", "no-version", "nested", "nested-data"],
)
def test_corrupt_file_is_kept_aside_and_reported(tmp_path, content):
    path = tmp_path / "notes.json"
    path.write_bytes(content)
    store = make(path)
    assert store.load() == {}
    kept = list(tmp_path.glob("notes.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    [problem] = store.take_problems()
    assert problem.kept_at == str(kept[0]) and "starting empty" in problem.message
    assert store.take_problems() == []
    store.update(lambda data: data.update(fresh=True))
    assert make(path).load() == {"fresh": True}
    assert kept[0].read_bytes() == content  # never overwritten


def test_two_corrupt_files_in_a_row_are_both_kept(tmp_path):
    path = tmp_path / "notes.json"
    for content in (b"{one", b"{two"):
        path.write_bytes(content)
        make(path).load()
    assert sorted(p.read_bytes() for p in tmp_path.glob("notes.json.corrupt-*")) == [b"{one", b"{two"]


def test_layout_check_treats_a_wrong_shape_as_corrupt(tmp_path):
    path = tmp_path / "notes.json"
    make(path).save({"items": [1, 2]})
    check = lambda data: None if isinstance(data.get("items", {}), dict) else "has no table"
    store = make(path, check=check)
    assert store.load() == {}
    assert "has no table" in store.take_problems()[0].message
    assert len(list(tmp_path.glob("notes.json.corrupt-*"))) == 1


def test_newer_version_is_read_but_never_overwritten(tmp_path):
    path = tmp_path / "notes.json"
    newer = {"format": "notes", "version": 7, "data": {"kept": 1}}
    path.write_text(json.dumps(newer), "utf-8")
    before = path.read_bytes()
    store = make(path)
    assert store.load() == {"kept": 1}
    assert "newer reader" in store.take_problems()[0].message
    with pytest.raises(StoreError, match="newer reader"):
        store.update(lambda data: data.update(x=1))
    with pytest.raises(StoreError):
        store.save({})
    assert path.read_bytes() == before
    assert store.take_problems() == []  # reported once, not at every load


def test_a_file_of_another_kind_is_set_aside(tmp_path):
    path = tmp_path / "notes.json"
    JsonStore(path, "preferences", 1).save({"theme": "dark"})
    assert make(path).load() == {}
    assert len(list(tmp_path.glob("notes.json.corrupt-*"))) == 1


def test_a_full_disk_raises_a_readable_store_error_and_reading_still_works(tmp_path, monkeypatch):
    path = tmp_path / "notes.json"
    make(path).save({"a": 1})

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "write_json_atomic", full)
    store = make(path)
    with pytest.raises(StoreError, match="could not save notes.json: No space left on device"):
        store.update(lambda data: data.update(b=2))
    assert store.load() == {"a": 1}


def test_a_data_dir_that_is_a_file_raises_store_error(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    store = make(blocker / "notes.json")
    assert store.load() == {}
    with pytest.raises(StoreError, match="notes.json"):
        store.update(lambda data: data.update(a=1))


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_data_dir_reads_and_refuses_to_save(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    make(folder / "notes.json").save({"a": 1})
    folder.chmod(0o500)
    try:
        store = make(folder / "notes.json")
        assert store.load() == {"a": 1}
        with pytest.raises(StoreError):
            store.update(lambda data: data.update(b=2))
    finally:
        folder.chmod(0o700)


def test_a_lock_held_too_long_gives_a_store_error(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    path = tmp_path / "notes.json"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with FileLock(str(path) + ".lock"):
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(5)
        with pytest.raises(StoreError, match="locked by another reader"):
            make(path).update(lambda data: data.update(a=1))
    finally:
        release.set()
        holder.join()
    make(path).update(lambda data: data.update(a=1))
    assert make(path).load() == {"a": 1}


def test_a_corrupt_file_already_replaced_by_another_process_is_not_moved(tmp_path):
    path = tmp_path / "notes.json"
    path.write_bytes(b"{torn")
    late = make(path)  # saw the damaged bytes, then another process got there first:
    first = make(path)
    assert first.load() == {}
    first.update(lambda data: data.update(new=1))
    assert late._set_aside(b"{torn", "is not valid JSON") == {"new": 1}
    assert make(path).load() == {"new": 1}
    assert len(list(tmp_path.glob("notes.json.corrupt-*"))) == 1


def test_stale_temp_files_of_killed_saves_are_swept(tmp_path):
    path = tmp_path / "notes.json"
    stale = tmp_path / ".notes.json.abc123.tmp"
    fresh = tmp_path / ".notes.json.def456.tmp"
    stale.write_text("{half")
    fresh.write_text("{half")
    old = time.time() - store_module.STALE_TEMP_AGE - 5
    os.utime(stale, (old, old))
    make(path).update(lambda data: data.update(a=1))
    assert not stale.exists() and fresh.exists()


# --- two processes -----------------------------------------------------------------------


def _add_keys(path: str, prefix: str, count: int, start: multiprocessing.synchronize.Event) -> None:
    start.wait(10)
    store = JsonStore(Path(path), "notes", 1)
    for index in range(count):
        store.update(lambda data: data.setdefault("items", {}).update({f"{prefix}{index}": index}))


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "notes.json"
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    count = 40
    workers = [context.Process(target=_add_keys, args=(str(path), p, count, start)) for p in "ab"]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    items = make(path).load()["items"]
    assert len(items) == 2 * count
    assert {f"a{i}" for i in range(count)} | {f"b{i}" for i in range(count)} == set(items)


_KILLED_WRITER = """
import sys
from pathlib import Path
from reader.store.tables import JsonStore
store = JsonStore(Path(sys.argv[1]), "notes", 1)
filler = "字" * 200_000
print("ready", flush=True)
n = 0
while True:
    n += 1
    store.update(lambda data: data.update(n=n, filler=filler))
"""


def test_a_writer_killed_mid_save_leaves_old_or_new_valid_json(tmp_path):
    path = tmp_path / "notes.json"
    make(path).save({"n": 0, "filler": ""})
    rng = random.Random(6)
    seen: list[int] = []
    deadline = time.monotonic() + 6
    kills = 0
    while kills < 25 and time.monotonic() < deadline:
        writer = subprocess.Popen(
            [sys.executable, "-c", _KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.06))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        kills += 1
        document = json.loads(path.read_text("utf-8"))  # never torn
        assert document["format"] == "notes" and document["version"] == 1
        assert isinstance(document["data"]["n"], int)
        seen.append(document["data"]["n"])
    assert kills >= 10
    assert any(n > 0 for n in seen)  # the writer did get saves done between kills
    # The lock died with its holder: the next writer gets in at once.
    started = time.monotonic()
    make(path).update(lambda data: data.update(after=True))
    assert time.monotonic() - started < 1
    assert make(path).load()["after"] is True


def test_a_read_only_file_system_reads_and_refuses_to_save(tmp_path, monkeypatch):
    # Runs as root too (where chmod does not stop writes): the file system itself says no.
    import errno

    import reader.atomic

    make(tmp_path / "notes.json").save({"a": 1})

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(reader.atomic.tempfile, "mkstemp", refuse)
    store = make(tmp_path / "notes.json")
    assert store.load() == {"a": 1}
    with pytest.raises(StoreError, match="Read-only file system"):
        store.update(lambda data: data.update(b=2))
    assert store.load() == {"a": 1}
