"""The sidebar list of articles: a title line over a dim line of date, source and tags.

A virtual list: it renders only the rows in view, so 10,000 articles list as fast as 10.
"""

from __future__ import annotations

from typing import Callable, Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.article import ArticleInfo

#: Lines each article takes: title, meta.
ROW_HEIGHT = 2


def meta_line(info: ArticleInfo, max_tags: int | None = None) -> str:
    """Date · source · #tags, whatever of them is known (at most `max_tags` tags)."""
    parts = [part for part in (info.date, info.source) if part]
    tags = info.tags if max_tags is None else info.tags[:max_tags]
    if tags:
        parts.append(" ".join(f"#{tag}" for tag in tags))
    return " · ".join(parts)


class ArticleList(ScrollView, can_focus=True):
    """Lists articles; Enter or a click posts `ArticleList.Chosen`."""

    HELP_GROUP = "Article list 文章列表"

    COMPONENT_CLASSES = {
        "article-list--title",
        "article-list--meta",
        "article-list--cursor",
    }

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    ArticleList > .article-list--title { text-style: bold; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--cursor { background: $surface-lighten-1; }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next article", show=False),
        Binding("up,k", "cursor_up", "Previous article", show=False),
        Binding("home,g", "first", "First article", show=False),
        Binding("end,G", "last", "Last article", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "choose", "Open article", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None, always_update=True)

    class Chosen(Message):
        """The user chose an article to read."""

        def __init__(self, info: ArticleInfo) -> None:
            super().__init__()
            self.info = info

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._articles: list[ArticleInfo] = []
        #: Turns a title (and the meta line under it) into the text shown (the script toggle
        #: sets this).
        self.title_display: Callable[[str], str] = lambda title: title
        #: A short mark shown before a title (bookmarked, unread...).
        self.badge: Callable[[ArticleInfo], str] = lambda info: ""

    # --- content ---------------------------------------------------------------------------

    @property
    def articles(self) -> Sequence[ArticleInfo]:
        return self._articles

    def set_articles(self, articles: Sequence[ArticleInfo], *, keep: str | None = None) -> None:
        """Show `articles`; keep the cursor on the article at path `keep` if it is listed."""
        self._articles = list(articles)
        self.virtual_size = Size(0, len(self._articles) * ROW_HEIGHT)
        self.refresh()
        if keep is not None and self.select_path(keep):
            return
        self.highlighted = 0 if self._articles else None
        self.scroll_to(y=0, animate=False)

    def refresh_prompts(self) -> None:
        """Repaint the rows (titles shown differently, marks changed)."""
        self.refresh()

    def select_path(self, path: str) -> bool:
        for index, info in enumerate(self._articles):
            if info.path == path:
                self.highlighted = index
                return True
        return False

    @property
    def highlighted_article(self) -> ArticleInfo | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self._articles)):
            return None
        return self._articles[self.highlighted]

    def row_text(self, info: ArticleInfo) -> tuple[str, str]:
        """The title line and the meta line of one article, as shown."""
        meta = meta_line(info) or f"{info.chars:,} 字"
        return self.badge(info) + self.title_display(info.title), self.title_display(meta)

    # --- rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + int(self.scroll_offset.y)
        index, line = divmod(row, ROW_HEIGHT)
        base = self.get_visual_style()
        if not (0 <= index < len(self._articles)):
            return Strip.blank(width, base.rich_style)
        if index == self.highlighted:
            base = base + self.get_visual_style("article-list--cursor", partial=True)
        title, meta = self.row_text(self._articles[index])
        if line == 0:
            text = Content(title).stylize(self.get_visual_style("article-list--title", partial=True))
        else:
            text = Content(meta).stylize(self.get_visual_style("article-list--meta", partial=True))
        text = Content.assemble(" ", text).truncate(max(width - 1, 1), ellipsis=True)
        strip = Strip(text.render_segments(base), text.cell_length)
        return strip.crop_extend(0, width, base.rich_style)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is not None and self._articles:
            clamped = max(0, min(new, len(self._articles) - 1))
            if clamped != new:
                self.highlighted = clamped
                return
            self.scroll_to_region(
                Region(0, new * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, immediate=True
            )
        self.refresh()

    # --- keys and mouse --------------------------------------------------------------------

    def _move(self, delta: int) -> None:
        if not self._articles:
            return
        current = self.highlighted if self.highlighted is not None else 0
        self.highlighted = max(0, min(current + delta, len(self._articles) - 1))

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
        self._move(-len(self._articles))

    def action_last(self) -> None:
        self._move(len(self._articles))

    def action_choose(self) -> None:
        info = self.highlighted_article
        if info is not None:
            self.post_message(self.Chosen(info))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < len(self._articles):
            self.highlighted = index
            self.action_choose()
