"""Bookmarks: places in articles the user keeps, following their article when its file moves."""

from __future__ import annotations

import bisect
import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from reader import locations
from reader.library.article import Article, ArticleError, ArticleInfo, load_article
from reader.store.tables import JsonStore, StoreProblem, StoreView, Table
from reader.text.links import safe_link

FILE_NAME = "bookmarks.json"
KIND = "bookmarks"
VERSION = 1

#: Quotes longer than this (characters) are trimmed with an ellipsis.
QUOTE_MAX = 48
_SENTENCE_ENDS = "。！？!?；;\n"
_CLOSING_MARKS = "」』”’）)》〉】 \u3000"


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A place in an article. `position` is a character offset into `Article.body`."""

    id: str
    path: str
    fingerprint: str
    title: str
    created: str
    position: int
    paragraph: int
    quote: str
    note: str = ""
    #: The library folder the article was read in, so a moved file can be looked for there.
    library: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bookmark:
        """Raises ValueError/TypeError/KeyError on an entry that is not a bookmark."""
        position = int(data["position"])
        if position < 0:
            raise ValueError("negative position")
        library = data.get("library")
        return cls(
            id=str(data["id"]),
            path=str(data["path"]),
            fingerprint=str(data.get("fingerprint") or ""),
            title=str(data.get("title") or Path(str(data["path"])).stem),
            created=str(data["created"]),
            position=position,
            paragraph=max(0, int(data.get("paragraph") or 0)),
            quote=str(data.get("quote") or ""),
            note=str(data.get("note") or ""),
            library=str(library) if library else None,
        )

    def matches(self, info: ArticleInfo) -> bool:
        """Whether this bookmark belongs to the article `info` (same content or same file)."""
        return bool(self.fingerprint and self.fingerprint == info.fingerprint) or self.path == info.path


@dataclass(frozen=True, slots=True)
class Located:
    """A bookmark and where its article is now.

    `status`: "here" (same file, same text), "moved" (same text at another path), "edited"
    (same file, text changed), "missing" (neither found).
    """

    bookmark: Bookmark
    status: str
    info: ArticleInfo | None = None

    @property
    def missing(self) -> bool:
        return self.status == "missing"


# --- positions and quotes -----------------------------------------------------------------


def now_iso() -> str:
    """The local time with its UTC offset, to the millisecond (so "newest first" and "opened
    last" keep their order within a second)."""
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


def clamp_position(article: Article, position: int) -> int:
    return max(0, min(int(position), max(0, len(article.body) - 1)))


def paragraph_at(article: Article, position: int) -> int:
    """The index of the paragraph that holds `position` (the one before, in a separator)."""
    starts = article.paragraph_starts()
    if not starts:
        return 0
    return max(0, bisect.bisect_right(starts, position) - 1)


def quote_at(article: Article, position: int, limit: int = QUOTE_MAX) -> str:
    """A short quote of the text at `position`: from the start of its sentence, one line."""
    if not article.paragraphs:
        return ""
    position = clamp_position(article, position)
    index = paragraph_at(article, position)
    start = article.paragraph_starts()[index]
    paragraph = article.paragraphs[index]
    inside = max(0, min(position - start, len(paragraph)))
    # Back to the start of the sentence the position falls in.
    sentence_start = max((paragraph.rfind(end, 0, inside) for end in _SENTENCE_ENDS), default=-1) + 1
    # 。」 ends a sentence too: the closing marks belong to the sentence before.
    while sentence_start < inside and paragraph[sentence_start] in _CLOSING_MARKS:
        sentence_start += 1
    text = " ".join(paragraph[sentence_start:].split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def position_in(article: Article, bookmark: Bookmark) -> int:
    """Where `bookmark` points in `article` now.

    The stored offset when the text is unchanged; after an edit, the place where the quote
    is found nearest to the old offset; else the old offset, clamped.
    """
    if not bookmark.fingerprint or bookmark.fingerprint == article.info.fingerprint:
        return clamp_position(article, bookmark.position)
    needle = bookmark.quote.rstrip("…")
    if needle:
        found, start = [], article.body.find(needle)
        while start != -1:
            found.append(start)
            start = article.body.find(needle, start + 1)
        if found:
            return min(found, key=lambda at: abs(at - bookmark.position))
    return clamp_position(article, bookmark.position)


# --- the bookmarks file -------------------------------------------------------------------


_TABLE = Table("bookmarks")


def default_path() -> Path:
    return locations.data_dir() / FILE_NAME


class Bookmarks(StoreView):
    """The user's bookmarks, kept in one JSON file (by default in the user data dir).

    Every change is a small edit applied under the file's lock to what is on disk at that
    moment, so two reader processes never lose each other's bookmarks (see StoreView).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._items: dict[str, Bookmark] = {}
        self._marked: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        self._skipped = 0
        self._skipped_reported = 0
        super().__init__(JsonStore(self.path, KIND, VERSION, check=_TABLE.check))

    # reading

    # The maps are replaced whole, never changed in place, so that a UI thread may read while
    # another thread saves: each reader below takes one snapshot.

    def all(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        items = self._items
        order = {key: index for index, key in enumerate(items)}
        return sorted(items.values(), key=lambda b: (_sort_time(b.created), order[b.id]), reverse=True)

    def get(self, bookmark_id: str) -> Bookmark | None:
        return self._items.get(bookmark_id)

    def is_bookmarked(self, info: ArticleInfo) -> bool:
        """Whether the article has a bookmark (fast: the sidebar asks for every article)."""
        fingerprints, paths = self._marked
        return bool(info.fingerprint and info.fingerprint in fingerprints) or info.path in paths

    def take_problems(self) -> list[StoreProblem]:
        """Problems with the file found since the last call (corrupt file kept aside, ...)."""
        problems = self.store.take_problems()
        if self._skipped and self._skipped != self._skipped_reported:
            count = self._skipped_reported = self._skipped
            problems.append(
                StoreProblem(
                    str(self.path),
                    f"{self.path.name}: {count} damaged bookmark{'s' if count > 1 else ''} ignored (kept in the file)",
                )
            )
        return problems

    def __len__(self) -> int:
        return len(self._items)

    # changing

    def add(self, article: Article, position: int, note: str = "", library: str | Path | None = None) -> Bookmark:
        """Bookmark `article` at `position` (an offset into its body)."""
        bookmark = self._new(article, position, note, library)

        def change(data: dict[str, Any]) -> None:
            _TABLE.of(data)[bookmark.id] = bookmark.to_dict()

        self._change(change)
        return bookmark

    def toggle(
        self, article: Article, position: int, library: str | Path | None = None
    ) -> tuple[Bookmark | None, list[Bookmark]]:
        """Remove the article's bookmarks in the paragraph at `position`, or add one if there
        are none. Returns (the bookmark added or None, the bookmarks removed)."""
        paragraph = paragraph_at(article, clamp_position(article, position))
        candidate = self._new(article, position, "", library)
        outcome: dict[str, Any] = {"added": None, "removed": []}

        def change(data: dict[str, Any]) -> None:
            table = _TABLE.of(data)
            outcome["removed"], outcome["added"] = [], None
            for key, entry in list(table.items()):
                bookmark = _parse(entry)
                if bookmark and bookmark.matches(article.info) and bookmark.paragraph == paragraph:
                    outcome["removed"].append(bookmark)
                    del table[key]
            if not outcome["removed"]:
                table[candidate.id] = candidate.to_dict()
                outcome["added"] = candidate

        self._change(change)
        return outcome["added"], outcome["removed"]

    def remove(self, bookmark_id: str) -> Bookmark | None:
        """Delete a bookmark; returns it (for undo) or None if it was not there."""
        removed = self._items.get(bookmark_id)

        def change(data: dict[str, Any]) -> None:
            _TABLE.of(data).pop(bookmark_id, None)

        self._change(change)
        return removed

    def restore(self, bookmark: Bookmark) -> None:
        """Put back a bookmark that was removed (undo)."""

        def change(data: dict[str, Any]) -> None:
            _TABLE.of(data)[bookmark.id] = bookmark.to_dict()

        self._change(change)

    def set_note(self, bookmark_id: str, note: str) -> Bookmark | None:
        """Change a bookmark's note; returns the changed bookmark or None if it is gone."""
        note = " ".join(note.split())

        def change(data: dict[str, Any]) -> None:
            entry = _TABLE.of(data).get(bookmark_id)
            if isinstance(entry, dict):
                entry["note"] = note

        self._change(change)
        return self._items.get(bookmark_id)

    def locate(self, articles: Iterable[ArticleInfo], *, follow: bool = True) -> list[Located]:
        """Where each bookmark's article is among `articles` (a library's), newest first.

        With `follow`, bookmarks whose article moved are updated to its new path.
        """
        by_path: dict[str, ArticleInfo] = {}
        by_fingerprint: dict[str, ArticleInfo] = {}
        for info in articles:
            by_path[info.path] = info
            if info.fingerprint:
                by_fingerprint.setdefault(info.fingerprint, info)
        located: list[Located] = []
        moves: dict[str, ArticleInfo] = {}
        for bookmark in self.all():
            same_file = by_path.get(bookmark.path)
            if same_file and bookmark.fingerprint in ("", same_file.fingerprint):
                located.append(Located(bookmark, "here", same_file))
            elif bookmark.fingerprint and bookmark.fingerprint in by_fingerprint:
                info = by_fingerprint[bookmark.fingerprint]
                located.append(Located(replace(bookmark, path=info.path, title=info.title), "moved", info))
                moves[bookmark.id] = info
            elif same_file:
                located.append(Located(bookmark, "edited", same_file))
            else:
                located.append(Located(bookmark, "missing"))
        if follow and moves:

            def change(data: dict[str, Any]) -> None:
                table = _TABLE.of(data)
                for key, info in moves.items():
                    entry = table.get(key)
                    if isinstance(entry, dict):
                        entry["path"] = info.path
                        entry["title"] = info.title

            self._change(change)
        return located

    # internals

    def _new(self, article: Article, position: int, note: str, library: str | Path | None) -> Bookmark:
        position = clamp_position(article, position)
        return Bookmark(
            id=secrets.token_hex(6),
            path=article.path,
            fingerprint=article.info.fingerprint,
            title=article.title,
            created=now_iso(),
            position=position,
            paragraph=paragraph_at(article, position),
            quote=quote_at(article, position),
            note=" ".join(note.split()),
            library=str(library) if library else None,
        )

    def _absorb(self, data: dict[str, Any]) -> None:
        items: dict[str, Bookmark] = {}
        skipped = 0
        for key, entry in _TABLE.of(data).items():
            bookmark = _parse(entry)
            if bookmark is None or bookmark.id != key:
                skipped += 1
                continue
            items[key] = bookmark
        self._marked = (
            frozenset(b.fingerprint for b in items.values() if b.fingerprint),
            frozenset(b.path for b in items.values()),
        )
        self._items = items
        self._skipped = skipped


def _parse(entry: Any) -> Bookmark | None:
    if not isinstance(entry, dict):
        return None
    try:
        return Bookmark.from_dict(entry)
    except (KeyError, TypeError, ValueError):
        return None


def _sort_time(created: str) -> float:
    try:
        moment = dt.datetime.fromisoformat(created)
    except ValueError:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


# --- listing and export -------------------------------------------------------------------


def locate_anywhere(bookmarks: Bookmarks, library: str | Path | None = None) -> list[Located]:
    """Locate every bookmark without changing the file: in `library` if given, else in the
    library folders the bookmarks were made in (a moved article is found there); a file still
    at its old path outside any library counts as found."""
    from reader.library import open_library

    roots = [Path(library)] if library else sorted({Path(b.library) for b in bookmarks.all() if b.library})
    articles: list[ArticleInfo] = []
    for root in roots:
        try:
            articles.extend(open_library(root).articles)
        except OSError:
            pass  # a library folder that is gone: its bookmarks may be missing
    known = {info.path for info in articles}
    for bookmark in bookmarks.all():
        if bookmark.path not in known and Path(bookmark.path).is_file():
            try:
                articles.append(load_article(bookmark.path).info)
            except ArticleError:
                pass
            known.add(bookmark.path)
    return bookmarks.locate(articles, follow=False)


def listing(located: Iterable[Located]) -> list[dict[str, Any]]:
    """Bookmarks as plain JSON-ready objects (the `reader bookmarks --json` format)."""
    return [
        {
            "path": item.bookmark.path,
            "title": item.bookmark.title,
            "created": item.bookmark.created,
            "position": item.bookmark.position,
            "quote": item.bookmark.quote,
            "note": item.bookmark.note,
            "missing": item.missing,
        }
        for item in located
    ]


def short_time(created: str) -> str:
    """`2025-11-25 14:03` from an ISO time; the text itself if it is not one."""
    try:
        return dt.datetime.fromisoformat(created).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return created


_MD_SPECIAL = set("\\`*_[]<>|~")


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in " ".join(text.split()))


def article_links(located: Iterable[Located]) -> dict[str, str]:
    """The web link (`url:`) of each located bookmark's article that has a safe one, by path."""
    links: dict[str, str] = {}
    for item in located:
        if item.info is None or item.info.path in links:
            continue
        try:
            link = safe_link(load_article(item.info.path).url)
        except (ArticleError, OSError):
            continue
        if link:
            links[item.info.path] = link
    return links


def _md_url(url: str) -> str:
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def to_markdown(
    located: Iterable[Located], *, exported: str | None = None, links: Mapping[str, str] | None = None
) -> str:
    """A Markdown reading list: one entry per bookmark, newest first; `links` (by article
    path) adds each article's web link beside its file."""
    items = list(located)
    lines = ["# Reading list", ""]
    count = f"{len(items)} bookmark{'' if len(items) == 1 else 's'}"
    lines += [f"{count}, exported {short_time(exported or now_iso())}.", ""]
    for item in items:
        bookmark = item.bookmark
        target = Path(bookmark.path)
        link = f"[{_md(bookmark.title)}](<{target.as_uri() if target.is_absolute() else bookmark.path}>)"
        state = " (missing)" if item.missing else ""
        web = (links or {}).get(item.info.path) if item.info is not None else None
        source = f" · [link]({_md_url(web)})" if web else ""
        lines.append(f"- {link}{state} — {short_time(bookmark.created)}{source}")
        if bookmark.quote:
            lines.append(f"  > {_md(bookmark.quote)}")
        if bookmark.note:
            lines.append("")
            lines.append(f"  {_md(bookmark.note)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
