"""The main screen: the library sidebar beside the article being read."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.article import Article, ArticleError, ArticleInfo
from reader.library import Library, open_library
from reader.ui.screens.reading_memory import ReadingMemory
from reader.ui.widgets.article_list import ArticleList, meta_line
from reader.ui.widgets.article_view import ArticleView, Highlight


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class ReaderScreen(ReadingMemory, Screen):
    """Sidebar of articles on the left, the open article on the right; remembers bookmarks,
    positions and read/unread (ReadingMemory)."""

    HELP_GROUP = "Screen 畫面"

    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
        Binding("ctrl+b", "toggle_sidebar", "Show/hide the sidebar", show=False),
    ]

    def __init__(self, library_path: Path) -> None:
        super().__init__()
        self.library_path = library_path
        self.library: Library | None = None
        self.article: Article | None = None
        #: Highlight spans by source ("entities", "hits"...), all offsets into `article.body`.
        self.highlights: dict[str, list[Highlight]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Static(Content("Opening library…"), id="library-status")
                yield ArticleList(id="articles")
            yield ArticleView(id="article")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleView).clear("Opening library… 正在打開文庫…")
        self.open_library()

    # --- library ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library")
    def open_library(self) -> None:
        try:
            library = open_library(self.library_path)
        except OSError as exc:
            self.app.call_from_thread(self._library_failed, str(exc))
            return
        self.app.call_from_thread(self._library_opened, library)

    def _library_failed(self, message: str) -> None:
        self.query_one("#library-status", Static).update(Content(f"Cannot open: {message}"))
        self.query_one(ArticleView).clear(message)

    def _library_opened(self, library: Library) -> None:
        self.library = library
        self.app.library = library
        article_list = self.query_one(ArticleList)
        article_list.set_articles(library.articles)
        self.update_status()
        self.report_library_problems(library)
        if not library.articles:
            self.query_one(ArticleView).clear("No articles here. 這裡沒有文章。")
            return
        first = library.articles[0]
        if library.is_single_file:
            self.open_article(first, focus=True)
        else:
            article_list.focus()
            self.open_article(first, focus=False)

    def update_status(self) -> None:
        library = self.library
        if library is None:
            return
        text = _plural(len(library.articles), "article")
        if library.skipped:
            text += f" · {len(library.skipped)} skipped"
        self.query_one("#library-status", Static).update(Content(text))

    def report_library_problems(self, library: Library) -> None:
        if library.skipped:
            names = [f"{Path(s.path).name}: {s.reason}" for s in library.skipped[:5]]
            more = len(library.skipped) - len(names)
            if more > 0:
                names.append(f"…and {more} more (see `reader list`)")
            self.notify(
                "\n".join(names),
                title=f"Skipped {_plural(len(library.skipped), 'file')}",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # --- articles --------------------------------------------------------------------------

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.info, focus=True)

    def open_path(self, path: str) -> None:
        """Open the article at `path` (the command palette uses this)."""
        if self.library is None:
            return
        info = self.library.find(path)
        if info is not None:
            self.query_one(ArticleList).select_path(path)
            self.open_article(info, focus=True)

    @work(thread=True, exclusive=True, group="article")
    def open_article(self, info: ArticleInfo, focus: bool = True) -> None:
        try:
            article = self.library.load(info) if self.library else None
        except ArticleError as exc:
            self.app.call_from_thread(self._article_failed, info, str(exc))
            return
        if article is not None:
            self.app.call_from_thread(self._article_loaded, article, focus)

    def _article_failed(self, info: ArticleInfo, reason: str) -> None:
        self.notify(f"{info.path}: {reason}", title="Cannot open", severity="error", markup=False)

    def _article_loaded(self, article: Article, focus: bool) -> None:
        resume_at = self.article_arriving(article)
        self.article = article
        self.highlights = {}
        self.show_article(scroll_to=resume_at)
        if article.info.warnings:
            self.notify(
                "\n".join(article.info.warnings),
                title=Path(article.path).name,
                severity="warning",
                markup=False,
            )
        if focus:
            self.query_one(ArticleView).focus()

    def article_meta(self, article: Article) -> str:
        parts = [meta_line(article.info)] if meta_line(article.info) else []
        parts.append(f"{article.info.chars:,} 字")
        return " · ".join(parts)

    def all_highlights(self) -> list[Highlight]:
        return [span for spans in self.highlights.values() for span in spans]

    def show_article(self, *, scroll_to: int | None = None) -> None:
        """Render the current article with every highlight group."""
        article = self.article
        if article is None:
            return
        self.query_one(ArticleView).show(
            article.title,
            self.article_meta(article),
            article.paragraphs,
            self.all_highlights(),
            scroll_to=scroll_to,
        )

    def set_highlights(self, group: str, spans: list[Highlight]) -> None:
        """Replace one group of highlights on the open article."""
        self.highlights[group] = list(spans)
        self.query_one(ArticleView).set_highlights(self.all_highlights())

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.query_one(ArticleView).focus()
