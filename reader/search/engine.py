"""Searching a library: ranked hits with snippets and highlight spans, fast enough per keystroke.

Two engines divide the work. The whoosh word index (jieba words, see reader.search.index) answers
the settled part of a query: every clause but the word still being typed, that is terms,
"phrases" (whoosh phrase queries), -exclusions and title:/tag:/source:/entity: fields, scored
with BM25F (title boosted). Its answer is cached per settled part, so typing the next
characters of the last word does not ask whoosh again (reader.search.words). The corpus mirror
held in memory (reader.search.corpus) answers the word being typed by substring scan (影子圖
finds 影子圖書館, one character finds the words containing it), within the articles the settled
part allows (reader.search.scan); it also catches what whoosh cannot see when jieba cut the
text differently from the query (图书 inside 图书馆), and it gives the hit spans and snippets
(reader.search.hits). Ranking adds whoosh's BM25F (or BM25 over substring counts where only the
scan found the article), a bonus for clauses in the title and one for all the words together
(reader.search.ranking). See reader.search.query for the language.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.search.corpus import Corpus
from reader.search.hits import SearchResult, build_hit
from reader.search.matching import ClausePattern, compile_clause
from reader.search.query import Clause, ParsedQuery, QueryError, parse_query
from reader.search.ranking import Ranking
from reader.search.scan import ClauseMatch, Scan, Scope
from reader.search.words import Settled, WordIndex

if TYPE_CHECKING:
    from reader.search.index import LibraryIndex

__all__ = ["Searcher", "search_library"]


@dataclass(slots=True)
class QueryParts:
    """A query's clauses as the engines divide them: the settled part goes to the word index,
    the word still being typed (when there is one) to the scan."""

    #: Every positive clause with its pattern, in query order (ranked, highlighted, widened).
    positive: list[tuple[Clause, ClausePattern]] = field(default_factory=list)
    #: Settled positive clauses, each with whether it is a name still being typed.
    settled: list[tuple[ClausePattern, bool]] = field(default_factory=list)
    excluded: list[ClausePattern] = field(default_factory=list)
    growing: ClausePattern | None = None
    growing_excluded: ClausePattern | None = None

    @classmethod
    def classify(cls, parsed: ParsedQuery, typing: bool) -> QueryParts:
        """Sort the clauses. While `typing`, the last word (no space after it yet) is growing,
        unless it is an entity: names are only in the word index."""
        last = parsed.clauses[-1] if parsed.clauses else None
        growing = last if typing and last is not None and last.prefix and last.field != "entity" else None
        parts = cls()
        for clause in parsed.clauses:
            pattern = compile_clause(clause)
            if pattern is None:
                continue
            if clause is growing:
                if clause.negated:
                    parts.growing_excluded = pattern
                else:
                    parts.growing = pattern
            elif clause.negated:
                parts.excluded.append(pattern)
            else:
                parts.settled.append((pattern, typing and clause.prefix and clause.field == "entity"))
            if not clause.negated:
                parts.positive.append((clause, pattern))
        return parts

    @property
    def patterns(self) -> list[ClausePattern]:
        return [p for _c, p in self.positive]

    @property
    def scope(self) -> Scope:
        """What the settled part is, for remembering the growing word's matches within it."""
        return tuple((p.key, n) for p, n in self.settled), tuple(p.key for p in self.excluded)


@dataclass(slots=True)
class Found:
    """The slots a query matches: what the settled part allows, narrowed by the growing word."""

    settled: Settled
    growing: ClauseMatch | None
    mask: int


class Searcher:
    """Runs queries against one library. Thread safe.

    The settled part of a query (every clause but the word still being typed) is answered by
    the whoosh index, with a substring scan of the articles whoosh did not find for words that
    jieba segments differently in the text; its result is cached, so the next keystroke only
    scans the word being typed, within the articles the settled part allows."""

    def __init__(self, corpus: Corpus, index: LibraryIndex | None = None) -> None:
        self.corpus = corpus
        #: The LibraryIndex whose whoosh index answers settled clauses (None: scans only).
        self.index = index
        self.scan = Scan(corpus)
        self.words = WordIndex(corpus, index, self.scan)
        self.ranking = Ranking(corpus)

    @classmethod
    def for_index(cls, index: LibraryIndex) -> Searcher:
        """A searcher over a LibraryIndex's current corpus and word index."""
        return cls(index.corpus, index)

    def warm_up(self) -> None:
        """Pay one-time costs (decoding the texts, opencc's phrase tables, opening the
        word index) before the first keystroke; call it from a worker thread."""
        self.corpus.bodies  # noqa: B018 - the property decodes every text once
        compile_clause(Clause(text="软件", norm="软件"))
        self.words.warm_up()

    def search(self, query: str | ParsedQuery, limit: int = 50, *, typing: bool = True) -> SearchResult:
        """Rank the articles matching `query`. Raises QueryError for a query that cannot be
        searched (the message is for the user); an empty query finds nothing.

        `typing`: the query is being typed, so its last word (when no space follows it) is
        still growing and is scanned for; False (the command line) sends every clause to the
        word index."""
        started = time.perf_counter()
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        parts = QueryParts.classify(parsed, typing)
        if not parts.positive or not len(self.corpus):
            return SearchResult(parsed, seconds=time.perf_counter() - started)
        found = self._settle(parts)
        ranked = self._rank(parsed, parts, found, limit)
        return self._build(parsed, parts, found, ranked, started)

    def prefetch(self, query: str) -> None:
        """Ask the word index now about the word being typed, as if it were finished, so the
        keystroke that finishes it (a space) finds whoosh's answer cached. For an idle worker
        thread, after a keystroke's results are shown."""
        try:
            parsed = parse_query(query)
        except QueryError:
            return
        last = parsed.clauses[-1] if parsed.clauses else None
        if self.index is None or last is None or not last.prefix or last.field == "entity":
            return
        pattern = compile_clause(replace(last, prefix=False))
        if pattern is not None:
            self.words.clause(pattern, False)

    def _settle(self, parts: QueryParts) -> Found:
        """The settled part from the word index, then the growing word scanned within it."""
        settled = self.words.settle(parts.settled, parts.excluded)
        mask = settled.mask
        growing = None
        if parts.growing is not None and mask:
            growing = self.scan.growing_word(parts.growing, mask, parts.scope)
            mask &= growing.mask
        if parts.growing_excluded is not None and mask:
            mask &= ~self.scan.match(parts.growing_excluded, mask).mask
        return Found(settled, growing, mask)

    def _rank(self, parsed: ParsedQuery, parts: QueryParts, found: Found, limit: int) -> list[tuple[int, float]]:
        """The best `limit` slots with their scores, best first."""
        ranking = self.ranking
        ranked, rest = ranking.to_rank(found.mask, found.settled, parts.patterns)
        scores = ranking.settled_scores(found.settled, ranked)
        weight = sum(ranking.rarity(m.mask) for m in found.settled.clauses)
        if parts.growing is not None and found.growing is not None:
            idf = ranking.rarity(found.growing.mask)
            weight += idf
            for d, score in ranking.clause_scores(ranked, parts.growing, idf).items():
                scores[d] += score
        ranking.together_bonus(parsed, scores, weight)
        return [(d, scores.get(d, 0.0)) for d in ranking.top(scores, rest, limit)]

    def _build(self, parsed: ParsedQuery, parts: QueryParts, found: Found, ranked: list[tuple[int, float]],
               started: float) -> SearchResult:
        """The result: a hit with spans and a snippet for each ranked slot."""
        patterns = parts.patterns
        hits = tuple(build_hit(self.corpus, d, score, patterns) for d, score in ranked)
        return SearchResult(parsed, hits, found.mask.bit_count(), _widened(parts, found),
                            time.perf_counter() - started)


def _widened(parts: QueryParts, found: Found) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The clauses that found something in other regional vocabulary, with the forms found."""
    found_by = iter(found.settled.clauses)
    widened = []
    for clause, pattern in parts.positive:
        if pattern is parts.growing:
            needles_found = found.growing.found if found.growing is not None else ()
        else:
            needles_found = next(found_by).found
        if any(needles_found[1:]):
            widened.append((clause.text, tuple(v.display for v, f in zip(pattern.variants, needles_found[1:]) if f)))
    return tuple(widened)


def search_library(folder: str | Path, query: str, limit: int = 20) -> SearchResult:
    """Update the folder's index if needed, then search it (for the command line and tests)."""
    from reader.search.index import LibraryIndex

    index = LibraryIndex(folder)
    try:
        index.update()
        return Searcher.for_index(index).search(query, limit, typing=False)
    finally:
        index.close()
