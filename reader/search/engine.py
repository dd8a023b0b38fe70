"""Searching a library: ranked hits with snippets and highlight spans, fast enough per keystroke.

Two engines divide the work. The whoosh word index (jieba words, see reader.search.index) answers
the settled part of a query: every clause but the word still being typed, that is terms,
"phrases" (whoosh phrase queries), -exclusions and title:/tag:/source:/entity: fields, scored
with BM25F (title boosted). Its answer is cached per settled part, so typing the next
characters of the last word does not ask whoosh again. The corpus mirror held in memory
(reader.search.corpus) answers the word being typed by substring scan (影子圖 finds 影子圖書館, one
character finds the words containing it), within the articles the settled part allows; it
also catches what whoosh cannot see when jieba cut the text differently from the query (图书
inside 图书馆), and it gives the hit spans and snippets. Ranking adds whoosh's BM25F (or BM25
over substring counts where only the scan found the article), a bonus for clauses in the
title and one for all the words together. See reader.search.query for the language.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.search.corpus import LATIN_WORD_RE, Corpus, doc_numbers, mask_of
from reader.search.hits import SearchResult, build_hit
from reader.search.matching import ClausePattern, Needle, compile_clause
from reader.search.query import Clause, ParsedQuery, QueryError, parse_query
from reader.text import HAN_CLASS

__all__ = ["Searcher", "search_library"]

#: BM25 saturation and length normalisation.
K1, B = 1.2, 0.75
#: Added (times the clause's rarity) when the clause is in the title: more than any number of
#: body hits can give, so title hits come first.
TITLE_BONUS = 2.5
#: Added when all the words of an unquoted query appear together, in order ("Claude Opus 4").
TOGETHER_BONUS = 1.5
#: Tags and source count this many times a body hit.
TAG_WEIGHT = 2
#: Clause matches remembered for the next keystroke.
CACHE_SIZE = 96
#: Up to this many matches, every one is ranked; beyond, the title hits and this many more.
RANK_ALL = 1000


class _ClauseMatch:
    """Where one clause pattern matches: a bit mask of slots, and which needles matched."""

    __slots__ = ("found", "mask")

    def __init__(self, mask: int, found: tuple[bool, ...]) -> None:
        self.mask = mask
        self.found = found


@dataclass(slots=True)
class _WordMatch:
    """One settled clause: whoosh's BM25F score by slot, and every slot it matches (whoosh's
    plus the substring fallback's)."""

    scores: dict[int, float]
    mask: int
    found: tuple[bool, ...]
    #: What scores the fallback's slots and gives the title bonus (None: whoosh alone).
    scan: ClausePattern | None


@dataclass(slots=True)
class _Settled:
    """The settled part of a query: the slots it allows and its clauses' matches."""

    mask: int
    clauses: list[_WordMatch]
    #: The settled part's score, by slot, filled as slots are ranked.
    scores: dict[int, float] = field(default_factory=dict)
    #: Slots by whoosh's score, best first (computed when first needed).
    order: list[int] | None = None


#: The whoosh fields an unfielded clause searches, and those of each query field.
WORD_FIELDS = {None: ("title", "body", "tags", "source"), "title": ("title",), "tags": ("tags",),
               "source": ("source",)}


#: Query texts cut without jieba: Chinese, Latin letters, digits, and what is not a word.
_CUTTABLE_RE = re.compile(f"(?:[{HAN_CLASS}a-z0-9]|[^\\w])*")
_QUERY_RUN_RE = re.compile(f"[a-z0-9]+|[{HAN_CLASS}]+")
#: The longest query word looked up in the index (in characters).
LONGEST_WORD = 8


class Searcher:
    """Runs queries against one library. Thread safe.

    The settled part of a query (every clause but the word still being typed) is answered by
    the whoosh index, with a substring scan of the articles whoosh did not find for words that
    jieba segments differently in the text; its result is cached, so the next keystroke only
    scans the word being typed, within the articles the settled part allows."""

    def __init__(self, corpus: Corpus, index=None) -> None:
        self.corpus = corpus
        #: The LibraryIndex whose whoosh index answers settled clauses (None: scans only).
        self.index = index
        #: How many whoosh queries ran (tests check the cache with it).
        self.word_queries = 0
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, tuple[tuple, ClausePattern, _ClauseMatch]] = OrderedDict()
        self._word_cache: OrderedDict[tuple, _WordMatch] = OrderedDict()
        self._settled_cache: OrderedDict[tuple, _Settled] = OrderedDict()
        self._slot_searcher = None
        self._slot_of: list[int] = []
        average = corpus.average_length or 1.0
        self._length_factor = [K1 * (1 - B + B * a.chars / average) for a in corpus.articles]
        self._meta = [f"{t}\n{g}\n{s}" for t, g, s in zip(corpus.titles, corpus.tags, corpus.sources)]

    @classmethod
    def for_index(cls, index) -> Searcher:
        """A searcher over a LibraryIndex's current corpus and word index."""
        return cls(index.corpus, index)

    def warm_up(self) -> None:
        """Pay one-time costs (decoding the texts, opencc's phrase tables, opening the
        word index) before the first keystroke; call it from a worker thread."""
        self.corpus.bodies  # noqa: B018 - the property decodes every text once
        compile_clause(Clause(text="软件", norm="软件"))
        if self.index is not None:
            with self.index.word_lock:
                self._words()

    # --- the word index (whoosh) --------------------------------------------------------

    def _words(self):
        """The open whoosh searcher and its document numbers' slots, or None when there is
        no usable word index. Call with the index's word_lock held."""
        if self.index is None:
            return None
        try:
            searcher = self.index.word_searcher()
            if searcher is None:
                return None
            if searcher is not self._slot_searcher:
                by_path = self.corpus.by_path
                slot_of = [-1] * searcher.doc_count_all()
                for docnum, stored in searcher.reader().iter_docs():
                    slot_of[docnum] = by_path.get(stored.get("path"), -1)
                self._slot_of, self._slot_searcher = slot_of, searcher
        except Exception:  # the index is a cache: without it, the scan answers
            return None
        return searcher, self._slot_of

    @staticmethod
    def _query_words(text: str, reader) -> list[str]:
        """The index words of a normalised query text, cut like the text was: Latin letters
        and digits in runs, Chinese by longest match against the words the index holds (which
        jieba made), so searching never loads jieba (a second and ~100 MB)."""
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

    def _word_query(self, text: str, where: str | None, name_prefix: bool, reader):
        from whoosh import query as Q

        if where == "entity":
            name = " ".join(text.split())
            return Q.Prefix("entity", name) if name_prefix else Q.Term("entity", name)
        words = self._query_words(text, reader)
        if not words:
            return None
        parts = [Q.Term(f, words[0]) if len(words) == 1 else Q.Phrase(f, words) for f in WORD_FIELDS[where]]
        return parts[0] if len(parts) == 1 else Q.Or(parts)

    def _word_match(self, pattern: ClausePattern, name_prefix: bool) -> _WordMatch:
        """A settled clause: whoosh's matches and scores, plus the articles that hold the
        clause's characters but were not found by whoosh and contain it as a substring (jieba
        cut the text differently: 图书 inside 图书馆)."""
        key = (pattern.key, name_prefix)
        with self._lock:
            cached = self._word_cache.get(key)
            if cached is not None:
                self._word_cache.move_to_end(key)
                return cached
        scores: dict[int, float] = {}
        word_found = [False] * len(pattern.needles)
        asked = False
        if self.index is not None:
            with self.index.word_lock:
                words = self._words()
                if words is not None:
                    searcher, slot_of = words
                    asked = True
                    for i, needle in enumerate(pattern.needles):
                        try:
                            q = self._word_query(needle.text, pattern.field, name_prefix, searcher.reader())
                            if q is None:
                                continue
                            self.word_queries += 1
                            top = searcher.search(q, limit=None).top_n
                        except Exception:  # damaged or changing index: the scan answers
                            asked = False
                            continue
                        for score, docnum in top:
                            slot = slot_of[docnum] if docnum < len(slot_of) else -1
                            if slot >= 0:
                                word_found[i] = True
                                if score > scores.get(slot, 0.0):
                                    scores[slot] = score
        scan: ClausePattern | None = pattern
        if pattern.field == "entity":
            # Names live only in the word index. Without it, or when no article has this name
            # as an entity (extraction missed it), look for the name in the text.
            scan = None if asked and scores else replace(pattern, field=None)
        mask = mask_of(sorted(scores))
        found = tuple(word_found)
        if scan is not None:
            fallback = self._match(scan, self.corpus.all & ~mask)
            mask |= fallback.mask
            found = tuple(a or b for a, b in zip(word_found, fallback.found))
        match = _WordMatch(scores, mask, found, scan)
        with self._lock:
            self._word_cache[key] = match
            while len(self._word_cache) > CACHE_SIZE:
                self._word_cache.popitem(last=False)
        return match

    def _settled(self, positive: list[tuple[ClausePattern, bool]], negative: list[ClausePattern]) -> _Settled:
        key = (tuple((p.key, prefix) for p, prefix in positive), tuple(p.key for p in negative))
        with self._lock:
            cached = self._settled_cache.get(key)
            if cached is not None:
                self._settled_cache.move_to_end(key)
                return cached
        clauses = [self._word_match(p, prefix) for p, prefix in positive]
        mask = self.corpus.all
        for match in clauses:
            mask &= match.mask
        for pattern in negative:
            if not mask:
                break
            mask &= ~self._word_match(pattern, False).mask
        settled = _Settled(mask, clauses)
        with self._lock:
            self._settled_cache[key] = settled
            while len(self._settled_cache) > CACHE_SIZE:
                self._settled_cache.popitem(last=False)
        return settled

    # --- matching by scanning -----------------------------------------------------------

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
        exact = ((covered == len(text)) and " " not in text) or (len(text) == 1 and not covered)
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
                    texts = self._field_texts(pattern.field)
                    present = needle.presence([texts[d] for d in slots])
                    candidates = mask_of([d for d, p in zip(slots, present) if p])
            mask |= candidates
            found.append(bool(candidates))
        return _ClauseMatch(mask, tuple(found))

    def _field_texts(self, where: str) -> list[str]:
        corpus = self.corpus
        return {"title": corpus.titles, "tags": corpus.tags, "source": corpus.sources}[where]

    def _clause_match(self, pattern: ClausePattern, within: int, scope: tuple) -> _ClauseMatch:
        """The word being typed, within the slots `within` the settled part `scope` allows."""
        key = (scope, pattern.key)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached[2]
            # The narrowest earlier match this one refines (typing one more character).
            for earlier_scope, earlier, match in self._cache.values():
                if earlier_scope == scope and pattern.implies(earlier):
                    within &= match.mask
        match = self._match(pattern, within)
        with self._lock:
            self._cache[key] = (scope, pattern, match)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return match

    # --- searching --------------------------------------------------------------------

    def search(self, query: str | ParsedQuery, limit: int = 50, *, typing: bool = True) -> SearchResult:
        """Rank the articles matching `query`. Raises QueryError for a query that cannot be
        searched (the message is for the user); an empty query finds nothing.

        `typing`: the query is being typed, so its last word (when no space follows it) is
        still growing and is scanned for; False (the command line) sends every clause to the
        word index."""
        started = time.perf_counter()
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        last = parsed.clauses[-1] if parsed.clauses else None
        growing = last if typing and last is not None and last.prefix and last.field != "entity" else None
        positive: list[tuple[Clause, ClausePattern]] = []
        settled_pos: list[tuple[ClausePattern, bool]] = []
        settled_neg: list[ClausePattern] = []
        growing_pos: ClausePattern | None = None
        growing_neg: ClausePattern | None = None
        for clause in parsed.clauses:
            pattern = compile_clause(clause)
            if pattern is None:
                continue
            if clause is growing:
                if clause.negated:
                    growing_neg = pattern
                else:
                    growing_pos = pattern
            elif clause.negated:
                settled_neg.append(pattern)
            else:
                settled_pos.append((pattern, typing and clause.prefix and clause.field == "entity"))
            if not clause.negated:
                positive.append((clause, pattern))
        if not positive or not len(self.corpus):
            return SearchResult(parsed, seconds=time.perf_counter() - started)

        settled = self._settled(settled_pos, settled_neg)
        matches = settled.mask
        growing_match = None
        if growing_pos is not None and matches:
            scope = (tuple((p.key, n) for p, n in settled_pos), tuple(p.key for p in settled_neg))
            growing_match = self._clause_match(growing_pos, matches, scope)
            matches &= growing_match.mask
        if growing_neg is not None and matches:
            matches &= ~self._match(growing_neg, matches).mask
        total = matches.bit_count()

        patterns = [p for _c, p in positive]
        slots = doc_numbers(matches)
        if total > RANK_ALL:
            # Too many to count hits in all of them within a keystroke: rank whoosh's best,
            # the title hits and the first RANK_ALL (newest first in a fresh index); the rest
            # follow in slot order.
            ranked_set = set(slots[:RANK_ALL]) | set(self._title_hits(patterns, matches))
            ranked_set.update(self._best_settled(settled, set(slots), RANK_ALL))
            ranked = sorted(ranked_set)
            rest = slots[RANK_ALL:]
        else:
            ranked, rest = slots, []
        size = len(self.corpus)

        def rarity(mask: int) -> float:
            count = mask.bit_count()
            return math.log(1 + (size - count + 0.5) / (count + 0.5))

        scores = self._settled_scores(settled, [p for p, _n in settled_pos], ranked, rarity)
        weight = sum(rarity(m.mask) for m in settled.clauses)
        if growing_pos is not None and growing_match is not None:
            idf = rarity(growing_match.mask)
            weight += idf
            for d, score in self._pattern_scores(ranked, growing_pos, idf).items():
                scores[d] += score
        self._together_bonus(parsed, scores, weight)

        articles = self.corpus.articles
        top = heapq.nlargest(limit, scores, key=lambda d: (scores[d], articles[d].date or ""))
        if len(top) < limit:
            chosen = set(top)
            top.extend(d for d in rest[: limit - len(top) + len(chosen)] if d not in chosen)
            top = top[:limit]
        hits = tuple(build_hit(self.corpus, d, scores.get(d, 0.0), patterns) for d in top)
        found_by = iter(settled.clauses)
        widened = []
        for clause, pattern in positive:
            if pattern is growing_pos:
                found = growing_match.found if growing_match is not None else ()
            else:
                found = next(found_by).found
            if any(found[1:]):
                widened.append((clause.text, tuple(v.display for v, f in zip(pattern.variants, found[1:]) if f)))
        return SearchResult(parsed, hits, total, tuple(widened), time.perf_counter() - started)

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
            self._word_match(pattern, False)

    def _best_settled(self, settled: _Settled, allowed: set[int], count: int) -> list[int]:
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

    def _settled_scores(self, settled: _Settled, patterns: list[ClausePattern], slots: list[int],
                        rarity) -> dict[int, float]:
        """The settled part's score of each slot: whoosh's BM25F where whoosh found the slot,
        BM25 over substring counts where the fallback did, plus the title bonus."""
        known = settled.scores
        todo = [d for d in slots if d not in known]
        if todo:
            fresh = dict.fromkeys(todo, 0.0)
            for _pattern, match in zip(patterns, settled.clauses):
                idf = rarity(match.mask)
                scan = match.scan
                if scan is None:
                    for d in todo:
                        fresh[d] += match.scores.get(d, 0.0)
                    continue
                for d, score in self._pattern_scores(todo, scan, idf, match.scores).items():
                    fresh[d] += score
            with self._lock:
                known.update(fresh)
        return {d: known[d] for d in slots}

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

    def _pattern_scores(self, slots: list[int], pattern: ClausePattern, idf: float,
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
        for needle in pattern.needles:
            if where is None:
                body = needle.counts(corpus.norms(counted))
                meta = needle.counts([self._meta[d] for d in counted])
            else:
                body = [0] * len(counted)
                meta = needle.counts([self._field_texts(where)[d] for d in counted])
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

def search_library(folder: str | Path, query: str, limit: int = 20) -> SearchResult:
    """Update the folder's index if needed, then search it (for the command line and tests)."""
    from reader.search.index import LibraryIndex

    index = LibraryIndex(folder)
    try:
        index.update()
        return Searcher.for_index(index).search(query, limit, typing=False)
    finally:
        index.close()
