"""The main screen: the library sidebar beside the article being read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from reader.library import Library
from reader.library.article import Article, ArticleError, ArticleInfo
from reader.script import ScriptPreferences, ScriptVariant
from reader.text.hygiene import printable_path
from reader.ui.access import reader_app
from reader.ui.entity_display import EntityDisplay
from reader.ui.list_filter import ListFilter
from reader.ui.messages import ArticleFailed, ArticleLoaded, EntitiesFound, LinkOpened, StoreWarning
from reader.ui.navigation import Navigation
from reader.ui.pane_layout import PaneLayout
from reader.ui.reading_memory import ReadingMemory
from reader.ui.related_display import RelatedDisplay
from reader.ui.screens.script_settings import ScriptSettingsScreen
from reader.ui.script_display import ScriptDisplay
from reader.ui.search_display import HIT_GROUP, SearchDisplay
from reader.ui.user_data import UserData
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.reading_status import ReadingStatus
from reader.ui.widgets.search_panel import SearchPanel
from reader.ui.widgets.word_panel import BREAKPOINTS, WordPanel
from reader.ui.word_mode import WordMode

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


class ReaderScreen(Screen):
    """Sidebar of articles on the left, the open article on the right.

    The screen opens articles and shows them with their highlights; helpers keep the rest:
    `script` the script they are shown in, `reading` what is remembered of reading (bookmarks,
    positions, read/unread), `entities` the article's entities, `search` the library search.
    """

    HELP_GROUP = "Screen 畫面"
    AUTO_FOCUS = "#articles"  # focused as the screen is composed: no second focus (and restyle) after

    BINDINGS = [
        *ReadingMemory.BINDINGS,
        Binding("tab", "app.focus_next", "Next pane 下一窗格", show=False, id="next_pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane 上一窗格", show=False, id="previous_pane"),
        Binding("ctrl+b", "toggle_sidebar", "Show/hide the sidebar 顯示/隱藏側欄", show=False, id="toggle_sidebar"),
        *SearchDisplay.BINDINGS,
        Binding("t", "toggle_script", "Simplified ⇄ Traditional 简⇄繁", show=False, id="toggle_script"),
        Binding("T", "script_settings", "Script settings 字體設定", show=False, id="script_settings"),
        *EntityDisplay.BINDINGS,
        *RelatedDisplay.BINDINGS,
        *WordMode.BINDINGS,
        *PaneLayout.BINDINGS,
        *ListFilter.BINDINGS,
        *Navigation.BINDINGS,
    ]
    #: Below 120 columns panels beside the article (entities) cover it instead of squeezing it,
    #: and the word panel is a one-line bar.
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    #: The script everything is shown in (ORIGINAL: as written); `t` toggles it.
    script_variant: reactive[ScriptVariant] = reactive(ScriptVariant.ORIGINAL, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.article: Article | None = None
        #: Highlight spans by source ("entities", "hits"...), all offsets into `article.body`.
        self.highlights: dict[str, list[Highlight]] = {}
        self.script = ScriptDisplay()
        self.reading = ReadingMemory(self)
        self.entities = EntityDisplay(self)
        self.search = SearchDisplay(self)
        self.related = RelatedDisplay(self)
        self.words = WordMode(self)
        self.panes = PaneLayout(self)
        self.listing = ListFilter(self)
        self.navigation = Navigation(self)
        self.set_reactive(ReaderScreen.script_variant, self.script.variant)

    @property
    def reader_app(self) -> ReaderApp:
        return reader_app(self)

    @property
    def library(self) -> Library | None:
        """The library, once listed (the app opens it)."""
        return self.reader_app.library

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="sidebar"):
                yield Static(Content("Opening library…"), id="library-status")
                yield SearchPanel(self.reader_app.live_search, replaces="#articles", id="search")
                yield ArticleList(id="articles")
            with Container(id="reading"):
                yield ArticleView(id="article")
                yield ReadingStatus(id="reading-status")
            yield WordPanel(self.words, id="word-panel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ArticleView).clear("Opening library… 正在打開文庫…")
        self.panes.apply()
        self.reader_app.startup.after_first_screen(lambda: self.script.warm_up(self))
        self.reading.mount()
        self.watch(self.reader_app, "library", self.show_library)

    def on_unmount(self) -> None:
        self.reading.unmount()

    # --- library ---------------------------------------------------------------------------

    def show_library(self, library: Library | None) -> None:
        """List the library the app opened, and open the article to read first."""
        if library is None:
            return
        article_list = self.query_one(ArticleList)
        article_list.title_display = self.script.sidebar_text
        self.listing.set(self.listing.filter)
        if not library.articles:
            self.query_one(ArticleView).clear("No articles here. 這裡沒有文章。")
            return
        # Carry on with the article read last time; else the newest.
        first = self.reading.article_to_resume(library.articles) or library.articles[0]
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
        self.search.forget_hit()
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
        self.notify(f"{printable_path(message.info.path)}: {message.reason}", title="Cannot open", severity="error", markup=False)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        resume_at = self.reader_app.library_watch.kept_place(article, self.reading.article_arriving(article))
        self.article = article
        self.navigation.arrived(article.path)
        # Opened from a search: every hit highlighted, the view on the current one.
        hits = self.search.hit_highlights(article)
        self.highlights = {} if hits is None else {HIT_GROUP: hits[0]}
        self.show_article(scroll_to=resume_at if hits is None else hits[1])
        self.reader_app.startup.first_screen_shown()
        self.entities.find(article)
        self.related.article_opened(article)
        if article.info.warnings:
            self.notify("\n".join(article.info.warnings), title=printable_path(Path(article.path).name), severity="warning", markup=False)
        if message.focus:
            self.query_one(ArticleView).focus()

    def show_article(self, *, scroll_to: int | None = None) -> None:
        """Render the current article with every highlight group."""
        article = self.article
        if article is None:
            return
        shown = self.script.show(article)
        self.query_one(ArticleView).show(
            shown.title,
            self.script.meta(article),
            shown.paragraphs,
            self.shown_highlights(),
            scroll_to=None if scroll_to is None else shown.body.position(scroll_to),
        )

    def set_highlights(self, group: str, spans: list[Highlight]) -> None:
        """Replace one group of highlights on the open article."""
        self.highlights[group] = list(spans)
        self.query_one(ArticleView).set_highlights(self.shown_highlights())

    def shown_highlights(self) -> list[Highlight]:
        """Every highlight, moved from `article.body` offsets onto the words as shown."""
        return self.script.highlights(self.article, [span for spans in self.highlights.values() for span in spans])

    def scroll_to_body_offset(self, offset: int) -> None:
        """Centre the text at `article.body` offset in the view, wherever the script moved it."""
        if self.article is not None:
            offset = self.script.show(self.article).body.position(offset)
        self.query_one(ArticleView).scroll_to_offset(offset, center=True)

    def body_offset_in_view(self) -> int:
        """The `article.body` offset at the top of the view, mapped back from the shown text."""
        offset = self.query_one(ArticleView).offset_in_view()
        if self.article is None:
            return offset
        return self.script.show(self.article).body.source_position(offset)

    def action_layout(self, what: str, step: int) -> None:
        self.panes.change(what, step)

    def action_filter(self) -> None:
        self.listing.choose()

    def action_toggle_sidebar(self) -> None:
        self.panes.toggle_sidebar()

    # --- script variant (t) ----------------------------------------------------------------

    def action_toggle_script(self) -> None:
        self.script_variant = self.script.toggled(self.article)

    def watch_script_variant(self, variant: ScriptVariant) -> None:
        position = self.body_offset_in_view() if self.article else None
        self.script.variant = variant
        self.script.show_again(self, position)
        self.script.save(self)

    def action_script_settings(self) -> None:
        self.app.push_screen(ScriptSettingsScreen(self.script.preferences), self.set_script_preferences)

    def set_script_preferences(self, preferences: ScriptPreferences | None) -> None:
        """Use and save new preferences (None: no change)."""
        self.script.use_preferences(self, preferences)

    def on_store_warning(self, message: StoreWarning) -> None:
        self.notify(message.text, title=message.title, severity="warning", markup=False)

    # --- search (/, n, N, Esc): kept by a helper ------------------------------------------

    def action_search(self) -> None:
        self.search.focus_box()

    def search_for(self, query: str) -> None:
        """Put `query` in the search box and search (the entity panel's `s` uses this)."""
        self.search.search_for(query)

    def action_step_hit(self, step: int) -> None:
        self.search.step(step)

    def action_back_to_results(self) -> None:
        self.search.back_to_results()

    def on_search_panel_toggled(self, event: SearchPanel.Toggled) -> None:
        self.search.toggled(event)

    def on_search_panel_chosen(self, event: SearchPanel.Chosen) -> None:
        self.search.chosen(event)

    # --- reading memory (b, B, m) and entities (e): kept by helpers ------------------------

    def action_toggle_bookmark(self) -> None:
        self.reading.toggle_bookmark()

    def action_bookmarks(self) -> None:
        self.reading.show_bookmarks()

    def action_toggle_read(self) -> None:
        self.reading.toggle_read()

    def action_next_unread(self, step: int) -> None:
        self.reading.next_unread(step)

    def on_user_data_saved(self, message: UserData.Saved) -> None:
        message.then(message.result)

    def on_user_data_failed(self, message: UserData.Failed) -> None:
        self.reading.save_failed(message)

    def action_entities(self) -> None:
        self.entities.toggle_panel()

    def action_related(self) -> None:
        self.related.toggle_panel()

    def on_entities_found(self, message: EntitiesFound) -> None:
        self.entities.found(message)

    def on_entity_panel_step(self, event: EntityPanel.Step) -> None:
        event.stop()
        self.entities.step(event)

    def on_entity_panel_search(self, event: EntityPanel.Search) -> None:
        event.stop()
        self.entities.search(event)

    def on_entity_panel_closed(self, event: EntityPanel.Closed) -> None:
        event.stop()
        self.entities.close_panel()

    # --- word mode (w) and the vocabulary (V): kept by a helper ----------------------------

    def action_word_mode(self) -> None:
        self.words.toggle()

    def action_vocabulary(self) -> None:
        self.words.show_vocabulary()

    def on_article_view_words_found(self, event: ArticleView.WordsFound) -> None:
        self.words.words_found(event)

    # --- back / forward (H, L) and the article's link (o): kept by a helper -----------------

    def action_history(self, step: int) -> None:
        self.navigation.go(step)

    def action_open_link(self) -> None:
        self.navigation.open_link()

    def on_link_opened(self, message: LinkOpened) -> None:
        self.navigation.link_opened(message)
