"""A library kept in step with its folder while it is open: which files a batch of file-system
events touched, what that changes in the library (added, changed, moved, deleted articles),
and the events themselves, from `watchfiles` or, where the OS gives none, by polling.

Every file is stat'ed before it is read: one whose size and modification time are those last
seen is not read again, so repeated or spurious events cost nothing.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reader.library.article import ARTICLE_SUFFIXES, Article, ArticleError, ArticleInfo, load_article
from reader.library.catalog import Library, Skipped, follows_links, link_out_of, scan_stamps

log = logging.getLogger(__name__)

#: (size, mtime_ns) of a file as last seen.
Stamp = tuple[int, int]
#: progress(done, total) while the files of a batch are read.
Progress = Callable[[int, int], None]
#: Seconds between two looks at the folder when polling.
POLL_SECONDS = 1.0
#: watchfiles: wait this long (ms) for more changes once one is seen, and at most this long
#: (ms) in all before a batch is handed on; a burst of files written at once is one batch.
STEP_MS = 50
DEBOUNCE_MS = 1000


class StopFlag(Protocol):
    def is_set(self) -> bool: ...


def _is_article_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES


def snapshot(root: Path) -> dict[str, Stamp]:
    """(size, mtime_ns) of every article file under `root` (or of `root`, a file), as the
    library lists them (and the search index compares them)."""
    return scan_stamps(root)


def changed_paths(before: dict[str, Stamp], after: dict[str, Stamp]) -> set[str]:
    """The paths added, changed or deleted between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


@dataclass(frozen=True, slots=True)
class LibraryChanges:
    """What a batch of events changed: the library as it is now, and the differences."""

    library: Library
    added: tuple[ArticleInfo, ...] = ()
    changed: tuple[ArticleInfo, ...] = ()
    deleted: tuple[str, ...] = ()
    #: (old path, new path) of articles whose file moved (same text, new place).
    moved: tuple[tuple[str, str], ...] = ()
    #: Files that could not be read (new, or readable before).
    skipped: tuple[Skipped, ...] = ()
    #: The articles read for this batch, by path (the open one can be shown without a read).
    articles: dict[str, Article] = field(default_factory=dict)
    seconds: float = 0.0

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted or self.moved or self.skipped)

    def summary(self) -> str:
        """A short line for the user: "2 new · 1 changed · 1 deleted"."""
        parts = []
        for count, word in ((len(self.added) - len(self.moved), "new"), (len(self.changed), "changed"),
                            (len(self.moved), "moved"), (len(self.deleted) - len(self.moved), "deleted"),
                            (len(self.skipped), "skipped")):
            if count > 0:
                parts.append(f"{count:,} {word}")
        return " · ".join(parts)


def library_changes(before: Library, after: Library, read: dict[str, Article]) -> LibraryChanges:
    """What changed from one listing of a library to a later one (`read`: the articles read
    for the later one, by path), as a batch of events would have said it."""
    old = {info.path: info for info in before.articles}
    new = {info.path: info for info in after.articles}
    added = tuple(info for path, info in new.items() if path not in old)
    changed = tuple(info for path, info in new.items() if path in old and old[path] != info)
    deleted = tuple(path for path in old if path not in new)
    by_fingerprint = {info.fingerprint: info.path for info in added if info.fingerprint}
    moved = tuple((path, by_fingerprint[old[path].fingerprint]) for path in deleted if old[path].fingerprint in by_fingerprint)
    skipped = tuple(skip for skip in after.skipped if skip.path in old)  # an article no longer readable
    return LibraryChanges(library=after, added=added, changed=changed, deleted=deleted, moved=moved, skipped=skipped,
                          articles={path: read[path] for path in read if path in new})


class LibraryState:
    """The library as last seen, with every file's stamp; `apply` brings it up to date with
    the paths a batch of events named."""

    def __init__(self, library: Library, stamps: dict[str, Stamp] | None = None) -> None:
        self.library = library
        self.root = library.root
        #: Stamps of the files the library lists or skipped. Taken now (unless given): a file
        #: changed between listing and this snapshot is caught by `catch_up`.
        self.stamps = snapshot(self.root) if stamps is None else dict(stamps)

    def catch_up(self, progress: Progress | None = None) -> LibraryChanges:
        """Files that appeared or vanished between listing the library and the snapshot."""
        listed = {info.path for info in self.library.articles} | {s.path for s in self.library.skipped}
        on_disk = set(self.stamps)
        missing = on_disk - listed
        for path in missing:
            del self.stamps[path]  # never seen by the library: read it
        return self.apply(missing | (listed - on_disk), progress)

    def affected(self, paths: Iterable[str]) -> set[str]:
        """The article files a batch of event paths may have changed: article files named,
        every article file inside a folder named (moved in), every known file under a folder
        that is gone (moved out or deleted)."""
        out: set[str] = set()
        root = str(self.root)
        for raw in paths:
            path = os.path.normpath(raw)
            if path != root and not path.startswith(root.rstrip(os.sep) + os.sep):
                continue
            relative = os.path.relpath(path, root) if path != root else ""
            if any(part.startswith(".") for part in Path(relative).parts):
                continue  # hidden, as the library has it
            if os.path.isdir(path) and not os.path.islink(path):
                out.update(snapshot(Path(path)))
                prefix = path.rstrip(os.sep) + os.sep
                out.update(p for p in self.stamps if p.startswith(prefix))
            elif _is_article_name(os.path.basename(path)) or path == root:
                out.add(path)
            else:
                prefix = path.rstrip(os.sep) + os.sep
                out.update(p for p in self.stamps if p.startswith(prefix))
        return out

    def apply(self, paths: Iterable[str], progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> LibraryChanges:
        """Bring the library up to date for `paths` (article files, see `affected`): read
        what is new or changed (once), drop what is gone, and say what changed."""
        started = time.perf_counter()
        articles = {info.path: info for info in self.library.articles}
        skipped = {s.path: s for s in self.library.skipped}
        added: list[ArticleInfo] = []
        changed: list[ArticleInfo] = []
        deleted: list[str] = []
        newly_skipped: list[Skipped] = []
        read: dict[str, Article] = {}
        todo: list[tuple[str, Stamp]] = []
        for path in sorted(set(paths)):
            try:
                stat = os.stat(path)
                stamp: Stamp | None = (stat.st_size, stat.st_mtime_ns)
                if not os.path.isfile(path) or (not follows_links() and link_out_of(Path(os.path.realpath(self.root)), path)):
                    stamp = None  # a link out of the library is not followed, as when listing
            except OSError:
                stamp = None
            if stamp is None:
                self.stamps.pop(path, None)
                skipped.pop(path, None)
                if articles.pop(path, None) is not None:
                    deleted.append(path)
                continue
            if self.stamps.get(path) == stamp and (path in articles or path in skipped):
                continue  # seen as it is: not read again
            todo.append((path, stamp))
        for done, (path, stamp) in enumerate(todo, 1):
            if cancelled is not None and cancelled():
                break
            self.stamps[path] = stamp
            known = path in articles or path in skipped
            try:
                article = load_article(path)
            except ArticleError as exc:
                articles.pop(path, None)
                skip = Skipped(path, str(exc))
                skipped[path] = skip
                newly_skipped.append(skip)
            else:
                skipped.pop(path, None)
                articles[path] = article.info
                read[path] = article
                (changed if known else added).append(article.info)
            if progress is not None:
                progress(done, len(todo))
        # A file that vanished while one with the same text appeared: it moved.
        by_fingerprint = {info.fingerprint: info.path for info in added if info.fingerprint}
        old = {info.path: info for info in self.library.articles}
        moved = tuple(
            (path, by_fingerprint[old[path].fingerprint])
            for path in deleted
            if old[path].fingerprint in by_fingerprint
        )
        self.library = _library(self.library, articles.values(), skipped.values())
        return LibraryChanges(
            library=self.library, added=tuple(added), changed=tuple(changed), deleted=tuple(deleted),
            moved=moved, skipped=tuple(newly_skipped), articles=read, seconds=time.perf_counter() - started,
        )


def _library(old: Library, articles: Iterable[ArticleInfo], skipped: Iterable[Skipped]) -> Library:
    """A new Library (the old one is left as it was: the UI may still be showing it)."""
    listed = sorted(articles, key=lambda info: info.path)
    listed.sort(key=lambda info: info.date or "", reverse=True)  # newest first, as open_library
    return Library(root=old.root, articles=listed, skipped=sorted(skipped, key=lambda s: s.path),
                   files_read=old.files_read)


def place_in_changed_text(old: str, offset: int, new: str) -> int:
    """Where the text at `offset` in `old` is in `new` (a file that changed under the reader):
    the nearest occurrence of the text that started there, else the same share of the way in."""
    offset = max(0, min(offset, len(old)))
    for size in (40, 16, 6):
        anchor = old[offset : offset + size]
        if len(anchor.strip()) < min(size, 4):
            continue
        hits: list[int] = []
        at = new.find(anchor)
        while at >= 0 and len(hits) < 50:
            hits.append(at)
            at = new.find(anchor, at + 1)
        if hits:
            return min(hits, key=lambda h: abs(h - offset))
    if not old:
        return 0
    return min(len(new), round(offset / len(old) * len(new)))


def watch_events(root: Path, stop: StopFlag, *, force_polling: bool | None = None) -> Iterator[set[str]]:
    """Batches of paths under `root` that changed, until `stop.is_set()`.

    From `watchfiles` (the OS's file events; it falls back to polling itself where the OS has
    none, and on WSL); if it cannot watch at all, by comparing snapshots every POLL_SECONDS."""
    try:
        import watchfiles
    except ImportError:  # pragma: no cover - a dependency; polling still works without it
        yield from poll_events(root, stop)
        return
    try:
        for changes in watchfiles.watch(
            root, stop_event=stop, debounce=DEBOUNCE_MS, step=STEP_MS, rust_timeout=500,
            yield_on_timeout=False, raise_interrupt=False, force_polling=force_polling,
            watch_filter=None, ignore_permission_denied=True,
        ):
            yield {path for _change, path in changes}
    except (OSError, RuntimeError) as exc:
        if stop.is_set():
            return
        log.warning("watching %s failed (%s); polling instead", root, exc)
        yield from poll_events(root, stop)


def poll_events(root: Path, stop: StopFlag, interval: float = POLL_SECONDS) -> Iterator[set[str]]:
    """Batches of changed paths found by comparing snapshots of the folder."""
    before = snapshot(root)
    while not stop.is_set():
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline:
            if stop.is_set():
                return
            time.sleep(min(0.1, interval))
        after = snapshot(root)
        changed = changed_paths(before, after)
        before = after
        if changed:
            yield changed
