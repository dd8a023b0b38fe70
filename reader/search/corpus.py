"""The in-memory mirror of a search index: normalised texts and character masks for fast scans.

Each article has a slot number. For every character the corpus keeps a bit mask of the slots
whose text contains it, and for every Latin word the slots that contain it: a clause's
candidate articles are found with a few big-integer ANDs, and only those are scanned.

Stored next to the whoosh index in two files (reader.search.corpus_file): the texts (normalised
and original bodies, UTF-8) in a file that only grows, and a small file written atomically
at each update: a header (JSON: format version, index generation, articles with their
size+mtime stamps, where each text is, Latin word postings), then the character masks. An
update writes only the texts of new and changed articles and computes only their masks.
"""

from __future__ import annotations

import mmap
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.text import normalize

#: Latin words (and numbers) as the matcher sees them: runs of ASCII letters and digits.
LATIN_WORD_RE = re.compile(r"[a-z0-9]+")
#: Bytes of ASCII letters and digits kept, every other byte a space (for `latin_words`).
_LATIN_BYTES = bytes(b if (48 <= b <= 57 or 97 <= b <= 122) else 32 for b in range(256))
_decode_lock = threading.Lock()
#: Texts decoded between two releases of the memory map's pages.
_RELEASE_EVERY = 256
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


def latin_words(text: str) -> set[str]:
    """The distinct matches of LATIN_WORD_RE in `text`, found in C (encode, translate, split):
    several times faster than the regex over a library's texts."""
    return set(text.encode("ascii", "replace").translate(_LATIN_BYTES).decode("ascii").split())


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


#: From this many texts on, masks are built with numpy (in bulk); fewer, one text at a time.
BULK_MIN = 256
#: Texts handled at once by the bulk build (a multiple of 8: whole bytes of each mask).
_BULK_CHUNK = 1024
#: Characters no clause looks up (they separate the fields of a searchable text).
_UNMASKED = frozenset(" \n")


def _masks_one_by_one(texts: Sequence[str]) -> dict[str, int]:
    """For every character, the bit mask of the texts containing it."""
    masks: dict[str, int] = {}
    get = masks.get
    for slot, text in enumerate(texts):
        bit = 1 << slot
        for ch in set(text):
            masks[ch] = get(ch, 0) | bit
    for ch in _UNMASKED:
        masks.pop(ch, None)
    return masks


def _masks_in_bulk(texts: Sequence[str]) -> tuple[str, bytes]:
    """`mask_table` with numpy: for each chunk of texts a presence matrix (characters x texts),
    packed into bits along the texts. 10,000 articles take about a second, where the one-by-one
    build (a dict operation per distinct character of each text) took several."""
    import numpy as np

    row_of = np.full(0x110000, -1, dtype=np.int32)  # each character's row, in order of appearance
    found: list[Any] = []
    rows_so_far = 0
    packed: list[Any] = []
    for start in range(0, len(texts), _BULK_CHUNK):
        part = texts[start : start + _BULK_CHUNK]
        codes = np.frombuffer("".join(part).encode("utf-32-le", "surrogatepass"), dtype="<u4")
        rows = row_of[codes]
        new = np.unique(codes[rows < 0])
        if len(new):
            row_of[new] = np.arange(rows_so_far, rows_so_far + len(new), dtype=np.int32)
            rows_so_far += len(new)
            found.append(new)
            rows = row_of[codes]
        slots = np.repeat(np.arange(len(part), dtype=np.int32), [len(t) for t in part])
        present = np.zeros((rows_so_far, len(part)), dtype=bool)
        present[rows, slots] = True
        packed.append(np.packbits(present, axis=1, bitorder="little"))
    size = (len(texts) + 7) // 8
    table = np.zeros((rows_so_far, size), dtype=np.uint8)
    column = 0
    for chunk in packed:
        table[: chunk.shape[0], column : column + chunk.shape[1]] = chunk
        column += chunk.shape[1]
    vocabulary = np.concatenate(found) if found else np.zeros(0, dtype="<u4")
    order = np.argsort(vocabulary)
    order = order[~np.isin(vocabulary[order], [ord(ch) for ch in _UNMASKED])]
    return "".join(map(chr, vocabulary[order].tolist())), table[order].tobytes()


def mask_table(texts: Sequence[str]) -> tuple[str, bytes]:
    """The characters of `texts` (sorted) and, for each in that order, the little-endian bit
    mask of the texts containing it ((len(texts) + 7) // 8 bytes each)."""
    if len(texts) >= BULK_MIN:
        return _masks_in_bulk(texts)
    return pack_masks(_masks_one_by_one(texts), len(texts))


def pack_masks(masks: dict[str, int], count: int) -> tuple[str, bytes]:
    """Masks as ints packed as `mask_table` gives them (empty masks left out)."""
    size = (count + 7) // 8
    chars = "".join(sorted(ch for ch, mask in masks.items() if mask))
    return chars, b"".join(masks[ch].to_bytes(size, "little") for ch in chars)


class CharMasks:
    """Per-character slot masks, read lazily from a buffer (`chars` in buffer order)."""

    def __init__(self, chars: str, buffer: memoryview, size: int) -> None:
        self.chars = chars
        self._where = {ch: i for i, ch in enumerate(chars)}
        self._buffer = buffer
        self._size = size
        self._ints: dict[str, int] = {}

    @property
    def data(self) -> memoryview:
        """The masks as stored (for an update that changes none of them)."""
        return self._buffer

    def all(self) -> dict[str, int]:
        """Every character's mask as an int (not cached: for an update to change)."""
        size, buffer = self._size, self._buffer
        return {ch: int.from_bytes(buffer[i * size : (i + 1) * size], "little") for i, ch in enumerate(self.chars)}

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


@dataclass(frozen=True, slots=True)
class TextsFile:
    """Where a corpus's texts are: the file's name in the index folder ("" in memory) and the
    bytes of it the corpus relies on (the file may have grown since)."""

    name: str = ""
    size: int = 0


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
        texts_file: TextsFile = TextsFile(),
        bodies: list[str] | None = None,
    ) -> None:
        self.articles = list(articles)
        self._norms = norms
        self._bodies: list[str] | None = bodies
        #: Normalised title, tags (one a line) and source of each slot.
        self.titles = [f[0] for f in fields]
        self.tags = [f[1] for f in fields]
        self.sources = [f[2] for f in fields]
        self._meta: list[str] | None = None
        self.originals = originals
        self.masks = masks
        self.title_masks = title_masks
        self.latin = latin
        self._latin_words = sorted(latin)
        self._latin_masks: dict[str, int] = {}
        self.generation = generation
        #: Files that could not be read, by path: (size, mtime_ns, reason); not retried until
        #: they change.
        self.skipped = dict(skipped or {})
        self.texts_file = texts_file
        self.by_path = {a.path: i for i, a in enumerate(self.articles)}
        self.all = (1 << len(self.articles)) - 1
        total = sum(a.chars for a in self.articles)
        self.average_length = total / len(self.articles) if self.articles else 1.0

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def norm_texts(self) -> PackedTexts:
        return self._norms

    def pass_bodies(self, bodies: list[str]) -> None:
        """Hand over the normalised bodies, decoded already (by an update that had them)."""
        with _decode_lock:
            if self._bodies is None and len(bodies) == len(self.articles):
                self._bodies = bodies

    def adopt_bodies(self, other: Corpus) -> None:
        """Take `other`'s decoded bodies when both read the same texts (the same state of the
        corpus on disk, loaded twice): no decoding again, and one copy in memory."""
        bodies = other.decoded
        if (bodies is not None and self._bodies is None and self.texts_file.name
                and self.texts_file == other.texts_file and self._norms.starts == other.norm_texts.starts
                and self._norms.ends == other.norm_texts.ends):
            self.pass_bodies(bodies)

    @property
    def decoded(self) -> list[str] | None:
        """The normalised bodies if they were decoded already (an update passes them on)."""
        return self._bodies

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

    def searchable(self, slot: int) -> str:
        """Everything an unfielded clause matches in a slot: the meta, then the body."""
        return f"{self.titles[slot]}\n{self.tags[slot]}\n{self.sources[slot]}\n{self.norm(slot)}"

    def field_texts(self, where: str) -> list[str]:
        """The normalised texts of a query field ("title", "tags" or "source"), by slot."""
        return {"title": self.titles, "tags": self.tags, "source": self.sources}[where]

    def norms(self, slots: Sequence[int]) -> list[str]:
        """The normalised bodies of some slots (without decoding the others)."""
        bodies = self._bodies
        if bodies is not None:
            return [bodies[d] for d in slots]
        return [self._norms.get(d) for d in slots]

    def norms_holding(self, literal: str, slots: Sequence[int]) -> list[bool]:
        """Whether the normalised body of each slot holds `literal`, without decoding the
        bodies not decoded yet (their UTF-8 bytes are searched)."""
        bodies = self._bodies
        if bodies is not None:
            return [literal in bodies[d] for d in slots]
        return self._norms.holding(literal, slots)

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
                    slots.update(self.latin[words[i]])
                value = mask_of(sorted(slots))
            else:
                value = mask_of(self.latin.get(word, ()))
            self._latin_masks[key] = value
        return value

    @classmethod
    def build(cls, entries: Sequence[CorpusEntry], *, generation: int = -1,
              skipped: dict[str, tuple[int, int, str]] | None = None) -> Corpus:
        """A corpus of `entries` in this slot order, held wholly in memory (tests)."""
        from reader.search.corpus_file import assemble

        return assemble(cls.empty(), list(entries), generation=generation, skipped=skipped or {}, directory=None)

    @classmethod
    def empty(cls) -> Corpus:
        nothing = PackedTexts(memoryview(b""), array("q"), array("q"))
        none = CharMasks("", memoryview(b""), 0)
        return cls([], nothing, [], nothing, none, none, {})


class PackedTexts:
    """Texts packed as UTF-8 in a buffer (a memory map), decoded one at a time or all at once.
    Text `slot` is buffer[starts[slot]:ends[slot]]."""

    def __init__(self, buffer: memoryview, starts: array[int], ends: array[int]) -> None:
        self._buffer = buffer
        self.starts = starts
        self.ends = ends

    @property
    def buffer(self) -> memoryview:
        return self._buffer

    def raw(self, slot: int) -> memoryview:
        """The UTF-8 bytes of one text (not copied)."""
        return self._buffer[self.starts[slot] : self.ends[slot]]

    def get(self, slot: int) -> str:
        return bytes(self._buffer[self.starts[slot] : self.ends[slot]]).decode("utf-8", "replace")

    def holding(self, literal: str, slots: Sequence[int]) -> list[bool]:
        """Whether each text holds `literal`: its UTF-8 bytes searched in place (a character's
        bytes are found only where the character is), several times faster than decoding
        every text. Text that is not valid UTF-8 (decoded with U+FFFD) is decoded."""
        starts, ends, base = self.starts, self.ends, self._buffer.obj
        find = getattr(base, "find", None)
        try:
            needle = literal.encode("utf-8")
        except UnicodeEncodeError:
            find = None
        if find is None or "\ufffd" in literal or len(base) != len(self._buffer):  # type: ignore[arg-type]
            return [literal in self.get(slot) for slot in slots]
        return [find(needle, starts[slot], ends[slot]) >= 0 for slot in slots]

    def all(self) -> list[str]:
        """Every text, decoded one by one (no second copy of the whole at any time)."""
        release = getattr(self._buffer.obj, "madvise", None)
        texts: list[str] = []
        for first in range(0, len(self.starts), _RELEASE_EVERY):
            slots = range(first, min(first + _RELEASE_EVERY, len(self.starts)))
            texts.extend(self.get(slot) for slot in slots)
            if release is not None and len(slots):
                # The file's pages just read are not needed any more: let them leave our
                # resident memory as we go (they would add up to the whole file at once).
                low = min(self.starts[s] for s in slots) // mmap.PAGESIZE * mmap.PAGESIZE
                high = max(self.ends[s] for s in slots)
                try:
                    release(mmap.MADV_DONTNEED, low, high - low)
                except (OSError, ValueError):
                    pass
        return texts
