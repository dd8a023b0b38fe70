"""The lean index writer (reader.search.postings, WordsField) writes what whoosh's own would."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT

from reader.library import iter_article_files, load_article
from reader.search import index as indexing
from reader.search.index import LibraryIndex, _entry, _fields, build_schema
from reader.search.postings import GroupedPool, LeanSegmentWriter

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


def _plain_schema():  # the same schema with whoosh's own TEXT fields
    schema = build_schema()
    for name in ("title", "body", "tags", "source"):
        field = schema[name]
        schema._fields[name] = TEXT(analyzer=field.analyzer, phrase=True, field_boost=field.format.field_boost)
    return schema


def _documents() -> list[dict[str, object]]:
    articles = [load_article(p) for p in sorted(iter_article_files(SAMPLES))]
    assert len(articles) >= 10
    return [_fields(a, _entry(a, (len(a.body), 1)), lambda a: [a.info.title[:4], "台積電"]) for a in articles]


def _read_back(folder: Path) -> list[object]:
    """Everything a search can read of an index: every term's statistics and postings, every
    document's field lengths and stored fields."""
    out: list[object] = []
    with whoosh_index.open_dir(str(folder), indexname="articles").searcher() as searcher:
        reader = searcher.reader()
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out.append((fieldname, text, info.weight(), info.doc_frequency(), info.min_length(),
                        info.max_length(), info.max_weight(), info.min_id(), info.max_id(), postings))
        docs = range(reader.doc_count_all())
        for fieldname in ("title", "body", "tags", "source", "entity"):
            out.append([reader.doc_field_length(d, fieldname) for d in docs])
        out.append(list(reader.iter_docs()))
    return out


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.endswith(".seg"))


def test_the_lean_writer_writes_what_whoosh_writes(tmp_path: Path) -> None:
    docs = _documents()
    theirs, ours = tmp_path / "whoosh", tmp_path / "lean"
    for folder, schema, make in ((theirs, _plain_schema(), lambda ix: ix.writer()),
                                 (ours, build_schema(), LeanSegmentWriter)):
        folder.mkdir()
        writer = make(whoosh_index.create_in(str(folder), schema, indexname="articles"))
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
    expected = _read_back(theirs)
    assert len(expected) > 1000  # terms of every field
    assert _read_back(ours) == expected
    # Bytes pickled as bytes (not as whoosh's protocol-2 calls to _codecs.encode) more than
    # make up for small blocks left uncompressed.
    assert _size(ours) <= 0.85 * _size(theirs)


def test_block_data_is_pickled_with_bytes_as_bytes(tmp_path: Path) -> None:
    import pickletools

    from reader.search.postings import DATA_PROTOCOL

    folder = tmp_path / "lean"
    folder.mkdir()
    writer = LeanSegmentWriter(whoosh_index.create_in(str(folder), build_schema(), indexname="articles"))
    for doc in _documents():
        writer.add_document(**doc)
    writer.commit()
    with whoosh_index.open_dir(str(folder), indexname="articles").searcher() as searcher:
        reader = searcher.reader()
        common = max(reader.lexicon("body"), key=lambda t: reader.doc_frequency("body", t))
        assert reader.doc_frequency("body", common) >= 4  # a block zlib compresses
        matcher = reader.postings("body", common)
        assert matcher.is_active()
        matcher.value()  # reads the block's data
        raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        if matcher._compression:
            import zlib

            raw = zlib.decompress(raw)
    opcodes = [op.name for op, _arg, _pos in pickletools.genops(raw)]
    assert opcodes[:2] == ["PROTO", "FRAME"] and DATA_PROTOCOL >= 4
    assert "SHORT_BINBYTES" in opcodes and "GLOBAL" not in opcodes  # not _codecs.encode


def test_the_body_is_cut_as_the_corpus_holds_it(tmp_path: Path) -> None:
    # Normalising twice is not always normalising once (opencc reads a character in its
    # context: 治縣班於則事 → 治县班於则事 → 治县班于则事); the index cuts the corpus's text.
    from reader.search.analysis import _segments
    from reader.text import normalize

    body = "治縣班於則事，近年多有變化。"
    assert normalize(normalize(body)) != normalize(body)
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.md").write_text(f"# 標題\n\n{body}\n", encoding="utf-8")
    index = LibraryIndex(library, directory=tmp_path / "index")
    index.update(entities=False)
    with index.whoosh_index().searcher() as searcher:
        terms = {t.decode("utf-8") for t in searcher.reader().lexicon("body")}
    assert terms == {word for word, _start, _end in _segments(normalize(body))}
    assert terms != {word for word, _start, _end in _segments(normalize(normalize(body)))}


def test_the_grouped_pool_gives_postings_in_whoosh_order() -> None:
    rng = random.Random(5)
    postings = []
    for docnum in range(60):
        for fieldname in ("body", "title"):
            for word in rng.sample(["a", "b", "cd", "中文", "中", "z"], 3):
                value = bytes([rng.randrange(256)]) * rng.randrange(3)
                postings.append((fieldname, word.encode(), docnum, float(rng.randrange(1, 4)), value or None))
    # whoosh adds a word's documents in ascending order; in any other, the order must not suffer.
    for order in (list(postings), rng.sample(postings, len(postings))):
        pool = GroupedPool()
        for posting in order:
            pool.add(posting)
        expected = [(f, t, d, w, v or b"") for f, t, d, w, v in sorted(postings, key=lambda p: p[:3])]
        assert list(pool.iter_postings()) == expected
        assert pool.fieldnames == {"body", "title"}



def test_an_update_looks_for_the_user_dictionary_once_not_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.entities.extraction as extraction

    library = tmp_path / "lib"
    library.mkdir()
    for path in iter_article_files(SAMPLES):
        (library / Path(path).name).write_bytes(Path(path).read_bytes())
    calls = []
    real = extraction.load_user_dictionary
    monkeypatch.setattr(extraction, "load_user_dictionary", lambda **kw: calls.append(1) or real(**kw))
    index = LibraryIndex(library)
    stats = index.update()
    assert stats.added >= 10
    assert len(calls) <= 2
    assert index.whoosh_index() is not None


def test_parallel_workers_are_fed_while_the_parent_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    for path in iter_article_files(SAMPLES):
        (library / Path(path).name).write_bytes(Path(path).read_bytes())
    monkeypatch.setattr(indexing, "PARALLEL_MIN", 1)
    added_while_reading = []
    real_read = indexing._read_articles

    def read(*args, **kwargs):
        fresh = real_read(*args, **kwargs)
        added_while_reading.append(args[-1] is not None or kwargs.get("each") is not None)
        return fresh

    monkeypatch.setattr(indexing, "_read_articles", read)
    index = LibraryIndex(library)
    assert index.update(jobs=2, entities=False).added >= 10
    assert added_while_reading == [True]
    single = LibraryIndex(library, directory=tmp_path / "single")
    single.update(jobs=1, entities=False)
    from reader.search.engine import Searcher

    hits = 0
    for query in ("台積電", "人工智慧", '"北環線"', "title:博物院", "Claude"):
        ours = [(h.path, h.score) for h in Searcher.for_index(index).search(query, typing=False).hits]
        theirs = [(h.path, h.score) for h in Searcher.for_index(single).search(query, typing=False).hits]
        assert ours == theirs
        hits += len(ours)
    assert hits >= 5
