"""The corpus on disk, and its update at the cost of what changed.

Two files in the index folder: `corpus-texts-N.bin` holds the texts (normalised and original
bodies, UTF-8) and only ever grows: an update appends the texts of new and changed articles,
and a file more than half of which is no longer used is written anew under the next N (a
process that has the old one mapped keeps reading it: a file is never truncated or
rewritten in place). `corpus.bin`, written atomically at every update, holds a header (JSON:
format version, index generation, the texts file and how much of it counts, articles, where
each text is, Latin word postings) and then the character masks of the bodies and of the
titles. Its masks are computed only for the articles that changed: the others' bits are
kept (shifted down past deleted articles).
"""

from __future__ import annotations

import json
import mmap
import os
import re
import struct
from array import array
from collections.abc import Callable, Collection, Mapping, Sequence
from itertools import pairwise
from pathlib import Path

from reader.atomic import write_bytes_atomic, write_parts_atomic
from reader.search.corpus import (
    CharMasks,
    Corpus,
    CorpusEntry,
    IndexedArticle,
    PackedTexts,
    TextsFile,
    latin_words,
    mask_table,
    normalized_fields,
    pack_masks,
)

CORPUS_VERSION = 4
CORPUS_FILE = "corpus.bin"
_MAGIC = b"RDRCORP4"
_HEADER = struct.Struct("<8sQ")  # magic, header length
_TEXTS_RE = re.compile(r"^corpus-texts-(\d+)\.bin$")
#: Up to this many changed, new or deleted articles (or an eighth of the library, if more),
#: the masks are updated; beyond, they are built again (in bulk, which is then quicker).
INCREMENTAL_MAX = 512

#: A corpus's slots in order: an old slot number kept as it was, or an entry written anew.
Plan = list[int | CorpusEntry]


def is_corpus_file(name: str) -> bool:
    """Whether a file of the index folder belongs to the corpus (damage to it spoils it)."""
    return name == CORPUS_FILE or _TEXTS_RE.match(name) is not None


def update_corpus(old: Corpus, fresh: Mapping[str, CorpusEntry], gone: Collection[str], *, generation: int,
                  skipped: dict[str, tuple[int, int, str]], directory: Path | None) -> Corpus:
    """`old` with `fresh` entries (new or changed articles) and without the `gone` paths,
    written into `directory` (None: held in memory) and returned. Unchanged articles keep
    their order, changed ones their place; new ones follow, newest first (a fresh corpus is
    thus ordered newest first)."""
    waiting = dict(fresh)
    plan: Plan = []
    continues: list[int] = []  # for each slot of the plan, the old slot it continues (-1: new)
    for slot, article in enumerate(old.articles):
        if article.path in gone:
            continue
        entry = waiting.pop(article.path, None)
        plan.append(slot if entry is None else entry)
        continues.append(slot)
    new = sorted(waiting.values(), key=lambda e: e.article.path)
    new.sort(key=lambda e: e.article.date or "", reverse=True)
    plan.extend(new)
    continues.extend([-1] * len(new))
    return assemble(old, plan, generation=generation, skipped=skipped, directory=directory, continues=continues)


def assemble(old: Corpus, plan: Plan, *, generation: int, skipped: dict[str, tuple[int, int, str]],
             directory: Path | None, continues: Sequence[int] | None = None) -> Corpus:
    """The corpus whose slots `plan` gives. `continues` (from update_corpus) says which old
    slot each one continues: the old masks are then updated instead of built again."""
    articles: list[IndexedArticle] = []
    fields: list[tuple[str, str, str]] = []
    for item in plan:
        if isinstance(item, int):
            articles.append(old.articles[item])
            fields.append((old.titles[item], old.tags[item], old.sources[item]))
        else:
            articles.append(item.article)
            fields.append(normalized_fields(item.article))
    texts_file, texts, spans = _write_texts(old, plan, directory)
    masks = _Masks.updated(old, plan, fields, continues) if continues is not None else None
    if masks is None:
        masks = _Masks.built(old, plan, fields)
    if directory is None:  # held in memory: made as it is (never written, nor read, as a header)
        size = (len(articles) + 7) // 8
        corpus: Corpus | None = _corpus(
            articles, fields, spans, memoryview(texts), texts_file, masks.latin, generation, dict(skipped),
            CharMasks(masks.chars, memoryview(masks.data), size),
            CharMasks(masks.title_chars, memoryview(masks.title_data), size),
        )
    else:
        corpus = _save(directory, articles, fields, spans, texts_file, masks, generation, skipped)
    if corpus is None:  # cannot happen unless the disk fails under us
        raise OSError(f"could not read back the search corpus in {directory}")
    decoded = old.decoded
    if decoded is not None or all(not isinstance(item, int) for item in plan):
        # The normalised bodies are at hand: the new corpus need not decode them again.
        corpus.pass_bodies([item.norm if not isinstance(item, int) else decoded[item] if decoded is not None else ""
                            for item in plan])
    return corpus


def _save(directory: Path, articles: list[IndexedArticle], fields: list[tuple[str, str, str]], spans: array[int],
          texts_file: TextsFile, masks: _Masks, generation: int, skipped: dict[str, tuple[int, int, str]]) -> Corpus | None:
    """Write the corpus file (its texts file is written) and read it back."""
    header = json.dumps(
        {
            "version": CORPUS_VERSION,
            "generation": generation,
            "texts": texts_file.name,
            "texts_size": texts_file.size,
            "articles": [a.to_list() for a in articles],
            "fields": fields,
            "latin": masks.latin,
            "mask_chars": masks.chars,
            "title_mask_chars": masks.title_chars,
            "spans": spans.tolist(),
            "skipped": {p: list(v) for p, v in skipped.items()},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8", "surrogatepass")  # paths whose file names are not UTF-8
    head = b"".join([_HEADER.pack(_MAGIC, len(header)), header, masks.data, masks.title_data])
    write_bytes_atomic(directory / CORPUS_FILE, head)
    _remove_unused_texts(directory, texts_file.name)
    return load_corpus(directory / CORPUS_FILE)


def _corpus(articles: list[IndexedArticle], fields: list[tuple[str, str, str]], spans: array[int], texts: memoryview,
            texts_file: TextsFile, latin: dict[str, list[int]], generation: int,
            skipped: dict[str, tuple[int, int, str]], masks: CharMasks, title_masks: CharMasks) -> Corpus:
    return Corpus(
        articles, PackedTexts(texts, spans[0::4], spans[1::4]), fields, PackedTexts(texts, spans[2::4], spans[3::4]),
        masks, title_masks, latin, generation=generation, skipped=skipped, texts_file=texts_file,
    )


# --- texts -----------------------------------------------------------------------------------


def _write_texts(old: Corpus, plan: Plan, directory: Path | None) -> tuple[TextsFile, bytes, array[int]]:
    """Where each slot's texts are: (texts file, its bytes when held in memory, spans), spans
    holding norm start, norm end, original start, original end for each slot in turn."""
    fresh = [(e.norm.encode("utf-8", "surrogatepass"), e.body.encode("utf-8", "surrogatepass"))
             for e in plan if not isinstance(e, int)]
    norms, originals = old.norm_texts, old.originals
    current = old.texts_file
    kept_bytes = sum(norms.ends[i] - norms.starts[i] + originals.ends[i] - originals.starts[i]
                     for i in plan if isinstance(i, int))
    appendable = (directory is not None and current.name != "" and kept_bytes * 2 >= current.size
                  and _size(directory / current.name) == current.size)
    spans = array("q")
    if appendable:
        assert directory is not None
        appended = [n for n, _o in fresh] + [o for _n, o in fresh]
        starts = _offsets(current.size, appended)
        number = 0
        for item in plan:
            if isinstance(item, int):
                spans.extend((norms.starts[item], norms.ends[item], originals.starts[item], originals.ends[item]))
            else:
                norm, original = fresh[number]
                norm_start, original_start = starts[number], starts[len(fresh) + number]
                spans.extend((norm_start, norm_start + len(norm), original_start, original_start + len(original)))
                number += 1
        if appended:
            with open(directory / current.name, "ab") as handle:
                for part in appended:
                    handle.write(part)
                handle.flush()
                os.fsync(handle.fileno())
        return TextsFile(current.name, current.size + sum(map(len, appended))), b"", spans

    # Everything anew: the kept texts copied as they are (never decoded), then the new ones.
    fresh_items = iter(fresh)
    pieces: list[tuple[bytes | memoryview, bytes | memoryview]] = [
        (norms.raw(item), originals.raw(item)) if isinstance(item, int) else next(fresh_items) for item in plan
    ]
    parts = [n for n, _o in pieces] + [o for _n, o in pieces]
    starts = _offsets(0, parts)
    count = len(pieces)
    for slot in range(count):
        norm_start, original_start = starts[slot], starts[count + slot]
        spans.extend((norm_start, norm_start + len(parts[slot]), original_start, original_start + len(parts[count + slot])))
    if directory is None:
        return TextsFile("", sum(map(len, parts))), b"".join(parts), spans
    name = _next_texts_name(directory, current.name)
    size = write_parts_atomic(directory / name, parts)
    return TextsFile(name, size), b"", spans


def _offsets(base: int, parts: Sequence[bytes | memoryview]) -> list[int]:
    """Where each part starts when they are written one after another from `base`."""
    out = []
    at = base
    for part in parts:
        out.append(at)
        at += len(part)
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _next_texts_name(directory: Path, current: str) -> str:
    match = _TEXTS_RE.match(current)
    number = int(match.group(1)) + 1 if match else 1
    while (directory / f"corpus-texts-{number}.bin").exists():
        number += 1
    return f"corpus-texts-{number}.bin"


def _remove_unused_texts(directory: Path, keep: str) -> None:
    """Texts files the corpus no longer uses (a process that has one mapped keeps reading it)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name != keep and _TEXTS_RE.match(name):
            try:
                os.unlink(directory / name)
            except OSError:
                pass


# --- masks -----------------------------------------------------------------------------------


class _Masks:
    """The character masks of the searchable texts and of the titles, and the Latin words."""

    def __init__(self, chars: str, data: bytes | memoryview, title_chars: str, title_data: bytes | memoryview,
                 latin: dict[str, list[int]]) -> None:
        self.chars, self.data = chars, data
        self.title_chars, self.title_data = title_chars, title_data
        self.latin = latin

    @classmethod
    def built(cls, old: Corpus, plan: Plan, fields: Sequence[tuple[str, str, str]]) -> _Masks:
        """Every mask computed from the texts."""
        searchable = [old.searchable(item) if isinstance(item, int) else f"{t}\n{g}\n{s}\n{item.norm}"
                      for item, (t, g, s) in zip(plan, fields)]
        chars, data = mask_table(searchable)
        title_chars, title_data = mask_table([f[0] for f in fields])
        latin: dict[str, list[int]] = {}
        for slot, text in enumerate(searchable):
            for word in latin_words(text):
                latin.setdefault(word, []).append(slot)
        return cls(chars, data, title_chars, title_data, latin)

    @classmethod
    def updated(cls, old: Corpus, plan: Plan, fields: Sequence[tuple[str, str, str]],
                continues: Sequence[int]) -> _Masks | None:
        """The old masks with the changes applied; None when building them anew is the
        better way (many changes, or a plan update_corpus did not make)."""
        kept = sum(1 for c in continues if c >= 0)
        if kept == 0 or any(c >= 0 for c in continues[kept:]) or any(
            b <= a for a, b in pairwise(continues[:kept])
        ):
            return None
        fresh = {slot: item for slot, item in enumerate(plan) if not isinstance(item, int)}
        gone = len(old) - kept
        if len(fresh) + gone > max(INCREMENTAL_MAX, len(plan) // 8):
            return None
        replaced = [(continues[slot], entry) for slot, entry in fresh.items() if continues[slot] >= 0]
        # Runs of old slots that survive (kept or replaced), for squeezing out the gone ones.
        survive: list[tuple[int, int]] = []
        for slot in continues[:kept]:
            if survive and survive[-1][1] == slot:
                survive[-1] = (survive[-1][0], slot + 1)
            else:
                survive.append((slot, slot + 1))

        def update(masks: CharMasks, old_text: Callable[[int], str],
                   new_text: Callable[[int, CorpusEntry], str]) -> tuple[str, bytes]:
            ints = masks.all()
            for old_slot, _entry in replaced:
                clear = ~(1 << old_slot)
                for ch in set(old_text(old_slot)):
                    if ch in ints:
                        ints[ch] &= clear
            if gone:
                ints = {ch: _squeeze(mask, survive, len(old)) for ch, mask in ints.items()}
            for slot, entry in fresh.items():
                bit = 1 << slot
                for ch in set(new_text(slot, entry)):
                    ints[ch] = ints.get(ch, 0) | bit
            for ch in " \n":
                ints.pop(ch, None)
            return pack_masks(ints, len(plan))

        data: bytes | memoryview
        title_data: bytes | memoryview
        if not fresh and not gone:
            chars, data = old.masks.chars, old.masks.data
            title_chars, title_data = old.title_masks.chars, old.title_masks.data
        else:
            chars, data = update(old.masks, old.searchable,
                                 lambda slot, e: f"{fields[slot][0]}\n{fields[slot][1]}\n{fields[slot][2]}\n{e.norm}")
            title_chars, title_data = update(old.title_masks, lambda s: old.titles[s], lambda slot, _e: fields[slot][0])
        return cls(chars, data, title_chars, title_data, _latin_updated(old, plan, fields, continues, fresh))


def _squeeze(mask: int, survive: Sequence[tuple[int, int]], width: int) -> int:
    """`mask` with only the bits in the `survive` runs, moved down to follow one another."""
    if not mask:
        return 0
    if len(survive) <= 8:  # a few slots gone: a few shifts
        out = 0
        at = 0
        for start, end in survive:
            out |= ((mask >> start) & ((1 << (end - start)) - 1)) << at
            at += end - start
        return out
    bits = format(mask, "b").zfill(width)[::-1]  # bit i at index i
    kept = "".join(bits[start:end] for start, end in survive)
    return int(kept[::-1], 2) if kept else 0


def _latin_updated(old: Corpus, plan: Plan, fields: Sequence[tuple[str, str, str]], continues: Sequence[int],
                   fresh: Mapping[int, CorpusEntry]) -> dict[str, list[int]]:
    """The Latin word postings: old slots renumbered, changed and gone ones dropped, fresh
    ones added."""
    moved = [-1] * len(old)
    for slot, item in enumerate(plan):
        if isinstance(item, int):
            moved[item] = slot
    latin: dict[str, list[int]] = {}
    for word, slots in old.latin.items():
        now = [moved[s] for s in slots if moved[s] >= 0]
        if now:
            latin[word] = now
    touched = set()
    for slot, entry in fresh.items():
        title, tags, source = fields[slot]
        for word in latin_words(f"{title}\n{tags}\n{source}\n{entry.norm}"):
            latin.setdefault(word, []).append(slot)
            touched.add(word)
    for word in touched:
        latin[word].sort()
    return latin


# --- reading ---------------------------------------------------------------------------------


def _parse(head: memoryview, texts_of: Callable[[TextsFile], memoryview | None]) -> Corpus | None:
    """A corpus from its header and masks (`head`); `texts_of(file)` maps its texts file."""
    try:
        magic, header_len = _HEADER.unpack_from(head, 0)
        if magic != _MAGIC:
            return None
        start = _HEADER.size
        header = json.loads(bytes(head[start : start + header_len]).decode("utf-8", "surrogatepass"))
        if header.get("version") != CORPUS_VERSION:
            return None
        start += header_len
        articles = [IndexedArticle.from_list(a) for a in header["articles"]]
        count = len(articles)
        size = (count + 7) // 8
        chars, title_chars = str(header["mask_chars"]), str(header["title_mask_chars"])
        masks = CharMasks(chars, head[start : start + len(chars) * size], size)
        start += len(chars) * size
        title_masks = CharMasks(title_chars, head[start : start + len(title_chars) * size], size)
        start += len(title_chars) * size
        if start != len(head):
            return None
        texts_file = TextsFile(str(header["texts"]), int(header["texts_size"]))
        spans = array("q", (int(x) for x in header["spans"]))
        fields = [(str(title), str(tags), str(source)) for title, tags, source in header["fields"]]
        if len(fields) != count or len(spans) != 4 * count:
            return None
        if spans and (min(spans) < 0 or max(spans) > texts_file.size):
            return None
        texts = texts_of(texts_file)
        if texts is None or len(texts) < texts_file.size:
            return None
        latin = {str(w): [int(s) for s in slots] for w, slots in header["latin"].items()}
        skipped = {str(p): (int(v[0]), int(v[1]), str(v[2])) for p, v in header.get("skipped", {}).items()}
        return _corpus(articles, fields, spans, texts, texts_file, latin, int(header["generation"]), skipped, masks,
                       title_masks)
    except (ValueError, KeyError, TypeError, IndexError, struct.error, UnicodeDecodeError, OSError):
        return None


def _map(path: Path) -> memoryview | None:
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return memoryview(b"")
            return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        return None


def load_corpus(path: Path) -> Corpus | None:
    """Load a corpus file (and its texts file beside it); None when either is missing,
    damaged or from another format version."""
    head = _map(path)
    if head is None:
        return None

    def texts_of(texts_file: TextsFile) -> memoryview | None:
        if not _TEXTS_RE.match(texts_file.name):
            return None
        return _map(path.parent / texts_file.name)

    return _parse(head, texts_of)
