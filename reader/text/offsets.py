"""Offset maps: where a position in a text lands in a rewritten version of it, and back."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Block:
    """A stretch of the source `[start, end)` rewritten as `[out_start, out_end)` of the output,
    with a different length, so positions inside it have no exact counterpart."""

    start: int
    end: int
    out_start: int
    out_end: int


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Positions in a source text ↔ positions in a rewritten text of possibly other length.

    Outside the listed blocks the two texts correspond character for character (shifted by the
    length change of the blocks before). A position strictly inside a block has no exact
    counterpart: as the start of a span it moves to the block's start, as the end of a span to
    the block's end, so a span always covers the whole rewritten word.
    """

    source_length: int
    output_length: int
    blocks: tuple[Block, ...] = ()
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _out_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(b.start for b in self.blocks))
        object.__setattr__(self, "_out_starts", tuple(b.out_start for b in self.blocks))

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(length, length)

    @classmethod
    def from_blocks(cls, source_length: int, output_length: int, blocks: Iterable[Block]) -> OffsetMap:
        """A map from changed-length blocks given in order; same-length blocks are dropped."""
        kept = tuple(b for b in blocks if b.end - b.start != b.out_end - b.out_start)
        return cls(source_length, output_length, kept)

    @property
    def is_identity(self) -> bool:
        return not self.blocks and self.source_length == self.output_length

    def position(self, pos: int, *, end: bool = False) -> int:
        """Where source position `pos` lands in the output (`end`: as the end of a span)."""
        return self._map(pos, end, self._starts, forward=True)

    def source_position(self, pos: int, *, end: bool = False) -> int:
        """Where output position `pos` comes from in the source (`end`: as the end of a span)."""
        return self._map(pos, end, self._out_starts, forward=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The output span covering what source `[start, end)` became."""
        out_start = self.position(start)
        return out_start, max(out_start, self.position(end, end=True))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that output `[start, end)` came from."""
        src_start = self.source_position(start)
        return src_start, max(src_start, self.source_position(end, end=True))

    def _map(self, pos: int, end: bool, starts: tuple[int, ...], *, forward: bool) -> int:
        limit = self.source_length if forward else self.output_length
        other_limit = self.output_length if forward else self.source_length
        pos = min(max(pos, 0), limit)
        index = bisect_right(starts, pos) - 1
        if index < 0:
            return min(pos, other_limit)
        block = self.blocks[index]
        start, stop, out_start, out_stop = (
            (block.start, block.end, block.out_start, block.out_end)
            if forward
            else (block.out_start, block.out_end, block.start, block.end)
        )
        if pos == start:
            return out_start
        if pos < stop:
            return out_stop if end else out_start
        return min(out_stop + (pos - stop), other_limit)
