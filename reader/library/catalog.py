"""A library: the articles of a folder (or one file), listed through a size+mtime catalog cache."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader import locations
from reader.atomic import write_bytes_atomic
from reader.library.article import ARTICLE_SUFFIXES, Article, ArticleError, ArticleInfo, load_article


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
    #: What the user should hear of (a damaged catalog kept aside), one line each.
    notes: list[str] = field(default_factory=list)

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


#: Marks a path kept as the hex of its bytes (real paths are absolute: they start with "/").
_BYTES_PREFIX = "bytes:"


def path_as_text(path: str) -> str:
    """`path` as text that encodes to UTF-8 (for the word index): itself when it does; a file
    name that is not UTF-8 (lone surrogates in Python) as the hex of its bytes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return _BYTES_PREFIX + os.fsencode(path).hex()
    return path


def path_from_text(text: str) -> str:
    """The path `path_as_text` was given."""
    if text.startswith(_BYTES_PREFIX):
        try:
            return os.fsdecode(bytes.fromhex(text[len(_BYTES_PREFIX) :]))
        except ValueError:
            return text
    return text


#: Set (to anything but "" or "0") to follow symbolic links that lead out of the library;
#: `--follow-links` on the command line sets it.
FOLLOW_LINKS_ENV = "READER_FOLLOW_LINKS"
_NOT_FOLLOWED = "not followed (reader --follow-links reads it)"


def follows_links() -> bool:
    """Whether links out of the library are followed (the user asked for it)."""
    return os.environ.get(FOLLOW_LINKS_ENV, "") not in ("", "0")


def link_out_of(root: Path, path: str) -> bool:
    """Whether `path` is a symbolic link under `root` that leads outside it (or nowhere)."""
    if not os.path.islink(path):
        return False
    try:
        target = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return True
    return not (target == root or root in target.parents)


def iter_article_files(root: Path, errors: list[Skipped] | None = None) -> Iterator[Path]:
    """Article files under `root`, in a stable order; hidden files and folders are passed over.

    Symbolic links that lead out of the library are not followed unless the user asked
    (`follows_links`): a link to /etc/passwd named notes.txt would make it readable and
    searchable. Such links and folders that cannot be read are added to `errors`.
    """
    for path in _article_file_paths(root, errors):
        yield Path(path)


def _article_file_paths(root: Path, errors: list[Skipped] | None = None) -> Iterator[str]:
    """iter_article_files' paths as strings (a Path for each of 10,000 files costs the
    listing a tenth of its time)."""
    if root.is_file():
        yield str(root)
        return
    follow = follows_links()
    seen: set[str] = set()

    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append(Skipped(str(exc.filename or root), f"folder cannot be read: {exc.strerror or exc}"))

    if not follow:
        yield from _unlinked_article_paths(root, str(root), errors, unreadable)
        return
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=True):
        real = os.path.realpath(dirpath)  # a link back up the tree must not loop
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                yield os.path.join(dirpath, name)


def _unlinked_article_paths(root: Path, folder: str, errors: list[Skipped] | None,
                            unreadable: Callable[[OSError], None]) -> Iterator[str]:
    """The article files under `folder` as os.walk without following links finds them (the
    same order and the same skips), from os.scandir's entries: whether a file is a link
    comes with its name, so only links cost a look at the disk (10,000 fewer lstat calls,
    each of which hands the GIL over while the app draws its first screen)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        unreadable(exc)
        return
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # through a link, as os.walk sorts them
        except OSError:
            is_dir = False
        if not is_dir:
            continue
        if entry.is_symlink():  # never walked into; reported when it leads out
            if link_out_of(root, entry.path) and errors is not None:
                errors.append(Skipped(entry.path, f"a link to a folder outside the library; {_NOT_FOLLOWED}"))
        else:
            folders.append(entry.path)
    for entry in entries:
        name = entry.name
        if name.startswith(".") or os.path.splitext(name)[1].lower() not in ARTICLE_SUFFIXES:
            continue
        try:
            if entry.is_dir():
                continue
        except OSError:
            pass
        if entry.is_symlink() and link_out_of(root, entry.path):
            if errors is not None:
                errors.append(Skipped(entry.path, f"a link to a file outside the library; {_NOT_FOLLOWED}"))
            continue
        yield entry.path
    for path in folders:
        yield from _unlinked_article_paths(root, path, errors, unreadable)


def scan_stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every article file under `root` (or of `root`, a file): the same
    files as iter_article_files, found with os.scandir (10,000 files in a few tens of ms).
    The search index and the folder watcher compare these to know what changed."""
    stamps: dict[str, tuple[int, int]] = {}
    if root.is_file() or follows_links():  # following links needs os.walk's loop-safe walk
        for file in iter_article_files(root):
            try:
                stat = file.stat()
            except OSError:
                continue  # a dangling link: as if it were not there
            stamps[str(file)] = (stat.st_size, stat.st_mtime_ns)
        return stamps
    real_root = Path(os.path.realpath(root))
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                    if entry.is_symlink() and link_out_of(real_root, entry.path):
                        continue  # not followed out of the library (iter_article_files says why)
                    stat = entry.stat()
                    stamps[entry.path] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                continue  # vanished or unreadable: as if it were not there
    return stamps


# --- the catalog cache --------------------------------------------------------------------
#
# One file per library folder: fields separated by NUL (no path holds one, and article text
# loses its control characters when it is read), in rows of ROW_FIELDS after a header (the
# format and the folder) and before an end mark. Splitting it is one call in C: 10,000
# articles load in a few ms, where a JSON object per article took tens of ms to parse.

CATALOG_MAGIC = "reader catalog 2"
_END = "end"
_SEP = "\0"
#: Tags and warnings inside one field (a control character: article text never holds one).
_LIST_SEP = "\x1f"
#: kind, path, size, mtime_ns, then title, tags, date, source, chars, fingerprint, warnings
#: for an article ("a"), or the reason and six empty fields for a file skipped ("s").
ROW_FIELDS = 11
_EMPTY_TAIL = ("",) * 6


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """What the catalog remembers of one file: its stamp, and the article or why it was
    skipped (exactly one of `info` and `skipped`)."""

    size: int
    mtime_ns: int
    info: ArticleInfo | None = None
    skipped: str | None = None


class CatalogDamaged(ValueError):
    """The catalog file is not one reader wrote."""


def _parse_catalog(text: str, root: Path) -> dict[str, tuple[list[str], int]]:
    """The catalog's rows by path: (the fields, where the row starts). Raises CatalogDamaged
    for anything but a whole catalog; a catalog of another folder is no catalog at all ({})."""
    fields = text.split(_SEP)
    if len(fields) < 3 or fields[0] != CATALOG_MAGIC:
        raise CatalogDamaged("not a catalog")
    if fields[-1] != _END or (len(fields) - 3) % ROW_FIELDS:
        raise CatalogDamaged("cut short")
    if fields[1] != str(root):
        return {}
    return {fields[start + 1]: (fields, start) for start in range(2, len(fields) - 1, ROW_FIELDS)}


def _row(fields: list[str], start: int) -> CatalogRow:
    """A row of the catalog (ValueError if it is damaged)."""
    kind, path, size, mtime, title, tags, date, source, chars, fingerprint, warnings = fields[start : start + ROW_FIELDS]
    if kind == "s":
        return CatalogRow(int(size), int(mtime), skipped=title)
    if kind != "a":
        raise ValueError(f"unknown row kind {kind!r}")
    info = ArticleInfo(
        path,
        title,
        tuple(tags.split(_LIST_SEP)) if tags else (),
        date or None,
        source or None,
        int(chars),
        fingerprint,
        tuple(warnings.split(_LIST_SEP)) if warnings else (),
    )
    return CatalogRow(int(size), int(mtime), info=info)


def _row_fields(path: str, row: CatalogRow) -> tuple[str, ...] | None:
    """The fields of a row, or None when a value cannot be kept in this format (a separator in
    it, or an empty tag: the file is then read again next time, nothing is lost)."""
    if row.info is None:
        fields: tuple[str, ...] = ("s", path, str(row.size), str(row.mtime_ns), row.skipped or "", *_EMPTY_TAIL)
    else:
        info = row.info
        if any(not item or _LIST_SEP in item for item in (*info.tags, *info.warnings)):
            return None
        fields = (
            "a", path, str(row.size), str(row.mtime_ns), info.title, _LIST_SEP.join(info.tags), info.date or "",
            info.source or "", str(info.chars), info.fingerprint, _LIST_SEP.join(info.warnings),
        )
    return None if any(_SEP in field for field in fields) else fields


def _read_catalog(path: Path, root: Path, *, keep_aside: bool = True) -> tuple[dict[str, tuple[list[str], int]], str | None]:
    """The catalog's rows by path, and what was wrong with it (None: nothing). A damaged file
    is kept aside (`NAME.damaged`, replacing an older one) and the catalog rebuilt."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"the library's catalog cannot be read ({exc.strerror or exc}); listing the folder without it"
    try:
        return _parse_catalog(data.decode("utf-8", "surrogateescape"), root), None
    except CatalogDamaged as exc:
        return {}, _keep_aside(path, str(exc)) if keep_aside else str(exc)


def _keep_aside(path: Path, what: str) -> str:
    aside = path.with_name(path.name + ".damaged")
    try:
        os.replace(path, aside)
    except OSError as exc:
        return f"the library's catalog was damaged ({what}) and could not be moved aside ({exc.strerror or exc}); it is rebuilt"
    return f"the library's catalog was damaged ({what}): kept as {aside.name} in the cache dir, and rebuilt"


def _write_catalog(path: Path, root: Path, rows: dict[str, CatalogRow]) -> None:
    parts = [CATALOG_MAGIC, str(root)]
    for key, row in rows.items():
        fields = _row_fields(key, row)
        if fields is not None and all(map(_encodes, fields)):
            parts.extend(fields)
    parts.append(_END)
    write_bytes_atomic(path, _SEP.join(parts).encode("utf-8", "surrogateescape"))
    try:
        path.with_suffix(".json").unlink()  # the catalog's former format (a JSON object)
    except OSError:
        pass


def write_new_catalog(path: str | Path, rows: Mapping[str, CatalogRow]) -> bool:
    """Give a folder that has no catalog yet one listing `rows` (every article file of the
    folder, as something that read them all found them: `reader index`). A folder that has a
    catalog keeps it (`open_library` checks it against the folder). True when written."""
    root = Path(path).expanduser().resolve()
    catalog_file = locations.catalog_path(root)
    if not root.is_dir() or catalog_file.exists():
        return False
    try:
        _write_catalog(catalog_file, root, dict(rows))
    except OSError:
        return False  # a cache that cannot be written only costs time next start
    return True


def _encodes(text: str) -> bool:
    """Whether `text` is kept as it is: a file name that is not UTF-8 is (as surrogate escapes),
    a lone surrogate no file name makes is not."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def listed_by_catalog(path: str | Path) -> Library | None:
    """The library as its catalog last listed it, without looking at the folder: 10,000
    articles in a few tens of ms, where listing the folder and a stat of every file take
    about a hundred. None when there is no catalog to go by (a new folder, a single file,
    links followed, a damaged catalog: `open_library` reports that). The caller checks it
    against the folder soon after (`open_library`): files may have changed meanwhile."""
    root = Path(path).expanduser().resolve()
    if follows_links() or not root.is_dir():
        return None
    cached, problem = _read_catalog(locations.catalog_path(root), root, keep_aside=False)
    if problem or not cached:
        return None
    library = Library(root=root)
    try:
        for key, (fields, start) in cached.items():
            row = _row(fields, start)
            if row.info is not None:
                library.articles.append(row.info)
            else:
                library.skipped.append(Skipped(key, row.skipped or ""))
    except ValueError:
        return None  # a damaged row: open_library reads that file again
    library.articles.sort(key=lambda info: info.path)
    library.articles.sort(key=lambda info: info.date or "", reverse=True)
    library.skipped.sort(key=lambda skip: skip.path)
    return library


#: on_read(path, (size, mtime_ns), article): told of each article file read while listing.
ArticleRead = Callable[[str, tuple[int, int], Article], None]


#: load_many(paths): each file's article or ArticleError, in the order of `paths`.
LoadMany = Callable[[Sequence[str]], Iterable[Article | ArticleError]]


def _load_each(paths: Sequence[str]) -> Iterator[Article | ArticleError]:
    for path in paths:
        try:
            yield load_article(Path(path))
        except ArticleError as exc:
            yield exc


def open_library(path: str | Path, *, use_cache: bool = True, on_read: ArticleRead | None = None,
                 load_many: LoadMany | None = None) -> Library:
    """Open a folder (recursively) or a single article file.

    Unchanged files (same size and mtime) are answered from the catalog cache without being
    read; new and changed files are read (by `load_many`, default one after another here) and
    the catalog is rewritten. `on_read` gets each article read (the search index then need
    not read it again). A damaged catalog is kept aside and rebuilt, and `Library.notes` says so.
    """
    root = Path(path).expanduser().resolve()
    if not root.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    library = Library(root=root)
    catalog_file = locations.catalog_path(root)
    cached: dict[str, tuple[list[str], int]] = {}
    if use_cache:
        cached, problem = _read_catalog(catalog_file, root)
        if problem:
            library.notes.append(problem)
    rows: dict[str, CatalogRow] = {}
    changed = len(cached) == 0
    # Files to read, each with where its skip (if it is one) goes among the others.
    to_read: list[tuple[str, os.stat_result, int]] = []
    for key in _article_file_paths(root, library.skipped):
        try:
            stat = os.stat(key)
        except OSError as exc:
            library.skipped.append(Skipped(key, exc.strerror or str(exc)))
            continue
        found = cached.get(key)
        if found is not None:
            fields, start = found
            if fields[start + 2] == str(stat.st_size) and fields[start + 3] == str(stat.st_mtime_ns):
                try:
                    row = _row(fields, start)
                except ValueError:
                    pass  # a damaged row: read the file again
                else:
                    if row.info is not None:
                        library.articles.append(row.info)
                    else:
                        library.skipped.append(Skipped(key, row.skipped or ""))
                    rows[key] = row
                    continue
        changed = True
        to_read.append((key, stat, len(library.skipped)))
    unreadable: list[tuple[int, Skipped]] = []
    loaded = (load_many or _load_each)([key for key, _stat, _at in to_read])
    for (key, stat, at), article in zip(to_read, loaded, strict=True):
        library.files_read += 1
        if isinstance(article, ArticleError):
            unreadable.append((at + len(unreadable), Skipped(key, str(article))))
            rows[key] = CatalogRow(stat.st_size, stat.st_mtime_ns, skipped=str(article))
        else:
            library.articles.append(article.info)
            rows[key] = CatalogRow(stat.st_size, stat.st_mtime_ns, info=article.info)
            if on_read is not None:
                on_read(key, (stat.st_size, stat.st_mtime_ns), article)
    for at, skip in unreadable:  # in listing order among the others
        library.skipped.insert(at, skip)
    # Newest first, undated last; by path within a date.
    library.articles.sort(key=lambda info: info.path)
    library.articles.sort(key=lambda info: info.date or "", reverse=True)
    if use_cache and (changed or len(rows) != len(cached)):
        try:
            _write_catalog(catalog_file, root, rows)
        except OSError:
            pass  # a cache that cannot be written only costs time next start
    return library
