"""The reader Textual app: holds the library, its live search and the screens."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from reader import locations
from reader.library import Library
from reader.ui.live_search import LiveSearch
from reader.ui.palette import ArticleCommands, ScriptCommands
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.reader_screen import ReaderScreen


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

    def __init__(self, library_path: Path) -> None:
        super().__init__()
        self.library_path = Path(library_path)
        self.library: Library | None = None
        #: The library's search index, its searcher, and searches: they belong to no widget.
        self.live_search = LiveSearch(self, self.library_path)

    def get_default_screen(self) -> ReaderScreen:
        return ReaderScreen(self.library_path)

    @property
    def reader_screen(self) -> ReaderScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

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
        extra = [base.entity_legend()] if isinstance(base, ReaderScreen) else None
        self.push_screen(HelpScreen(nodes, extra))
