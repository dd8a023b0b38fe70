"""The reader Textual app: opens the library, owns its live search, and holds the screens."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from reader import locations
from reader.library import Article, Library, open_library
from reader.ui.live_search import LiveSearch
from reader.ui.messages import LibraryFailed, LibraryOpened
from reader.ui.palette import ArticleCommands, ScriptCommands
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.reader_screen import ReaderScreen


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class ReaderApp(App[int]):
    """A keyboard-first reader for Chinese articles."""

    CSS_PATH = str(locations.stylesheet())
    TITLE = "reader"
    HELP_GROUP = "App 應用"
    COMMANDS = App.COMMANDS | {ArticleCommands, ScriptCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit 離開"),
        Binding("question_mark,f1", "help", "Help 說明"),
        Binding("ctrl+p", "command_palette", "Commands 命令", show=False),
    ]

    #: The library, once listed; None until then. The main screen shows it.
    library: reactive[Library | None] = reactive(None, init=False)

    def __init__(self, library_path: Path) -> None:
        super().__init__()
        self.library_path = Path(library_path)
        #: The library's search index, its searcher, and searches: they belong to no widget.
        self.live_search = LiveSearch(self, self.library_path)

    def get_default_screen(self) -> ReaderScreen:
        return ReaderScreen()

    @property
    def reader_screen(self) -> ReaderScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    # --- the library -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.open_library()

    @work(thread=True, exclusive=True, group="library")
    def open_library(self) -> None:
        """List the library folder (or the one file) off the UI thread: a new folder of
        10,000 articles takes seconds. The articles it reads go to the search index, which
        is brought up to date next."""
        preread = self.live_search.preread

        def read(path: str, stamp: tuple[int, int], article: Article) -> None:
            preread[path] = (stamp, article)

        try:
            library = open_library(self.library_path, on_read=read)
        except OSError as exc:
            self.post_message(LibraryFailed(str(exc)))
            return
        self.post_message(LibraryOpened(library))

    def on_library_opened(self, message: LibraryOpened) -> None:
        self.library = message.library
        self.report_skipped(message.library)

    def on_library_failed(self, message: LibraryFailed) -> None:
        self.reader_screen.show_library_failure(message.reason)

    def report_skipped(self, library: Library) -> None:
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
        extra = [base.entities.legend()] if isinstance(base, ReaderScreen) else None
        self.push_screen(HelpScreen(nodes, extra))
