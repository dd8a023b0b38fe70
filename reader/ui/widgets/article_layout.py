"""Where each line of an article goes at one width: the lines of the title and meta line, then
each paragraph's lines and the blank line after it; paragraphs broken into lines only when
needed (big articles: estimated heights until a paragraph is shown or wrapped in the
background), with the place kept when an estimate is corrected."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from textual.content import Content

from reader.ui.wrap import wrap

#: Paragraphs are never set wider than this many cells (long lines are hard to read).
MAX_TEXT_WIDTH = 100
#: Articles up to this many characters are broken into lines at once (exact heights, exact
#: scrollbar); longer ones lazily.
WRAP_AT_ONCE = 20_000

Lines = tuple[tuple[int, int], ...]


class Place(NamedTuple):
    """What is on one line of the view: `paragraph` -1 for the header (title and meta line),
    else a paragraph's index and `row` its line (== its line count on the blank line after)."""

    paragraph: int
    row: int


def estimate_height(text: str, width: int) -> int:
    """Lines `text` will take at `width` cells, guessed without breaking it (Han text is two
    cells a character)."""
    cells = len(text) if text.isascii() else 2 * len(text)
    return max(1, -(-cells // max(width, 2)))


class ArticleLayout:
    """The lines of one article's header and paragraphs at one width (in cells)."""

    def __init__(
        self, header: Sequence[str], paragraphs: Sequence[str], width: int, *, estimates: ArticleLayout | None = None
    ) -> None:
        self.width = max(width, 2)
        #: Paragraphs are wrapped at this width (the view's, up to MAX_TEXT_WIDTH).
        self.text_width = min(self.width, MAX_TEXT_WIDTH)
        self.paragraphs = list(paragraphs)
        self.set_header(header)
        self._lines: list[Lines | None] = [None] * len(self.paragraphs)
        if estimates is not None and estimates.text_width == self.text_width and len(estimates._heights) == len(self.paragraphs):
            # The same paragraphs in other characters: the old heights are the best guesses.
            self._heights = list(estimates._heights)
        else:
            self._heights = [estimate_height(text, self.text_width) for text in self.paragraphs]
        self._rows = _RowSums([height + 1 for height in self._heights])
        if sum(len(text) for text in self.paragraphs) <= WRAP_AT_ONCE:
            for index in range(len(self.paragraphs)):
                self.lines(index)

    def set_header(self, header: Sequence[str]) -> None:
        """Title and meta line (or a message): lines broken at spaces the way a Static breaks
        them (they hold few Han runs); a blank line above and below."""
        self.header = list(header)
        #: (part, line) of each header line.
        self.header_lines: list[tuple[int, str]] = []
        for part, text in enumerate(self.header):
            self.header_lines += [(part, line.plain) for line in Content(text).wrap(self.width)]
        self.header_height = len(self.header_lines) + 2 if self.header else 1

    # --- lines ---------------------------------------------------------------------------

    def lines(self, index: int) -> Lines:
        """Paragraph `index`'s line ranges (paragraph-local), broken now if not yet."""
        lines = self._lines[index]
        if lines is None:
            lines = tuple(wrap(self.paragraphs[index], self.text_width))
            self.set_lines(index, lines)
        return lines

    def set_lines(self, index: int, lines: Lines) -> bool:
        """Take lines broken elsewhere (a worker); True when the height guessed was wrong."""
        self._lines[index] = lines
        if self._heights[index] != len(lines):
            self._rows.add(index, len(lines) - self._heights[index])
            self._heights[index] = len(lines)
            return True
        return False

    def is_wrapped(self, index: int) -> bool:
        return self._lines[index] is not None

    def unwrapped(self) -> list[int]:
        """The paragraphs whose heights are still guesses."""
        return [index for index, lines in enumerate(self._lines) if lines is None]

    def keep_lines(self, index: int, lines: Lines | None) -> None:
        """Reuse lines known to break the same (the script toggle changed only ideographs)."""
        if lines is not None:
            self.set_lines(index, lines)

    # --- vertical positions ----------------------------------------------------------------

    @property
    def height(self) -> int:
        """Every line: header, paragraphs and the blank line after each."""
        return self.header_height + self._rows.total

    def top(self, index: int) -> int:
        """The line paragraph `index` starts on."""
        return self.header_height + self._rows.prefix(index)

    def place(self, y: int) -> Place:
        """What is on line `y`."""
        if y < self.header_height or not self.paragraphs:
            return Place(-1, y)
        index, top = self._rows.find(y - self.header_height)
        if index >= len(self.paragraphs):  # past the end: the last paragraph's blank line
            index = len(self.paragraphs) - 1
            top = self._rows.prefix(index)
        return Place(index, y - self.header_height - top)

    def row_of(self, index: int, offset: int) -> int:
        """The line of paragraph `index` holding paragraph-local `offset`."""
        starts = [start for start, _ in self.lines(index)]
        return max(0, bisect_right(starts, offset) - 1)

    def y_of(self, index: int, offset: int) -> int:
        return self.top(index) + self.row_of(index, offset)

    def wrap_range(self, y_start: int, y_end: int) -> bool:
        """Break every paragraph on lines y_start..y_end (as placed now) into lines; True when
        a guessed height was wrong (the places below moved)."""
        changed = False
        if not self.paragraphs:
            return False
        first = max(self.place(max(y_start, 0)).paragraph, 0)
        last = self.place(max(y_end, 0)).paragraph
        for index in range(first, last + 1):
            if self._lines[index] is None:
                before = self._heights[index]
                self.lines(index)
                changed = changed or self._heights[index] != before
        return changed


class _RowSums:
    """Lines taken by each paragraph (with its blank line), summed in a Fenwick tree: a
    corrected height, the top of a paragraph and the paragraph on a line each cost
    O(log n), where a list of tops would be rebuilt for every correction."""

    def __init__(self, rows: list[int]) -> None:
        self._size = len(rows)
        tree = [0, *rows]
        for i in range(1, self._size + 1):
            parent = i + (i & -i)
            if parent <= self._size:
                tree[parent] += tree[i]
        self._tree = tree
        self.total = sum(rows)
        self._step = 1 << max(self._size.bit_length() - 1, 0)

    def add(self, index: int, delta: int) -> None:
        self.total += delta
        i = index + 1
        while i <= self._size:
            self._tree[i] += delta
            i += i & -i

    def prefix(self, index: int) -> int:
        """Rows before item `index`."""
        total, i = 0, index
        while i > 0:
            total += self._tree[i]
            i -= i & -i
        return total

    def find(self, row: int) -> tuple[int, int]:
        """The item holding `row` and the rows before it (len(rows) past the end)."""
        position, before, step = 0, 0, self._step
        while step:
            following = position + step
            if following <= self._size and before + self._tree[following] <= row:
                position = following
                before += self._tree[following]
            step >>= 1
        return position, before
