"""Line breaking for Chinese text mixed with Latin: break between Han characters, keep Latin
words whole, and never start a line with closing punctuation or end one with an opening mark
(the basic rules of kinsoku shori)."""

from __future__ import annotations

from functools import lru_cache

from rich.cells import get_character_cell_size

#: May not begin a line.
NO_LINE_START = frozenset("，。、；：？！）」』》〉】〕〗〙〛”’…‥·・ー—～%％,.;:?!)]}>'\"")
#: May not end a line.
NO_LINE_END = frozenset("（「『《〈【〔〖〘〚“‘([{<")


@lru_cache(maxsize=4096)
def _cells(ch: str) -> int:
    return get_character_cell_size(ch)


def _is_word_char(ch: str) -> bool:
    """Characters that form unbreakable words: Latin letters, digits and their joiners."""
    if ch.isspace():
        return False
    code = ord(ch)
    if code < 0x2E80:
        return (ch not in NO_LINE_START and ch not in NO_LINE_END) or ch in ".,-'%+/:_&#@"
    return False


def _units(text: str) -> list[tuple[int, int]]:
    """Split `text` into unbreakable (start, end) units, trailing spaces included."""
    units: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        if _is_word_char(text[i]):
            while i < n and _is_word_char(text[i]):
                i += 1
        else:
            i += 1
        while i < n and text[i] == " ":
            i += 1
        units.append((start, i))
    # Merge units that may not start a line into the one before, and opening marks into the
    # one after.
    merged: list[tuple[int, int]] = []
    carry: int | None = None
    for start, end in units:
        if carry is not None:
            start, carry = carry, None
        if text[start] in NO_LINE_START and merged and not text[start].isspace():
            prev_start, _ = merged.pop()
            start = prev_start
        if text[end - 1] in NO_LINE_END and end < n:
            carry = start
            continue
        merged.append((start, end))
    if carry is not None:
        merged.append((carry, n))
    return merged


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Line ranges (start, end) of `text` wrapped to `width` cells; trailing spaces of a line
    are left out of its range. Text with newlines is wrapped line by line."""
    width = max(width, 2)
    lines: list[tuple[int, int]] = []
    offset = 0
    for raw_line in text.split("\n"):
        lines.extend((offset + s, offset + e) for s, e in _wrap_line(raw_line, width))
        offset += len(raw_line) + 1
    return lines


def _wrap_line(text: str, width: int) -> list[tuple[int, int]]:
    if not text:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    line_start = 0
    used = 0
    for start, end in _units(text):
        unit = text[start:end]
        visible = unit.rstrip(" ")
        # Most units are one Han character: no generator for them (a novel has millions).
        visible_cells = _cells(visible) if len(visible) == 1 else sum(map(_cells, visible))
        if used and used + visible_cells > width:
            lines.append((line_start, _rstrip_end(text, line_start, start)))
            line_start, used = start, 0
        if visible_cells > width:
            # A word longer than the line: cut it by cells.
            pos = start
            for index in range(start, start + len(visible)):
                cells = _cells(text[index])
                if used + cells > width and used:
                    lines.append((line_start, index))
                    line_start, used = index, 0
                used += cells
                pos = index + 1
            used += end - pos  # trailing spaces
            continue
        used += visible_cells + len(unit) - len(visible)  # trailing spaces: a cell each
    lines.append((line_start, _rstrip_end(text, line_start, len(text))))
    return lines


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


def same_breaks(old: str, new: str) -> bool:
    """True when `new` breaks into lines exactly like `old` at any width: same length, and each
    changed character swaps one wide ideograph for another that no breaking rule names (what
    the Simplified ⇄ Traditional toggle does), so a cached wrap can be kept."""
    if len(old) != len(new):
        return False
    for a, b in zip(old, new):
        if a != b and not (
            a >= "\u2e80" <= b
            and _cells(a) == 2 == _cells(b)
            and a not in NO_LINE_START and b not in NO_LINE_START
            and a not in NO_LINE_END and b not in NO_LINE_END
        ):
            return False
    return True
