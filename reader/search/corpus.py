"""The in-memory mirror of a search index: normalised texts and character masks for fast scans.

Each article has a slot number. For every character the corpus keeps a bit mask of the slots
whose text contains it, and for every Latin word the slots that contain it: a clause's
candidate articles are found with a few big-integer ANDs, and only those are scanned.

Stored next to the whoosh index as one file, written atomically: a header (JSON: format
version, index generation, articles with their size+mtime stamps, Latin word postings), the
normalised bodies (UTF-8), the character masks, then the original bodies
(UTF-8, decoded one at a time for snippets through a memory map).
"""

from __future__ import annotations

import json
import mmap
import re
import struct
import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.atomic import write_bytes_atomic
from reader.text import normalize

CORPUS_VERSION = 3
CORPUS_FILE = "corpus.bin"
_MAGIC = b"RDRCORP3"
_HEADER = struct.Struct("<8sQ")  # magic, header length

#: Latin words (and numbers) as the matcher sees them: runs of ASCII letters and digits.
LATIN_WORD_RE = re.compile(r"[a-z0-9]+")
_decode_lock = threading.Lock()
_BITS = [tuple(i for i in range(8) if byte >> i & 1) for byte in range(256)]


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

    def to_list(self) -> list[object]:
        return [self.path, self.size, self.mtime_ns, self.title, list(self.tags), self.source,
                self.date, self.fingerprint, self.chars]

    @classmethod
    def from_list(cls, item: Sequence[Any]) -> IndexedArticle:
        """From `to_list`'s list as read back from JSON."""
        path, size, mtime_ns, title, tags, source, date, fingerprint, chars = item
        return cls(str(path), int(size), int(mtime_ns), str(title), tuple(map(str, tags)),
                   source, date, str(fingerprint), int(chars))


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One article to write into a corpus: its metadata, original body and normalised body."""

    article: IndexedArticle
    body: str
    norm: str


def normalized_fields(article: IndexedArticle) -> tuple[str, str, str]:
    """The normalised title, tags (one a line) and source of an article."""
    return (normalize(article.title), "\n".join(normalize(t) for t in article.tags),
            normalize(article.source or ""))


def doc_numbers(mask: int) -> list[int]:
    """The slot numbers set in a bit mask, ascending."""
    if not mask:
        return []
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    out: list[int] = []
    extend = out.extend
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            extend([base + bit for bit in _BITS[byte]])
    return out


def mask_of(slots: Sequence[int]) -> int:
    """A bit mask with the given slot numbers set."""
    if not slots:
        return 0
    data = bytearray((max(slots) >> 3) + 1)
    for slot in slots:
        data[slot >> 3] |= 1 << (slot & 7)
    return int.from_bytes(data, "little")


def _char_masks(texts: Sequence[str]) -> dict[str, bytearray]:
    """For every character, a little-endian bit mask of the texts containing it."""
    size = (len(texts) + 7) // 8
    masks: dict[str, bytearray] = {}
    for start in range(0, len(texts), 64):
        chunk: dict[str, int] = {}
        get = chunk.get
        for offset, text in enumerate(texts[start : start + 64]):
            bit = 1 << offset
            for ch in set(text):
                chunk[ch] = get(ch, 0) | bit
        low = start >> 3
        width = min(8, size - low)
        for ch, bits in chunk.items():
            mask = masks.get(ch)
            if mask is None:
                mask = masks[ch] = bytearray(size)
            mask[low : low + width] = bits.to_bytes(8, "little")[:width]
    masks.pop(" ", None)
    masks.pop("\n", None)
    return masks


class CharMasks:
    """Per-character slot masks, read lazily from a buffer (`chars` in buffer order)."""

    def __init__(self, chars: str, buffer: memoryview, size: int) -> None:
        self._where = {ch: i for i, ch in enumerate(chars)}
        self._buffer = buffer
        self._size = size
        self._ints: dict[str, int] = {}

    @classmethod
    def build(cls, texts: Sequence[str]) -> tuple[str, bytes]:
        masks = _char_masks(texts)
        chars = "".join(sorted(masks))
        return chars, b"".join(bytes(masks[ch]) for ch in chars)

    def get(self, ch: str) -> int:
        value = self._ints.get(ch)
        if value is None:
            where = self._where.get(ch)
            if where is None:
                value = 0
            else:
                start = where * self._size
                value = int.from_bytes(self._buffer[start : start + self._size], "little")
            self._ints[ch] = value
        return value


class Corpus:
    """Articles by slot with their normalised title, tags, source and body held in memory, the
    masks that find candidates, and the original bodies. Immutable; share it freely."""

    def __init__(
        self,
        articles: Sequence[IndexedArticle],
        norms: PackedTexts,
        fields: Sequence[tuple[str, str, str]],
        originals: PackedTexts,
        masks: CharMasks,
        title_masks: CharMasks,
        latin: dict[str, list[int]],
        *,
        generation: int = -1,
        skipped: dict[str, tuple[int, int, str]] | None = None,
    ) -> None:
        self.articles = list(articles)
        self._norms = norms
        self._bodies: list[str] | None = None
        #: Normalised title, tags (one a line) and source of each slot.
        self.titles = [f[0] for f in fields]
        self.tags = [f[1] for f in fields]
        self.sources = [f[2] for f in fields]
        self._meta: list[str] | None = None
        self.originals = originals
        self.masks = masks
        self.title_masks = title_masks
        self._latin = latin
        self._latin_words = sorted(latin)
        self._latin_masks: dict[str, int] = {}
        self.generation = generation
        #: Files that could not be read, by path: (size, mtime_ns, reason); not retried until
        #: they change.
        self.skipped = dict(skipped or {})
        self.by_path = {a.path: i for i, a in enumerate(self.articles)}
        self.all = (1 << len(self.articles)) - 1
        total = sum(a.chars for a in self.articles)
        self.average_length = total / len(self.articles) if self.articles else 1.0

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def bodies(self) -> list[str]:
        """The normalised bodies, by slot (decoded on first use: opening stays fast)."""
        bodies = self._bodies
        if bodies is None:
            with _decode_lock:
                if self._bodies is None:
                    self._bodies = self._norms.all()
                bodies = self._bodies
        return bodies

    @property
    def meta(self) -> list[str]:
        """Title, tags and source of each slot in one text: what an unfielded clause searches
        besides the body."""
        meta = self._meta
        if meta is None:
            meta = self._meta = [f"{t}\n{g}\n{s}" for t, g, s in zip(self.titles, self.tags, self.sources)]
        return meta

    def field_texts(self, where: str) -> list[str]:
        """The normalised texts of a query field ("title", "tags" or "source"), by slot."""
        return {"title": self.titles, "tags": self.tags, "source": self.sources}[where]

    def norms(self, slots: Sequence[int]) -> list[str]:
        """The normalised bodies of some slots (without decoding the others)."""
        bodies = self._bodies
        if bodies is not None:
            return [bodies[d] for d in slots]
        return [self._norms.get(d) for d in slots]

    def norm(self, slot: int) -> str:
        bodies = self._bodies
        return bodies[slot] if bodies is not None else self._norms.get(slot)

    def original(self, slot: int) -> str:
        """The article body as it was indexed (the text `Article.body` had)."""
        return self.originals.get(slot)

    def entry(self, slot: int) -> CorpusEntry:
        return CorpusEntry(self.articles[slot], self.original(slot), self.norm(slot))

    def latin_mask(self, word: str, prefix: bool = False) -> int:
        """Slots containing the Latin word `word` (or, with `prefix`, a word starting so)."""
        key = ("*" if prefix else "=") + word
        value = self._latin_masks.get(key)
        if value is None:
            if prefix:
                words = self._latin_words
                slots: set[int] = set()
                for i in range(bisect_left(words, word), len(words)):
                    if not words[i].startswith(word):
                        break
                    slots.update(self._latin[words[i]])
                value = mask_of(sorted(slots))
            else:
                value = mask_of(self._latin.get(word, ()))
            self._latin_masks[key] = value
        return value

    @classmethod
    def build(cls, entries: Sequence[CorpusEntry], *, generation: int = -1,
              skipped: dict[str, tuple[int, int, str]] | None = None) -> Corpus:
        """A corpus held wholly in memory (tests; `save_corpus` writes the same layout)."""
        data = _layout(entries, generation, skipped or {})
        corpus = _parse(memoryview(data))
        assert corpus is not None
        return corpus

    @classmethod
    def empty(cls) -> Corpus:
        return cls.build([])


class PackedTexts:
    """Texts packed as UTF-8 in a buffer (a memory map), decoded one at a time or all at once."""

    def __init__(self, buffer: memoryview, offsets: Sequence[int], start: int = 0) -> None:
        self._buffer = buffer
        self._offsets = list(offsets)
        #: Where the buffer starts in the underlying file map.
        self._start = start

    def get(self, slot: int) -> str:
        start, end = self._offsets[slot], self._offsets[slot + 1]
        return bytes(self._buffer[start:end]).decode("utf-8", "replace")

    def all(self) -> list[str]:
        """Every text, decoded one by one (no second copy of the whole at any time)."""
        texts = [self.get(slot) for slot in range(len(self._offsets) - 1)]
        release = getattr(self._buffer.obj, "madvise", None) if isinstance(self._buffer, memoryview) else None
        if release is not None and self._offsets[-1]:
            # The file's pages are not needed any more: let them leave our resident memory.
            try:
                start = self._start - self._start % mmap.PAGESIZE
                release(mmap.MADV_DONTNEED, start, self._start + self._offsets[-1] - start)
            except (OSError, ValueError):
                pass
        return texts



def _join_utf8(texts: Sequence[str]) -> tuple[bytes, list[int]]:
    parts = [text.encode("utf-8") for text in texts]
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    return b"".join(parts), offsets


def _layout(entries: Sequence[CorpusEntry], generation: int,
            skipped: dict[str, tuple[int, int, str]]) -> bytes:
    fields = [normalized_fields(e.article) for e in entries]
    searchable = [f"{t}\n{g}\n{s}\n{e.norm}" for (t, g, s), e in zip(fields, entries)]
    chars, masks = CharMasks.build(searchable)
    title_chars, title_masks = CharMasks.build([f[0] for f in fields])
    latin: dict[str, list[int]] = {}
    for slot, text in enumerate(searchable):
        for word in set(LATIN_WORD_RE.findall(text)):
            latin.setdefault(word, []).append(slot)
    norms, norm_offsets = _join_utf8([e.norm for e in entries])
    originals, offsets = _join_utf8([e.body for e in entries])
    header = json.dumps(
        {
            "version": CORPUS_VERSION,
            "generation": generation,
            "articles": [e.article.to_list() for e in entries],
            "fields": fields,
            "latin": latin,
            "mask_chars": chars,
            "title_mask_chars": title_chars,
            "norm_offsets": norm_offsets,
            "original_offsets": offsets,
            "skipped": {p: list(v) for p, v in skipped.items()},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8", "surrogatepass")  # paths whose file names are not UTF-8
    return b"".join([_HEADER.pack(_MAGIC, len(header)), header, norms, masks, title_masks, originals])


def save_corpus(path: Path, entries: Sequence[CorpusEntry], *, generation: int,
                skipped: dict[str, tuple[int, int, str]]) -> None:
    """Write a corpus file atomically; `entries` in slot order."""
    write_bytes_atomic(path, _layout(entries, generation, skipped))


def _parse(buffer: memoryview) -> Corpus | None:
    try:
        magic, header_len = _HEADER.unpack_from(buffer, 0)
        if magic != _MAGIC:
            return None
        start = _HEADER.size
        header = json.loads(bytes(buffer[start : start + header_len]).decode("utf-8", "surrogatepass"))
        if header.get("version") != CORPUS_VERSION:
            return None
        start += header_len
        articles = [IndexedArticle.from_list(a) for a in header["articles"]]
        count = len(articles)
        size = (count + 7) // 8
        norm_offsets = [int(o) for o in header["norm_offsets"]]
        norms = PackedTexts(buffer[start : start + norm_offsets[-1]], norm_offsets, start)
        start += norm_offsets[-1]
        chars, title_chars = str(header["mask_chars"]), str(header["title_mask_chars"])
        masks = CharMasks(chars, buffer[start : start + len(chars) * size], size)
        start += len(chars) * size
        title_masks = CharMasks(title_chars, buffer[start : start + len(title_chars) * size], size)
        start += len(title_chars) * size
        offsets = [int(o) for o in header["original_offsets"]]
        fields = [(str(title), str(tags), str(source)) for title, tags, source in header["fields"]]
        if len(fields) != count or len(offsets) != count + 1 or len(norm_offsets) != count + 1:
            return None
        if start + offsets[-1] != len(buffer):
            return None
        latin = {str(w): [int(s) for s in slots] for w, slots in header["latin"].items()}
        skipped = {str(p): (int(v[0]), int(v[1]), str(v[2])) for p, v in header.get("skipped", {}).items()}
        return Corpus(
            articles, norms, fields, PackedTexts(buffer[start:], offsets), masks, title_masks,
            latin, generation=int(header["generation"]), skipped=skipped,
        )
    except (ValueError, KeyError, TypeError, IndexError, struct.error, UnicodeDecodeError):
        return None


def load_corpus(path: Path) -> Corpus | None:
    """Load a corpus file; None when it is missing, damaged or from another format version."""
    try:
        with open(path, "rb") as handle:
            buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    return _parse(memoryview(buffer))
