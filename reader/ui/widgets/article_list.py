"""The sidebar list of articles: a title line over a dim line of date, source and tags
(a virtual RowList: 10,000 articles list as fast as 10)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.binding import Binding
from textual.message import Message

from reader.library.article import ArticleInfo
from reader.ui.widgets.row_list import RowLine, RowList


def meta_line(info: ArticleInfo, max_tags: int | None = None) -> str:
    """Date · source · #tags, whatever of them is known (at most `max_tags` tags)."""
    parts = [part for part in (info.date, info.source) if part]
    tags = info.tags if max_tags is None else info.tags[:max_tags]
    if tags:
        parts.append(" ".join(f"#{tag}" for tag in tags))
    return " · ".join(parts)


class ArticleList(RowList):
    """Lists articles; Enter or a click posts `ArticleList.Chosen`."""

    HELP_GROUP = "Article list 文章列表"

    COMPONENT_CLASSES = {
        "article-list--title",
        "article-list--meta",
        "article-list--cursor",
    }

    CURSOR_CLASS = "article-list--cursor"
    LINE_CLASSES = ("article-list--title", "article-list--meta")

    DEFAULT_CSS = """
    ArticleList > .article-list--title { text-style: bold; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--cursor { background: $surface-lighten-1; }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor_down", "Next article 下一篇", show=False, id="cursor_down"),
        Binding("up,k", "cursor_up", "Previous article 上一篇", show=False, id="cursor_up"),
        Binding("home,g", "first", "First article 第一篇", show=False, id="first"),
        Binding("end,G", "last", "Last article 最後一篇", show=False, id="last"),
        Binding("pagedown", "page_down", "Page down 下一頁", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up 上一頁", show=False, id="page_up"),
        Binding("enter", "choose", "Open article 打開文章", show=False, id="open"),
    ]

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
        self.rows_changed()
        if keep is not None:
            self.select_path(keep)

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

    # --- rows ------------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._articles)

    def row_lines(self, index: int) -> tuple[RowLine, RowLine]:
        title, meta = self.row_text(self._articles[index])
        return (title, ()), (meta, ())

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self._articles[index]))
