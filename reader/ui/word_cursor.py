"""The word cursor's moves over the article view: word by word, line by line, across
paragraphs, over the words the view cut each paragraph into (in the script shown)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from reader.ui.widgets.article_view import ArticleView

Place = tuple[int, int, int]  # paragraph, start, end: a word of the view, paragraph-local
#: Lines tried above or below for `j`/`k` (blank lines between paragraphs are skipped).
LINE_REACH = 4


Words = Callable[[int], "tuple[tuple[int, int], ...] | None"]


class WordCursor:
    """Where the cursor is (`place`) and how it moves. `words(i)` gives the words of paragraph
    i (None while the view cuts it: `words_found()` follows). It draws itself with the view's
    cursor span and calls `moved()` after each move; `say(text)` when it has no word to show."""

    def __init__(
        self, view: Callable[[], ArticleView], words: Words, moved: Callable[[], None], say: Callable[[str], None]
    ) -> None:
        self._view = view
        self._words = words
        self._moved = moved
        self._say = say
        self.place: Place | None = None
        #: A move waiting for a paragraph to be cut into words (the view cuts in a worker).
        self._pending: Callable[[], None] | None = None
        #: The column `j`/`k` keep while moving from line to line.
        self._column: int | None = None

    @property
    def view(self) -> ArticleView:
        return self._view()

    def word(self) -> str:
        """The word under the cursor, as shown."""
        if self.place is None:
            return ""
        index, start, end = self.place
        return self.view.paragraphs[index][start:end]

    def start_in_view(self) -> None:
        """Put the cursor on the first word at the top of the view."""
        self.place = None
        view = self.view
        starts = view.paragraph_starts
        if not starts:
            self._say("No words here. 這裡沒有詞。")
            return
        offset = view.offset_in_view()
        index = max(0, bisect_right(starts, offset) - 1)
        self.go(index, offset - starts[index], forward=True)

    def show_again(self) -> None:
        """Draw the cursor where it was (the view was cleared or its text shown again)."""
        if self.place is not None:
            index, start, _ = self.place
            self.place = None
            self.go(index, start, forward=True)

    def hide(self) -> None:
        self._pending = None
        self.view.clear_cursor()

    def move(self, step: int) -> None:
        """The previous or next word, across paragraphs."""
        if self.place is None:
            return
        self._column = None
        index, start, _ = self.place
        words = self._words(index) or ()
        at = next((n for n, word in enumerate(words) if word[0] == start), None)
        if at is not None and 0 <= at + step < len(words):
            self._set(index, *words[at + step])
        elif step > 0:
            self.go(index + 1, 0, forward=True)
        else:
            self.go(index - 1, None, forward=False)

    def move_line(self, step: int) -> None:
        """The word on the next or previous line, near the same column."""
        if self.place is None:
            return
        view = self.view
        index, start, end = self.place
        # A word broken across two lines moves on from its last line down, its first line up.
        here = view.screen_place(index, max(start, end - 1) if step > 0 else start)
        if here is None:
            return
        column = here.x if self._column is None else self._column
        for distance in range(1, LINE_REACH + 1):
            hit = view.place_at(column, here.y + step * distance)
            if hit is not None:
                self._column = column
                self._go_near(*hit)
                return

    def go(self, index: int, offset: int | None, *, forward: bool) -> None:
        """The word at or after (`forward`) / before `offset` of paragraph `index` (None: its
        end), looking on into the next paragraphs when this one has no word there."""
        view = self.view
        count = len(view.paragraph_starts)
        while 0 <= index < count:
            words = self._words(index)
            if words is None:
                self._wait(lambda index=index, offset=offset: self.go(index, offset, forward=forward))
                return
            if forward:
                found = next((w for w in words if w[1] > (offset or 0)), None)
            else:
                found = next((w for w in reversed(words) if offset is None or w[0] < offset), None)
            if found is not None:
                self._set(index, *found)
                return
            index, offset = (index + 1, 0) if forward else (index - 1, None)
        if self.place is None:
            self._say("No words here. 這裡沒有詞。")

    def _go_near(self, index: int, offset: int) -> None:
        """The word under `offset`, else the nearest word on its line."""
        words = self._words(index)
        if words is None:
            self._wait(lambda: self._go_near(index, offset))
            return
        line = next(((s, e) for s, e in self.view.paragraph_lines(index) if s <= offset < max(e, s + 1)), None)
        candidates = [w for w in words if line is None or (w[0] < line[1] and w[1] > line[0])]
        if not candidates:
            return
        self._set(index, *min(candidates, key=lambda w: _distance(w, offset)))

    def _wait(self, then: Callable[[], None]) -> None:
        self._pending = then
        self._say("Finding words… 正在分詞…")

    def words_found(self) -> None:
        """The view cut more paragraphs into words: carry on with a move that waited."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()

    def _set(self, index: int, start: int, end: int) -> None:
        self._pending = None
        self.place = (index, start, end)
        view = self.view
        view.set_cursor(index, start, end)
        view.scroll_to_place(index, start)
        self._moved()


def _distance(word: tuple[int, int], offset: int) -> int:
    start, end = word
    if start <= offset < end:
        return 0
    return min(abs(start - offset), abs(end - 1 - offset))
