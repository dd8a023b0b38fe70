"""A library's search index held in memory only: for when the cache dir cannot be written
(read-only, unwritable, full). Built at each start, so slower to get ready; it searches the
same way as the index on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.search.corpus import Corpus, CorpusEntry
from reader.search.corpus_file import update_corpus
from reader.search.index import EntityWords, IndexWriteError, LibraryIndex, PreRead, Progress, UpdateStats

if TYPE_CHECKING:
    from whoosh.index import Index

#: What the user is told, once, when searching goes on without a cache.
NO_CACHE_NOTE = "searching without a cache (slower)"


class MemoryIndex(LibraryIndex):
    """A LibraryIndex whose word index (whoosh on RamStorage) and corpus live in memory:
    nothing is read from or written to disk but the articles. One process, no lock."""

    def __init__(self, folder: str | Path) -> None:
        super().__init__(folder)
        self._ram: Index | None = None

    def load(self) -> bool:
        return self.corpus.generation >= 0  # nothing on disk to load

    def _latest_generation(self) -> int:
        return self._ram.latest_generation() if self._ram is not None else -2

    def whoosh_index(self) -> Index | None:
        return self._ram if self.words_in_step else None

    def update(
        self,
        progress: Progress | None = None,
        *,
        jobs: int = 1,
        entities: EntityWords | bool | None = True,
        lock_timeout: float = 2.0,
        cancelled: Callable[[], bool] | None = None,
        corpus_ready: Callable[[Corpus], None] | None = None,
        verify: bool = False,
        preread: PreRead | None = None,
    ) -> UpdateStats:
        # One process only: whoosh's worker processes would each write to a memory of their own.
        return self._update_locked(progress, 1, entities, cancelled, corpus_ready, preread or {})

    def _open_for_writing(self) -> tuple[Index, Corpus, bool]:
        if self._ram is not None:
            return self._ram, self.corpus, False
        from whoosh.filedb.filestore import RamStorage

        from reader.search.index import INDEX_NAME, build_schema

        self._ram = RamStorage().create_index(build_schema(), indexname=INDEX_NAME)
        return self._ram, Corpus.empty(), True

    def _save_and_set(self, old: Corpus, fresh: dict[str, CorpusEntry], gone: list[str], generation: int,
                      skipped: dict[str, tuple[int, int, str]]) -> None:
        self._set_corpus(update_corpus(old, fresh, gone, generation=generation, skipped=skipped, directory=None))


def update_or_keep_in_memory(
    index: LibraryIndex, update: Callable[[LibraryIndex], UpdateStats], notes: Callable[[str], None]
) -> tuple[LibraryIndex, UpdateStats]:
    """`update(index)`; when the index cannot be written, a MemoryIndex of the same folder is
    built (`update(memory_index)`) and returned instead. `notes(text)` hears, once each, of a
    damaged index that was rebuilt and of searching without a cache. Returns the index to
    search and what its update did; raises what update() raises but IndexWriteError."""
    try:
        stats = update(index)
    except IndexWriteError as exc:
        notes(f"{NO_CACHE_NOTE}: {exc}")
        index.close()
        index = MemoryIndex(index.folder)
        return index, update(index)
    if index.repaired:
        notes(repaired_note(index.repaired))
    return index, stats


def repaired_note(reason: str) -> str:
    """What the user is told, once, when a damaged index was rebuilt."""
    return f"search index rebuilt: it was damaged ({reason})"
