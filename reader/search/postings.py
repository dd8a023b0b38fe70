"""whoosh's segment writer with a leaner posting pool: the same index files, less time and memory.

whoosh keeps every posting of a segment being written as a 5-tuple (field, word, document,
weight, value) in a list (about 200 bytes each: the largest part of an indexing process's
memory), sorts the whole list by tuple comparison when the segment is finished, then hands the
postings one by one to its codec. Here postings are grouped by field and word as they come:
each word's documents arrive in ascending order, so only the distinct words need sorting, a
posting costs the bytes of its numbers and value in a few arrays, and each word's postings are
handed to whoosh's own block writer a block at a time. A block's data is pickled with a
newer protocol than whoosh's (which has no opcode for bytes), and small blocks are left
uncompressed: whoosh reads every term back as its own writer leaves it
(tests/test_index_postings.py compares them), from files about a third smaller.

Imported when indexing starts (it imports whoosh).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterator
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3PostingsWriter
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from reader.search.analysis import ONE_POSITION, WordsField, one_position, word_positions

#: A posting as whoosh's pool holds it: (field, word, document, weight, value).
Posting = tuple[str, bytes, int, float, bytes | None]


#: A word's postings as the block writer takes them: (documents, weights, values), by document.
WordPostings = tuple[list[int], list[float], list[bytes]]


class _FieldPostings:
    """One field's postings in the order they came, in a few flat arrays (each word numbered
    as it first comes): appending touches the ends of the arrays only, where postings kept by
    word (a few arrays per word) scattered every posting over the heap, cost ~400 bytes a word
    and missed the CPU's caches. A posting's value is a number: a word found once is its
    position (its encoding is made once per position: analysis.one_position), any other value
    is kept in `values` and numbered below zero. Grouped by word when the segment is written."""

    __slots__ = ("codes", "docs", "numbers", "values", "weights", "words")

    def __init__(self) -> None:
        self.numbers: dict[str | bytes, int] = {}
        self.words = array("I")
        self.docs = array("I")
        self.weights = array("d")
        self.codes = array("i")
        self.values: list[bytes] = []

    def grouped(self) -> Iterator[tuple[bytes, WordPostings]]:
        """Each word (in whoosh's order: by its UTF-8 bytes) with its postings, by document.
        The arrays are given up as they are grouped."""
        import numpy as np

        if not self.words:
            return
        keys = sorted((key.encode("utf-8") if isinstance(key, str) else key, n) for key, n in self.numbers.items())
        self.numbers = {}
        numbers = np.fromiter((n for _key, n in keys), dtype=np.int64, count=len(keys))
        rank = np.empty(len(keys), dtype=np.uint32)
        rank[numbers] = np.arange(len(keys), dtype=np.uint32)
        words = np.frombuffer(self.words, dtype=np.uint32)
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        ranks = rank[words]
        per_word = np.bincount(ranks, minlength=len(keys)).tolist()
        order = np.lexsort((docs, ranks))  # by word in whoosh's order, then by document
        del words, ranks, rank, numbers
        self.words = array("I")
        docs = docs[order]
        self.docs = array("I")
        weights = np.frombuffer(self.weights, dtype=np.float64)[order]
        self.weights = array("d")
        codes = np.frombuffer(self.codes, dtype=np.int32)[order]
        self.codes = array("i")
        del order
        single = ONE_POSITION
        one_position(int(codes.max()))  # every encoding below made
        values = self.values
        # The postings are now in the order they are written: turned into lists a chunk at a
        # time (all at once would be ~40 bytes a posting).
        at = chunk_start = chunk_end = 0
        chunk_docs: list[int] = []
        chunk_weights: list[float] = []
        chunk_codes: list[int] = []
        for (key, _n), count in zip(keys, per_word, strict=True):
            end = at + count
            if end > chunk_end:
                chunk_start, chunk_end = at, max(at + _CHUNK, end)
                chunk_docs = docs[at:chunk_end].tolist()
                chunk_weights = weights[at:chunk_end].tolist()
                chunk_codes = codes[at:chunk_end].tolist()
            a, b = at - chunk_start, end - chunk_start
            yield key, (chunk_docs[a:b], chunk_weights[a:b],
                        [single[c] if c >= 0 else values[~c] for c in chunk_codes[a:b]])
            at = end
        self.values = []


#: Postings turned into lists at a time when a segment is written.
_CHUNK = 1 << 16


class GroupedPool:
    """Stands in for whoosh's PostingPool (the parts of it a SegmentWriter uses)."""

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        self.runs: list[str] = []  # whoosh's pools spill runs to disk; this one never does
        self._fields: dict[str, _FieldPostings] = {}

    def _field(self, fieldname: str) -> _FieldPostings:
        field = self._fields.get(fieldname)
        if field is None:
            field = self._fields[fieldname] = _FieldPostings()
            self.fieldnames.add(fieldname)
        return field

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if docnum < 0:
            return  # whoosh's marker for spelling words, which it does not write either
        field = self._field(fieldname)
        numbers = field.numbers
        number = numbers.get(tbytes)
        if number is None:
            number = numbers[tbytes] = len(numbers)
        field.words.append(number)
        field.docs.append(docnum)
        field.weights.append(weight)
        field.codes.append(~len(field.values))
        field.values.append(vbytes or b"")

    def add_words(self, fieldname: str, positions: dict[str, list[int]], docnum: int, boost: float, scale: float,
                  encode: Callable[[list[int]], bytes]) -> int:
        """Add a document's words in a positions field (each word's positions, as
        `analysis.word_positions` gives them) with weight frequency × `boost` × `scale`, as
        `add` would each posting of `WordsField.index` (the field's boost) in a document given
        `scale` (whoosh's document and field boosts). Returns the document's length there.
        The words are kept as text (the cut has hashed them already) and encoded once each
        when the segment is written."""
        field = self._field(fieldname)
        numbers = field.numbers
        words, weights, codes, values = field.words, field.weights, field.codes, field.values
        length = 0
        for text, poslist in positions.items():
            number = numbers.get(text)
            if number is None:
                number = numbers[text] = len(numbers)
            words.append(number)
            count = len(poslist)
            length += count
            weights.append(count * boost * scale)
            if count == 1:
                codes.append(poslist[0])
            else:
                codes.append(~len(values))
                values.append(encode(poslist))
        field.docs.extend([docnum] * len(positions))
        return length

    def fields(self) -> Iterator[tuple[str, Iterator[tuple[bytes, WordPostings]]]]:
        """Each field with its words, both in whoosh's order, each word's postings by
        document (the pool empties as the segment is written)."""
        for fieldname in sorted(self._fields):
            field = self._fields.pop(fieldname)
            if len({type(key) for key in field.numbers}) > 1:
                raise ValueError(f"field {fieldname!r} was given words in two ways")
            yield fieldname, field.grouped()

    def iter_postings(self) -> Iterator[Posting]:
        """Every posting in whoosh's order (field, word, document)."""
        for fieldname, words in self.fields():
            for tbytes, postings in words:
                for docnum, weight, value in zip(*postings):
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
        for tbytes, postings in words:
            fieldwriter.start_term(tbytes)
            _fill_blocks(fieldwriter._postwriter, *postings, lengths)
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
        value_chunk = values[start:end]
        pw._values = value_chunk if all(value_chunk) else [v for v in value_chunk if v]
        present = [n for n in map(lengths.__getitem__, chunk) if n]
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
            for structfile in (fieldwriter._postfile, fieldwriter._tindex.dbfile):
                structfile.file = _CountedFile(structfile.file)

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
    """whoosh's SegmentWriter with the grouped pool; a WordsField's words go into the pool
    straight from the cut (no posting tuples, no token stream)."""

    def add_document(self, **fields: Any) -> None:
        # whoosh's SegmentWriter.add_document, but for the lean branch (and without spelling
        # words or vectors, which reader's schema does not have: whoosh's own way then).
        schema = self.schema
        names = sorted(name for name in fields if not name.startswith("_"))
        if any(schema[name].separate_spelling() or schema[name].vector for name in names if name in schema):
            super().add_document(**fields)
            return
        self._check_state()
        self._check_fields(schema, names)
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        pool = self.pool
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in names:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    if isinstance(field, WordsField) and isinstance(value, str) and field.lean():
                        fmt = field.format
                        length = pool.add_words(fieldname, word_positions(value), docnum, fmt.field_boost,
                                                fieldboost, fmt.encode)
                    else:
                        scorable = field.scorable
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if scorable:
                                length += freq
                            pool.add((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1


#: Blocks of fewer postings than this are written uncompressed: most blocks are a rare
#: word's one to three postings, which zlib makes hardly smaller (+1% of the index at 2,000
#: articles) at the cost of a compressor set up for each.
SMALL_BLOCK = 4
#: The pickle protocol of a block's data. whoosh pickles it with protocol 2, which has no
#: opcode for bytes: each posting's value (its positions) becomes a call to
#: `_codecs.encode` on a latin-1 string, ~40 bytes more per posting, and slow to make and to
#: read. Protocol 4 writes bytes as they are; whoosh's reader unpickles any protocol.
DATA_PROTOCOL = 4


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]  # whoosh is untyped
    """whoosh's postings writer, except that a block's data is pickled with DATA_PROTOCOL
    and a block of fewer than SMALL_BLOCK postings is not compressed. whoosh means to leave
    small blocks uncompressed, but a slip in 2.7 compresses every block; compressing the many
    small blocks (rare words) was the largest single cost of writing a segment. Each block
    says whether it is compressed: whoosh reads both kinds."""

    _compression: int
    _ids: Any
    _postfile: Any
    _terminfo: Any
    _blockcount: int
    _maxweight: float
    _minlength: int | None
    _maxlength: int

    def _write_block(self, last: bool = False) -> None:
        # whoosh's W3PostingsWriter._write_block with the two changes above.
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        databytes = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), DATA_PROTOCOL)
        comp = self._compression if len(ids) >= SMALL_BLOCK else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                           length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class _CountedFile:
    """A file being written that knows its position: whoosh asks a segment's files for it four
    times per word (and Python's buffered file asks the OS each time)."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self._position: int = file.tell()

    def write(self, data: Any) -> int:
        written: int = self._file.write(data)
        self._position += written
        return written

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        self._position = self._file.seek(offset, whence)
        return self._position

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


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
