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
from reader.ui.widgets.article_list import ArticleList, meta_line
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.widgets.search_panel import SearchPanel


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class ReaderScreen(Screen):
    """Sidebar of articles on the left, the open article on the right."""

    HELP_GROUP = "Screen 畫面"

    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
        Binding("ctrl+b", "toggle_sidebar", "Show/hide the sidebar", show=False),
        Binding("slash", "search", "Search 搜尋"),
        Binding("n", "next_hit", "Next hit 下一處", show=False),
        Binding("N", "previous_hit", "Previous hit 上一處", show=False),
        Binding("escape", "back_to_results", "Back to the search results", show=False),
    ]

    def __init__(self, library_path: Path) -> None:
        super().__init__()
        self.library_path = library_path
        self.library: Library | None = None
        self.article: Article | None = None
        #: Highlight spans by source ("entities", "hits"...), all offsets into `article.body`.
        self.highlights: dict[str, list[Highlight]] = {}
        #: The search hit being opened (or open), and which of its spans is current (n/N).
        self.search_hit = None
        self.hit_index = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Static(Content("Opening library…"), id="library-status")
                yield SearchPanel(self.library_path, id="search")
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
        self.search_hit = None
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
        self.article = article
        self.highlights = {}
        self.show_article(scroll_to=self.search_hit_highlights())
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

    # --- search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = True
        self.query_one(SearchPanel).focus_box()

    def on_search_panel_toggled(self, event: SearchPanel.Toggled) -> None:
        self.query_one("#sidebar").set_class(event.active, "-searching")
        if not event.active:
            self.search_hit = None
            if self.highlights.pop("hits", None) is not None:
                self.query_one(ArticleView).set_highlights(self.all_highlights())
            self.query_one(ArticleList).focus()

    def on_search_panel_chosen(self, event: SearchPanel.Chosen) -> None:
        info = self.library.find(event.hit.path) if self.library else None
        if info is None:
            self.notify(f"{event.hit.path} is no longer in the library", severity="warning", markup=False)
            return
        self.search_hit = (event.hit, event.result)
        self.hit_index = 0
        self.query_one(ArticleList).select_path(info.path)
        self.open_article(info, focus=True)

    def hit_spans(self) -> list[tuple[int, int]]:
        """The open article's search hits: the indexed spans while the text is unchanged."""
        article = self.article
        if self.search_hit is None or article is None or article.path != self.search_hit[0].path:
            return []
        hit, result = self.search_hit
        if hit.fingerprint == article.info.fingerprint and hit.spans and hit.spans[-1][1] <= len(article.body):
            return list(hit.spans)
        return result.spans_in(article.body)

    def search_hit_highlights(self) -> int | None:
        """Put the hits of the search the article was opened from among the highlights (the
        current one marked); return the offset of the current one."""
        spans = self.hit_spans()
        if not spans:
            return None
        self.hit_index %= len(spans)
        self.highlights["hits"] = [
            Highlight(start, end, "hit-current" if i == self.hit_index else "hit")
            for i, (start, end) in enumerate(spans)
        ]
        return spans[self.hit_index][0]

    def show_search_hits(self) -> None:
        """Restyle the hits of the open article and scroll the current one into view."""
        offset = self.search_hit_highlights()
        if offset is None:
            return
        view = self.query_one(ArticleView)
        view.set_highlights(self.all_highlights())
        view.scroll_to_offset(offset, center=True)

    def action_back_to_results(self) -> None:
        if self.query_one("#sidebar").has_class("-searching"):
            self.query_one("#sidebar").display = True
            self.query_one(SearchPanel).results.focus()

    def action_next_hit(self) -> None:
        self.hit_index += 1
        self.show_search_hits()

    def action_previous_hit(self) -> None:
        self.hit_index -= 1
        self.show_search_hits()
