"""opencc conversion with an offset map, also for the vocabulary configs that change lengths.

The character-level configs keep the length (one character for one), so offsets need no map.
The vocabulary configs (软件 → 軟體, U盘 → 隨身碟) change lengths; their phrases never contain
punctuation or whitespace, so the text is aligned chunk by chunk between separators, and a
changed chunk is cut wherever converting its two halves gives the same result as converting it
whole. That gives every converted word its own block in the map, so a highlight on a word lands
on the converted form of that word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from reader.text import opencc_converter
from reader.text.offsets import Block, OffsetMap

#: Configs that change one character for one character.
CHARACTER_CONFIGS = frozenset({"t2s", "s2t", "s2tw", "tw2s", "t2tw", "s2hk", "hk2s", "t2hk"})
#: Vocabulary configs and their character-only twin (same output where no phrase applied).
TWINS = {"s2twp": "s2tw", "tw2sp": "tw2s", "s2hkp": "s2hk", "hk2sp": "hk2s"}

# Whitespace and punctuation: opencc's phrases never span them. Not 々〆〇 (used inside words).
_SEPARATORS = (
    r"\s!-/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u21ff"
    r"\u3000-\u3004\u3008-\u303f\ufe10-\ufe1f\ufe30-\ufe6f"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)
_SEPARATOR_RUN_RE = re.compile(f"([{_SEPARATORS}]+)")
#: Chunks longer than this are not cut finer (each cut costs two conversions).
_MAX_CUT_CHUNK = 400


@dataclass(frozen=True, slots=True)
class Converted:
    """Text converted to a script variant, with the map between the two."""

    text: str
    map: OffsetMap
    config: str | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span → the converted span covering the same words."""
        return self.map.span(start, end)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Converted span → the source span it came from."""
        return self.map.source_span(start, end)

    def position(self, pos: int) -> int:
        """A reading position in the source → the same place in the converted text."""
        return self.map.position(pos)

    def source_position(self, pos: int) -> int:
        """A reading position in the converted text → the same place in the source."""
        return self.map.source_position(pos)


def _cuts(chunk: str, out: str, convert: Callable[[str], str]) -> list[tuple[int, int]]:
    """Positions (in chunk, in out) where `chunk` can be cut and converted in two halves."""
    cuts = [(0, 0)]
    if len(chunk) <= _MAX_CUT_CHUNK:
        for i in range(1, len(chunk)):
            left = convert(chunk[:i])
            if out.startswith(left) and len(left) >= cuts[-1][1] and convert(chunk[i:]) == out[len(left):]:
                cuts.append((i, len(left)))
    cuts.append((len(chunk), len(out)))
    return cuts


class Conversion:
    """One opencc config, and override rules: FROM strings (`pattern` finds them) shown as
    `table[FROM]` instead of opencc's result."""

    def __init__(
        self, config: str, pattern: re.Pattern[str] | None = None, table: dict[str, str] | None = None
    ) -> None:
        self.config = config
        self.converter = opencc_converter(config)
        twin = TWINS.get(config)
        self.twin = opencc_converter(twin) if twin else None
        self.pattern, self.table = pattern, table or {}

    def text(self, text: str) -> str:
        """Just the converted text (no map)."""
        if self.pattern is None:
            return self.converter.convert(text)
        out, last = [], 0
        for match in self.pattern.finditer(text):
            out.append(self.converter.convert(text[last : match.start()]))
            out.append(self.table[match.group()])
            last = match.end()
        out.append(self.converter.convert(text[last:]))
        return "".join(out)

    def mapped(self, text: str) -> Converted:
        """The converted text with its offset map."""
        parts: list[str] = []
        blocks: list[Block] = []
        out_pos = 0

        def add_plain(segment: str, src_pos: int) -> None:
            nonlocal out_pos
            converted, segment_blocks = self._segment(segment, src_pos, out_pos)
            parts.append(converted)
            blocks.extend(segment_blocks)
            out_pos += len(converted)

        last = 0
        if self.pattern is not None:
            for match in self.pattern.finditer(text):
                add_plain(text[last : match.start()], last)
                replacement = self.table[match.group()]
                blocks.append(Block(match.start(), match.end(), out_pos, out_pos + len(replacement)))
                parts.append(replacement)
                out_pos += len(replacement)
                last = match.end()
        add_plain(text[last:], last)
        result = "".join(parts)
        return Converted(result, OffsetMap.from_blocks(len(text), len(result), blocks), self.config)

    def _segment(self, segment: str, src_base: int, out_base: int) -> tuple[str, list[Block]]:
        """Convert text with no override in it; blocks for the parts whose length changed."""
        if not segment:
            return "", []
        out = self.converter.convert(segment)
        if self.config in CHARACTER_CONFIGS and len(out) == len(segment):
            return out, []
        pieces = _SEPARATOR_RUN_RE.split(segment)
        out_pieces = _SEPARATOR_RUN_RE.split(out)
        if len(out_pieces) != len(pieces) or out_pieces[1::2] != pieces[1::2]:
            out_pieces = [
                self.converter.convert(piece) if i % 2 == 0 else piece for i, piece in enumerate(pieces)
            ]
            out = "".join(out_pieces)
        twin_pieces: list[str] | None = None
        if self.twin is not None:
            twin_pieces = _SEPARATOR_RUN_RE.split(self.twin.convert(segment))
            if len(twin_pieces) != len(pieces) or twin_pieces[1::2] != pieces[1::2]:
                twin_pieces = None
        blocks: list[Block] = []
        src_pos, out_pos = src_base, out_base
        for i, (piece, out_piece) in enumerate(zip(pieces, out_pieces)):
            same_length = len(piece) == len(out_piece)
            if i % 2 == 1 or (same_length and (twin_pieces is None or twin_pieces[i] == out_piece)):
                pass  # character for character
            else:
                cuts = _cuts(piece, out_piece, self.converter.convert)
                for (a, oa), (b, ob) in pairwise(cuts):
                    if b - a != ob - oa:
                        blocks.append(Block(src_pos + a, src_pos + b, out_pos + oa, out_pos + ob))
            src_pos += len(piece)
            out_pos += len(out_piece)
        return "".join(out_pieces), blocks
