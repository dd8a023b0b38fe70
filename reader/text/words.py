"""Words of a text as a reader moves through it: jieba's cut of the normalised text (so both
scripts cut alike), as (start, end) offsets into the text given, punctuation and spaces left
out."""

from __future__ import annotations

from reader.text import segment
from reader.text.normalize import normalize
from reader.text.runs import bounded_pieces


def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The words of `text` in order (loads jieba the first time: never on the UI thread)."""
    normalized = normalize(text)
    spans: list[tuple[int, int]] = []
    for piece_start, piece_end in bounded_pieces(normalized):
        for word, start, end in segment.cut(normalized[piece_start:piece_end]):
            if any(ch.isalnum() for ch in word):
                spans.append((piece_start + start, piece_start + end))
    return tuple(spans)
