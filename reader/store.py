"""Versioned JSON files the user keeps: tolerant loading, corrupt files kept aside, locked
atomic updates so two reader processes never lose each other's writes."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from filelock import FileLock, Timeout

from reader.atomic import write_json_atomic

LOCK_TIMEOUT = 10.0


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

    def __init__(self, path: Path, kind: str, version: int) -> None:
        self.path = Path(path)
        self.kind = kind
        self.version = version
        self.problems: list[StoreProblem] = []
        self._read_only_reason: str | None = None

    @property
    def lock(self) -> FileLock:
        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

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
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return self._set_aside(f"is not valid JSON ({_short(exc)})")
        if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
            return self._set_aside("does not have the expected layout")
        if document.get("format") not in (None, self.kind):
            return self._set_aside(f"holds {document.get('format')!r}, not {self.kind!r}")
        version = document.get("version")
        if not isinstance(version, int):
            return self._set_aside("has no format version")
        if version > self.version:
            self._read_only_reason = (
                f"it was written by a newer reader (format {version}, this one knows {self.version})"
            )
            self._report(f"was written by a newer reader; it is kept as is and not saved over")
            return dict(document["data"])
        return dict(document["data"])

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
                return data
        except Timeout as exc:
            raise StoreError(f"{self.path.name} is locked by another reader; not saved") from exc
        except OSError as exc:
            raise StoreError(f"could not save {self.path.name}: {exc.strerror or exc}") from exc

    def _set_aside(self, why: str) -> dict[str, Any]:
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

    def _report(self, message: str, kept_at: str | None = None) -> None:
        self.problems.append(StoreProblem(str(self.path), f"{self.path.name} {message}", kept_at))


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 80 else text[:77] + "..."
