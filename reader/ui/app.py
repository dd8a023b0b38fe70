"""The reader Textual app: opens the library, owns its live search, and holds the screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from reader import locations
from reader.config import Config
from reader.library import Article, Library, open_library
from reader.library.catalog import listed_by_catalog
from reader.library.watch import library_changes
from reader.text.hygiene import printable_path
from reader.ui.library_watch import LibraryWatch
from reader.ui.list_filter import counted
from reader.ui.live_search import LiveSearch
from reader.ui.messages import (
    FilesChanged,
    LibraryChanged,
    LibraryFailed,
    LibraryOpened,
    LibraryProgress,
    StoreWarning,
)
from reader.ui.palette import ArticleCommands, ScriptCommands
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.startup import Ahead, Startup
from reader.ui.textual_private import keep_wide_characters_whole
from reader.ui.user_config import UserConfig
from reader.ui.widgets.search_panel import SearchPanel

keep_wide_characters_whole()


class ReaderApp(App[int]):
    """A keyboard-first reader for Chinese articles."""

    CSS_PATH = str(locations.stylesheet())
    TITLE = "reader"
    HELP_GROUP = "App 應用"
    COMMANDS = App.COMMANDS | {ArticleCommands, ScriptCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit 離開", id="quit"),
        Binding("question_mark,f1", "help", "Help 說明", id="help"),
        Binding("ctrl+p", "command_palette", "Commands 命令", show=False, id="command_palette"),
    ]

    #: The library, once listed; None until then. The main screen shows it.
    library: reactive[Library | None] = reactive(None, init=False)

    def __init__(self, library_path: Path, config: Config | None = None) -> None:
        super().__init__()
        self.library_path = Path(library_path)
        #: config.toml: keys, theme, measure (read now, applied on mount).
        self.user_config = UserConfig(self, config)
        #: The library's search index, its searcher, and searches: they belong to no widget.
        self.live_search = LiveSearch(self, self.library_path)
        #: The library folder watched: its changes on disk show up while the app runs.
        self.library_watch = LibraryWatch(self)
        #: Work the first screen does not show waits until it is drawn.
        self.startup = Startup(self)
        #: The library as its catalog last listed it, read while Textual starts: the first
        #: screen shows it, and the folder is checked against it after that screen.
        self.catalog_listing = Ahead(listed_by_catalog, self.library_path)
        #: Whether `library` is the catalog's listing, not yet checked against the folder.
        self.library_unchecked = False

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Run the app (as `App.run`), the garbage collector held back until the first screen
        is drawn (see Startup.pause_collector)."""
        self.startup.pause_collector()
        try:
            return super().run(*args, **kwargs)
        finally:
            self.startup.resume_collector()

    def get_default_screen(self) -> ReaderScreen:
        screen = ReaderScreen()
        # The class of the width the app starts at, as Textual sets it on the first resize:
        # that resize then changes no class (which restyled every widget before the first frame).
        width = self.size.width
        chosen = next((name for least, name in sorted(ReaderScreen.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= least), None)
        if chosen is not None:
            screen.add_class(chosen, update=False)
        return screen

    @property
    def reader_screen(self) -> ReaderScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    # --- the library -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.startup.mounted()
        self.user_config.apply()
        if self.catalog_listing.ready:  # as a rule: the first frame shows it, with no placeholder
            self.library_listed(self.catalog_listing.result())
        else:
            self.open_library()
        self.startup.after_first_screen(self.read_regional_table)

    def on_store_warning(self, message: StoreWarning) -> None:
        self.notify(message.text, title=message.title, severity="warning", markup=False)

    def library_listed(self, listed: Library | None) -> None:
        """Show the catalog's listing now, and check it against the folder after the first
        screen; without one (a new folder), list the folder."""
        if listed is None:
            self.open_library()
            return
        self.library_unchecked = True
        self.library = listed
        self.startup.library_listed(bool(listed.articles))
        self.startup.after_first_screen(self.open_library)

    @work(thread=True, exclusive=True, group="library")
    def open_library(self) -> None:
        """List the library folder (or the one file) off the UI thread: a new folder of
        10,000 articles takes seconds. The articles it reads go to the search index, which
        is brought up to date next. Before anything is shown, the catalog's listing comes
        first when there is one (it is read ahead, while Textual starts)."""
        if self.library is None and not self.library_unchecked:
            listed = self.catalog_listing.result()
            if listed is not None:
                self.post_message(LibraryOpened(listed, checked=False))
                return
        search = self.live_search
        articles: dict[str, Article] = {}

        def read(path: str, stamp: tuple[int, int], article: Article) -> None:
            search.listed(path, stamp, article)
            articles[path] = article

        try:
            library = open_library(self.library_path, on_read=read, load_many=search.read_for_listing)
        except OSError as exc:
            self.post_message(LibraryFailed(str(exc)))
            return
        self.post_message(LibraryOpened(library, read=articles))

    @work(thread=True, group="regional")
    def read_regional_table(self) -> None:
        """Read the regional vocabulary before the first search needs it (after the first
        screen: it builds opencc converters); bad lines in the user's file are reported."""
        from reader.search.regional import regional_table

        problems = regional_table().problems
        if problems:
            self.reader_screen.post_message(StoreWarning("Regional vocabulary 地區用詞", "\n".join(problems)))

    def on_library_opened(self, message: LibraryOpened) -> None:
        library = message.library
        if not message.checked:
            self.library_listed(library)
            return
        if self.library_unchecked:
            # The catalog's listing is on screen: what changed since is shown as changes.
            self.library_unchecked = False
            changes = library_changes(self.library or library, library, message.read)
            if changes:
                self.library_watch.changed(LibraryChanged(changes))  # the search index too
                if self.reader_screen.article is None and library.articles:
                    self.reader_screen.show_library(library)  # the one the catalog offered is gone
            else:
                self.set_reactive(ReaderApp.library, library)  # the same list
                self.startup.after_first_screen(self.keep_index_current)
        else:
            self.library = library  # the main screen lists it and opens the first article
            self.startup.library_listed(bool(library.articles))
            # Then the search index: both read every file of a new folder, and the list comes first.
            self.startup.after_first_screen(self.keep_index_current)
        self.report_skipped(library)
        self.startup.after_first_screen(lambda: self.library_watch.start(library))

    def keep_index_current(self) -> None:
        """Load the search index and bring it up to date (the main screen's search panel
        hears of it), unless the screen is gone (the app is closing)."""
        panels = self.reader_screen.query(SearchPanel)
        if panels:
            self.live_search.keep_current(panels.first())

    def on_files_changed(self, message: FilesChanged) -> None:
        self.library_watch.files_changed(message)

    def on_library_progress(self, message: LibraryProgress) -> None:
        self.library_watch.progress(message)

    def on_library_changed(self, message: LibraryChanged) -> None:
        self.library_watch.changed(message)

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.reader_screen.show_library_failure(message.reason)
        self.startup.first_screen_shown()

    def report_skipped(self, library: Library) -> None:
        if library.notes:
            self.notify("\n".join(library.notes), title="Library 文庫", severity="warning", timeout=10, markup=False)
        if library.skipped:
            names = [f"{printable_path(Path(s.path).name)}: {s.reason}" for s in library.skipped[:5]]
            more = len(library.skipped) - len(names)
            if more > 0:
                names.append(f"…and {more} more (see `reader list`)")
            self.notify(
                "\n".join(names),
                title=f"Skipped {counted(len(library.skipped), 'file')}",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # --- for the palette and the entity panel ----------------------------------------------

    def search_library(self, text: str, entity_type: str | None = None) -> None:
        """Search the library for a name in the search panel: the articles that have it as
        an entity (`entity:"name"`), or mention it, when no article has it as one."""
        name = " ".join(text.replace(chr(34), " ").split())
        self.reader_screen.search_for(f'entity:"{name}"' if entity_type else f'"{name}"')

    def open_path(self, path: str) -> None:
        """Open an article by path on the main screen."""
        self.reader_screen.open_path(path)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        base = self.screen
        # Keys reach the app, the screen and whichever widget has focus.
        nodes = [self, base, *(widget for widget in base.query("*") if widget.can_focus)]
        extra = [base.entities.legend(), base.words.credits()] if isinstance(base, ReaderScreen) else None
        self.push_screen(HelpScreen(nodes, extra))
