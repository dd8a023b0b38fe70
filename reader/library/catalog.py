"""A library: the articles of a folder (or one file), listed through a size+mtime catalog cache."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import locations
from reader.atomic import write_json_atomic
from reader.library.article import ARTICLE_SUFFIXES, Article, ArticleError, ArticleInfo, load_article

CATALOG_VERSION = 1


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that looked like an article but could not be read."""

    path: str
    reason: str


@dataclass
class Library:
    """The articles under `root`, newest first, and the files that were skipped."""

    root: Path
    articles: list[ArticleInfo] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: How many files were read (not answered by the catalog) while opening.
    files_read: int = 0

    @property
    def is_single_file(self) -> bool:
        return self.root.is_file()

    def find(self, path: str) -> ArticleInfo | None:
        for info in self.articles:
            if info.path == path:
                return info
        return None

    def load(self, info_or_path: ArticleInfo | str) -> Article:
        """Load an article's full text. Raises ArticleError if it became unreadable."""
        path = info_or_path.path if isinstance(info_or_path, ArticleInfo) else info_or_path
        return load_article(path)

    def relative(self, path: str) -> str:
        """`path` relative to the library folder, for display."""
        base = self.root.parent if self.is_single_file else self.root
        try:
            return str(Path(path).relative_to(base))
        except ValueError:
            return path


def iter_article_files(root: Path) -> Iterator[Path]:
    """Article files under `root`, in a stable order; hidden files and folders are passed over."""
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                yield Path(dirpath) / name


def _read_catalog(path: Path, root: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # a missing or corrupt cache is simply rebuilt
    if not isinstance(data, dict) or data.get("version") != CATALOG_VERSION:
        return {}
    if data.get("root") != str(root):
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


#: on_read(path, (size, mtime_ns), article): told of each article file read while listing.
ArticleRead = Callable[[str, tuple[int, int], Article], None]


def open_library(path: str | Path, *, use_cache: bool = True, on_read: ArticleRead | None = None) -> Library:
    """Open a folder (recursively) or a single article file.

    Unchanged files (same size and mtime) are answered from the catalog cache without being
    read; new and changed files are read and the catalog is rewritten. `on_read` gets each
    article read (the search index then need not read it again).
    """
    root = Path(path).expanduser().resolve()
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    library = Library(root=root)
    catalog_file = locations.catalog_path(root)
    cached = _read_catalog(catalog_file, root) if use_cache else {}
    entries: dict[str, dict[str, Any]] = {}
    for file in iter_article_files(root):
        key = str(file)
        try:
            stat = file.stat()
        except OSError as exc:
            library.skipped.append(Skipped(key, exc.strerror or str(exc)))
            continue
        entry = cached.get(key)
        if entry and entry.get("size") == stat.st_size and entry.get("mtime_ns") == stat.st_mtime_ns:
            try:
                if "skipped" in entry:
                    library.skipped.append(Skipped(key, str(entry["skipped"])))
                else:
                    library.articles.append(ArticleInfo.from_dict(entry["info"]))
                entries[key] = entry
                continue
            except (KeyError, TypeError, ValueError):
                pass  # a damaged entry: read the file again
        library.files_read += 1
        entry = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        try:
            article = load_article(file)
        except ArticleError as exc:
            library.skipped.append(Skipped(key, str(exc)))
            entry["skipped"] = str(exc)
        else:
            library.articles.append(article.info)
            entry["info"] = article.info.to_dict()
            if on_read is not None:
                on_read(key, (stat.st_size, stat.st_mtime_ns), article)
        entries[key] = entry
    # Newest first, undated last; by path within a date.
    library.articles.sort(key=lambda info: info.path)
    library.articles.sort(key=lambda info: info.date or "", reverse=True)
    if use_cache and entries != cached:
        try:
            write_json_atomic(
                catalog_file, {"version": CATALOG_VERSION, "root": str(root), "entries": entries}
            )
        except OSError:
            pass  # a cache that cannot be written only costs time next start
    return library
