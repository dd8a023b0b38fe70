"""The in-memory mirror of a search index: each article's normalised text, for substring scans.

Stored next to the whoosh index as one file, written atomically: a JSON header (format version,
index generation, the articles in index order with their size+mtime stamps) followed by the
normalised bodies (UTF-8, NUL-separated) and the original bodies (UTF-8, read on demand for
snippets through a memory map).
"""

from __future__ import annotations

import json
import mmap
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from reader.atomic import write_bytes_atomic
from reader.text import normalize

CORPUS_VERSION = 1
CORPUS_FILE = "corpus.bin"
_MAGIC = b"RDRCORP1"
_HEADER = struct.Struct("<8sQ")  # magic, JSON length


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """What the index keeps of one article besides its text."""

    path: str
    size: int
    mtime_ns: int
    title: str
    tags: tuple[str, ...] = ()
    source: str | None = None
    date: str | None = None
    fingerprint: str = ""
    chars: int = 0

    def to_list(self) -> list:
        return [self.path, self.size, self.mtime_ns, self.title, list(self.tags), self.source,
                self.date, self.fingerprint, self.chars]

    @classmethod
    def from_list(cls, item: list) -> IndexedArticle:
        path, size, mtime_ns, title, tags, source, date, fingerprint, chars = item
        return cls(str(path), int(size), int(mtime_ns), str(title), tuple(map(str, tags)),
                   source, date, str(fingerprint), int(chars))


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One article to write into a corpus: its metadata, original body and normalised body."""

    article: IndexedArticle
    body: str
    norm: str


class Corpus:
    """Articles in index order (`None` where the index has a deleted slot) with their normalised
    title, tags, source and body held in memory. Immutable once built; share it freely."""

    def __init__(
        self,
        articles: Sequence[IndexedArticle | None],
        norms: Sequence[str],
        originals: "OriginalBodies",
        *,
        generation: int = -1,
        skipped: dict[str, tuple[int, int, str]] | None = None,
        fields: Sequence[tuple[str, str, str]] | None = None,
    ) -> None:
        self.articles = list(articles)
        self.bodies = list(norms)
        if fields is None:
            fields = [normalized_fields(a) for a in self.articles]
        #: Normalised title, tags (one a line) and source of each article.
        self.titles = [f[0] for f in fields]
        self.tags = [f[1] for f in fields]
        self.sources = [f[2] for f in fields]
        self.originals = originals
        self.generation = generation
        #: Files that could not be read, by path: (size, mtime_ns, reason); not retried until
        #: they change.
        self.skipped = dict(skipped or {})
        self.live = [i for i, a in enumerate(self.articles) if a is not None]
        self.by_path = {a.path: i for i, a in enumerate(self.articles) if a is not None}
        total = sum(len(self.bodies[i]) for i in self.live)
        self.average_length = (total / len(self.live)) if self.live else 1.0

    def __len__(self) -> int:
        return len(self.live)

    def original(self, docnum: int) -> str:
        """The article body as it was indexed (the text `Article.body` had)."""
        return self.originals.get(docnum)

    def entry(self, docnum: int) -> CorpusEntry:
        article = self.articles[docnum]
        assert article is not None
        return CorpusEntry(article, self.original(docnum), self.bodies[docnum])

    @classmethod
    def empty(cls) -> Corpus:
        return cls([], [], OriginalBodies.in_memory([]))


def normalized_fields(article: IndexedArticle | None) -> tuple[str, str, str]:
    """The normalised title, tags (one a line) and source of an article."""
    if article is None:
        return ("", "", "")
    return (normalize(article.title), "\n".join(normalize(t) for t in article.tags),
            normalize(article.source or ""))


class OriginalBodies:
    """Original article bodies, decoded one at a time from a memory map (or held in memory)."""

    def __init__(self, buffer, offsets: Sequence[int]) -> None:
        self._buffer = buffer
        self._offsets = list(offsets)

    @classmethod
    def in_memory(cls, bodies: Sequence[str]) -> OriginalBodies:
        blob, offsets = _join_utf8(bodies)
        return cls(blob, offsets)

    def get(self, docnum: int) -> str:
        start, end = self._offsets[docnum], self._offsets[docnum + 1]
        return bytes(self._buffer[start:end]).decode("utf-8")


def _join_utf8(texts: Sequence[str]) -> tuple[bytes, list[int]]:
    parts = [text.encode("utf-8") for text in texts]
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return b"".join(parts), offsets


def save_corpus(path: Path, entries: Sequence[CorpusEntry | None], *, generation: int,
                skipped: dict[str, tuple[int, int, str]]) -> None:
    """Write a corpus file atomically; `entries` are in index order (None for deleted slots)."""
    norms = "\x00".join(e.norm if e else "" for e in entries).encode("utf-8")
    originals, offsets = _join_utf8([e.body if e else "" for e in entries])
    header = json.dumps(
        {
            "version": CORPUS_VERSION,
            "generation": generation,
            "articles": [e.article.to_list() if e else None for e in entries],
            "fields": [list(normalized_fields(e.article if e else None)) for e in entries],
            "norm_bytes": len(norms),
            "original_offsets": offsets,
            "skipped": {p: list(v) for p, v in skipped.items()},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    write_bytes_atomic(path, _HEADER.pack(_MAGIC, len(header)) + header + norms + originals)


def load_corpus(path: Path) -> Corpus | None:
    """Load a corpus file; None when it is missing, damaged or from another format version."""
    try:
        with open(path, "rb") as handle:
            buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    try:
        magic, header_len = _HEADER.unpack_from(buffer, 0)
        if magic != _MAGIC:
            return None
        start = _HEADER.size
        header = json.loads(buffer[start : start + header_len].decode("utf-8"))
        if header.get("version") != CORPUS_VERSION:
            return None
        start += header_len
        norm_bytes = int(header["norm_bytes"])
        offsets = [int(o) for o in header["original_offsets"]]
        articles = [IndexedArticle.from_list(a) if a is not None else None for a in header["articles"]]
        norms = buffer[start : start + norm_bytes].decode("utf-8").split("\x00") if articles else []
        start += norm_bytes
        if len(norms) != len(articles) or len(offsets) != len(articles) + 1:
            return None
        if start + offsets[-1] != len(buffer):
            return None
        originals = OriginalBodies(memoryview(buffer)[start:], offsets)
        fields = [tuple(map(str, f)) for f in header["fields"]]
        if len(fields) != len(articles):
            return None
        skipped = {str(p): (int(v[0]), int(v[1]), str(v[2])) for p, v in header.get("skipped", {}).items()}
        return Corpus(articles, norms, originals, generation=int(header["generation"]),
                      skipped=skipped, fields=fields)
    except (ValueError, KeyError, TypeError, IndexError, struct.error, UnicodeDecodeError):
        return None
