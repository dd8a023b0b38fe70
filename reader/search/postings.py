"""whoosh's segment writer with a leaner posting pool: the same index files, less time and memory.

whoosh keeps every posting of a segment being written as a 5-tuple (field, word, document,
weight, value) in a list (about 200 bytes each: the largest part of an indexing process's
memory), sorts the whole list by tuple comparison when the segment is finished, then hands the
postings one by one to its codec. Here postings are grouped by field and word as they come:
each word's documents arrive in ascending order, so only the distinct words need sorting, a
posting costs the bytes of its numbers and value in a few arrays, and each word's postings are
handed to whoosh's own block writer a block at a time. The files written are byte for byte
what whoosh writes itself (tests/test_index_postings.py compares them).

Imported when indexing starts (it imports whoosh).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter
from whoosh.writing import SegmentWriter

#: A posting as whoosh's pool holds it: (field, word, document, weight, value).
Posting = tuple[str, bytes, int, float, bytes | None]


#: The postings of one word in one field, in the order they came (ascending documents):
#: (documents, weights, the values end to end, where each value ends). A tuple of arrays:
#: cheap to make, and the garbage collector soon stops looking at it.
_Word = tuple["array[int]", "array[float]", bytearray, "array[int]"]


def _new_word() -> _Word:
    return array("I"), array("d"), bytearray(), array("I")


def _postings(word: _Word) -> tuple[list[int], list[float], list[bytes]]:
    """A word's (documents, weights, values), sorted by document."""
    docs_array, weights_array, blob, ends = word
    data = bytes(blob)
    values = [data[s:e] for s, e in zip([0, *ends[:-1]], ends)]
    docs, weights = docs_array.tolist(), weights_array.tolist()
    if docs != sorted(docs):  # cannot happen as whoosh adds them; never write out of order
        order = sorted(range(len(docs)), key=docs.__getitem__)
        docs = [docs[i] for i in order]
        weights = [weights[i] for i in order]
        values = [values[i] for i in order]
    return docs, weights, values


class GroupedPool:
    """Stands in for whoosh's PostingPool (the parts of it a SegmentWriter uses)."""

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        self.runs: list[str] = []  # whoosh's pools spill runs to disk; this one never does
        self._fields: dict[str, dict[bytes, _Word]] = {}

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < 0:
            return  # whoosh's marker for spelling words, which it does not write either
        words = self._fields.get(fieldname)
        if words is None:
            words = self._fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        word = words.get(tbytes)
        if word is None:
            word = words[tbytes] = _new_word()
        docs, weights, values, ends = word
        docs.append(docnum)
        weights.append(weight)
        if vbytes:
            values += vbytes
        ends.append(len(values))

    def fields(self) -> Iterator[tuple[str, Iterator[tuple[bytes, _Word]]]]:
        """Each field with its words, both in whoosh's order, each word's postings given up
        once written (the pool empties as the segment is written)."""
        for fieldname in sorted(self._fields):
            words = self._fields.pop(fieldname)
            yield fieldname, ((w, words.pop(w)) for w in sorted(words))

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in whoosh's order (field, word, document)."""
        for fieldname, words in self.fields():
            for tbytes, word in words:
                for docnum, weight, value in zip(*_postings(word)):
                    yield fieldname, tbytes, docnum, weight, value

    def cleanup(self) -> None:
        self._fields.clear()


def _field_lengths(pdr: Any, fieldname: str, count: int) -> list[int]:
    """Each document's length in the field (0 where none is kept), as whoosh looks them up."""
    if pdr is None:
        return [0] * count
    return [pdr.doc_field_length(d, fieldname) or 0 for d in range(count)]


def write_postings(pool: GroupedPool, fieldwriter: Any, schema: Any, pdr: Any, count: int) -> None:
    """Write the pool's postings through whoosh's codec: what `FieldWriter.add_postings` does
    posting by posting, done a block at a time (the same calls into whoosh's block writer, with
    the same block contents and statistics)."""
    for fieldname, words in pool.fields():
        fieldwriter.start_field(fieldname, schema[fieldname])
        lengths = _field_lengths(pdr, fieldname, count)
        for tbytes, word in words:
            fieldwriter.start_term(tbytes)
            _fill_blocks(fieldwriter._postwriter, *_postings(word), lengths)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _fill_blocks(pw: Any, docs: list[int], weights: list[float], values: list[bytes], lengths: list[int]) -> None:
    """Give whoosh's postings writer one word's postings, a block at a time, leaving it as
    `add_posting` called for each would: full blocks written, the last one buffered."""
    limit = pw._blocklimit
    for start in range(0, len(docs), limit):
        if start:
            pw._write_block()
        end = start + limit
        chunk = docs[start:end]
        pw._ids = array("I", chunk)
        weight_chunk = weights[start:end]
        pw._weights = array("f", weight_chunk)
        top = max(weight_chunk)
        pw._maxweight = top if top > 0 else 0
        pw._values = [v for v in values[start:end] if v]
        present = [n for n in (lengths[d] for d in chunk) if n]
        pw._minlength = min(present) if present else None
        pw._maxlength = max(present) if present else 0


class LeanPostings:
    """Mixed into a whoosh SegmentWriter (before it): the grouped pool, and the segment's
    postings written from it a block at a time."""

    pool: Any
    docnum: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool = GroupedPool()
        fieldwriter: Any = getattr(self, "fieldwriter", None)
        if isinstance(fieldwriter, W3FieldWriter) and type(fieldwriter._codec) is W3Codec:
            fieldwriter._codec = _Codec(fieldwriter._codec)

    def _flush_segment(self) -> None:
        writer: Any = self
        writer.perdocwriter.close()
        pdr = writer.per_document_reader() if writer.codec.length_stats else None
        try:
            if isinstance(writer.fieldwriter, W3FieldWriter):
                write_postings(self.pool, writer.fieldwriter, writer.schema, pdr, self.docnum)
            else:  # another codec: whoosh's own way
                writer.fieldwriter.add_postings(writer.schema, pdr, self.pool.iter_postings())
            writer.fieldwriter.close()
        finally:
            if pdr is not None:
                pdr.close()


class LeanSegmentWriter(LeanPostings, SegmentWriter):  # type: ignore[misc]  # whoosh is untyped
    """whoosh's SegmentWriter with the grouped pool."""


#: Blocks of fewer postings than this are written uncompressed: one-posting blocks (most of
#: them: rare words) come out no larger, and writing a segment takes ~15% less time.
SMALL_BLOCK = 2


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]  # whoosh is untyped
    """whoosh's postings writer, except that a block of one posting is not compressed.
    whoosh means to leave small blocks uncompressed, but a slip in 2.7 compresses every block;
    zlib makes a one-posting block no smaller, and compressing the many such blocks (rare
    words) was the largest single cost of writing a segment. Each block says whether it is
    compressed: whoosh reads both kinds."""

    _compression: int
    _ids: Any

    def _write_block(self, last: bool = False) -> None:
        level = self._compression
        if len(self._ids) < SMALL_BLOCK:
            self._compression = 0
        try:
            super()._write_block(last)
        finally:
            self._compression = level


class _Codec:
    """Stands in for the codec in a segment's field writer only: its postings writers are
    `_PostingsWriter`s. The segment itself keeps whoosh's codec (the index stores it)."""

    def __init__(self, codec: W3Codec) -> None:
        self._codec = codec

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> _PostingsWriter:
        codec = self._codec
        return _PostingsWriter(dbfile, blocklimit=codec._blocklimit, byteids=byteids,
                               compression=codec._compression, inlinelimit=codec._inlinelimit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._codec, name)
