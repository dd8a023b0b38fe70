"""Reading state: where each article was left, whether it was read, when it was last opened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reader import locations
from reader.library.article import ArticleInfo
from reader.store.bookmarks import now_iso
from reader.store.tables import JsonStore, StoreProblem, StoreView, Table

FILE_NAME = "reading.json"
KIND = "reading-state"
VERSION = 1

#: Articles remembered at most; the ones opened longest ago are forgotten first.
MAX_ARTICLES = 5000


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one article was read. `position` is a character offset into `Article.body`."""

    path: str
    fingerprint: str = ""
    position: int = 0
    read: bool = False
    opened: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Progress:
        opened = data.get("opened")
        return cls(
            path=str(data["path"]),
            fingerprint=str(data.get("fingerprint") or ""),
            position=max(0, int(data.get("position") or 0)),
            read=bool(data.get("read", False)),
            opened=str(opened) if opened else None,
        )


def _key(info: ArticleInfo) -> str:
    # The text identifies an article across renames; a file without one is known by its path.
    return info.fingerprint or f"path:{info.path}"


_TABLE = Table("articles")


def default_path() -> Path:
    return locations.state_dir() / FILE_NAME


class ReadingState(StoreView):
    """Reading positions and read/unread flags of every article opened, in one JSON file.

    Like Bookmarks: each change is applied under the file's lock to what is on disk, so two
    reader processes merge (see StoreView).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._items: dict[str, Progress] = {}
        self._by_path: dict[str, str] = {}
        super().__init__(JsonStore(self.path, KIND, VERSION, check=_TABLE.check))

    # reading

    def get(self, info: ArticleInfo) -> Progress:
        """What is known of `info`; an article never opened is at 0 and unread.

        An article whose text changed (same file, new fingerprint) keeps its read flag and
        position (the caller clamps it to the new text).
        """
        found = self._find(info)
        return found[1] if found else Progress(path=info.path, fingerprint=info.fingerprint)

    def is_read(self, info: ArticleInfo) -> bool:
        found = self._find(info)  # no Progress made for one never opened: the list asks of 10,000
        return found is not None and found[1].read

    def last_opened(self) -> Progress | None:
        """The article opened most recently, if any."""
        opened = [p for p in self._items.values() if p.opened]
        return max(opened, key=lambda p: p.opened or "", default=None)

    def take_problems(self) -> list[StoreProblem]:
        return self.store.take_problems()

    # changing

    def opened(self, info: ArticleInfo) -> Progress:
        """Record that `info` was opened now."""
        return self._edit(info, lambda entry: entry.update(opened=now_iso()))

    def set_position(self, info: ArticleInfo, position: int) -> Progress:
        return self._edit(info, lambda entry: entry.update(position=max(0, int(position))))

    def set_read(self, info: ArticleInfo, read: bool = True) -> Progress:
        return self._edit(info, lambda entry: entry.update(read=bool(read)))

    def toggle_read(self, info: ArticleInfo) -> bool:
        """Flip read/unread; returns the new state."""
        read = not self.is_read(info)
        self.set_read(info, read)
        return read

    # internals

    def _find(self, info: ArticleInfo) -> tuple[str, Progress] | None:
        # One snapshot of the maps: another thread may replace them while saving.
        items, by_path = self._items, self._by_path
        key = _key(info)
        if key in items:
            return key, items[key]
        old_key = by_path.get(info.path)
        if old_key is not None and old_key in items:
            return old_key, items[old_key]
        return None

    def _edit(self, info: ArticleInfo, edit: Callable[[dict[str, Any]], None]) -> Progress:
        key = _key(info)

        def change(data: dict[str, Any]) -> None:
            table = _TABLE.of(data)
            entry = table.get(key)
            if not isinstance(entry, dict):
                # An edited file carries on from what was stored under its older text.
                entry = _entry_for_path(table, info.path) or {}
            entry = {**Progress(path=info.path).to_dict(), **entry}
            entry.update(path=info.path, fingerprint=info.fingerprint)
            edit(entry)
            table[key] = entry
            _forget_oldest(table)

        self._change(change)
        return self._items.get(key) or Progress(path=info.path, fingerprint=info.fingerprint)

    def _absorb(self, data: dict[str, Any]) -> None:
        items: dict[str, Progress] = {}
        by_path: dict[str, str] = {}
        for key, entry in _TABLE.of(data).items():
            if not isinstance(entry, dict):
                continue
            try:
                progress = Progress.from_dict(entry)
            except (KeyError, TypeError, ValueError):
                continue
            items[key] = progress
            known = by_path.get(progress.path)
            if known is None or (progress.opened or "") > (items[known].opened or ""):
                by_path[progress.path] = key
        self._items, self._by_path = items, by_path


def _entry_for_path(table: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The entry stored last opened for the file at `path`, if any."""
    entries: list[dict[str, Any]] = [v for v in table.values() if isinstance(v, dict) and v.get("path") == path]
    if not entries:
        return None
    newest = max(entries, key=lambda v: str(v.get("opened") or ""))
    return dict(newest)


def _forget_oldest(table: dict[str, Any]) -> None:
    excess = len(table) - MAX_ARTICLES
    if excess <= 0:
        return
    by_age = sorted(table, key=lambda k: str(table[k].get("opened") or "") if isinstance(table[k], dict) else "")
    for key in by_age[:excess]:
        del table[key]
