"""Joining a segmenter's pieces into the words a learner looks up: jieba without its guessing
(HMM off) leaves words it does not know as single characters (台/積/電, 魏/哲/家); the word
cursor joins them back where the dictionary has the whole or a name spans them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

#: The longest word joined from pieces (characters).
LONGEST = 8

Span = tuple[int, int]


def join_pieces(
    text: str,
    pieces: Sequence[Span],
    is_word: Callable[[str], bool],
    names: Collection[Span] = (),
) -> tuple[Span, ...]:
    """`pieces` (ordered (start, end) spans of `text`) with runs of adjacent pieces joined
    where their text is a word (`is_word`) or exactly one of `names`; the longest run wins."""
    joined: list[Span] = []
    index = 0
    while index < len(pieces):
        start = pieces[index][0]
        best = index
        last = index
        while last + 1 < len(pieces) and pieces[last + 1][0] == pieces[last][1]:
            last += 1
            stop = pieces[last][1]
            if stop - start > LONGEST:
                break
            if (start, stop) in names or is_word(text[start:stop]):
                best = last
        joined.append((start, pieces[best][1]))
        index = best + 1
    return tuple(joined)
