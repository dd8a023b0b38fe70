"""Matching by scanning the corpus held in memory: candidates from character masks, then a
substring search in them; and the word being typed, narrowed keystroke by keystroke."""

from __future__ import annotations

from itertools import compress

from reader.lru import LRU
from reader.search.corpus import LATIN_WORD_RE, Corpus, doc_numbers, mask_of
from reader.search.matching import ClausePattern, Needle, PatternKey

#: Words being typed remembered for the next keystroke.
CACHE_SIZE = 96

#: What the settled part of a query is: its clauses' keys, (positive, excluded); each positive
#: one paired with whether it is a name still being typed.
Scope = tuple[tuple[tuple[PatternKey, bool], ...], tuple[PatternKey, ...]]


class ClauseMatch:
    """Where one clause pattern matches: a bit mask of slots, and which needles matched."""

    __slots__ = ("found", "mask")

    def __init__(self, mask: int, found: tuple[bool, ...]) -> None:
        self.mask = mask
        self.found = found


class Scan:
    """Substring matching over one corpus. Thread safe.

    The word being typed grows by a character at a time; each of its matches is remembered
    with the settled part it was found within, so the next keystroke scans only the articles
    the narrowest earlier match left."""

    def __init__(self, corpus: Corpus, cache_size: int = CACHE_SIZE) -> None:
        self.corpus = corpus
        #: (scope, pattern, match) by (scope, pattern key).
        self._growing: LRU[tuple[Scope, PatternKey], tuple[Scope, ClausePattern, ClauseMatch]] = LRU(cache_size)

    def candidates(self, needle: Needle, within: int) -> tuple[int, bool]:
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

    def match(self, pattern: ClausePattern, within: int) -> ClauseMatch:
        """The slots among `within` where the pattern occurs (in its field, or anywhere)."""
        corpus = self.corpus
        mask, found = 0, []
        for needle in pattern.needles:
            candidates, exact = self.candidates(needle, within)
            if candidates and (pattern.field is not None or not exact):
                slots = doc_numbers(candidates)
                if pattern.field is None:
                    # The literal first, in the bytes: only what holds it is decoded.
                    present = corpus.norms_holding(needle.literal, slots)
                    if needle.regex is not None:
                        held = [d for d, p in zip(slots, present) if p]
                        confirmed = set(compress(held, needle.presence(corpus.norms(held))))
                        present = [d in confirmed for d in slots]
                    missing = [d for d, p in zip(slots, present) if not p]
                    if missing:
                        meta = corpus.meta
                        also = needle.presence([meta[d] for d in missing])
                        missing = [d for d, p in zip(missing, also) if not p]
                    candidates &= ~mask_of(missing)
                else:
                    texts = corpus.field_texts(pattern.field)
                    present = needle.presence([texts[d] for d in slots])
                    candidates = mask_of([d for d, p in zip(slots, present) if p])
            mask |= candidates
            found.append(bool(candidates))
        return ClauseMatch(mask, tuple(found))

    def growing_word(self, pattern: ClausePattern, within: int, scope: Scope) -> ClauseMatch:
        """The word being typed, within the slots `within` the settled part `scope` allows."""
        key = (scope, pattern.key)
        cached = self._growing.get(key)
        if cached is not None:
            return cached[2]
        # The narrowest earlier match this one refines (typing one more character).
        for earlier_scope, earlier, match in self._growing.values():
            if earlier_scope == scope and pattern.implies(earlier):
                within &= match.mask
        return self._growing.put(key, (scope, pattern, self.match(pattern, within)))[2]
