"""The main screen: the library sidebar beside the article being read."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.library import Library
from reader.library.article import Article, ArticleError, ArticleInfo
from reader.script import ScriptPreferences, ScriptVariant, with_preferences
from reader.store.tables import StoreError
from reader.ui.access import reader_app
from reader.ui.messages import ArticleFailed, ArticleLoaded, StoreWarning
from reader.ui.screens.entity_actions import EntityActions
from reader.ui.screens.reading_memory import ReadingMemory
from reader.ui.screens.script_settings import ScriptSettingsScreen
from reader.ui.script_display import ScriptDisplay
from reader.ui.widgets.article_list import ArticleList, meta_line
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.widgets.search_panel import SearchPanel


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class ReaderScreen(EntityActions, ReadingMemory, Screen):
    """Sidebar of articles on the left, the open article on the right; remembers bookmarks,
    positions and read/unread (ReadingMemory)."""

    HELP_GROUP = "Screen 畫面"

    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
        Binding("ctrl+b", "toggle_sidebar", "Show/hide the sidebar", show=False),
        # The search box itself says "/ search": the footer has no room to spare.
        Binding("slash", "search", "Search 搜尋", show=False),
        Binding("n", "next_hit", "Next hit 下一處", show=False),
        Binding("N", "previous_hit", "Previous hit 上一處", show=False),
        Binding("escape", "back_to_results", "Back to the search results", show=False),
        Binding("t", "toggle_script", "Simplified ⇄ Traditional 简⇄繁", show=False),
        Binding("T", "script_settings", "Script settings 字體設定", show=False),
        Binding("e", "entities", "Entities 實體"),
    ]

    #: The script everything is shown in (ORIGINAL: as written); `t` toggles it.
    script_variant: reactive[ScriptVariant] = reactive(ScriptVariant.ORIGINAL, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.article: Article | None = None
        #: Highlight spans by source ("entities", "hits"...), all offsets into `article.body`.
        self.highlights: dict[str, list[Highlight]] = {}
        #: The search hit being opened (or open), and which of its spans is current (n/N).
        self.search_hit = None
        self.hit_index = 0
        self.script = ScriptDisplay()
        self.set_reactive(ReaderScreen.script_variant, self.script.variant)

    @property
    def library(self) -> Library | None:
        """The library, once listed (the app opens it)."""
        return reader_app(self).library

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Static(Content("Opening library…"), id="library-status")
                yield SearchPanel(reader_app(self).live_search, id="search")
                yield ArticleList(id="articles")
            yield ArticleView(id="article")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleView).clear("Opening library… 正在打開文庫…")
        self.warm_up_script()
        self.watch(reader_app(self), "library", self.show_library)

    # --- library ---------------------------------------------------------------------------

    def show_library(self, library: Library | None) -> None:
        """List the library the app opened, and open the article to read first."""
        if library is None:
            return
        article_list = self.query_one(ArticleList)
        article_list.title_display = self.script.sidebar_text
        article_list.set_articles(library.articles)
        text = _plural(len(library.articles), "article")
        if library.skipped:
            text += f" · {len(library.skipped)} skipped"
        self.query_one("#library-status", Static).update(Content(text))
        # After the list: both read every file of a new folder, and the list comes first.
        reader_app(self).live_search.keep_current(self.query_one(SearchPanel))
        if not library.articles:
            self.query_one(ArticleView).clear("No articles here. 這裡沒有文章。")
            return
        # Carry on with the article read last time; else the newest.
        first = self.article_to_resume(library.articles) or library.articles[0]
        article_list.select_path(first.path)
        if library.is_single_file:
            self.open_article(first, focus=True)
        else:
            article_list.focus()
            self.open_article(first, focus=False)

    def show_library_failure(self, reason: str) -> None:
        self.query_one("#library-status", Static).update(Content(f"Cannot open: {reason}"))
        self.query_one(ArticleView).clear(reason)

    # --- articles --------------------------------------------------------------------------

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.search_hit = None
        self.open_article(event.info, focus=True)

    def open_path(self, path: str) -> None:
        """Open the article at `path` (the command palette uses this)."""
        info = self.library.find(path) if self.library is not None else None
        if info is not None:
            self.query_one(ArticleList).select_path(path)
            self.open_article(info, focus=True)

    @work(thread=True, exclusive=True, group="article")
    def open_article(self, info: ArticleInfo, focus: bool = True) -> None:
        library = self.library
        try:
            article = library.load(info) if library is not None else None
        except ArticleError as exc:
            self.post_message(ArticleFailed(info, str(exc)))
            return
        if article is not None:
            self.post_message(ArticleLoaded(article, focus))

    def on_article_failed(self, message: ArticleFailed) -> None:
        self.notify(f"{message.info.path}: {message.reason}", title="Cannot open", severity="error", markup=False)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        resume_at = self.article_arriving(article)
        self.article = article
        self.highlights = {}
        hit_at = self.search_hit_highlights()
        self.show_article(scroll_to=resume_at if hit_at is None else hit_at)
        self.find_entities(article)
        if article.info.warnings:
            self.notify(
                "\n".join(article.info.warnings),
                title=Path(article.path).name,
                severity="warning",
                markup=False,
            )
        if message.focus:
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
        shown = self.script.show(article)
        self.query_one(ArticleView).show(
            shown.title,
            self.shown_meta(article),
            shown.paragraphs,
            self.shown_highlights(),
            scroll_to=None if scroll_to is None else shown.body.position(scroll_to),
        )

    def set_highlights(self, group: str, spans: list[Highlight]) -> None:
        """Replace one group of highlights on the open article."""
        self.highlights[group] = list(spans)
        self.query_one(ArticleView).set_highlights(self.shown_highlights())

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.query_one(ArticleView).focus()

    # --- script variant (t) ----------------------------------------------------------------

    def shown_meta(self, article: Article) -> str:
        """The meta line in the shown script, with the script shown."""
        shown = self.script.show(article)
        return f"{self.script.text(self.article_meta(article), shown.script)} · {shown.description}"

    def shown_highlights(self) -> list[Highlight]:
        """Every highlight, moved from `article.body` offsets onto the words as shown."""
        spans = self.all_highlights()
        if self.article is None or not spans:
            return spans
        body = self.script.show(self.article).body
        if body.map.is_identity:
            return spans
        return [Highlight(*body.span(span.start, span.end), span.kind) for span in spans]

    def action_toggle_script(self) -> None:
        self.script_variant = self.script.toggled(self.article)

    def watch_script_variant(self, variant: ScriptVariant) -> None:
        position = self.body_offset_in_view() if self.article else None
        self.script.variant = variant
        self._show_in_script(position)
        self.save_script_state()

    def action_script_settings(self) -> None:
        def apply(preferences: ScriptPreferences | None) -> None:
            if preferences is not None:
                self.set_script_preferences(preferences)

        self.app.push_screen(ScriptSettingsScreen(self.script.preferences), apply)

    def set_script_preferences(self, preferences: ScriptPreferences) -> None:
        """Use and save new preferences; a Traditional view switches to the new target."""
        if preferences == self.script.preferences:
            return
        position = self.body_offset_in_view() if self.article else None
        self.script.preferences = preferences
        variant = with_preferences(self.script_variant, preferences)
        self.set_reactive(ReaderScreen.script_variant, variant)
        self.script.variant = variant
        self._show_in_script(position)
        self.save_script_state(preferences=True)

    def body_offset_in_view(self) -> int:
        """The `article.body` offset at the top of the view, mapped back from the shown text."""
        offset = self.query_one(ArticleView).offset_in_view()
        if self.article is None:
            return offset
        return self.script.show(self.article).body.source_position(offset)

    def _show_in_script(self, position: int | None) -> None:
        article = self.article
        if article is not None:
            # Same paragraphs in other characters: change the text in place (fast, no remount).
            shown = self.script.show(article)
            scroll_to = None if position is None else shown.body.position(position)
            view = self.query_one(ArticleView)
            meta, highlights = self.shown_meta(article), self.shown_highlights()
            if not view.retext(shown.title, meta, shown.paragraphs, highlights, scroll_to=scroll_to):
                self.show_article(scroll_to=position)
        self.query_one(ArticleList).refresh_prompts()

    @work(thread=True, group="script-save")
    def save_script_state(self, preferences: bool = False) -> None:
        """Save the shown variant (and the preferences): the latest, whichever save runs last."""
        from reader import script

        try:
            script.save_variant(self.script.variant)
            if preferences:
                script.save_preferences(self.script.preferences)
        except StoreError as exc:
            self.post_message(StoreWarning("Script choice not saved", str(exc)))

    @work(thread=True, group="script-warm-up")
    def warm_up_script(self) -> None:
        self.script.warm_up()
        if self.script.problems:
            self.post_message(StoreWarning("Script settings", "\n".join(self.script.problems)))

    def on_store_warning(self, message: StoreWarning) -> None:
        self.notify(message.text, title=message.title, severity="warning", markup=False)

    # --- search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = True
        self.query_one(SearchPanel).focus_box()

    def search_for(self, query: str) -> None:
        """Put `query` in the search box and search (the entity panel's `s` uses this)."""
        self.action_search()
        self.query_one(SearchPanel).set_query(query)

    def on_search_panel_toggled(self, event: SearchPanel.Toggled) -> None:
        self.query_one("#sidebar").set_class(event.active, "-searching")
        if not event.active:
            self.search_hit = None
            if self.highlights.pop("hits", None) is not None:
                self.query_one(ArticleView).set_highlights(self.shown_highlights())
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
        view.set_highlights(self.shown_highlights())
        view.scroll_to_offset(self.script.show(self.article).body.position(offset), center=True)

    def action_back_to_results(self) -> None:
        if self.query_one("#sidebar").has_class("-searching"):
            self.query_one("#sidebar").display = True
            self.query_one(SearchPanel).focus_results()

    def action_next_hit(self) -> None:
        self.hit_index += 1
        self.show_search_hits()

    def action_previous_hit(self) -> None:
        self.hit_index -= 1
        self.show_search_hits()
