"""A library folder's search index, kept in step with the folder and rebuilt whenever in doubt.

Two parts live in one cache folder per library (locations.cache_dir()/index/<folder key>):
the whoosh word index (jieba words with positions, see reader.search.analysis) and the corpus mirror
(reader.search.corpus: normalised texts for substring scans and snippets). Both are caches: a missing,
stale, damaged or old-schema index is wiped and rebuilt, never an error. Updates are
incremental by path + size + mtime, and one process at a time updates (a lock file); others
read what is there.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import shutil
import threading
import time
import warnings
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reader import locations
from reader.library.article import Article, ArticleError, ArticleInfo, load_article
from reader.library.catalog import path_as_text, scan_stamps
from reader.search import integrity
from reader.search.corpus import Corpus, CorpusEntry, IndexedArticle
from reader.search.corpus_file import CORPUS_FILE, is_corpus_file, load_corpus, update_corpus
from reader.search.damage import drop_quietly, index_trouble
from reader.text import normalize

if TYPE_CHECKING:
    # whoosh is imported when first needed; it has no type hints, so these are Any to mypy.
    from whoosh.fields import Schema
    from whoosh.index import Index
    from whoosh.searching import Searcher
    from whoosh.writing import IndexWriter

    from reader.search.workers import NamedFeed

#: Bump when the schema, the analyzer (whoosh stores it by import path) or the corpus layout
#: changes: older indexes are rebuilt. 3: the analyzers moved into reader.search.analysis.
#: 4: a list of the index's files with checksums (reader.search.integrity). 5: the text fields
#: are reader.search.analysis.WordsField.
SCHEMA_VERSION = 5
INDEX_NAME = "articles"
#: Fewer new or changed files than this are indexed in this process whatever `jobs` says.
PARALLEL_MIN = 200
#: From this many new or changed files on, the corpus is published before the word index.
EARLY_CORPUS_MIN = 300
_VERSION_FILE = "SCHEMA_VERSION"

log = logging.getLogger(__name__)

#: progress(stage, done, total): stage is "reading" while files are read, "indexing" while
#: their words go into the word index, then "saving" while the index is written out.
Progress = Callable[[str, int, int], None]
#: The names for the `entity` field of an article.
EntityWords = Callable[[Article], Iterable[str]]
#: Articles already read (by the library's listing), by path: ((size, mtime_ns), article, its
#: body normalised, or None).
PreRead = Mapping[str, tuple[tuple[int, int], Article, str | None]]


class IndexBusy(Exception):
    """Another process is updating this library's index."""


class IndexCancelled(Exception):
    """An update stopped because it was asked to; the index is as it was before."""


class IndexWriteError(Exception):
    """The index cannot be written here (full disk, read-only or unwritable cache dir); what
    was half-written has been removed. The message says why, in words for the user."""


@dataclass(frozen=True, slots=True)
class UpdateStats:
    """What an update did."""

    added: int = 0
    changed: int = 0
    deleted: int = 0
    skipped: int = 0
    unchanged: int = 0
    rebuilt: bool = False
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return self.added + self.changed


def build_schema() -> Schema:
    """The whoosh schema; every text field uses reader's own analyzer."""
    from whoosh.fields import ID, STORED, TEXT, Schema

    from reader.search.analysis import WordsField, analyzer, name_analyzer

    words = analyzer()
    return Schema(
        path=ID(unique=True, stored=True),
        title=WordsField(analyzer=words, phrase=True, field_boost=3.0),
        body=WordsField(analyzer=words, phrase=True),
        tags=WordsField(analyzer=words, phrase=True, field_boost=2.0),
        source=WordsField(analyzer=words, phrase=True),
        # Names found by entity extraction, one token each; empty unless an extractor is given.
        entity=TEXT(analyzer=name_analyzer(), phrase=False),
        date=ID(stored=True),
        fingerprint=ID(stored=True),
        stamp=STORED,
    )


def _open_whoosh(directory: Path) -> Index | None:
    """The whoosh index in `directory` if it opens and reads, else None."""
    from whoosh.filedb.filestore import FileStorage

    # Without memory maps: whoosh 2.7 on Python 3 copies each memory-mapped part of a segment
    # it opens into a BytesIO, so an open searcher would hold most of the index in memory
    # (+95 MB at 2,000 articles); plain file reads answer queries as fast.
    # whoosh leaves files open when it fails on a damaged index; they are closed (quietly)
    # when the error is dropped.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = FileStorage(str(directory), supports_mmap=False).open_index(INDEX_NAME)
            ix.doc_count()  # reads the segments
            return ix
        except Exception as exc:
            if not index_trouble(exc):
                raise  # a bug, not a damaged index: whoever searches or updates hears of it
            log.debug("the word index in %s is unusable", directory, exc_info=True)
        gc.collect()
    return None


def _close_searchers(held: list[Searcher]) -> None:
    while held:
        held.pop().close()


def _entity_value(article: Article, entry: CorpusEntry, entities: EntityWords | bool | None) -> str:
    if entities is True:
        from reader.search.analysis import FIND_NAMES

        # The analyzer extracts the names, in whichever process analyses the document.
        return FIND_NAMES + entry.norm
    if callable(entities):
        return "\n".join(entities(article))
    return ""


def index_dir(folder: Path) -> Path:
    """Where the index of a library folder lives."""
    return locations.cache_dir() / "index" / locations.folder_key(folder)


def _entry(article: Article, stamp: tuple[int, int], norm: str | None = None) -> CorpusEntry:
    info = article.info
    indexed = IndexedArticle(
        path=info.path, size=stamp[0], mtime_ns=stamp[1], title=info.title, tags=info.tags,
        source=info.source, date=info.date, fingerprint=info.fingerprint, chars=info.chars,
    )
    return CorpusEntry(indexed, article.body, normalize(article.body) if norm is None else norm)


def _clear_stale_lock(lock_file: Path) -> bool:
    """When the process that took the update lock has ended, whatever still holds it (its
    orphaned workers) is ended: True if the lock can be taken again."""
    from reader.search.workers import clear_stale_lock, owner_is_gone

    if not owner_is_gone(lock_file):
        return False
    log.warning("the index lock %s was left by an indexer that has ended: clearing it", lock_file)
    return clear_stale_lock(lock_file)

def _writer(ix: Index, jobs: int) -> IndexWriter:
    """A whoosh writer: in `jobs` processes (that die with this one) or in this one. The
    caller holds the update lock, so whoever holds whoosh's own write lock was left behind by an
    indexer that has ended: it is cleared, once."""
    from whoosh.index import LockError

    from reader.search.postings import LeanSegmentWriter
    from reader.search.workers import clear_stale_lock, parallel_writer

    for attempt in (1, 2):
        try:
            if jobs > 1:
                return parallel_writer(ix, jobs)
            return LeanSegmentWriter(ix)
        except LockError:
            if attempt == 2:
                raise
            clear_stale_lock(Path(ix.storage.folder) / f"{INDEX_NAME}_WRITELOCK")
    raise AssertionError("unreachable")

def _parallel_writer(ix: Index, jobs: int, *, user_names: bool) -> IndexWriter:
    """A writer with its worker processes started. They are forked from a parent that holds
    no segmenter, extractor or articles (each starts its own segmenter, with the user's names
    when entities are found, as the extractor would teach them): what they hold is what they
    need."""
    if user_names:
        from reader.search.analysis import teach_user_names

        teach_user_names()
    writer = _writer(ix, jobs)
    writer.start_workers()
    return writer

def _read_articles(
    todo: list[str],
    stamps: dict[str, tuple[int, int]],
    skipped: dict[str, tuple[int, int, str]],
    preread: PreRead,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    each: Callable[[Article, CorpusEntry], None] | None = None,
    listed: dict[str, ArticleInfo] | None = None,
) -> dict[str, tuple[Article | None, CorpusEntry]]:
    """Every new and changed article (from `preread` when unchanged since), with its corpus
    entry, each given to `each` (then not kept) as soon as it is read; files that cannot be read
    go into `skipped`."""
    fresh: dict[str, tuple[Article | None, CorpusEntry]] = {}
    for done, path in enumerate(todo, 1):
        if cancelled is not None and cancelled():
            raise IndexCancelled("indexing stopped")
        ready = preread.get(path)
        if ready is not None and ready[0] != stamps[path]:
            ready = None  # changed since
        try:
            article = ready[1] if ready is not None else load_article(path)
        except ArticleError as exc:
            skipped[path] = (*stamps[path], str(exc))
        else:
            entry = _entry(article, stamps[path], ready[2] if ready is not None else None)
            if listed is not None:
                listed[path] = article.info
            # An article given to `each` is not kept (its paragraphs are a copy of its text).
            fresh[path] = (article if each is None else None, entry)
            if each is not None:
                each(article, entry)
        if progress is not None:
            progress("reading", done, len(todo))
    return fresh


class LibraryIndex:
    """The search index of one library folder (or one article file)."""

    def __init__(self, folder: str | Path, *, directory: Path | None = None) -> None:
        self.folder = Path(folder).expanduser().resolve()
        self.directory = directory or index_dir(self.folder)
        self.corpus: Corpus = Corpus.empty()
        #: Whether the whoosh index on disk matches `corpus` (document numbers line up).
        self.words_in_step = False
        self._whoosh: Index | None = None
        self._word_searcher: list[Searcher] = []  # [the open whoosh searcher] once opened
        #: Held while the whoosh searcher is in use (whoosh searchers are not thread safe).
        self.word_lock = threading.RLock()
        #: Why the last update() rebuilt the index: it was damaged (else None; tell the user).
        self.repaired: str | None = None
        #: Whether whoosh failed while searching: the next update() checks every byte.
        self.failed = False
        self._verify = False
        #: When a dict, what the list shows of each article an update reads (see cmd_index).
        self.listed: dict[str, ArticleInfo] | None = None

    # --- reading ----------------------------------------------------------------------

    @property
    def corpus_file(self) -> Path:
        return self.directory / CORPUS_FILE

    @property
    def lock_file(self) -> Path:
        return self.directory.parent / f"{self.directory.name}.lock"

    def _version_ok(self) -> bool:
        try:
            return (self.directory / _VERSION_FILE).read_text("ascii").strip() == str(SCHEMA_VERSION)
        except (OSError, UnicodeDecodeError):
            return False

    def load(self) -> bool:
        """Load what is on disk without indexing anything; False when there is none usable."""
        if not self._version_ok():
            return False
        damage = integrity.check(self.directory)
        if damage is not None and (not damage.files or any(map(is_corpus_file, damage.files))):
            return False
        corpus = load_corpus(self.corpus_file)
        if corpus is None:
            return False
        self._set_corpus(corpus)
        if damage is not None:
            self.words_in_step = False  # the scan answers until update() rebuilds it
        return True

    def _set_corpus(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._whoosh = None
        self.words_in_step = self._latest_generation() == corpus.generation

    def _latest_generation(self) -> int:
        """The newest whoosh generation on disk (from file names, as whoosh finds it)."""
        pattern = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
        try:
            names = os.listdir(self.directory)
        except OSError:
            return -2
        return max((int(m.group(1)) for n in names if (m := pattern.match(n))), default=-2)

    def whoosh_index(self) -> Index | None:
        """The whoosh index matching `corpus`, or None (missing, damaged, out of step)."""
        if not self.words_in_step:
            return None
        if self._whoosh is None:
            self._whoosh = _open_whoosh(self.directory)
            self.words_in_step = self._whoosh is not None
            self.failed = self.failed or self._whoosh is None
        return self._whoosh

    def word_searcher(self) -> Searcher | None:
        """The whoosh searcher, kept open and refreshed when the index has a newer
        generation; None when the word index is unavailable. One thread at a time: hold
        `word_lock` while using it."""
        ix = self.whoosh_index()
        if ix is None:
            return None
        held = self._word_searcher
        if not held:
            held.append(ix.searcher())
            # Closed with this object at the latest (a searcher holds open files).
            weakref.finalize(self, _close_searchers, held)
        elif not held[0].up_to_date():
            held[0] = held[0].refresh()  # reuses the unchanged segments
        return held[0]

    def close(self) -> None:
        """Close the open whoosh searcher (it holds files)."""
        with self.word_lock:
            _close_searchers(self._word_searcher)

    def _known_stamps(self) -> dict[str, tuple[int, int]]:
        known = {a.path: (a.size, a.mtime_ns) for a in self.corpus.articles}
        known.update({p: (v[0], v[1]) for p, v in self.corpus.skipped.items()})
        return known

    # --- updating ---------------------------------------------------------------------

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
        """Bring the index in step with the folder: index new and changed files, drop deleted
        ones; rebuild from scratch when the index is missing, damaged or of an older schema.

        `jobs` > 1 indexes in that many processes (never from a threaded UI process). Raises
        IndexBusy when another process holds the lock for longer than `lock_timeout` seconds,
        and IndexCancelled when `cancelled()` turns true (the index is left as it was).
        When many files are new, `corpus_ready(corpus)` is called as soon as they are read:
        searching can start before the word index is written.
        `entities` fills the `entity` field: True for reader.entities (quick mode), False for
        nothing, or a function of the article. `preread` holds articles read already (a file
        whose size or mtime has changed since is read again).
        The index's files are checked (sizes and times, or with `verify` every byte): a damaged
        index is rebuilt and `repaired` says why. IndexWriteError: it cannot be written.
        """
        started = time.perf_counter()
        self.repaired = None
        self._verify = verify = verify or self.failed
        self.failed = False
        if self.corpus.generation < 0:
            self.load()
        if self.corpus.generation >= 0 and self.words_in_step and integrity.check(self.directory, full=verify) is None:
            stamps = scan_stamps(self.folder)
            if stamps == self._known_stamps():
                # Nothing to do: no lock, no whoosh, no writes.
                return UpdateStats(unchanged=len(self.corpus), skipped=len(self.corpus.skipped),
                                   seconds=time.perf_counter() - started)

        from filelock import FileLock, Timeout

        try:
            integrity.clear_the_way(self.directory, self.lock_file)
            lock = FileLock(str(self.lock_file))
            lock.acquire(timeout=lock_timeout)
        except Timeout:
            if not _clear_stale_lock(self.lock_file):
                raise IndexBusy(f"another reader is updating the index of {self.folder}") from None
            try:
                lock.acquire(timeout=lock_timeout)
            except Timeout:
                raise IndexBusy(f"another reader is updating the index of {self.folder}") from None
        except OSError as exc:
            raise _cannot_write(self, exc) from exc
        from reader.search.workers import record_owner

        record_owner(self.lock_file)
        try:
            return _written_or_cleared(
                self, lambda: self._update_locked(progress, jobs, entities, cancelled, corpus_ready, preread or {})
            )
        finally:
            lock.release()

    def _open_for_writing(self) -> tuple[Index, Corpus, bool]:
        """The whoosh index and the corpus that matches it; wiped and created when either is
        missing, damaged, out of step or of another schema. Returns (ix, corpus, rebuilt)."""
        from whoosh import index

        if self._version_ok():
            damage = integrity.check(self.directory, full=self._verify)
            corpus = load_corpus(self.corpus_file) if damage is None else None
            if corpus is not None:
                corpus.adopt_bodies(self.corpus)  # the update passes them on
                ix = _open_whoosh(self.directory)
                if ix is not None and ix.latest_generation() == corpus.generation:
                    return ix, corpus, False
                if ix is None:
                    self.repaired = "the word index does not open"
            elif damage is not None and (damage.files or self.corpus_file.exists()):
                self.repaired = damage.reason  # (else a first build that never finished)
        self.close()  # a searcher of the old index must not outlive it
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(self.directory), build_schema(), indexname=INDEX_NAME)
        (self.directory / _VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n", "ascii")
        return ix, Corpus.empty(), True

    def _update_locked(
        self,
        progress: Progress | None,
        jobs: int,
        entities: EntityWords | bool | None,
        cancelled: Callable[[], bool] | None,
        corpus_ready: Callable[[Corpus], None] | None,
        preread: PreRead,
    ) -> UpdateStats:
        started = time.perf_counter()
        stamps = scan_stamps(self.folder)
        with self.word_lock:  # a search in another thread may be using it
            self._whoosh = None
        ix, old, rebuilt = self._open_for_writing()
        known = {a.path: (a.size, a.mtime_ns) for a in old.articles}
        skipped = {p: v for p, v in old.skipped.items() if stamps.get(p) == (v[0], v[1])}
        todo = sorted(p for p, stamp in stamps.items() if known.get(p) != stamp and p not in skipped)
        gone = [p for p in known if p not in stamps]
        dropped_skips = len(old.skipped) - len(skipped)
        if not todo and not gone and not rebuilt and not dropped_skips:
            self._set_corpus(old)
            return UpdateStats(unchanged=len(known), skipped=len(skipped),
                               seconds=time.perf_counter() - started)

        jobs = jobs if len(todo) >= PARALLEL_MIN else 1
        with contextlib.ExitStack() as stack:
            # (several jobs find names elsewhere)
            pin = _pinning(stack) if entities is True and todo and jobs == 1 else None
            return self._write(ix, old, rebuilt, stamps, todo, gone, skipped, progress, jobs, pin,
                               entities, cancelled, corpus_ready, preread, started)

    def _write(self, ix: Index, old: Corpus, rebuilt: bool, stamps: dict[str, tuple[int, int]], todo: list[str],
               gone: list[str], skipped: dict[str, tuple[int, int, str]], progress: Progress | None, jobs: int,
               pin: Callable[[], object] | None, entities: EntityWords | bool | None,
               cancelled: Callable[[], bool] | None, corpus_ready: Callable[[Corpus], None] | None,
               preread: PreRead, started: float) -> UpdateStats:
        known = {a.path: (a.size, a.mtime_ns) for a in old.articles}
        # Read every new and changed file first: the corpus (all that searching needs) can
        # then be published before the word index is written.
        # Parallel workers start before the files are read, forked from a parent that holds no
        # articles, and are given each one as it is read (its names found on the way: _feed).
        # One process pins the entity extractor (`pin`) once the corpus is out: building it,
        # seconds of jieba, need not delay searching.
        writer = _parallel_writer(ix, jobs, user_names=entities is True) if jobs > 1 else None
        feed: Callable[[Article, CorpusEntry], None] | None = None
        named, early = None, False
        try:
            if writer is not None:
                _delete_old(writer, gone, todo, known)
                feed, named = _feed(writer, entities, jobs)
            fresh = _read_articles(todo, stamps, skipped, preread, progress, cancelled, feed, listed=self.listed)
            entries = {p: e for p, (_a, e) in fresh.items()}
            if corpus_ready is not None and len(fresh) >= EARLY_CORPUS_MIN:
                _publish_early(self, old, entries, gone, skipped, corpus_ready)
                early = True
            if named is not None:
                named.finish()
        except BaseException:
            if named is not None:
                named.cancel()
            if writer is not None:
                _cancel(writer)
            raise

        try:
            if pin is not None:
                pin()
            if writer is None:
                writer = _writer(ix, 1)
                _delete_old(writer, gone, todo, known)
                for done, (article, entry) in enumerate(fresh.values(), 1):
                    if cancelled is not None and cancelled():
                        raise IndexCancelled("indexing stopped")
                    assert article is not None
                    _add(writer, entities, article, entry)
                    if progress is not None:
                        progress("indexing", done, len(fresh))
            if progress is not None:
                progress("saving", 0, 1)
            writer.commit()
        except BaseException:
            if writer is not None:
                _cancel(writer)
            raise

        fresh_paths = list(fresh)
        if early:  # the corpus is written: only its generation changes
            self._save_and_set(self.corpus, {}, [], ix.latest_generation(), skipped)
        else:
            self._save_and_set(old, entries, gone, ix.latest_generation(), skipped)
        if progress is not None:
            progress("saving", 1, 1)
        changed = sum(1 for p in fresh_paths if p in known)
        return UpdateStats(
            added=len(fresh_paths) - changed, changed=changed, deleted=len(gone), skipped=len(skipped),
            unchanged=len(known) - changed - len(gone), rebuilt=rebuilt,
            seconds=time.perf_counter() - started,
        )

    def _save_and_set(self, old: Corpus, fresh: dict[str, CorpusEntry], gone: list[str], generation: int,
                      skipped: dict[str, tuple[int, int, str]]) -> None:
        """Write `old` updated with `fresh` entries and without `gone` paths, and use it."""
        # Listed before the corpus is replaced (whoosh's new files are read then) and after (only
        # the corpus is): readers see a mismatch only for as long as reading the corpus takes.
        integrity.record(self.directory)
        corpus = update_corpus(old, fresh, gone, generation=generation, skipped=skipped, directory=self.directory)
        integrity.record(self.directory)
        self._set_corpus(corpus)



def _pinning(stack: contextlib.ExitStack) -> Callable[[], object]:
    """What pins the entity extractor for the rest of the update (until `stack` closes) when
    called: `_write` calls it once the corpus is published."""
    from reader.search.analysis import pinned_extractor

    return partial(stack.enter_context, pinned_extractor())


def _publish_early(index: LibraryIndex, old: Corpus, fresh: dict[str, CorpusEntry], gone: list[str],
                   skipped: dict[str, tuple[int, int, str]], corpus_ready: Callable[[Corpus], None]) -> None:
    """Searching a new folder starts before its word index is written: with the corpus built
    in memory (`corpus_ready`), then again once it is on disk (searched from the mapped file,
    and by a next start at once should this update not finish). Generation -1: until the word
    index catches up, the corpus is not in step with it (the next update rebuilds both). The
    entity extractor, seconds of jieba to build, is made after this."""
    index._set_corpus(update_corpus(old, fresh, gone, generation=-1, skipped=skipped, directory=None))
    corpus_ready(index.corpus)
    index._save_and_set(index.corpus, {}, [], -1, skipped)
    corpus_ready(index.corpus)


def _cannot_write(index: LibraryIndex, exc: OSError) -> IndexWriteError:
    return IndexWriteError(f"the search index cannot be written in {index.directory.parent} ({exc.strerror or exc})")


def _written_or_cleared(index: LibraryIndex, update: Callable[[], UpdateStats]) -> UpdateStats:
    """`update()` (the index's lock is held). When writing fails (a full disk, the cache dir
    gone read-only, something in the way of a file), nothing half-written is left behind, and
    one more build from scratch is tried before IndexWriteError."""
    for attempt in (1, 2):
        try:
            return update()
        except OSError as exc:
            drop_quietly(exc)  # whoosh's files left open by the failure are closed first
            index.close()
            index.words_in_step = False  # the corpus in memory stays usable; whoosh's is gone
            shutil.rmtree(index.directory, ignore_errors=True)
            if attempt == 2:
                raise _cannot_write(index, exc) from exc
    raise AssertionError("unreachable")


def _cancel(writer: IndexWriter) -> None:
    """Cancel a writer after a failure. Cancelling may fail in turn (a file that could not be
    closed on a full disk is written to again): the first error is the one to report, and what
    was half-written is removed anyway."""
    try:
        writer.cancel()
    except Exception:
        log.debug("cancelling the index writer failed too", exc_info=True)


def default_jobs() -> int:
    """Processes for `reader index`: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def _delete_old(writer: IndexWriter, gone: list[str], todo: list[str], known: dict[str, tuple[int, int]]) -> None:
    """Drop the documents of deleted and changed files."""
    for path in gone + [p for p in todo if p in known]:
        writer.delete_by_term("path", path_as_text(path))


def _add(writer: IndexWriter, entities: EntityWords | bool | None, article: Article, entry: CorpusEntry) -> None:
    writer.add_document(**_fields(article, entry, entities))


def _feed(writer: IndexWriter, entities: EntityWords | bool | None,
          jobs: int) -> tuple[Callable[[Article, CorpusEntry], None], NamedFeed | None]:
    """What a parallel writer is fed each article through: straight, or through `jobs` naming
    processes when reader's entity extraction fills the entity field."""
    if entities is not True:
        return partial(_add, writer, entities), None
    from reader.search.workers import NamedFeed

    named = NamedFeed(jobs, partial(_add_named, writer))
    return named, named


def _add_named(writer: IndexWriter, article: Article, entry: CorpusEntry, names: list[str]) -> None:
    writer.add_document(**_fields(article, entry, lambda _article: names))


def _fields(article: Article, entry: CorpusEntry, entities: EntityWords | bool | None) -> dict[str, object]:
    from reader.search.analysis import Normalized

    info = article.info
    return {
        "path": path_as_text(info.path),  # whoosh needs UTF-8; a file name may not be
        "title": info.title,
        "body": Normalized(entry.norm),  # already normalised: cut as it is
        "tags": "\n".join(info.tags),
        "source": info.source or "",
        "entity": _entity_value(article, entry, entities),
        "date": info.date or "",
        "fingerprint": info.fingerprint,
        "stamp": [entry.article.size, entry.article.mtime_ns],
    }
