"""Checking that a search index on disk is what reader wrote: a list of its files with their
sizes, modification times and checksums, written after every update and compared on opening.

whoosh has no checksums of its own: a garbled segment opens and reads without complaint, and
only some postings come out wrong. A damaged, truncated, zeroed or missing file is found here
instead, and the index (a cache) is rebuilt.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from reader.atomic import write_json_atomic

#: The list of files, in the index folder.
CHECKSUMS_FILE = "CHECKSUMS"
_VERSION = 1
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Damage:
    """Why an index on disk is not what was written."""

    reason: str
    #: The files found damaged, missing or changed (empty: the list itself is missing or bad).
    files: tuple[str, ...] = ()

    def involves(self, name: str) -> bool:
        return not self.files or name in self.files


def _checked_names(directory: Path) -> list[str]:
    """The files of an index folder that hold data: not the list itself, whoosh's lock, temp
    files of atomic writes or whoosh's temp folders."""
    names = []
    for entry in os.scandir(directory):
        name = entry.name
        if name == CHECKSUMS_FILE or name.startswith(".") or name.endswith(("_WRITELOCK", ".tmp")):
            continue
        if entry.is_file(follow_symlinks=False):
            names.append(name)
    return sorted(names)


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def _listed(directory: Path) -> dict[str, tuple[int, int, int]]:
    """The list as written: {name: (size, mtime_ns, crc32)}. Raises OSError, ValueError..."""
    listed = json.loads((directory / CHECKSUMS_FILE).read_bytes())
    if listed.get("version") != _VERSION:
        raise ValueError("another version")
    return {str(name): (int(v[0]), int(v[1]), int(v[2])) for name, v in listed["files"].items()}


def record(directory: Path) -> None:
    """Write the list of the index's files as they are now (call after every write). whoosh
    never rewrites a segment: a file listed before with the same size and time keeps its
    checksum, so an update reads only the files it wrote."""
    try:
        before = _listed(directory)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        before = {}
    files = {}
    for name in _checked_names(directory):
        path = directory / name
        stat = path.stat()
        known = before.get(name)
        same = known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns)
        files[name] = [stat.st_size, stat.st_mtime_ns, known[2] if same and known else _crc(path)]
    write_json_atomic(directory / CHECKSUMS_FILE, {"version": _VERSION, "files": files})


def clear_the_way(directory: Path, lock_file: Path) -> None:
    """Make room for the index folder and its lock file: remove a file where the folder
    belongs or a folder where the lock file does (both are reader's own, in its cache dir).
    Raises OSError when the cache dir cannot be written."""
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        directory.unlink()
    if lock_file.is_dir() and not lock_file.is_symlink():
        shutil.rmtree(lock_file)
    directory.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(directory.parent, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "permission denied", str(directory.parent))


def check(directory: Path, *, full: bool = False) -> Damage | None:
    """What is wrong with the index in `directory`, or None when it is as written.

    Quick (the default): every listed file is there with its size and modification time; a
    file whose time changed but not its size is read and its checksum compared. `full` reads
    every file (finds bytes that changed without touching the time: bad disks, bad copies)."""
    try:
        files = _listed(directory)
    except FileNotFoundError:
        return Damage("its list of files is missing")
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return Damage("its list of files is unreadable")
    bad: list[str] = []
    why = ""
    for name, (size, mtime_ns, crc) in files.items():
        path = directory / name
        try:
            stat = path.stat()
            if stat.st_size != size:
                why = why or f"{name} is {stat.st_size:,} bytes, not {size:,}"
            elif (full or stat.st_mtime_ns != mtime_ns) and _crc(path) != crc:
                why = why or f"{name} has changed since it was written"
            else:
                continue
        except FileNotFoundError:
            why = why or f"{name} is missing"
        except OSError as exc:
            why = why or f"{name} cannot be read ({exc.strerror or exc})"
        bad.append(name)
    return Damage(why, tuple(bad)) if bad else None
