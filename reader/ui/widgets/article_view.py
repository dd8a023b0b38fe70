"""The article pane: title, meta line and paragraphs, with highlight spans, never as markup.

A virtual view: only the lines in view are rendered, paragraphs are broken into lines when
they come into view (big articles: the rest in a worker), so a novel opens as fast as a
page. Everything is addressed by paragraph and offset; see ArticleView for the word
cursor's part (words, places on screen, the cursor span).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Offset, Region
from textual.message import Message
from textual.worker import get_current_worker

from reader.library.article import paragraph_starts
from reader.text.words import word_spans
from reader.ui.widgets.article_layout import WRAP_AT_ONCE, Lines
from reader.ui.widgets.article_lines import (
    CURSOR_CLASS,
    HEADER_CLASSES,
    HIGHLIGHT_KINDS,
    PLACEHOLDER_CLASS,
    ArticleLines,
    Highlight,
    split_highlights,
)
from reader.ui.wrap import same_breaks

__all__ = ["HIGHLIGHT_KINDS", "ArticleView", "Highlight", "split_highlights"]

#: Paragraphs cut into words around the one asked for.
WORDS_BEFORE, WORDS_AFTER = 20, 80

Word = tuple[int, int]


class ArticleView(ArticleLines, can_focus=True):
    """Shows one article. Set its content with `show()`; it keeps nothing but what it shows.

    For a word cursor: `words(i)` (the words of paragraph i as shown, None until cut: then
    `WordsFound` arrives), `paragraph_lines(i)` (its line ranges), `screen_place(i, offset)`
    (virtual line and cell column) and `place_at(x, y)` (the way back), `set_cursor(i, start,
    end)` / `clear_cursor()` (a span drawn over every highlight), `scroll_to_place(i, offset)`
    (scroll only as far as needed to show it).
    """

    HELP_GROUP = "Article 文章"

    COMPONENT_CLASSES = {
        *(f"article-view--{kind}" for kind in HIGHLIGHT_KINDS),
        *HEADER_CLASSES,
        PLACEHOLDER_CLASS,
        CURSOR_CLASS,
    }

    DEFAULT_CSS = """
    ArticleView { overflow-x: hidden; }
    """

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="scroll_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="scroll_up"),
        Binding("g,home", "scroll_home", "Top of article", show=False, id="top"),
        Binding("G,end", "scroll_end", "End of article", show=False, id="bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("shift+space,pageup", "page_up", "Page up", show=False, id="page_up"),
    ]

    class WordsFound(Message):
        """Paragraphs `first`..`last` of the shown article have been cut into words."""

        def __init__(self, first: int, last: int) -> None:
            super().__init__()
            self.first = first
            self.last = last

    class _Cut(Message, bubble=False):
        def __init__(self, generation: int, words: dict[int, tuple[Word, ...]]) -> None:
            super().__init__()
            self.generation = generation
            self.words = words

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The meta line as given, and a note shown after it (see set_notice).
        self._meta = self._notice = ""
        #: What is shown changed (show, retext): workers of an older one are ignored.
        self._generation = 0
        self._words: dict[int, tuple[Word, ...]] = {}
        self._words_asked: set[int] = set()

    # --- what is shown -----------------------------------------------------------------------

    @property
    def paragraph_starts(self) -> Sequence[int]:
        """Where each shown paragraph starts in the shown body."""
        return self._starts

    @property
    def paragraphs(self) -> Sequence[str]:
        """The paragraphs shown."""
        return self._paragraphs

    @property
    def title(self) -> str:
        return self._header[0] if self._header and not self._placeholder else ""

    @property
    def meta(self) -> str:
        """The meta line as shown (with the notice, if any)."""
        return self._header[1] if len(self._header) > 1 else ""

    @property
    def message(self) -> str:
        """The message shown in place of an article."""
        return self._header[0] if self._placeholder else ""

    def highlights_of(self, index: int) -> list[Highlight]:
        """The highlights of paragraph `index` (paragraph-local offsets)."""
        return list(self._highlights.get(index, ()))

    def show(
        self,
        title: str,
        meta: str,
        paragraphs: Sequence[str],
        highlights: Iterable[Highlight] = (),
        *,
        scroll_to: int | None = None,
    ) -> None:
        """Replace what is shown. `highlights` index the paragraphs joined by a blank line."""
        self._notice = ""
        self._replace(title, meta, paragraphs, highlights)
        self._placeholder = False
        self._layout = None
        self._relayout(scroll_to or None)

    def retext(
        self,
        title: str,
        meta: str,
        paragraphs: Sequence[str],
        highlights: Iterable[Highlight] = (),
        *,
        scroll_to: int | None = None,
    ) -> bool:
        """Change the shown text in place, keeping the place (the script toggle: the same
        paragraphs in other characters): the view scrolls to `scroll_to` (the place at the top
        before, in the new text). False when the paragraph count differs: use `show`."""
        old, layout = self._paragraphs, self._layout
        if self._placeholder or not old or len(old) != len(paragraphs):
            return False
        in_header = layout is not None and self._anchor(layout) is None
        position = None if in_header else self.offset_in_view() if scroll_to is None else scroll_to
        self._replace(title, meta, paragraphs, highlights)
        self._layout = None
        if layout is not None:
            self._layout = self._new_layout(layout.width, estimates=layout)
            if sum(map(len, paragraphs)) <= WRAP_AT_ONCE:
                # Short articles: keep the lines of paragraphs that break the same (cheap).
                for index, (before, after) in enumerate(zip(old, paragraphs)):
                    if layout.is_wrapped(index) and same_breaks(before, after):
                        self._layout.keep_lines(index, layout.lines(index))
        self._relayout(position)
        return True

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Restyle the shown paragraphs without breaking them into lines again."""
        self._highlights = split_highlights(highlights, self._starts, [len(p) for p in self._paragraphs])
        self._repaint()

    def set_notice(self, notice: str) -> None:
        """A note after the meta line (what was left out of the analysis of a big article)."""
        if notice == self._notice:
            return
        self._notice = notice
        if len(self._header) > 1 and not self._placeholder:
            self._header[1] = f"{self._meta} · {notice}" if notice else self._meta
            self._reheader()

    def clear(self, message: str = "") -> None:
        """Show `message` in place of an article."""
        self._notice = ""
        self._replace(message, "", [], ())
        self._header = [message] if message else []
        self._placeholder = True
        self._layout = None
        self._relayout(None)

    def _replace(self, title: str, meta: str, paragraphs: Sequence[str], highlights: Iterable[Highlight]) -> None:
        self._generation += 1
        self._meta = meta
        self._header = [title, f"{meta} · {self._notice}" if self._notice else meta]
        self._paragraphs = list(paragraphs)
        self._starts = paragraph_starts(self._paragraphs)
        self._highlights = split_highlights(highlights, self._starts, [len(p) for p in self._paragraphs])
        self._cursor = None
        self._words, self._words_asked = {}, set()

    # --- places ------------------------------------------------------------------------------

    def offset_in_view(self) -> int:
        """The body offset of the text at the top of the view: the start of the first line
        shown (of the next paragraph's first line when the top falls between paragraphs)."""
        layout = self._layout
        if layout is None:
            return (self._pending[0] or 0) if self._pending is not None else 0
        return self._top_offset(layout)

    def scroll_to_offset(self, offset: int, *, center: bool = False) -> None:
        """Scroll so the text at body `offset` is in view (at the top, or centred)."""
        layout = self._layout
        if layout is None:
            self._pending = (offset, center)
            return
        height = self.scrollable_content_region.height
        for _ in range(3):
            y = self._y_of_offset(offset)
            top = y - height // 2 if center else y
            if not layout.wrap_range(top, top + height):
                break
            self._set_height(layout.height)
        self._scroll_y_to(top)

    def action_scroll_end(self) -> None:
        layout = self._layout
        height = self.scrollable_content_region.height
        if layout is not None:
            # The last screenful broken into lines first: the end is where it really is.
            while layout.wrap_range(layout.height - height, layout.height):
                self._set_height(layout.height)
        self._scroll_y_to(self.max_scroll_y)

    def paragraph_lines(self, index: int) -> Lines:
        """The line ranges of paragraph `index` at the current width (paragraph-local)."""
        return self._layout.lines(index) if self._layout is not None else ((0, len(self._paragraphs[index])),)

    def screen_place(self, index: int, offset: int) -> Offset | None:
        """Where paragraph-local `offset` of paragraph `index` is: x in cells from the left of
        the text, y the virtual line (subtract `scroll_y` for the line on screen)."""
        layout = self._layout
        if layout is None:
            return None
        row = layout.row_of(index, offset)
        start, _ = layout.lines(index)[row]
        x = Content(self._paragraphs[index][start:offset]).cell_length
        return Offset(x, layout.top(index) + row)

    def place_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The (paragraph, offset) at cell `x` of virtual line `y`; None off the text."""
        layout = self._layout
        if layout is None:
            return None
        place = layout.place(y)
        if place.paragraph < 0 or place.row >= len(layout.lines(place.paragraph)):
            return None
        start, end = layout.lines(place.paragraph)[place.row]
        text, cells = self._paragraphs[place.paragraph], 0
        for offset in range(start, end):
            cells += Content(text[offset]).cell_length
            if cells > x:
                return place.paragraph, offset
        return place.paragraph, end

    def scroll_to_place(self, index: int, offset: int) -> None:
        """Scroll as little as needed to show paragraph-local `offset` of paragraph `index`."""
        place = self.screen_place(index, offset)
        if place is not None:
            self.scroll_to_region(Region(0, place.y, 1, 1), animate=False, immediate=True)

    # --- words and the cursor ----------------------------------------------------------------

    def words(self, index: int) -> tuple[Word, ...] | None:
        """The words of paragraph `index` as shown, (start, end) paragraph-local; None while
        they are being cut (`WordsFound` follows)."""
        found = self._words.get(index)
        if found is None and index not in self._words_asked and 0 <= index < len(self._paragraphs):
            first = max(0, index - WORDS_BEFORE)
            last = min(len(self._paragraphs) - 1, index + WORDS_AFTER)
            wanted = [i for i in range(first, last + 1) if i not in self._words and i not in self._words_asked]
            self._words_asked.update(wanted)
            self._cut_words(self._generation, {i: self._paragraphs[i] for i in wanted})
        return found

    @work(thread=True, group="article-words")
    def _cut_words(self, generation: int, paragraphs: dict[int, str]) -> None:
        words = {index: word_spans(text) for index, text in paragraphs.items()}
        if not get_current_worker().is_cancelled:
            self.post_message(self._Cut(generation, words))

    def on_article_view__cut(self, message: _Cut) -> None:
        if message.generation != self._generation or not message.words:
            return
        self._words.update(message.words)
        self.post_message(self.WordsFound(min(message.words), max(message.words)))

    @property
    def cursor(self) -> tuple[int, int, int] | None:
        """The cursor span: (paragraph, start, end), paragraph-local."""
        return self._cursor

    def set_cursor(self, index: int, start: int, end: int) -> None:
        self._cursor = (index, start, end)
        self._repaint()

    def clear_cursor(self) -> None:
        if self._cursor is not None:
            self._cursor = None
            self._repaint()

