"""How the reading screen shares its width: the sidebar a share of the terminal, the article
a centred column of a comfortable measure; both changed with keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from reader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen

#: The sidebar's share of the terminal's width (percent): default, step, limits.
SIDEBAR_SHARE = 33
SIDEBAR_STEP = 5
SIDEBAR_LIMITS = (15, 60)
#: The article's measure: cells of text per line (40 Chinese characters), step and limits.
MEASURE = 80
MEASURE_STEP = 4
MEASURE_LIMITS = (30, 200)
#: Cells around the text in the article pane: its padding (2 + 2) and the scrollbar.
ARTICLE_CHROME = 5


class PaneLayout:
    """The sidebar's share and the article's measure. The screen binds the keys below to
    `change(what, step)`; `sidebar_share` and `measure` may be set (a configuration)."""

    #: The screen lists these among its own key bindings.
    BINDINGS = [
        Binding("less_than_sign", "layout('sidebar', -1)", "Narrower sidebar 側欄變窄", show=False, id="sidebar_narrower"),
        Binding("greater_than_sign", "layout('sidebar', 1)", "Wider sidebar 側欄變寬", show=False, id="sidebar_wider"),
        Binding("minus", "layout('measure', -1)", "Shorter lines 行寬減", show=False, id="measure_narrower"),
        Binding("plus,equals_sign", "layout('measure', 1)", "Longer lines 行寬增", show=False, id="measure_wider"),
    ]

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.sidebar_share = SIDEBAR_SHARE
        self.measure = MEASURE
        self._configured = False

    def apply(self) -> None:
        """Size the sidebar and the article column from `sidebar_share` and `measure` (at
        first from config.toml's `[reading]`, where set)."""
        if not self._configured:
            self._configured = True
            config = self.screen.reader_app.user_config.config
            self.measure = config.measure or self.measure
            self.sidebar_share = config.sidebar or self.sidebar_share
        self.screen.query_one("#sidebar").styles.width = f"{self.sidebar_share}%"
        for column in (self.screen.query_one(ArticleView), self.screen.query_one("#reading-status")):
            column.styles.max_width = self.measure + ARTICLE_CHROME

    def toggle_sidebar(self) -> None:
        """Hide or show the sidebar (Ctrl+B); hidden, the article has the focus."""
        sidebar = self.screen.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.screen.query_one(ArticleView).focus()

    def change(self, what: str, step: int) -> None:
        """One step wider (`step` 1) or narrower (-1): the sidebar or the measure."""
        if what == "sidebar":
            low, high = SIDEBAR_LIMITS
            self.sidebar_share = max(low, min(high, self.sidebar_share + step * SIDEBAR_STEP))
            sidebar = self.screen.query_one("#sidebar")
            sidebar.display = True
            note = f"Sidebar 側欄 {self.sidebar_share}%"
        else:
            low, high = MEASURE_LIMITS
            self.measure = max(low, min(high, self.measure + step * MEASURE_STEP))
            note = f"Line length 行寬 {self.measure} cells ({self.measure // 2} 字)"
        self.apply()
        self.screen.notify(note, timeout=2, markup=False)
