"""opencc conversion with an offset map, also for the vocabulary configs that change lengths.

The character-level configs keep the length (one character for one), so offsets need no map.
The vocabulary configs (软件 → 軟體, U盘 → 隨身碟) change lengths. The text shown is always
opencc's conversion of the whole text; the map is built beside it. Almost all phrases lie
between punctuation, so the text is aligned chunk by chunk between separators, and a changed
chunk is cut wherever converting its two halves gives the same result as converting it whole.
That gives every converted word its own block in the map, so a highlight on a word lands on the
converted form of that word. A few phrases span punctuation (伯克希尔-哈撒韦 → 波克夏海瑟威,
里姆斯基-科萨科夫 → 林姆斯基-高沙可夫): where they break the chunk alignment, the map is taken
from a chunk-by-chunk conversion, and each stretch where that differs from opencc's whole-text
result becomes one block.
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
#: Realigning after a difference looks this far ahead in each text, and wants this many equal
#: characters to call the texts in step again.
_RESYNC_REACH = 64
_RESYNC_RUN = 4


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
        if len(out_pieces) == len(pieces) and out_pieces[1::2] == pieces[1::2]:
            return out, self._piece_blocks(segment, pieces, out_pieces, src_base, out_base)
        # A phrase spans a separator and changed it: the text stays opencc's (converting piece
        # by piece would convert the other words differently too); the map comes from the
        # piece-by-piece conversion, realigned with it.
        by_piece = [self.converter.convert(piece) if i % 2 == 0 else piece for i, piece in enumerate(pieces)]
        blocks = self._piece_blocks(segment, pieces, by_piece, 0, 0)
        realigned = _realign(len(segment), blocks, "".join(by_piece), out)
        return out, [
            Block(b.start + src_base, b.end + src_base, b.out_start + out_base, b.out_end + out_base)
            for b in realigned
        ]

    def _piece_blocks(
        self, segment: str, pieces: list[str], out_pieces: list[str], src_base: int, out_base: int
    ) -> list[Block]:
        """Blocks for the pieces (between separators) whose conversion changed length."""
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
        return blocks


def _differences(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Stretches `(a0, a1, b0, b1)` where `a` and `b` differ; between them they are equal
    character for character. Meant for texts that differ in a few short places."""
    regions: list[tuple[int, int, int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        step = _resync(a, b, i, j)
        if step is None:
            break
        regions.append((i, step[0], j, step[1]))
        i, j = step
    if i < len(a) or j < len(b):
        regions.append((i, len(a), j, len(b)))
    return regions


def _resync(a: str, b: str, i: int, j: int) -> tuple[int, int] | None:
    """The nearest positions past a difference at (i, j) where the texts run equal again."""
    for distance in range(1, 2 * _RESYNC_REACH + 1):
        for di in range(max(0, distance - _RESYNC_REACH), min(distance, _RESYNC_REACH) + 1):
            ii, jj = i + di, j + distance - di
            if ii > len(a) or jj > len(b):
                continue
            run_a, run_b = a[ii : ii + _RESYNC_RUN], b[jj : jj + _RESYNC_RUN]
            at_both_ends = ii + len(run_a) == len(a) and jj + len(run_b) == len(b)
            if run_a == run_b and (len(run_a) == _RESYNC_RUN or at_both_ends):
                return ii, jj
    return None


def _realign(source_length: int, blocks: list[Block], middle: str, out: str) -> list[Block]:
    """Blocks source → `out`, given blocks source → `middle` and `middle` ≈ `out` (equal
    outside a few stretches). Each differing stretch, widened to whole blocks, is one block."""
    regions = _differences(middle, out)
    # Widen each stretch to the middle blocks it touches, merging stretches that meet.
    widened: list[list[int]] = []
    for m0, m1, o0, o1 in regions:
        for block in blocks:
            if (block.out_start < m1 and block.out_end > m0) or (m0 == m1 and block.out_start < m0 < block.out_end):
                if block.out_start < m0:
                    o0 -= m0 - block.out_start
                    m0 = block.out_start
                if block.out_end > m1:
                    o1 += block.out_end - m1
                    m1 = block.out_end
        if widened and m0 <= widened[-1][1]:
            last = widened[-1]
            last[1], last[3] = max(last[1], m1), max(last[3], o1)
        else:
            widened.append([m0, m1, o0, o1])
    to_middle = OffsetMap.from_blocks(source_length, len(middle), blocks)
    result: list[Block] = []
    shift = 0  # out position minus middle position, past the stretches so far
    pending = iter(widened)
    stretch = next(pending, None)
    ordered: list[Block | None] = [*blocks, None]  # None: flush the stretches left
    for item in ordered:
        while stretch is not None and (item is None or stretch[0] <= item.out_start):
            m0, m1, o0, o1 = stretch
            start = to_middle.source_position(m0)
            result.append(Block(start, max(start, to_middle.source_position(m1, end=True)), o0, o1))
            shift = o1 - m1
            stretch = next(pending, None)
        if item is None:
            break
        if result and item.start < result[-1].end:
            continue  # inside a widened stretch
        result.append(Block(item.start, item.end, item.out_start + shift, item.out_end + shift))
    return result
