"""The article pane: title, meta line and paragraphs, with highlight spans, never as markup."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from reader.library.article import paragraph_starts
from reader.ui.wrap import same_breaks, wrap

#: Highlight kinds the stylesheet knows (`ArticleView > .article-view--KIND`).
HIGHLIGHT_KINDS = (
    "hit",
    "hit-current",
    "person",
    "org",
    "place",
    "product",
    "money",
    "date",
    "percent",
    "hashtag",
)


class Highlight(NamedTuple):
    """A styled range of the shown body text (offsets into the paragraphs joined by a blank
    line), `kind` being one of HIGHLIGHT_KINDS."""

    start: int
    end: int
    kind: str


class Paragraph(Widget):
    """One paragraph; renders its text as Content with the view's highlight styles, broken
    into lines the way Chinese text is (between characters, keeping Latin words whole)."""

    DEFAULT_CSS = """
    Paragraph { height: auto; margin-bottom: 1; }
    """

    def __init__(self, text: str, start: int, highlights: Sequence[Highlight] = ()) -> None:
        super().__init__()
        self.text = text
        #: Offset of this paragraph in the shown body.
        self.start = start
        self.highlights = list(highlights)
        self._wrapped: tuple[int, list[tuple[int, int]]] | None = None

    def lines(self, width: int) -> list[tuple[int, int]]:
        """The paragraph's line ranges at `width` cells (cached for the last width)."""
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap(self.text, width))
        return self._wrapped[1]

    def forget_wrap(self) -> None:
        """Break the lines again on the next render (the text changed)."""
        self._wrapped = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        view = self.parent
        spans: list[Span] = []
        for start, end, kind in self.highlights:
            if view is not None:
                style = view.get_visual_style(f"article-view--{kind}", partial=True)
                if style.background is not None and 0 < style.background.a < 1:
                    # A partial style leaves a translucent background ($warning 80%) unblended
                    # and nearly invisible under dark text: take the blended one.
                    style = view.get_visual_style(f"article-view--{kind}")
                spans.append(Span(start, end, style))
        content = Content(self.text, spans)
        width = self.content_region.width or self.size.width
        if width <= 0:
            return content
        return Content("\n").join([content[start:end] for start, end in self.lines(width)])


def split_highlights(
    highlights: Iterable[Highlight], starts: Sequence[int], lengths: Sequence[int]
) -> list[list[Highlight]]:
    """Distribute body-level highlights over paragraphs, as paragraph-local offsets."""
    per_paragraph: list[list[Highlight]] = [[] for _ in starts]
    for start, end, kind in highlights:
        index = bisect_right(starts, start) - 1
        while 0 <= index < len(starts) and starts[index] < end:
            local_start = max(start - starts[index], 0)
            local_end = min(end - starts[index], lengths[index])
            if local_end > local_start:
                per_paragraph[index].append(Highlight(local_start, local_end, kind))
            index += 1
    return per_paragraph


def _line_starts(paragraph: Paragraph) -> list[int]:
    """Where each shown line of `paragraph` starts (paragraph-local offsets)."""
    width = paragraph.content_region.width or paragraph.size.width
    return [start for start, _ in paragraph.lines(width)] if width > 0 else []


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article. Set its content with `show()`; it keeps nothing but what it shows."""

    HELP_GROUP = "Article 文章"

    COMPONENT_CLASSES = {f"article-view--{kind}" for kind in HIGHLIGHT_KINDS}

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="scroll_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="scroll_up"),
        Binding("g,home", "scroll_home", "Top of article", show=False, id="top"),
        Binding("G,end", "scroll_end", "End of article", show=False, id="bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("shift+space,pageup", "page_up", "Page up", show=False, id="page_up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._starts: list[int] = []

    @property
    def paragraph_starts(self) -> Sequence[int]:
        """Where each shown paragraph starts in the shown body."""
        return self._starts

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
        starts = paragraph_starts(paragraphs)
        self._starts = starts
        per_paragraph = split_highlights(highlights, starts, [len(p) for p in paragraphs])
        widgets: list[Widget] = [
            Static(Content(title), classes="article-title"),
            Static(Content(meta), classes="article-meta"),
        ]
        widgets += [
            Paragraph(text, start, spans)
            for text, start, spans in zip(paragraphs, starts, per_paragraph)
        ]
        with self.app.batch_update():
            self.remove_children()
            mounted = self.mount_all(widgets)
        self.scroll_to(y=0, animate=False, immediate=True)
        if scroll_to:

            async def scroll_when_mounted() -> None:
                # The new paragraphs must be mounted and laid out before an offset has a place.
                await mounted
                self.call_after_refresh(self.scroll_to_offset, scroll_to)

            self.call_later(scroll_when_mounted)

    def retext(
        self,
        title: str,
        meta: str,
        paragraphs: Sequence[str],
        highlights: Iterable[Highlight] = (),
        *,
        scroll_to: int | None = None,
    ) -> bool:
        """Change the shown text in place, keeping the widgets and the scroll position (the
        script toggle: the same paragraphs in other characters). When a paragraph's length
        changed, scroll to `scroll_to`. False when the paragraph count differs: use `show`."""
        widgets = list(self.query_children(Paragraph))
        if not widgets or len(widgets) != len(paragraphs):
            return False
        starts = paragraph_starts(paragraphs)
        self._starts = starts
        per_paragraph = split_highlights(highlights, starts, [len(p) for p in paragraphs])
        resized = False
        with self.app.batch_update():
            self.query_one(".article-title", Static).update(Content(title))
            self.query_one(".article-meta", Static).update(Content(meta))
            for widget, text, start, spans in zip(widgets, paragraphs, starts, per_paragraph):
                if widget.text == text and widget.highlights == spans and widget.start == start:
                    continue
                resized = resized or len(widget.text) != len(text)
                rewrap = not same_breaks(widget.text, text)
                widget.text, widget.start, widget.highlights = text, start, spans
                if rewrap:
                    widget.forget_wrap()
                widget.refresh(layout=rewrap)
        if resized and scroll_to is not None:
            self.call_after_refresh(self.scroll_to_offset, scroll_to)
        return True

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Restyle the shown paragraphs without rebuilding them."""
        paragraphs = list(self.query_children(Paragraph))
        per_paragraph = split_highlights(
            highlights, self._starts, [len(p.text) for p in paragraphs]
        )
        for paragraph, spans in zip(paragraphs, per_paragraph):
            if paragraph.highlights != spans:
                paragraph.highlights = spans
                paragraph.refresh()

    def clear(self, message: str = "") -> None:
        self._starts = []
        with self.app.batch_update():
            self.remove_children()
            if message:
                self.mount(Static(Content(message), classes="article-placeholder"))

    def _paragraph_for(self, offset: int) -> Paragraph | None:
        index = bisect_right(self._starts, offset) - 1
        paragraphs = list(self.query_children(Paragraph))
        if not paragraphs:
            return None
        return paragraphs[max(0, min(index, len(paragraphs) - 1))]

    def offset_in_view(self) -> int:
        """The body offset of the text at the top of the view: the start of the first line
        shown (of the paragraph's first line when the top falls in a margin)."""
        top = self.scroll_y
        for paragraph in self.query_children(Paragraph):
            region = paragraph.virtual_region
            if region.y + region.height > top:
                if region.y >= top or region.height == 0:
                    return paragraph.start
                row = int(top) - region.y
                starts = _line_starts(paragraph)
                if starts and 0 <= row < len(starts):
                    return paragraph.start + starts[row]
                share = (top - region.y) / region.height
                return paragraph.start + int(share * len(paragraph.text))
        return self._starts[-1] if self._starts else 0

    def scroll_to_offset(self, offset: int, *, center: bool = False) -> None:
        """Scroll so the text at body `offset` is in view (at the top, or centred)."""
        paragraph = self._paragraph_for(offset)
        if paragraph is None:
            return
        region = paragraph.virtual_region
        starts = _line_starts(paragraph)
        if starts and len(starts) == region.height:
            # The line holding the offset: offset_in_view() gives that line's start back.
            y = region.y + max(0, bisect_right(starts, offset - paragraph.start) - 1)
        else:
            share = (offset - paragraph.start) / max(len(paragraph.text), 1)
            y = region.y + int(share * region.height)
        if center:
            y -= self.scrollable_content_region.height // 2
        self.scroll_to(y=max(0, y), animate=False, immediate=True)
