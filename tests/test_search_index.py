"""The search index as a cache: incremental updates, recovery from damage, old schemas, locks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.search import Searcher
from reader.search import index as indexing
from reader.search.index import IndexBusy, IndexCancelled, LibraryIndex


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write(root, "a.md", "---\ntitle: 版權新聞\n---\n\n版權法修訂。\n")
    write(root, "b.txt", "天氣\n\n今日晴朗，氣溫升高。\n")
    write(root, "sub/c.md", "# 軟體更新\n\n軟體公司發布新版本。\n")
    return root


def found(index: LibraryIndex, query: str) -> set[str]:
    return {Path(h.path).name for h in Searcher.for_index(index).search(query).hits}


def test_first_update_builds_and_reopening_does_no_work(library: Path) -> None:
    stats = LibraryIndex(library).update()
    assert (stats.added, stats.rebuilt) == (3, True)
    again = LibraryIndex(library)
    assert again.load()
    stats = again.update()
    assert stats.indexed == 0 and stats.unchanged == 3 and not stats.rebuilt
    assert found(again, "版权") == {"a.md"}


def test_only_new_changed_and_deleted_files_are_indexed(library: Path, monkeypatch) -> None:
    index = LibraryIndex(library)
    index.update()
    loaded = []
    real = indexing.load_article
    monkeypatch.setattr(indexing, "load_article", lambda p: loaded.append(Path(p).name) or real(p))
    write(library, "d.md", "新文章\n\n人工智慧的發展。\n")
    changed = write(library, "b.txt", "天氣\n\n今日大雨，注意安全。\n")
    os.utime(changed, ns=(1, 1_000_000_000))
    (library / "sub/c.md").unlink()
    stats = index.update()
    assert sorted(loaded) == ["b.txt", "d.md"]
    assert (stats.added, stats.changed, stats.deleted, stats.unchanged) == (1, 1, 1, 1)
    assert found(index, "大雨") == {"b.txt"} and found(index, "晴朗") == set()
    assert found(index, "軟體") == set()
    assert found(index, "人工智能") == {"d.md"}


def test_unreadable_files_are_skipped_and_not_retried(library: Path, monkeypatch) -> None:
    (library / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    index = LibraryIndex(library)
    stats = index.update()
    assert stats.skipped == 1 and str(library / "bad.txt") in index.corpus.skipped
    loaded = []
    real = indexing.load_article
    monkeypatch.setattr(indexing, "load_article", lambda p: loaded.append(p) or real(p))
    assert LibraryIndex(library).update().indexed == 0 and loaded == []


@pytest.mark.parametrize("damage", ["corpus-garbage", "corpus-truncated", "empty-dir"])
def test_a_damaged_index_is_rebuilt(library: Path, damage: str) -> None:
    index = LibraryIndex(library)
    index.update()
    folder = index.directory
    if damage == "corpus-garbage":
        (folder / "corpus.bin").write_bytes(b"not a corpus")
    elif damage == "corpus-truncated":
        data = (folder / "corpus.bin").read_bytes()
        (folder / "corpus.bin").write_bytes(data[: len(data) // 2])
    else:
        for item in folder.iterdir():
            item.unlink()
    fresh = LibraryIndex(library)
    assert not fresh.load()
    stats = fresh.update()
    assert stats.rebuilt and stats.added == 3
    assert found(fresh, "版權") == {"a.md"}


@pytest.mark.parametrize("damage", ["toc", "segments"])
def test_a_damaged_word_index_is_rebuilt_at_once(library: Path, damage: str) -> None:
    index = LibraryIndex(library)
    index.update()
    for item in index.directory.glob("*.toc" if damage == "toc" else "*.seg"):
        item.write_bytes(b"\x80garbage")
    reopened = LibraryIndex(library)
    assert reopened.load() and reopened.whoosh_index() is None
    assert found(reopened, "版權") == {"a.md"}  # searching needs only the corpus
    stats = reopened.update()
    assert stats.rebuilt and stats.added == 3 and reopened.repaired
    write(library, "d.md", "新文章\n\n版權的發展。\n")
    stats = reopened.update()
    assert not stats.rebuilt and stats.added == 1
    assert found(reopened, "版權") == {"a.md", "d.md"}


def test_an_index_of_an_older_schema_is_rebuilt(library: Path, monkeypatch) -> None:
    LibraryIndex(library).update()
    monkeypatch.setattr(indexing, "SCHEMA_VERSION", indexing.SCHEMA_VERSION + 1)
    index = LibraryIndex(library)
    assert not index.load()
    assert index.update().rebuilt
    assert LibraryIndex(library).load()


def test_a_locked_index_raises_busy_and_can_still_be_read(library: Path) -> None:
    from filelock import FileLock

    LibraryIndex(library).update()
    write(library, "new.md", "新\n\n版權新文章。\n")
    index = LibraryIndex(library)
    with FileLock(str(index.lock_file)):
        with pytest.raises(IndexBusy):
            index.update(lock_timeout=0.05)
        reader = LibraryIndex(library)
        assert reader.load()
        assert found(reader, "版權") == {"a.md"}  # what was there before


def test_cancelled_update_leaves_the_index_as_it_was(library: Path) -> None:
    index = LibraryIndex(library)
    index.update()
    write(library, "new.md", "新\n\n版權新文章。\n")
    with pytest.raises(IndexCancelled):
        index.update(cancelled=lambda: True)
    again = LibraryIndex(library)
    assert again.load() and len(again.corpus) == 3
    assert again.update().added == 1


def test_progress_is_reported(library: Path) -> None:
    calls = []
    LibraryIndex(library).update(lambda stage, done, total: calls.append((stage, done, total)))
    assert ("reading", 3, 3) in calls and ("indexing", 3, 3) in calls and calls[-1] == ("saving", 1, 1)


def test_the_corpus_is_published_before_the_word_index(library: Path, monkeypatch) -> None:
    monkeypatch.setattr(indexing, "EARLY_CORPUS_MIN", 1)
    index, seen = LibraryIndex(library), []

    def ready(corpus) -> None:
        # First built in memory (searching need not wait for the disk), then again once it is
        # on disk, searchable by others too (and by this process from the mapped file).
        seen.append((len(corpus), LibraryIndex(library).load()))
        assert found(index, "版權") == {"a.md"}

    index.update(corpus_ready=ready)
    assert seen == [(3, False), (3, True)] and index.words_in_step
    assert LibraryIndex(library).update().indexed == 0  # and in step afterwards


def test_entity_words_go_into_the_entity_field(library: Path) -> None:
    from whoosh.query import Term

    index = LibraryIndex(library)
    index.update(entities=lambda article: ["台積電"] if "版權" in article.body else [])
    with index.whoosh_index().searcher() as searcher:
        paths = [hit["path"] for hit in searcher.search(Term("entity", "台积电"))]
    assert [Path(p).name for p in paths] == ["a.md"]


def test_single_file_library(library: Path) -> None:
    index = LibraryIndex(library / "a.md")
    assert index.update().added == 1
    assert found(index, "版权") == {"a.md"}


def test_parallel_indexing_adds_changes_and_deletes(library: Path, monkeypatch) -> None:
    monkeypatch.setattr(indexing, "PARALLEL_MIN", 1)
    index = LibraryIndex(library)
    assert index.update(jobs=2).added == 3
    write(library, "d.md", "新文章\n\n人工智慧的發展。\n")
    changed = write(library, "b.txt", "天氣\n\n今日大雨。\n")
    os.utime(changed, ns=(1, 1_000_000_000))
    (library / "a.md").unlink()
    stats = index.update(jobs=2)
    assert (stats.added, stats.changed, stats.deleted) == (1, 1, 1)
    assert found(index, "大雨") == {"b.txt"} and found(index, "版權") == set()
    with index.whoosh_index().searcher() as searcher:
        assert searcher.doc_count() == 3


def test_the_entity_extractor_is_made_after_the_corpus_is_published(library: Path, monkeypatch) -> None:
    """Building it costs seconds of jieba: searching a new folder need not wait for it (one
    indexing process; worker processes inherit it, so they get it before they start)."""
    import reader.entities

    monkeypatch.setattr(indexing, "EARLY_CORPUS_MIN", 1)
    events: list[str] = []
    real = reader.entities.extractor

    def made():
        events.append("extractor")
        return real()

    monkeypatch.setattr(reader.entities, "extractor", made)
    index = LibraryIndex(library)
    index.update(corpus_ready=lambda corpus: events.append("published"))
    # Made once, after both publications (in memory, then on disk), and pinned for every article.
    assert events == ["published", "published", "extractor"]
    assert index.words_in_step and found(index, "軟體") == {"c.md"}
