"""Atomic file writes: a reader of the file sees the old content or the new, never a torn one."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file in the same dir, fsync, rename, fsync the dir."""
    write_parts_atomic(path, (data,))


def write_parts_atomic(path: Path, parts: Iterable[bytes | memoryview]) -> int:
    """Write the parts one after another, atomically as `write_bytes_atomic` does: the whole
    never sits in memory at once. Returns the size written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    size = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                size += handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return size
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
    return size


def write_json_atomic(path: Path, value: Any) -> None:
    """Serialise `value` as UTF-8 JSON and write it atomically."""
    try:
        data = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
    except UnicodeEncodeError:
        # A file name that is not UTF-8 (kept by Python as lone surrogates): JSON's \u escapes
        # carry it, and read back to the same string.
        data = json.dumps(value, ensure_ascii=True, indent=1, sort_keys=False).encode("ascii")
    write_bytes_atomic(path, data + b"\n")
