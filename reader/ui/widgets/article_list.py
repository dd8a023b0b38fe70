"""The sidebar list of articles: title over a dim line of date, source and tags."""

from __future__ import annotations

from typing import Callable, Sequence

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.article import ArticleInfo


def meta_line(info: ArticleInfo, max_tags: int | None = None) -> str:
    """Date · source · #tags, whatever of them is known (at most `max_tags` tags)."""
    parts = [part for part in (info.date, info.source) if part]
    tags = info.tags if max_tags is None else info.tags[:max_tags]
    if tags:
        parts.append(" ".join(f"#{tag}" for tag in tags))
    return " · ".join(parts)


class ArticleList(OptionList):
    """Lists articles; Enter or a click posts `ArticleList.Chosen`."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next article", show=False),
        Binding("k", "cursor_up", "Previous article", show=False),
        Binding("g", "first", "First article", show=False),
        Binding("G", "last", "Last article", show=False),
    ]

    class Chosen(Message):
        """The user chose an article to read."""

        def __init__(self, info: ArticleInfo) -> None:
            super().__init__()
            self.info = info

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._articles: list[ArticleInfo] = []
        #: Turns a title into the text shown (the script toggle sets this).
        self.title_display: Callable[[str], str] = lambda title: title
        #: Marks shown before a title (unread, bookmarked); the screen sets this.
        self.marks: Callable[[ArticleInfo], Content] = lambda info: Content("")

    @property
    def articles(self) -> Sequence[ArticleInfo]:
        return self._articles

    def prompt_for(self, info: ArticleInfo) -> Content:
        title = Content(self.title_display(info.title)).stylize("bold")
        marks = self.marks(info)
        if marks:
            title = Content.assemble(marks, title)
        meta = meta_line(info, max_tags=2)
        if not meta:
            return title
        return Content.assemble(title, "\n", Content(meta).stylize("dim"))

    def set_articles(self, articles: Sequence[ArticleInfo], *, keep: str | None = None) -> None:
        """Show `articles`; keep the cursor on the article at path `keep` if it is listed."""
        self._articles = list(articles)
        self.clear_options()
        self.add_options(Option(self.prompt_for(info), id=info.path) for info in self._articles)
        if keep is not None:
            self.select_path(keep)
        elif self._articles:
            self.highlighted = 0

    def refresh_prompts(self) -> None:
        """Rebuild the prompts (titles shown differently, marks changed), keeping the cursor."""
        highlighted = self.highlighted
        self.set_articles(self._articles)
        if highlighted is not None and highlighted < len(self._articles):
            self.highlighted = highlighted

    def refresh_article(self, path: str) -> None:
        """Rebuild one article's prompt (its marks changed)."""
        for info in self._articles:
            if info.path == path:
                self.replace_option_prompt(path, self.prompt_for(info))

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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._articles):
            self.post_message(self.Chosen(self._articles[event.option_index]))
