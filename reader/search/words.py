"""The settled part of a query, answered by the whoosh word index: query words cut by the
index's own vocabulary, whoosh's BM25F by slot, and a substring scan for what jieba cut
otherwise (图书 inside 图书馆). Without a usable word index the scan answers alone."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reader.library.catalog import path_from_text
from reader.lru import LRU
from reader.search.corpus import Corpus, mask_of
from reader.search.damage import drop_quietly, index_trouble
from reader.search.matching import ClausePattern, PatternKey
from reader.search.scan import Scan, Scope
from reader.text import HAN_CLASS

if TYPE_CHECKING:
    # whoosh has no type hints: these are Any to mypy, named for the reader.
    from whoosh.query import Query
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

    from reader.search.index import LibraryIndex

log = logging.getLogger(__name__)

#: Settled clauses and settled parts remembered for the next keystroke.
CACHE_SIZE = 96
#: The whoosh fields an unfielded clause searches, and those of each query field.
WORD_FIELDS = {None: ("title", "body", "tags", "source"), "title": ("title",), "tags": ("tags",),
               "source": ("source",)}
#: Query texts cut without jieba: Chinese, Latin letters, digits, and what is not a word.
_CUTTABLE_RE = re.compile(f"(?:[{HAN_CLASS}a-z0-9]|[^\\w])*")
_QUERY_RUN_RE = re.compile(f"[a-z0-9]+|[{HAN_CLASS}]+")
#: The longest query word looked up in the index (in characters).
LONGEST_WORD = 8
#: A whoosh document whose slot has not been read yet (-1: it has none).
_UNMAPPED = -2


@dataclass(slots=True)
class WordMatch:
    """One settled clause: whoosh's BM25F score by slot, and every slot it matches (whoosh's
    plus the substring fallback's)."""

    scores: dict[int, float]
    mask: int
    found: tuple[bool, ...]
    #: What scores the fallback's slots and gives the title bonus (None: whoosh alone).
    scan: ClausePattern | None


@dataclass(slots=True)
class Settled:
    """The settled part of a query: the slots it allows and its clauses' matches."""

    mask: int
    clauses: list[WordMatch]
    #: The settled part's score, by slot, filled as slots are ranked.
    scores: dict[int, float] = field(default_factory=dict)
    #: Slots by whoosh's score, best first (computed when first needed).
    order: list[int] | None = None


def query_words(text: str, reader: IndexReader) -> list[str]:
    """The index words of a normalised query text, cut like the text was: Latin letters and
    digits in runs, Chinese by longest match against the words the index holds (which jieba
    made), so searching never loads jieba (a second and ~100 MB)."""
    if not _CUTTABLE_RE.fullmatch(text):
        from reader.search.analysis import words  # other scripts: as the analyzer does

        return words(text)

    def known(word: str) -> bool:
        return ("body", word) in reader or ("title", word) in reader

    out: list[str] = []
    for run in _QUERY_RUN_RE.findall(text):
        if run.isascii():
            out.append(run)
            continue
        start = 0
        while start < len(run):
            end = min(len(run), start + LONGEST_WORD)
            while end > start + 1 and not known(run[start:end]):
                end -= 1
            out.append(run[start:end])
            start = end
    return out


def word_query(text: str, where: str | None, name_prefix: bool, reader: IndexReader) -> Query | None:
    """The whoosh query for one needle of a clause limited to `where`, or None (no words)."""
    from whoosh import query as Q

    if where == "entity":
        name = " ".join(text.split())
        return Q.Prefix("entity", name) if name_prefix else Q.Term("entity", name)
    words = query_words(text, reader)
    if not words:
        return None
    parts = [Q.Term(f, words[0]) if len(words) == 1 else Q.Phrase(f, words) for f in WORD_FIELDS[where]]
    return parts[0] if len(parts) == 1 else Q.Or(parts)


class WordIndex:
    """The settled clauses of queries on one library. Thread safe.

    Each clause is asked of the whoosh index (when the library has a usable one), and the
    articles whoosh did not find are scanned for it; both answers are cached, so typing the
    next characters of the last word does not ask whoosh again."""

    def __init__(self, corpus: Corpus, index: LibraryIndex | None, scan: Scan,
                 cache_size: int = CACHE_SIZE) -> None:
        self.corpus = corpus
        #: The LibraryIndex whose whoosh index answers settled clauses (None: scans only).
        self.index = index
        self.scan = scan
        #: How many whoosh queries ran (tests check the caches with it).
        self.queries = 0
        self._searcher: Searcher | None = None
        self._slot_of: list[int] = []
        self._clauses: LRU[tuple[PatternKey, bool], WordMatch] = LRU(cache_size)
        self._settled: LRU[Scope, Settled] = LRU(cache_size)

    def warm_up(self) -> None:
        """Open the whoosh searcher and map its documents to slots (call from a worker)."""
        if self.index is not None:
            with self.index.word_lock:
                self._open(fill=True)

    def settle(self, positive: list[tuple[ClausePattern, bool]], negative: list[ClausePattern]) -> Settled:
        """The slots every positive clause matches and no negative one does. `positive` pairs
        each pattern with whether it is a name still being typed (entity: matches names
        starting so)."""
        key = (tuple((p.key, prefix) for p, prefix in positive), tuple(p.key for p in negative))
        return self._settled.get_or_make(key, lambda: self._settle(positive, negative))

    def clause(self, pattern: ClausePattern, name_prefix: bool) -> WordMatch:
        """A settled clause: whoosh's matches and scores, plus the articles that hold the
        clause's characters but were not found by whoosh and contain it as a substring (jieba
        cut the text differently: 图书 inside 图书馆)."""
        key = (pattern.key, name_prefix)
        return self._clauses.get_or_make(key, lambda: self._clause(pattern, name_prefix))

    def _settle(self, positive: list[tuple[ClausePattern, bool]], negative: list[ClausePattern]) -> Settled:
        clauses = [self.clause(p, prefix) for p, prefix in positive]
        mask = self.corpus.all
        for match in clauses:
            mask &= match.mask
        for pattern in negative:
            if not mask:
                break
            mask &= ~self.clause(pattern, False).mask
        return Settled(mask, clauses)

    def _clause(self, pattern: ClausePattern, name_prefix: bool) -> WordMatch:
        scores, word_found, asked = self._ask(pattern, name_prefix)
        scan: ClausePattern | None = pattern
        if pattern.field == "entity":
            # Names live only in the word index. Without it, or when no article has this name
            # as an entity (extraction missed it), look for the name in the text.
            scan = None if asked and scores else replace(pattern, field=None)
        mask = mask_of(sorted(scores))
        found = tuple(word_found)
        if scan is not None:
            fallback = self.scan.match(scan, self.corpus.all & ~mask)
            mask |= fallback.mask
            found = tuple(a or b for a, b in zip(word_found, fallback.found))
        return WordMatch(scores, mask, found, scan)

    def _ask(self, pattern: ClausePattern, name_prefix: bool) -> tuple[dict[int, float], list[bool], bool]:
        """Whoosh's best score by slot for the pattern's needles, which needles it found, and
        whether it answered for all of them (False: no usable word index)."""
        scores: dict[int, float] = {}
        found = [False] * len(pattern.needles)
        if self.index is None:
            return scores, found, False
        with self.index.word_lock:
            opened = self._open()
            if opened is None:
                return scores, found, False
            searcher, slot_of = opened
            asked = True
            for i, needle in enumerate(pattern.needles):
                try:
                    q = word_query(needle.text, pattern.field, name_prefix, searcher.reader())
                    if q is None:
                        continue
                    self.queries += 1
                    top = searcher.search(q, limit=None).top_n
                    self._fill_slots(searcher, (docnum for _score, docnum in top))
                except Exception as exc:
                    if not index_trouble(exc):
                        log.exception("the word index failed on %r", needle.text)
                        raise
                    log.debug("the word index is unusable, the scan answers", exc_info=True)
                    drop_quietly(exc)
                    self.index.failed = True  # the next update checks the index's every byte
                    asked = False
                    continue
                for score, docnum in top:
                    slot = slot_of[docnum] if docnum < len(slot_of) else -1
                    if slot >= 0:
                        found[i] = True
                        if score > scores.get(slot, 0.0):
                            scores[slot] = score
        return scores, found, asked

    def _open(self, fill: bool = False) -> tuple[Searcher, list[int]] | None:
        """The open whoosh searcher and its document numbers' slots, or None when there is
        no usable word index. Call with the index's word_lock held.

        A document's slot is read from its stored path when a query first finds it (`fill`:
        every document's now): reading all 10,000 paths costs a one-off search from the
        command line more than the rest of the query."""
        assert self.index is not None
        try:
            searcher = self.index.word_searcher()
            if searcher is None:
                return None
            if searcher is not self._searcher:
                self._slot_of, self._searcher = [_UNMAPPED] * searcher.doc_count_all(), searcher
            if fill:
                self._fill_slots(searcher)
        except Exception as exc:
            if not index_trouble(exc):
                log.exception("the word index failed to open")
                raise
            log.debug("the word index is unusable, the scan answers", exc_info=True)
            drop_quietly(exc)
            self.index.failed = True  # the next update checks the index's every byte
            return None
        return searcher, self._slot_of

    def _fill_slots(self, searcher: Searcher, docnums: Iterable[int] | None = None) -> None:
        """Map the documents (all, or `docnums`) not mapped yet to their corpus slots."""
        slot_of, by_path = self._slot_of, self.corpus.by_path
        reader = searcher.reader()
        wanted = range(len(slot_of)) if docnums is None else docnums
        for docnum in wanted:
            if 0 <= docnum < len(slot_of) and slot_of[docnum] == _UNMAPPED:
                # A deleted document (whoosh keeps it until a merge) has no slot.
                stored = {} if reader.is_deleted(docnum) else reader.stored_fields(docnum)
                slot_of[docnum] = by_path.get(path_from_text(stored.get("path") or ""), -1)
