"""The bookmarks screen: every bookmark, newest first; open, delete (with undo), edit the note."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.library.article import ArticleError, ArticleInfo, load_article
from reader.store.bookmarks import Bookmark, Located, short_time
from reader.ui.screens.note_screen import NoteScreen
from reader.ui.user_data import UserData


def bookmark_prompt(item: Located, elsewhere: bool = False) -> Content:
    """Title (and whether it is missing, or in another folder), the quote, the note, the date."""
    bookmark = item.bookmark
    title = Content(bookmark.title).stylize("bold")
    if item.missing:
        title = Content.assemble(title, "  ", Content("missing 文章不見了").stylize("$text-error"))
    elif elsewhere:
        title = Content.assemble(title, "  ", Content("in another folder 在其他資料夾").stylize("$text-muted"))
    lines = [title]
    if bookmark.quote:
        lines.append(Content(bookmark.quote))
    if bookmark.note:
        lines.append(Content.assemble(Content("✎ ").stylize("dim"), Content(bookmark.note).stylize("italic $text-accent")))
    lines.append(Content(f"{short_time(bookmark.created)} · ¶{bookmark.paragraph + 1}").stylize("dim"))
    return Content("\n").join(lines)


def outside_articles(paths: Iterable[str]) -> list[ArticleInfo]:
    """The articles at `paths` that still exist and can be read (slow: file work)."""
    found = []
    for path in dict.fromkeys(paths):
        if Path(path).is_file():
            try:
                found.append(load_article(path).info)
            except ArticleError:
                pass  # unreadable now: it stays missing
    return found


class BookmarksScreen(Screen[Located | None]):
    """Lists bookmarks; dismisses with the one to open, or None."""

    HELP_GROUP = "Bookmarks 書籤"

    BINDINGS = [
        Binding("escape,B", "close", "Back to reading 返回", id="close_bookmarks"),
        Binding("d,delete", "delete", "Delete 刪除", id="delete_bookmark"),
        Binding("u", "undo", "Undo delete 復原", id="undo_delete"),
        Binding("n", "note", "Edit note 備註", id="edit_note"),
        Binding("j", "cursor_down", "Next bookmark 下一個書籤", show=False, id="cursor_down"),
        Binding("k", "cursor_up", "Previous bookmark 上一個書籤", show=False, id="cursor_up"),
    ]

    def __init__(self, user_data: UserData, articles: Sequence[ArticleInfo]) -> None:
        super().__init__()
        self.user_data = user_data
        self.articles = list(articles)
        #: Bookmarked articles found outside this library (made while reading another folder).
        self.outside: list[ArticleInfo] = []
        self._library_paths = {info.path for info in self.articles}
        self.items: list[Located] = []
        #: Deleted bookmarks, last deleted last: `u` puts them back.
        self.deleted: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-body"):
            yield Static(Content("Bookmarks 書籤"), id="bookmarks-title")
            yield OptionList(id="bookmarks-list")
        yield Footer()

    def on_mount(self) -> None:
        bookmarks, articles = self.user_data.bookmarks, self.articles
        self.show_items(bookmarks.locate(articles, follow=False))
        self.query_one(OptionList).focus()

        def catch_up() -> None:
            # Another reader may have added some; moved articles are remembered where they
            # are now; articles bookmarked in another folder are read from where they are.
            # File work, so on the saving thread.
            bookmarks.reload()
            located = bookmarks.locate(articles, follow=False)
            self.outside = outside_articles(item.bookmark.path for item in located if item.missing)
            located = bookmarks.locate([*articles, *self.outside], follow=False)
            if any(item.status == "moved" for item in located):
                bookmarks.locate([*articles, *self.outside], follow=True)

        self.user_data.save(catch_up, lambda _: self.caught_up())

    def caught_up(self) -> None:
        for problem in self.user_data.take_problems():
            self.notify(problem.message, title="Bookmarks", severity="warning", markup=False)
        self.refresh_items()

    def show_items(self, items: list[Located], *, keep: str | None = None) -> None:
        option_list = self.query_one(OptionList)
        current = keep or self.current_id()
        highlighted = option_list.highlighted
        self.items = items
        option_list.clear_options()
        option_list.add_options(
            Option(bookmark_prompt(item, self.is_elsewhere(item)), id=item.bookmark.id) for item in items
        )
        missing = sum(item.missing for item in items)
        status = f"Bookmarks 書籤 · {len(items):,}"
        if missing:
            status += f" · {missing:,} missing 不見了"
        if not items:
            status += " · press b while reading to add one"
        self.query_one("#bookmarks-title", Static).update(Content(status))
        if not items:
            return
        ids = [item.bookmark.id for item in items]
        if current in ids:
            option_list.highlighted = ids.index(current)
        else:
            option_list.highlighted = min(highlighted or 0, len(items) - 1)

    def is_elsewhere(self, item: Located) -> bool:
        """Whether the bookmark's article was found, but outside this library."""
        return item.info is not None and item.info.path not in self._library_paths

    def refresh_items(self, keep: str | None = None) -> None:
        """Show the bookmarks as they are now (after a save)."""
        if self.is_attached:
            located = self.user_data.bookmarks.locate([*self.articles, *self.outside], follow=False)
            self.show_items(located, keep=keep)

    def current(self) -> Located | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not (0 <= index < len(self.items)):
            return None
        return self.items[index]

    def current_id(self) -> str | None:
        item = self.current()
        return item.bookmark.id if item else None

    # --- actions ---------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.items):
            self.dismiss(self.items[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_delete(self) -> None:
        item = self.current()
        if item is None:
            return
        bookmark = item.bookmark
        self.deleted.append(bookmark)
        # Off the list at once; the file follows in the background.
        self.show_items([other for other in self.items if other.bookmark.id != bookmark.id])
        bookmarks = self.user_data.bookmarks
        self.user_data.save(lambda: bookmarks.remove(bookmark.id), lambda _: self.refresh_items())
        self.notify(
            f"{bookmark.title}\nPress u to undo. 按 u 復原。",
            title="Bookmark deleted 已刪除書籤",
            markup=False,
        )

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", timeout=3)
            return
        bookmark = self.deleted.pop()
        bookmarks = self.user_data.bookmarks
        self.user_data.save(lambda: bookmarks.restore(bookmark), lambda _: self.refresh_items(keep=bookmark.id))
        self.notify(bookmark.title, title="Bookmark restored 已復原", markup=False, timeout=3)

    def action_note(self) -> None:
        item = self.current()
        if item is None:
            return
        bookmark = item.bookmark

        def edited(note: str | None) -> None:
            if note is None or note == bookmark.note:
                return
            bookmarks = self.user_data.bookmarks
            self.user_data.save(
                lambda: bookmarks.set_note(bookmark.id, note), lambda _: self.refresh_items(keep=bookmark.id)
            )

        self.app.push_screen(NoteScreen(bookmark.title, bookmark.note), callback=edited)
