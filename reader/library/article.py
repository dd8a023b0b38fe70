"""One article: parsing a file's text into title, metadata, paragraphs and trailing #tags."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.text import sanitize
from reader.text.decode import UndecodableError, decode_bytes

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})

#: Titles longer than this are trimmed with an ellipsis.
TITLE_MAX = 32
#: A first line at most this long, not ending like a sentence, is taken for a headline.
HEADLINE_MAX = 40

PARAGRAPH_SEPARATOR = "\n\n"


class ArticleError(Exception):
    """An article file that cannot be shown; the message says why."""


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the sidebar and the catalog know of an article without reading its body."""

    path: str
    title: str
    tags: tuple[str, ...] = ()
    date: str | None = None
    source: str | None = None
    chars: int = 0
    fingerprint: str = ""
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "tags": list(self.tags),
            "date": self.date,
            "source": self.source,
            "chars": self.chars,
            "fingerprint": self.fingerprint,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleInfo:
        return cls(
            path=str(data["path"]),
            title=str(data["title"]),
            tags=tuple(str(tag) for tag in data.get("tags") or ()),
            date=data.get("date"),
            source=data.get("source"),
            chars=int(data.get("chars") or 0),
            fingerprint=str(data.get("fingerprint") or ""),
            warnings=tuple(str(w) for w in data.get("warnings") or ()),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """A loaded article. `body` is the paragraphs joined by a blank line; every character
    offset in reader (search hits, entities, bookmarks) indexes `body`."""

    info: ArticleInfo
    paragraphs: tuple[str, ...]
    url: str | None = None
    encoding: str = "utf-8"
    body: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", PARAGRAPH_SEPARATOR.join(self.paragraphs))

    @property
    def path(self) -> str:
        return self.info.path

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def tags(self) -> tuple[str, ...]:
        return self.info.tags

    def paragraph_starts(self) -> list[int]:
        """The offset in `body` at which each paragraph starts."""
        return paragraph_starts(self.paragraphs)


def paragraph_starts(paragraphs: Sequence[str]) -> list[int]:
    """Where each paragraph starts in the paragraphs joined by PARAGRAPH_SEPARATOR."""
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return starts


# --- front matter -----------------------------------------------------------------------

_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from front matter's date, or None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return None
    match = _DATE_RE.search(str(value))
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _clean_tag(tag: Any) -> str:
    return sanitize(str(tag)).strip().lstrip("#").strip()


def _meta_tags(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,，、;；\s]+", str(value))
    return [tag for tag in (_clean_tag(item) for item in items) if tag]


def _meta_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(sanitize(str(value)).split())
    return text or None


# --- body ---------------------------------------------------------------------------------

# A #tag at the very end of the text, preceded by whitespace, the start, or closing punctuation
# (so `C#` and a Markdown `# heading` are not tags).
_TRAILING_TAG_RE = re.compile(r"(?:(?<=^)|(?<=[\s。！？!?」』）)]))#([^\s#]+)[ \t\u3000]*\Z")
_HEADING_RE = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")
_SENTENCE_END = "。！？!?」』：:…；;）)"
# Text pasted from the web: paragraphs joined by spaces after a sentence end.
_JOINED_PARAGRAPH_RE = re.compile(r"(?<=[。！？!?」』])[ \t\u3000]+(?=\S)")
_BLANK_LINE_RE = re.compile(r"\n[ \t\u3000]*\n")
_HAS_SPACE_RE = re.compile(r"[ \t\u3000]")
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•·]|\d+[.、)]|[（(]\d+[)）])\s")
_CLAUSE_END_RE = re.compile(r"[，。！？；：,.!?;:]")


def _strip_trailing_tags(text: str) -> tuple[str, list[str]]:
    tags: list[str] = []
    text = text.rstrip()
    while True:
        # A trailing tag starts at the last "#": searching from the start took 0.7 s on 8 MB
        # (and a text without one was searched through all the same: a tenth of parsing it).
        last = text.rfind("#")
        match = _TRAILING_TAG_RE.search(text, last) if last >= 0 else None
        if not match:
            break
        tags.append(match.group(1))
        text = text[: match.start()].rstrip()
    tags.reverse()
    return text, tags


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _join_lines(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if out and line and not (_is_cjk(out[-1]) or _is_cjk(line[0])):
            out += " " + line
        else:
            out += line
    return out


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of an article body.

    Blank lines separate paragraphs. Inside a block, a line ending a sentence ends its
    paragraph and other lines are joined (hard-wrapped text). A paragraph that joins several
    with spaces after 。 (text pasted from the web) is split at those spaces.
    """
    paragraphs: list[str] = []
    for block in _BLANK_LINE_RE.split(text):
        pending: list[str] = []
        for raw in block.split("\n"):
            line = raw.strip(" \t\u3000")
            if not line:
                continue
            heading = _HEADING_RE.match(line) if line[0] == "#" else None
            if heading:
                line = heading.group(1)
            if pending and (heading or _LIST_ITEM_RE.match(raw)):
                paragraphs.append(_join_lines(pending))
                pending = []
            pending.append(line)
            if heading or line[-1] in _SENTENCE_END:
                paragraphs.append(_join_lines(pending))
                pending = []
        if pending:
            paragraphs.append(_join_lines(pending))
    result: list[str] = []
    for paragraph in paragraphs:
        # Only a paragraph with spaces in it can be split (most have none: no regex for them).
        parts = _JOINED_PARAGRAPH_RE.split(paragraph) if _HAS_SPACE_RE.search(paragraph) else None
        if parts is None or len(parts) == 1:
            if stripped := paragraph.strip():
                result.append(stripped)
        else:
            result.extend(part.strip() for part in parts if part.strip())
    return result


def _trim_title(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_MAX:
        return text
    return text[: TITLE_MAX - 1].rstrip() + "…"


def opening_clause(text: str) -> str:
    """The opening clause of `text`, trimmed to a readable title."""
    match = _CLAUSE_END_RE.search(text)
    clause = text[: match.start()] if match and match.start() >= 4 else text
    return _trim_title(clause)


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line) <= HEADLINE_MAX and line[-1] not in "。，,；;：:"


def fingerprint(body: str) -> str:
    """A content identity for an article, independent of its path."""
    return hashlib.sha1(" ".join(body.split()).encode("utf-8")).hexdigest()[:20]


def parse_article(path: str | Path, text: str, encoding: str = "utf-8") -> Article:
    """Build an Article from decoded text. Raises ArticleError when nothing readable is left."""
    # YAML is imported with the first article read: a search that reads none never needs it.
    from reader.library.front_matter import split_front_matter

    text = sanitize(text)
    meta, rest, warnings = split_front_matter(text)
    rest, trailing_tags = _strip_trailing_tags(rest)

    title = _meta_text(meta.get("title"))
    lines = rest.lstrip("\n").split("\n")
    first = lines[0].strip() if lines else ""
    heading = _HEADING_RE.match(first)
    if heading:
        heading_text = " ".join(sanitize(heading.group(1)).split())
        if title is None or heading_text == title:
            title = title or heading_text
            rest = "\n".join(lines[1:])

    paragraphs = split_paragraphs(rest)
    if title is None and paragraphs:
        if len(paragraphs) > 1 and _looks_like_headline(paragraphs[0]):
            title = paragraphs.pop(0)
        else:
            title = opening_clause(paragraphs[0])
    if not paragraphs:
        raise ArticleError("no text besides metadata and tags")

    tags: list[str] = []
    for tag in _meta_tags(meta.get("tags")) + trailing_tags:
        if tag not in tags:
            tags.append(tag)

    raw_date = meta.get("date")
    date = parse_date(raw_date)
    if raw_date is not None and date is None:
        warnings.append(f"date {str(raw_date)[:40]!r} is not a date; ignored")

    if title is None or not meta.get("title"):
        # A title of the front matter is kept as written; one found in the text is trimmed.
        title = _trim_title(title or Path(path).stem)
    body = PARAGRAPH_SEPARATOR.join(paragraphs)
    info = ArticleInfo(
        path=str(path),
        title=title,
        tags=tuple(tags),
        date=date,
        source=_meta_text(meta.get("source")),
        chars=len(body),
        fingerprint=fingerprint(body),
        warnings=tuple(warnings),
    )
    return Article(info=info, paragraphs=tuple(paragraphs), url=_meta_text(meta.get("url")), encoding=encoding)


#: Files larger than this are not articles (and would make the UI crawl).
MAX_FILE_BYTES = 8 * 1024 * 1024


def load_article(path: str | Path) -> Article:
    """Read, decode and parse one file. Raises ArticleError with a user-readable reason."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ArticleError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(exc.strerror or str(exc)) from exc
    try:
        decoded = decode_bytes(data)
    except UndecodableError as exc:
        raise ArticleError(str(exc)) from exc
    return parse_article(path, decoded.text, decoded.encoding)

