"""Searching a library: ranked hits with snippets and highlight spans, fast enough per keystroke.

Matching runs over the corpus mirror held in memory (reader.corpus): each clause's candidate
articles come from character masks and Latin word postings, and only those are scanned, with
plain substring search (Chinese) or word-boundary patterns (Latin), in either script. A clause
that extends an earlier one (the next keystroke) starts from the articles the earlier one
matched. Ranking is BM25 over the hit counts, title hits first; above RANK_ALL matches only the
title hits and the first RANK_ALL articles are ranked. See reader.query for the language.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from reader.corpus import LATIN_WORD_RE, Corpus, doc_numbers, mask_of
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
SNIPPET_LEAD = 6
#: Clause matches remembered for the next keystroke.
CACHE_SIZE = 96
#: Up to this many matches, every one is ranked; beyond, the title hits and this many more.
RANK_ALL = 1000


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
    #: The indexed text's fingerprint: when the article still has it, `spans` are current.
    fingerprint: str = ""


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


class _ClauseMatch:
    """Where one clause pattern matches: a bit mask of slots, and which needles matched."""

    __slots__ = ("mask", "found")

    def __init__(self, mask: int, found: tuple[bool, ...]) -> None:
        self.mask = mask
        self.found = found


class Searcher:
    """Runs queries against one corpus. Thread safe; the clause matches of earlier queries are
    kept so that the next keystroke only narrows what the previous one found."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, tuple[ClausePattern, _ClauseMatch]] = OrderedDict()
        average = corpus.average_length or 1.0
        self._length_factor = [K1 * (1 - B + B * a.chars / average) for a in corpus.articles]
        self._meta = [f"{t}\n{g}\n{s}" for t, g, s in zip(corpus.titles, corpus.tags, corpus.sources)]

    @classmethod
    def for_index(cls, index) -> Searcher:
        """A searcher over a LibraryIndex's current corpus."""
        return cls(index.corpus)

    def warm_up(self) -> None:
        """Pay one-time costs (decoding the texts, opencc's phrase tables) before the first
        keystroke; call it from a worker thread."""
        self.corpus.bodies
        compile_clause(Clause(text="软件", norm="软件"))

    # --- matching ---------------------------------------------------------------------

    def _candidates(self, needle: Needle, within: int) -> tuple[int, bool]:
        """Slots that may contain `needle` (every one of its characters and Latin words is
        there) and whether they surely do."""
        corpus, text = self.corpus, needle.text
        mask = within
        covered = 0
        for run in LATIN_WORD_RE.finditer(text):
            last = run.end() == len(text)
            mask &= corpus.latin_mask(run.group(), prefix=needle.prefix and last)
            covered += run.end() - run.start()
        others = {ch for ch in text if ch != " " and not ("a" <= ch <= "z" or "0" <= ch <= "9")}
        for ch in others:
            if not mask:
                break
            mask &= corpus.masks.get(ch)
        exact = (covered == len(text)) and " " not in text or (len(text) == 1 and not covered)
        return mask, exact

    def _match(self, pattern: ClausePattern, within: int) -> _ClauseMatch:
        corpus = self.corpus
        mask, found = 0, []
        for needle in pattern.needles:
            candidates, exact = self._candidates(needle, within)
            if candidates and (pattern.field is not None or not exact):
                slots = doc_numbers(candidates)
                if pattern.field is None:
                    present = needle.presence(corpus.norms(slots))
                    missing = [d for d, p in zip(slots, present) if not p]
                    if missing:
                        also = needle.presence([self._meta[d] for d in missing])
                        missing = [d for d, p in zip(missing, also) if not p]
                    candidates &= ~mask_of(missing)
                else:
                    texts = {"title": corpus.titles, "tags": corpus.tags, "source": corpus.sources}[pattern.field]
                    present = needle.presence([texts[d] for d in slots])
                    candidates = mask_of([d for d, p in zip(slots, present) if p])
            mask |= candidates
            found.append(bool(candidates))
        return _ClauseMatch(mask, tuple(found))

    def _clause_match(self, pattern: ClausePattern) -> _ClauseMatch:
        key = pattern.key
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached[1]
            # The narrowest earlier match this one refines (typing one more character).
            within = self.corpus.all
            for earlier, match in self._cache.values():
                if pattern.implies(earlier):
                    within &= match.mask
        match = self._match(pattern, within)
        with self._lock:
            self._cache[key] = (pattern, match)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return match

    # --- searching --------------------------------------------------------------------

    def search(self, query: str | ParsedQuery, limit: int = 50) -> SearchResult:
        """Rank the articles matching `query`. Raises QueryError for a query that cannot be
        searched (the message is for the user); an empty query finds nothing."""
        started = time.perf_counter()
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        positive = [(c, p) for c in parsed.positive if (p := compile_clause(c)) is not None]
        negative = [p for c in parsed.negative if (p := compile_clause(c)) is not None]
        if not positive or not len(self.corpus):
            return SearchResult(parsed, seconds=time.perf_counter() - started)

        clause_matches = [self._clause_match(p) for _c, p in positive]
        matches = self.corpus.all
        for match in clause_matches:
            matches &= match.mask
        for pattern in negative:
            if not matches:
                break
            matches &= ~self._match(pattern, matches).mask
        total = matches.bit_count()

        patterns = [p for _c, p in positive]
        slots = doc_numbers(matches)
        if total > RANK_ALL:
            # Too many to count hits in all of them within a keystroke: rank the title hits and
            # the first RANK_ALL (newest first in a fresh index); the rest follow in slot order.
            ranked = sorted(set(slots[:RANK_ALL]) | set(self._title_hits(patterns, matches)))
            rest = slots[RANK_ALL:]
        else:
            ranked, rest = slots, []
        size = len(self.corpus)
        rarity = [math.log(1 + (size - m.mask.bit_count() + 0.5) / (m.mask.bit_count() + 0.5)) for m in clause_matches]
        scores = self._scores(ranked, patterns, rarity)
        self._together_bonus(parsed, scores, sum(rarity))

        articles = self.corpus.articles
        top = heapq.nlargest(limit, scores, key=lambda d: (scores[d], articles[d].date or ""))
        if len(top) < limit:
            chosen = set(top)
            top.extend(d for d in rest[: limit - len(top) + len(chosen)] if d not in chosen)
            top = top[:limit]
        hits = tuple(self._hit(d, scores.get(d, 0.0), patterns) for d in top)
        widened = tuple(
            (clause.text, tuple(v.display for v, found in zip(p.variants, m.found[1:]) if found))
            for (clause, p), m in zip(positive, clause_matches)
            if any(m.found[1:])
        )
        return SearchResult(parsed, hits, total, widened, time.perf_counter() - started)

    def _title_hits(self, patterns: list[ClausePattern], within: int) -> list[int]:
        corpus, hits = self.corpus, set()
        for pattern in patterns:
            if pattern.field not in (None, "title"):
                continue
            for needle in pattern.needles:
                mask = within
                for ch in set(needle.text.replace(" ", "")):
                    mask &= corpus.title_masks.get(ch)
                    if not mask:
                        break
                slots = doc_numbers(mask)
                hits.update(d for d, p in zip(slots, needle.presence([corpus.titles[d] for d in slots])) if p)
        return sorted(hits)

    def _scores(self, slots: list[int], patterns: list[ClausePattern], rarity: list[float]) -> dict[int, float]:
        corpus, length_factor = self.corpus, self._length_factor
        scores = dict.fromkeys(slots, 0.0)
        for pattern, idf in zip(patterns, rarity):
            bonus = TITLE_BONUS * idf
            saturate = idf * (K1 + 1)
            where = pattern.field
            for needle in pattern.needles:
                if where is None:
                    body = needle.counts(corpus.norms(slots))
                    meta = needle.counts([self._meta[d] for d in slots])
                else:
                    body = [0] * len(slots)
                    texts = {"title": corpus.titles, "tags": corpus.tags, "source": corpus.sources}[where]
                    meta = needle.counts([texts[d] for d in slots])
                titles = corpus.titles
                for d, b, m in zip(slots, body, meta):
                    if not (b or m):
                        continue
                    in_title = needle.count(titles[d]) if m and where in (None, "title") else 0
                    count = b + TAG_WEIGHT * (m - in_title)
                    score = saturate * count / (count + length_factor[d]) if count else 0.0
                    scores[d] += score + (bonus if in_title else 0.0)
        return scores

    def _together_bonus(self, parsed: ParsedQuery, scores: dict[int, float], weight: float) -> None:
        loose = [c for c in parsed.positive if not c.field and not c.phrase]
        if len(loose) < 2 or len(loose) != len(parsed.positive) or not scores:
            return
        needle = Needle(" ".join(c.norm for c in loose), loose[-1].prefix)
        corpus, titles = self.corpus, self.corpus.titles
        bonus = TOGETHER_BONUS * weight
        for d in scores:
            if needle.present(titles[d]) or needle.present(corpus.norm(d)):
                scores[d] += bonus

    # --- hits -------------------------------------------------------------------------

    def _hit(self, docnum: int, score: float, patterns: list[ClausePattern]) -> SearchHit:
        corpus = self.corpus
        article = corpus.articles[docnum]
        assert article is not None
        norm = corpus.norm(docnum)
        spans = merge_spans(s for p in patterns if p.field is None for s in p.spans(norm))
        title_norm = corpus.titles[docnum]
        title_spans = merge_spans(s for p in patterns if p.field in (None, "title") for s in p.spans(title_norm))
        snippet, snippet_spans = make_snippet(corpus.original(docnum), spans)
        return SearchHit(
            path=article.path, title=article.title, score=round(score, 4), snippet=snippet,
            snippet_spans=tuple(snippet_spans), spans=tuple(spans), title_spans=tuple(title_spans),
            date=article.date, source=article.source, fingerprint=article.fingerprint,
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
    return Searcher.for_index(index).search(query, limit)
