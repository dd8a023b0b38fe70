"""The text being read as the layers need it: normalised, width-folded, cut into words; one offset."""

from __future__ import annotations

from dataclasses import dataclass

from reader.entities import rules


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the segmenter and where it is."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Passage:
    """One text to find entities in: `normalized` (reader.text.normalize, for the Han rules) and
    `folded` (full-width ASCII folded, case kept, for Latin names) are as long as the text, so
    one offset indexes all three; `tokens` cut `normalized` into words, end to end."""

    normalized: str
    folded: str
    tokens: list[Token]

    def tokens_over(self, start: int, end: int) -> list[Token]:
        """The tokens that overlap start:end."""
        tokens = self.tokens
        lo, hi = 0, len(tokens)
        while lo < hi:  # the first token ending after `start`
            mid = (lo + hi) // 2
            if tokens[mid].end <= start:
                lo = mid + 1
            else:
                hi = mid
        out = []
        for tok in tokens[lo:]:
            if tok.start >= end:
                break
            out.append(tok)
        return out

    def name_ends_at(self, end: int) -> bool:
        """Whether a person's name may end at `end`: at the end of the text, before punctuation
        or a space, or before a word that follows names (表示, 指出, 說)."""
        normalized = self.normalized
        if end >= len(normalized):
            return True
        if normalized[end] in rules.NAME_END_CHARS:
            return True
        return normalized.startswith(rules.NAME_FOLLOWERS, end)


_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Full-width ASCII to ASCII, case kept; same length."""
    return text.translate(_WIDTH_TABLE)
