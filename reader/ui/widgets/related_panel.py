"""The related-articles panel: the articles that share the most (and rarest) names with the one
being read, each with the names they share; Enter opens one."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.search.related import RelatedArticle, shown_names
from reader.ui.access import reader_app
from reader.ui.messages import RelatedFound

#: While the search index cannot tell, ask again this often (seconds).
RETRY_SECONDS = 1.0


class RelatedPanel(Vertical):
    """Lists related articles; Enter opens one (through the app, as the command palette does),
    Esc hides the panel. It keeps no article: whoever owns it starts the worker that posts
    `RelatedFound` here, or calls `show_message`."""

    HELP_GROUP = "Related articles 相關文章"

    DEFAULT_CSS = """
    RelatedPanel { width: 40; height: 1fr; }
    RelatedPanel > OptionList { height: 1fr; border: none; padding: 0; }
    RelatedPanel > .related-panel-heading { height: auto; text-style: bold; padding: 0 1; }
    RelatedPanel > .related-panel-status { height: auto; color: $text-muted; padding: 0 1; }
    RelatedPanel > .related-panel--names { color: $text-muted; }
    """

    COMPONENT_CLASSES = {"related-panel--names"}

    BINDINGS = [
        Binding("escape", "close", "Close the related articles 關閉", show=False, id="close_related"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The article the list is for (None: none yet).
        self.for_path: str | None = None
        #: Turns a title or a name into the text shown (the script toggle sets this).
        self.title_display: Callable[[str], str] = lambda text: text
        #: Called (after a while) when the search index could not tell yet.
        self.retry: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Related articles 相關文章"), classes="related-panel-heading")
        yield OptionList(id="related-options")
        yield Static(Content("Enter: open · Esc: close"), classes="related-panel-status")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def focus_list(self) -> None:
        self.options.focus()

    def show_message(self, message: str, for_path: str | None = None) -> None:
        self.for_path = for_path
        options = self.options
        options.clear_options()
        options.add_option(Option(Content(message), disabled=True))

    def show_related(self, for_path: str, related: list[RelatedArticle], names: dict[str, str]) -> None:
        """List `related` (best first); `names` gives the shared names as the open article
        writes them."""
        if not related:
            self.show_message("No other article shares a name with this one. 沒有相關文章。", for_path)
            return
        self.for_path = for_path
        style = self.get_visual_style("related-panel--names", partial=True)
        items = []
        for article in related:
            show = self.title_display
            title = show(" ".join(article.title.split())) or article.path.rsplit("/", 1)[-1]
            shared = " · ".join(show(" ".join(n.split())) for n in shown_names(article, names))
            more = len(article.shared) - min(len(article.shared), 4)
            if more:
                shared += f" +{more}"
            label = Content.assemble((title, "bold"), "\n  ", (shared, style))
            items.append(Option(label, id=article.path))
        options = self.options
        options.clear_options()
        options.add_options(items)
        options.action_first()

    def on_related_found(self, message: RelatedFound) -> None:
        if message.path != self.for_path:
            return  # another article was opened meanwhile
        if message.related is None:
            self.show_message(message.note, message.path)
            if self.retry is not None:
                self.set_timer(RETRY_SECONDS, self.retry)
        else:
            self.show_related(message.path, message.related, message.names)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            reader_app(self).open_path(event.option.id)

    def action_close(self) -> None:
        self.display = False
        self.screen.query_one("#article").focus()
