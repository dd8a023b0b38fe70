"""A virtual list of two-line rows (a title over a dim line): only the rows in view are
rendered, so 10,000 rows cost what 10 do. The article list and the search results build on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from reader.ui.textual_private import update_scrollbars, virtual_size_without_layout

#: Lines each row takes.
ROW_HEIGHT = 2

#: One line of a row: its text and the spans in it to highlight.
RowLine = tuple[str, Sequence[tuple[int, int]]]


@dataclass
class _Pass:
    """What the lines of one pass over the list share."""

    width: int
    styles: dict[tuple[tuple[str, ...], bool], VisualStyle] = field(default_factory=dict)
    rows: dict[int, tuple[RowLine, RowLine]] = field(default_factory=dict)
    #: Rich styles of a line's runs: (cursor?, line, highlights over the run) -> style.
    runs: dict[tuple[bool, int, int], RichStyle | None] = field(default_factory=dict)


def clip(text: str, spans: Sequence[tuple[int, int]], width: int) -> tuple[str, list[tuple[int, int]]]:
    """`text` and its spans cut to what a line of `width` cells can show (a character takes at
    least a cell, so `2 * width` characters are more than enough): building and truncating
    whole snippets for a narrow list was most of the work of a frame."""
    limit = 2 * width + 2
    if len(text) <= limit:
        return text, list(spans)
    return text[:limit], [(start, min(end, limit)) for start, end in spans if start < limit]


class RowList(ScrollView, can_focus=True):
    """Subclasses say how many rows there are, what each shows, and what choosing one does."""

    #: The component class that styles the highlighted row.
    CURSOR_CLASS = ""
    #: The component classes of a row's two lines, and of the spans highlighted in them.
    LINE_CLASSES: tuple[str, str] = ("", "")
    HIGHLIGHT_CLASS = ""

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    highlighted: reactive[int | None] = reactive(None, always_update=True)
    #: Counts the changes of rows (`rows_changed`); `drawn_version` is the count when the
    #: list's lines were last rendered (a frame has drawn the rows once it caught up).
    rows_version = 0
    drawn_version = 0
    #: The pass over the lines under way (see `render_lines`).
    _pass: _Pass | None = None
    # The list's own size does not change with the number of rows: a new virtual size needs no
    # layout of the whole screen (which would redraw every widget on each keystroke).
    virtual_size = virtual_size_without_layout()

    # --- what subclasses provide -------------------------------------------------------------

    def row_count(self) -> int:
        raise NotImplementedError

    def row_lines(self, index: int) -> tuple[RowLine, RowLine]:
        """The two lines of row `index`: each a text and the spans in it to highlight (styled
        with `LINE_CLASSES` and `HIGHLIGHT_CLASS`). A line shows what fits in the list's width."""
        raise NotImplementedError

    def choose(self, index: int) -> None:
        """Row `index` was chosen (Enter or a click)."""
        raise NotImplementedError

    def move_above_first(self) -> None:
        """Up was pressed on the first row."""

    # --- rows ----------------------------------------------------------------------------------

    def rows_changed(self, *, highlight: int | None = 0) -> None:
        """Call after the rows changed: resize, repaint, put the cursor on `highlight`."""
        self.rows_version += 1
        size = Size(0, self.row_count() * ROW_HEIGHT)
        if size != self.virtual_size:
            self.virtual_size = size
            update_scrollbars(self, size)  # without a layout
        self.highlighted = highlight if self.row_count() and highlight is not None else None
        if self.highlighted is None or self.highlighted == 0:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of a pass shares is looked up once: styles (each lookup walks the
        # DOM), the width, and each row (it has two lines). A frame that draws a keystroke's
        # results renders every line of the list.
        self._pass = _Pass(self.scrollable_content_region.width)
        self.drawn_version = self.rows_version
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def style_of(self, *component_classes: str, partial: bool = False) -> VisualStyle:
        """`get_visual_style`, looked up once per pass over the lines."""
        drawing = self._pass
        if drawing is None:
            return self.get_visual_style(*component_classes, partial=partial)
        key = (component_classes, partial)
        if (style := drawing.styles.get(key)) is None:
            style = drawing.styles[key] = self.get_visual_style(*component_classes, partial=partial)
        return style

    def render_line(self, y: int) -> Strip:
        drawing = self._pass or _Pass(self.scrollable_content_region.width)
        width = drawing.width
        index, line = divmod(y + int(self.scroll_offset.y), ROW_HEIGHT)
        if not (0 <= index < self.row_count()):
            return Strip.blank(width, self.style_of().rich_style)
        # The full style for the cursor: a partial one leaves its background transparent (the
        # theme's $block-cursor-background is only blended in the full style), and the row
        # showed no cursor at all.
        cursor = index == self.highlighted
        base = self.style_of(self.CURSOR_CLASS) if cursor else self.style_of()
        if (row := drawing.rows.get(index)) is None:
            row = drawing.rows[index] = self.row_lines(index)
        text, spans = clip(*row[line], width)
        strip = Strip(self._segments(text, spans, cursor, line, max(width - 1, 1), drawing))
        return strip.crop_extend(0, width, base.rich_style)

    def _segments(
        self, text: str, spans: Sequence[tuple[int, int]], cursor: bool, line: int, width: int, drawing: _Pass
    ) -> list[Segment]:
        """A line as segments: a space, then `text` in the line's style with `spans`
        highlighted, cut to `width` cells with an ellipsis. The same segments as Textual's
        Content (" " + text, the line's style under the highlights, truncated, rendered over
        the row's style) made without it: building, cutting and rendering a Content for
        every line was about half of the list's own work in a frame of search results."""
        text = " " + text
        length = len(text)
        # (start, end, is a highlight): the line's style first, as Content orders its spans.
        marks = [(1, length, False)] + [(start + 1, end + 1, True) for start, end in spans]
        if cell_len(text) > width:
            text = set_cell_size(text, width - 1) + "…"
            length = len(text)
            marks = [(start, min(end, length), hit) for start, end, hit in marks if start < length]
        edges = sorted({0, length, *(start for start, _e, _h in marks), *(end for _s, end, _h in marks)})
        segments = []
        for start, end in pairwise(edges):
            if start >= end:
                continue
            styled = hits = 0
            for mark_start, mark_end, hit in marks:
                if mark_start <= start and end <= mark_end:
                    if hit:
                        hits += 1
                    else:
                        styled = 1
            key = (cursor, line if styled else -1, hits)
            if (style := drawing.runs.get(key)) is None:
                style = drawing.runs[key] = self._run_style(cursor, line if styled else -1, hits)
            segments.append(Segment(text[start:end], style))
        return segments

    def _run_style(self, cursor: bool, line: int, hits: int) -> RichStyle | None:
        """The rich style of a run: the row's, the line's over it (`line` -1: none), then
        `hits` highlights, combined as Content combines its spans' styles."""
        styles = [self.style_of(self.CURSOR_CLASS) if cursor else self.style_of()]
        if line >= 0:
            styles.append(self.style_of(self.LINE_CLASSES[line], partial=True))
        if hits:
            styles += [self.style_of(self.HIGHLIGHT_CLASS, partial=True)] * hits
        style = VisualStyle.combine(styles)
        return style.rich_style if style else None

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        count = self.row_count()
        if new is not None and count:
            clamped = max(0, min(new, count - 1))
            if clamped != new:
                self.highlighted = clamped
                return
            self.scroll_to_region(
                Region(0, new * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, immediate=True
            )
        self.refresh()

    # --- keys and mouse ----------------------------------------------------------------------

    def _move(self, delta: int) -> None:
        count = self.row_count()
        if not count:
            return
        current = self.highlighted if self.highlighted is not None else 0
        if current == 0 and delta < 0:
            self.move_above_first()
            return
        self.highlighted = max(0, min(current + delta, count - 1))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(self._page())

    def action_page_up(self) -> None:
        self._move(-self._page())

    def action_first(self) -> None:
        if self.row_count():
            self.highlighted = 0

    def action_last(self) -> None:
        if self.row_count():
            self.highlighted = self.row_count() - 1

    def action_choose(self) -> None:
        if self.highlighted is not None and 0 <= self.highlighted < self.row_count():
            self.choose(self.highlighted)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < self.row_count():
            self.highlighted = index
            self.action_choose()
