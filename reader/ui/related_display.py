"""Related articles on the reading screen (`r`): the panel, kept for the open article, filled by
a worker from the search index's entity table."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.worker import get_current_worker

from reader.library.article import Article
from reader.search.related import EntityTable, names_as_written
from reader.ui.access import reader_app
from reader.ui.messages import RelatedFound
from reader.ui.widgets.related_panel import RETRY_SECONDS, RelatedPanel

if TYPE_CHECKING:
    from reader.search import Searcher
    from reader.ui.screens.reader_screen import ReaderScreen

#: Related articles listed.
RELATED_LIMIT = 12
WAITING = "Waiting for the search index… 正在等待索引…"


class RelatedDisplay:
    """The related-articles panel of the main screen. The screen binds the key below to
    `toggle_panel` and calls `article_opened` for each article it shows."""

    BINDINGS = [Binding("r", "related", "Related articles 相關文章", show=False, id="related")]

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        #: The entity table and the searcher whose index it was read from (one per index state).
        self._table: tuple[Searcher, EntityTable] | None = None

    def panel(self) -> RelatedPanel | None:
        panels = self.screen.query(RelatedPanel)
        return panels.first() if panels else None

    def toggle_panel(self) -> None:
        """Open the panel (or give it focus); close it when it has focus."""
        panel = self.panel()
        if panel is not None and panel.display and panel.has_focus_within:
            panel.action_close()
            return
        if panel is None:
            panel = RelatedPanel(id="related-panel")
            panel.retry = self._retry
            panel.title_display = self.screen.script.sidebar_text
            self.screen.query_one("#main").mount(panel)
            self.screen.call_after_refresh(self._open)
        else:
            panel.display = True
            self._open()

    def _open(self) -> None:
        panel = self.panel()
        if panel is not None:
            self.find()
            panel.focus_list()

    def article_opened(self, article: Article) -> None:
        """Keep an open panel on the article now shown."""
        panel = self.panel()
        if panel is not None and panel.display:
            self.find(article)

    def find(self, article: Article | None = None) -> None:
        """Look for the articles related to `article` (default: the open one) in a worker."""
        panel = self.panel()
        article = article or self.screen.article
        if panel is None:
            return
        if article is None:
            panel.show_message("No article open. 沒有打開的文章。")
            return
        searcher = reader_app(self.screen).live_search.searcher
        if searcher is None or searcher.index is None:
            panel.show_message(WAITING, article.path)
            panel.set_timer(RETRY_SECONDS, self._retry)
            return
        if panel.for_path != article.path or not panel.options.option_count:
            panel.show_message("Finding related articles… 正在找相關文章…", article.path)
        else:
            panel.for_path = article.path
        panel.run_worker(partial(self._find, article, searcher, panel), name="related", group="related",
                         exclusive=True, thread=True)

    def _retry(self) -> None:
        panel = self.panel()
        if panel is not None and panel.display and self.screen.article is not None:
            self.find()

    def _find(self, article: Article, searcher: Searcher, panel: RelatedPanel) -> None:
        held = self._table
        table = held[1] if held is not None and held[0] is searcher else None
        if table is None and searcher.index is not None:
            table = EntityTable.from_index(searcher.index)
            if table is not None:
                self._table = (searcher, table)
        if get_current_worker().is_cancelled:
            return
        if table is None:
            panel.post_message(RelatedFound(article.path, None, {}, WAITING))
            return
        if article.path not in table:
            note = "This article is not in the search index yet. 這篇文章尚未編入索引。"
            panel.post_message(RelatedFound(article.path, None, {}, note))
            return
        related = table.related(article.path, RELATED_LIMIT)
        names = names_as_written(article.body, {n for r in related for n in r.shared})
        panel.post_message(RelatedFound(article.path, related, names))
