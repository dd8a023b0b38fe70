"""Versioned JSON files the user keeps: tolerant loading, corrupt files kept aside, locked
atomic updates so two reader processes never lose each other's writes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from reader.atomic import write_json_atomic

LOCK_TIMEOUT = 10.0
#: Temp files of a save that was killed before its rename are removed when this old (seconds).
STALE_TEMP_AGE = 60.0


class StoreError(Exception):
    """Saving failed; the message says why in words a user understands."""


@dataclass(frozen=True, slots=True)
class StoreProblem:
    """Something wrong with a file that was found while loading it."""

    path: str
    message: str
    kept_at: str | None = None


class JsonStore:
    """One JSON file `{"format": kind, "version": n, "data": {...}}`.

    - Missing file: empty data.
    - Corrupt file (not JSON, wrong shape): moved aside as `NAME.corrupt-YYYYmmdd-HHMMSS`,
      reported in `problems`, and the store starts empty.
    - A file from a newer format version: left untouched, reported, and the store refuses to
      save over it.
    """

    def __init__(
        self,
        path: Path,
        kind: str,
        version: int,
        *,
        check: Callable[[dict[str, Any]], str | None] | None = None,
    ) -> None:
        """`check(data)` may return why loaded data has the wrong layout (the file is then
        treated as corrupt) or None when it is fine."""
        self.path = Path(path)
        self.kind = kind
        self.version = version
        self.problems: list[StoreProblem] = []
        self._read_only_reason: str | None = None
        self._check = check
        self._lock: FileLock | None = None
        self._reported: set[str] = set()

    @property
    def lock(self) -> FileLock:
        # One lock object per store: re-entrant in its thread (load() may take it inside
        # update()), exclusive across threads and processes.
        if self._lock is None:
            self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)
        return self._lock

    def take_problems(self) -> list[StoreProblem]:
        """The problems found so far, each returned once."""
        problems, self.problems = self.problems, []
        return problems

    def load(self) -> dict[str, Any]:
        """The stored data, never raising; problems are recorded in `problems`."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self._report(f"cannot be read ({exc.strerror or exc}); starting empty")
            self._read_only_reason = "the file could not be read"
            return {}
        data, why = self._parse(raw)
        if why is not None:
            return self._set_aside(raw, why)
        return data

    def _parse(self, raw: bytes) -> tuple[dict[str, Any], str | None]:
        """(data, None) for a good file, or ({}, why it is corrupt)."""
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return {}, f"is not valid JSON ({_short(exc)})"
        except RecursionError:
            # json recurses once per nesting level; reader never writes more than a few.
            return {}, "is nested too deeply to be reader's JSON"
        if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
            return {}, "does not have the expected layout"
        if document.get("format") not in (None, self.kind):
            return {}, f"holds {document.get('format')!r}, not {self.kind!r}"
        version = document.get("version")
        if not isinstance(version, int):
            return {}, "has no format version"
        if version > self.version:
            self._read_only_reason = (
                f"it was written by a newer reader (format {version}, this one knows {self.version})"
            )
            self._report("was written by a newer reader; it is kept as is and not saved over")
            return dict(document["data"]), None
        data = dict(document["data"])
        if self._check is not None:
            why = self._check(data)
            if why:
                return {}, why
        return data, None

    def save(self, data: dict[str, Any]) -> None:
        """Write `data` atomically. Raises StoreError with a readable reason on failure."""
        if self._read_only_reason:
            raise StoreError(f"not saved: {self._read_only_reason}")
        try:
            write_json_atomic(self.path, {"format": self.kind, "version": self.version, "data": data})
        except OSError as exc:
            raise StoreError(f"could not save {self.path.name}: {exc.strerror or exc}") from exc

    def update(self, change: Callable[[dict[str, Any]], dict[str, Any] | None]) -> dict[str, Any]:
        """Lock, re-read the file, apply `change` to its data, save; return the new data.

        Re-reading under the lock is what keeps another process's writes: `change` applies
        this process's edit to whatever is on disk now.
        """
        try:
            with self.lock:
                data = self.load()
                changed = change(data)
                data = data if changed is None else changed
                self.save(data)
                self._sweep_stale_temp_files()
                return data
        except Timeout as exc:
            raise StoreError(f"{self.path.name} is locked by another reader; not saved") from exc
        except OSError as exc:
            raise StoreError(f"could not save {self.path.name}: {exc.strerror or exc}") from exc

    def _set_aside(self, raw: bytes, why: str) -> dict[str, Any]:
        """Move a corrupt file aside, under the lock, unless another process has already
        replaced it (then its new content is what counts)."""
        try:
            with self.lock:
                try:
                    current = self.path.read_bytes()
                except FileNotFoundError:
                    return {}  # another process moved it aside
                if current != raw:
                    data, why_now = self._parse(current)
                    if why_now is None:
                        return data
                    why = why_now
                return self._move_aside(why)
        except Timeout:
            self._read_only_reason = "the damaged file is locked by another reader"
            self._report(f"{why}; another reader holds it locked, so nothing will be saved over it")
            return {}
        except OSError:
            # No lock file can be made (read-only dir): try the move all the same.
            return self._move_aside(why)

    def _move_aside(self, why: str) -> dict[str, Any]:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            self._read_only_reason = f"the damaged file could not be moved aside ({exc.strerror})"
            self._report(f"{why}; it could not be moved aside, so nothing will be saved over it")
            return {}
        self._report(f"{why}; kept as {target.name}, starting empty", kept_at=str(target))
        return {}

    def _sweep_stale_temp_files(self) -> None:
        """Remove temp files left by saves that were killed before their rename."""
        now = time.time()
        try:
            candidates = list(self.path.parent.glob(f".{self.path.name}.*.tmp"))
        except OSError:
            return
        for temp in candidates:
            try:
                if now - temp.stat().st_mtime > STALE_TEMP_AGE:
                    temp.unlink()
            except OSError:
                pass

    def _report(self, message: str, kept_at: str | None = None) -> None:
        if message in self._reported:
            return  # the same trouble found again on the next load
        self._reported.add(message)
        self.problems.append(StoreProblem(str(self.path), f"{self.path.name} {message}", kept_at))


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 80 else text[:77] + "..."


class Table:
    """A store layout whose data keeps one table of entries (a JSON object) under `name`."""

    def __init__(self, name: str) -> None:
        self.name = name

    def check(self, data: dict[str, Any]) -> str | None:
        """For JsonStore's `check`: why `data` does not have the table, or None."""
        if not isinstance(data.get(self.name, {}), dict):
            return f"has no table of {self.name}"
        return None

    def of(self, data: dict[str, Any]) -> dict[str, Any]:
        """The table in `data`, created empty when missing."""
        table: dict[str, Any] = data.setdefault(self.name, {})
        return table


class StoreView:
    """What a JsonStore holds, read into memory, and changed only through the store.

    A change is an edit applied under the file's lock to what is on disk at that moment (so two
    reader processes merge). Reading never raises; a change that cannot be saved raises
    StoreError and is still kept in memory for this session. Subclasses build their views of
    the data in `_absorb`.
    """

    def __init__(self, store: JsonStore) -> None:
        self.store = store
        self._raw: dict[str, Any] = {}
        self.reload()

    def reload(self) -> None:
        """Read the file again (another process may have changed it)."""
        self._take(self.store.load())

    def _change(self, change: Callable[[dict[str, Any]], None]) -> None:
        try:
            data = self.store.update(change)
        except StoreError:
            # Keep the change for this session; the caller tells the user it was not saved.
            change(self._raw)
            self._take(self._raw)
            raise
        self._take(data)

    def _take(self, data: dict[str, Any]) -> None:
        self._raw = data
        self._absorb(data)

    def _absorb(self, data: dict[str, Any]) -> None:
        raise NotImplementedError
