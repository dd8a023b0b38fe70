"""Ranking the articles a query matches: whoosh's BM25F where the word index found them, BM25
over substring counts where only the scan did, a bonus for clauses in the title and one for
all the words together."""

from __future__ import annotations

import heapq
import math
import threading
from collections.abc import Sequence

from reader.search.corpus import Corpus, doc_numbers
from reader.search.matching import ClausePattern, Needle
from reader.search.query import ParsedQuery
from reader.search.words import Settled

#: BM25 saturation and length normalisation.
K1, B = 1.2, 0.75
#: Added (times the clause's rarity) when the clause is in the title: more than any number of
#: body hits can give, so title hits come first.
TITLE_BONUS = 2.5
#: Added when all the words of an unquoted query appear together, in order ("Claude Opus 4").
TOGETHER_BONUS = 1.5
#: Tags and source count this many times a body hit.
TAG_WEIGHT = 2
#: Up to this many matches, every one is ranked; beyond, the title hits and this many more.
RANK_ALL = 1000


class Ranking:
    """Scores the matching slots of one corpus. Thread safe."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        average = corpus.average_length or 1.0
        self._length_factor = [K1 * (1 - B + B * a.chars / average) for a in corpus.articles]
        self._lock = threading.Lock()

    def rarity(self, mask: int) -> float:
        """The inverse document frequency of a clause matching the slots in `mask`."""
        size, count = len(self.corpus), mask.bit_count()
        return math.log(1 + (size - count + 0.5) / (count + 0.5))

    def to_rank(self, matches: int, settled: Settled, patterns: Sequence[ClausePattern]) -> tuple[list[int], list[int]]:
        """The matching slots worth scoring, and the rest (which follow in slot order)."""
        slots = doc_numbers(matches)
        if len(slots) <= RANK_ALL:
            return slots, []
        # Too many to count hits in all of them within a keystroke: rank whoosh's best, the
        # title hits and the first RANK_ALL (newest first in a fresh index).
        ranked = set(slots[:RANK_ALL]) | set(self.title_hits(patterns, matches))
        ranked.update(self.best_by_words(settled, set(slots), RANK_ALL))
        return sorted(ranked), slots[RANK_ALL:]

    def best_by_words(self, settled: Settled, allowed: set[int], count: int) -> list[int]:
        """Up to `count` allowed slots with the best whoosh scores."""
        if settled.order is None:
            total: dict[int, float] = {}
            for match in settled.clauses:
                for d, score in match.scores.items():
                    total[d] = total.get(d, 0.0) + score
            settled.order = sorted(total, key=total.__getitem__, reverse=True)
        best = []
        for d in settled.order:
            if d in allowed:
                best.append(d)
                if len(best) >= count:
                    break
        return best

    def settled_scores(self, settled: Settled, slots: list[int]) -> dict[int, float]:
        """The settled part's score of each slot: whoosh's BM25F where whoosh found the slot,
        BM25 over substring counts where the fallback did, plus the title bonus. Remembered
        with the settled part, so the next keystroke scores only slots not seen before."""
        known = settled.scores
        todo = [d for d in slots if d not in known]
        if todo:
            fresh = dict.fromkeys(todo, 0.0)
            for match in settled.clauses:
                idf = self.rarity(match.mask)
                scan = match.scan
                if scan is None:
                    for d in todo:
                        fresh[d] += match.scores.get(d, 0.0)
                    continue
                for d, score in self.clause_scores(todo, scan, idf, match.scores).items():
                    fresh[d] += score
            with self._lock:
                known.update(fresh)
        return {d: known[d] for d in slots}

    def clause_scores(self, slots: list[int], pattern: ClausePattern, idf: float,
                      scored: dict[int, float] | None = None) -> dict[int, float]:
        """One clause's score in each slot: BM25 over its hit counts (or, where `scored` has
        the slot, whoosh's BM25F), plus TITLE_BONUS times its rarity when it is in the title."""
        corpus, length_factor, titles = self.corpus, self._length_factor, self.corpus.titles
        scores = dict.fromkeys(slots, 0.0)
        counted = slots
        if scored:
            counted = []
            for d in slots:
                score = scored.get(d)
                if score is None:
                    counted.append(d)
                else:
                    scores[d] = score
        bonus = TITLE_BONUS * idf
        saturate = idf * (K1 + 1)
        where = pattern.field
        texts = corpus.meta if where is None else corpus.field_texts(where)
        for needle in pattern.needles:
            if where is None:
                body = needle.counts(corpus.norms(counted))
            else:
                body = [0] * len(counted)
            meta = needle.counts([texts[d] for d in counted])
            for d, b, m in zip(counted, body, meta):
                if not (b or m):
                    continue
                in_title = needle.count(titles[d]) if m and where in (None, "title") else 0
                count = b + TAG_WEIGHT * (m - in_title)
                score = saturate * count / (count + length_factor[d]) if count else 0.0
                scores[d] += score + (bonus if in_title else 0.0)
            if scored and where in (None, "title"):
                for d in slots:
                    if d in scored and needle.present(titles[d]):
                        scores[d] += bonus
        return scores

    def title_hits(self, patterns: Sequence[ClausePattern], within: int) -> list[int]:
        """The slots among `within` whose title holds one of the patterns."""
        corpus = self.corpus
        hits: set[int] = set()
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

    def together_bonus(self, parsed: ParsedQuery, scores: dict[int, float], weight: float) -> None:
        """Add TOGETHER_BONUS times `weight` where all the words of an unquoted, unfielded
        query appear together, in order."""
        loose = [c for c in parsed.positive if not c.field and not c.phrase]
        if len(loose) < 2 or len(loose) != len(parsed.positive) or not scores:
            return
        needle = Needle(" ".join(c.norm for c in loose), loose[-1].prefix)
        corpus, titles = self.corpus, self.corpus.titles
        bonus = TOGETHER_BONUS * weight
        for d in scores:
            if needle.present(titles[d]) or needle.present(corpus.norm(d)):
                scores[d] += bonus

    def top(self, scores: dict[int, float], rest: list[int], limit: int) -> list[int]:
        """The `limit` best slots, ties going to the newer article; when fewer were scored,
        the unscored rest follow in slot order."""
        articles = self.corpus.articles
        top = heapq.nlargest(limit, scores, key=lambda d: (scores[d], articles[d].date or ""))
        if len(top) < limit:
            chosen = set(top)
            top.extend(d for d in rest[: limit - len(top) + len(chosen)] if d not in chosen)
            top = top[:limit]
        return top
