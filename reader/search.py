"""Searching a library: ranked hits with snippets and highlight spans, fast enough per keystroke.

Matching runs over the corpus mirror held in memory (reader.corpus): each clause is scanned
for with plain substring search (Chinese) or word-boundary patterns (Latin), in either script,
and a clause that extends an earlier one (the next keystroke) scans only the articles the
earlier one matched. Ranking is BM25 over those counts, with title hits first; the whoosh word
index adds a bonus to articles where a distinctive clause is a whole jieba word (版权 the word
ranks above 版权法 when both match). See reader.query for the language.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from reader.corpus import Corpus
from reader.matching import ClausePattern, Needle, compile_clause, merge_spans
from reader.query import Clause, ParsedQuery, QueryError, parse_query
from reader.text import normalize

__all__ = ["QueryError", "SearchHit", "SearchResult", "Searcher", "find_spans", "parse_query"]

Span = tuple[int, int]

#: BM25 saturation and length normalisation.
K1, B = 1.2, 0.75
#: Added (times the clause's rarity) when the clause is in the title: more than any number of
#: body hits can give, so title hits come first.
TITLE_BONUS = 2.5
#: Added when all the words of an unquoted query appear together, in order ("Claude Opus 4").
TOGETHER_BONUS = 1.5
#: Tags and source count this many times a body hit.
TAG_WEIGHT = 2
#: Snippet length (characters of body text) and how much of it comes before the first hit.
SNIPPET_CHARS = 64
SNIPPET_LEAD = 14
#: Clause scans remembered for the next keystroke.
CACHE_SIZE = 96


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found. `spans` are (start, end) offsets into the body the article had when
    it was indexed (`Article.body`); `snippet_spans` index `snippet`, `title_spans` `title`."""

    path: str
    title: str
    score: float
    snippet: str
    snippet_spans: tuple[Span, ...] = ()
    spans: tuple[Span, ...] = ()
    title_spans: tuple[Span, ...] = ()
    date: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The ranked hits of a query (at most the limit asked for) and how many articles match."""

    query: ParsedQuery
    hits: tuple[SearchHit, ...] = ()
    total: int = 0
    #: Clauses searched in other regional vocabulary too, that found something there:
    #: (clause as typed, (other forms found, ...)).
    widened: tuple[tuple[str, tuple[str, ...]], ...] = ()
    seconds: float = 0.0

    @property
    def widened_note(self) -> str | None:
        """A line for the user, e.g. "also searched: 人工智慧 (人工智能)"."""
        if not self.widened:
            return None
        parts = [f"{'/'.join(forms)} ({text})" for text, forms in self.widened]
        return "also searched: " + ", ".join(parts)

    def spans_in(self, body: str) -> list[Span]:
        """Every hit of this query in an article body (as loaded now), for highlighting."""
        return find_spans(self.query, body)


class _ClauseHits:
    """Where one clause pattern matched: docnum → (body count, title count, tag/source weight)."""

    __slots__ = ("tf", "found")

    def __init__(self, tf: dict[int, tuple[int, int, int]], found: tuple[bool, ...]) -> None:
        self.tf = tf
        self.found = found


def _add(a: list[int] | None, b: list[int]) -> list[int]:
    return b if a is None else [x + y for x, y in zip(a, b)]


class Searcher:
    """Runs queries against one corpus. Thread safe; results of earlier clause scans are kept so
    that each keystroke only narrows what the previous one found."""

    def __init__(self, corpus: Corpus, words=None) -> None:
        """`words` is the whoosh index whose document numbers match `corpus` (optional)."""
        self.corpus = corpus
        self._words = words
        self._word_searcher = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, tuple[ClausePattern, _ClauseHits]] = OrderedDict()
        average = corpus.average_length or 1.0
        self._length_factor = [K1 * (1 - B + B * len(body) / average) for body in corpus.bodies]

    @classmethod
    def for_index(cls, index) -> Searcher:
        """A searcher over a LibraryIndex's current corpus (and its word index when in step)."""
        return cls(index.corpus, index.whoosh_index())

    def close(self) -> None:
        with self._lock:
            if self._word_searcher is not None:
                self._word_searcher.close()
                self._word_searcher = None

    # --- scanning ---------------------------------------------------------------------

    def _scan(self, pattern: ClausePattern, candidates: Sequence[int] | None) -> _ClauseHits:
        corpus = self.corpus
        everything = candidates is None
        docs: Sequence[int] = range(len(corpus.articles)) if everything else candidates

        def texts(values: list[str]) -> Sequence[str]:
            return values if everything else [values[d] for d in docs]

        where = pattern.field
        body = title = other = None
        found = []
        for needle in pattern.needles:
            hit_any = False
            if where is None:
                counts = needle.counts(texts(corpus.bodies))
                body, hit_any = _add(body, counts), hit_any or any(counts)
            if where in (None, "title"):
                counts = needle.counts(texts(corpus.titles))
                title, hit_any = _add(title, counts), hit_any or any(counts)
            if where in (None, "tags"):
                counts = [TAG_WEIGHT * c for c in needle.counts(texts(corpus.tags))]
                other, hit_any = _add(other, counts), hit_any or any(counts)
            if where in (None, "source"):
                counts = [TAG_WEIGHT * c for c in needle.counts(texts(corpus.sources))]
                other, hit_any = _add(other, counts), hit_any or any(counts)
            found.append(hit_any)
        zeros = [0] * len(docs)
        tf = {
            d: (b, t, o)
            for d, b, t, o in zip(docs, body or zeros, title or zeros, other or zeros)
            if b or t or o
        }
        return _ClauseHits(tf, tuple(found))

    def _clause_hits(self, pattern: ClausePattern) -> _ClauseHits:
        key = pattern.key
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached[1]
            # The narrowest earlier scan this one refines (typing one more character).
            narrowest = None
            for earlier, hits in self._cache.values():
                if pattern.implies(earlier) and (narrowest is None or len(hits.tf) < len(narrowest.tf)):
                    narrowest = hits
        candidates = None if narrowest is None else sorted(narrowest.tf)
        hits = self._scan(pattern, candidates)
        with self._lock:
            self._cache[key] = (pattern, hits)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return hits

    # --- searching --------------------------------------------------------------------

    def search(self, query: str | ParsedQuery, limit: int = 50) -> SearchResult:
        """Rank the articles matching `query`. Raises QueryError for a query that cannot be
        searched (the message is for the user); an empty query finds nothing."""
        started = time.perf_counter()
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        positive = [(c, p) for c in parsed.positive if (p := compile_clause(c)) is not None]
        negative = [p for c in parsed.negative if (p := compile_clause(c)) is not None]
        if not positive or not self.corpus.live:
            return SearchResult(parsed, seconds=time.perf_counter() - started)

        clause_hits = [self._clause_hits(p) for _c, p in positive]
        matches = set(min((h.tf for h in clause_hits), key=len))
        for hits in clause_hits:
            matches.intersection_update(hits.tf)
        for pattern in negative:
            if not matches:
                break
            excluded = self._scan(pattern, sorted(matches)).tf
            matches.difference_update(excluded)

        total_docs = len(self.corpus)
        rarity = [
            math.log(1 + (total_docs - len(h.tf) + 0.5) / (len(h.tf) + 0.5)) for h in clause_hits
        ]
        scores = self._scores(matches, clause_hits, rarity)
        self._together_bonus(parsed, scores, sum(rarity))
        self._word_bonus(positive, clause_hits, rarity, scores)

        dates = self.corpus.articles
        top = heapq.nlargest(limit, scores, key=lambda d: (scores[d], dates[d].date or ""))
        patterns = [p for _c, p in positive]
        hits = tuple(self._hit(d, scores[d], patterns) for d in top)
        widened = tuple(
            (clause.text, tuple(v.display for v, found in zip(p.variants, h.found[1:]) if found))
            for (clause, p), h in zip(positive, clause_hits)
            if any(h.found[1:])
        )
        return SearchResult(parsed, hits, len(scores), widened, time.perf_counter() - started)

    def _scores(self, matches: set[int], clause_hits: list[_ClauseHits], rarity: list[float]) -> dict[int, float]:
        length_factor = self._length_factor
        if len(clause_hits) == 1:
            tf, idf = clause_hits[0].tf, rarity[0]
            bonus = TITLE_BONUS * idf
            saturate = idf * (K1 + 1)
            scores = {}
            for d in matches:
                body, title, other = tf[d]
                count = body + other
                scores[d] = saturate * count / (count + length_factor[d]) + (bonus if title else 0.0)
            return scores
        scores = dict.fromkeys(matches, 0.0)
        for hits, idf in zip(clause_hits, rarity):
            tf = hits.tf
            bonus = TITLE_BONUS * idf
            saturate = idf * (K1 + 1)
            for d in matches:
                body, title, other = tf[d]
                count = body + other
                scores[d] += saturate * count / (count + length_factor[d]) + (bonus if title else 0.0)
        return scores

    def _together_bonus(self, parsed: ParsedQuery, scores: dict[int, float], weight: float) -> None:
        loose = [c for c in parsed.positive if not c.field and not c.phrase]
        if len(loose) < 2 or len(loose) != len(parsed.positive) or not scores:
            return
        joined = " ".join(c.norm for c in loose)
        needle = Needle(joined, loose[-1].prefix)
        bodies, titles = self.corpus.bodies, self.corpus.titles
        bonus = TOGETHER_BONUS * weight
        for d in scores:
            if needle.count(titles[d]) or needle.count(bodies[d]):
                scores[d] += bonus

    def _word_bonus(self, positive, clause_hits, rarity, scores) -> None:
        """Placeholder for the whole-word bonus from the whoosh index (see module docs)."""

    # --- hits -------------------------------------------------------------------------

    def _hit(self, docnum: int, score: float, patterns: list[ClausePattern]) -> SearchHit:
        corpus = self.corpus
        article = corpus.articles[docnum]
        assert article is not None
        norm = corpus.bodies[docnum]
        spans = merge_spans(s for p in patterns if p.field is None for s in p.spans(norm))
        title_norm = corpus.titles[docnum]
        title_spans = merge_spans(s for p in patterns if p.field in (None, "title") for s in p.spans(title_norm))
        snippet, snippet_spans = make_snippet(corpus.original(docnum), spans)
        return SearchHit(
            path=article.path, title=article.title, score=round(score, 4), snippet=snippet,
            snippet_spans=tuple(snippet_spans), spans=tuple(spans), title_spans=tuple(title_spans),
            date=article.date, source=article.source,
        )


def make_snippet(body: str, spans: Sequence[Span], width: int = SNIPPET_CHARS,
                 lead: int = SNIPPET_LEAD) -> tuple[str, list[Span]]:
    """A one-line excerpt of `body` around the first span, with the spans inside it."""
    start = 0
    if spans:
        first = spans[0][0]
        start = max(0, first - lead)
        paragraph = body.rfind("\n", start, first)
        if paragraph >= 0:
            start = paragraph + 1
    end = min(len(body), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    text = prefix + body[start:end].replace("\n", " ") + suffix
    shift = len(prefix) - start
    inside = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start]
    return text, inside


def find_spans(query: str | ParsedQuery, text: str) -> list[Span]:
    """Every hit of the query's positive clauses in `text` (an article body), merged."""
    try:
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    except QueryError:
        return []
    norm = normalize(text)
    patterns = [p for c in parsed.positive if c.field is None and (p := compile_clause(c)) is not None]
    return merge_spans(s for p in patterns for s in p.spans(norm))


def search_library(folder: str | Path, query: str, limit: int = 20) -> SearchResult:
    """Update the folder's index if needed, then search it (for the command line and tests)."""
    from reader.indexing import LibraryIndex

    index = LibraryIndex(folder)
    index.update()
    searcher = Searcher.for_index(index)
    try:
        return searcher.search(query, limit)
    finally:
        searcher.close()
