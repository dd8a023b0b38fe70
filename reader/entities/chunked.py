"""Entities of a big article a piece at a time, up to a cap: a novel's worth of text would keep
the extractor busy for minutes (about 5 µs a character) and its results would be too many to
be of use. Pieces end at paragraph breaks; an article of one piece is extracted whole."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from reader.entities.spans import EntitySpan
from reader.library.article import PARAGRAPH_SEPARATOR

#: Characters extracted at a time.
CHUNK_CHARS = 20_000
#: Characters of one article looked at, at most.
CAP_CHARS = 300_000


@dataclass(frozen=True, slots=True)
class EntityProgress:
    """The entities found so far, in the first `analysed` characters of a text of `total`;
    `done` when nothing more will be looked at (the end or the cap reached)."""

    spans: tuple[EntitySpan, ...]
    analysed: int
    total: int
    done: bool

    @property
    def capped(self) -> bool:
        """Done, and the rest of the text left out."""
        return self.done and self.analysed < self.total


def chunks(text: str, size: int = CHUNK_CHARS, cap: int = CAP_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of `text` of about `size` characters ending at paragraph breaks (or
    cut where a paragraph is longer), covering at most the first `cap` characters."""
    pieces: list[tuple[int, int]] = []
    start, limit = 0, min(len(text), cap)
    while start < limit:
        end = min(start + size, limit)
        if end < len(text):
            brk = text.rfind(PARAGRAPH_SEPARATOR, start + 1, end)
            if brk > start:
                end = brk
        pieces.append((start, end))
        start = end
        while text.startswith(PARAGRAPH_SEPARATOR, start):
            start += len(PARAGRAPH_SEPARATOR)
    return pieces


def entities_in_chunks(
    text: str, extract: Callable[[str], tuple[EntitySpan, ...]], *, size: int = CHUNK_CHARS, cap: int = CAP_CHARS
) -> Iterator[EntityProgress]:
    """The entities of `text` (offsets into it), growing piece by piece up to `cap`
    characters; `extract` finds those of one piece."""
    found: list[EntitySpan] = []
    pieces = chunks(text, size, cap) or [(0, 0)]
    for number, (start, end) in enumerate(pieces, 1):
        if (start, end) == (0, len(text)):
            found = list(extract(text))
        else:
            found += [replace(s, start=s.start + start, end=s.end + start) for s in extract(text[start:end])]
        yield EntityProgress(tuple(found), end, len(text), number == len(pieces))
