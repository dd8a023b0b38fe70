"""The vocabulary screen: the words kept in word mode, newest first; delete (with undo)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.store.bookmarks import short_time
from reader.store.vocabulary import Vocabulary, VocabularyItem
from reader.ui.user_data import UserData


def vocabulary_prompt(item: VocabularyItem) -> Content:
    """The word, its pinyin and other form, the meaning, the sentence, where and when."""
    other = item.traditional if item.word == item.simplified else item.simplified
    head = [Content(item.word).stylize("bold"), "  ", Content(item.pinyin).stylize("$text-primary")]
    if other and other != item.word:
        head += ["  ", Content(other).stylize("dim")]
    lines = [Content.assemble(*head)]
    if item.meaning:
        lines.append(Content(item.meaning))
    if item.sentence:
        lines.append(Content(item.sentence).stylize("italic"))
    lines.append(Content(" · ".join(part for part in (item.source, short_time(item.added)) if part)).stylize("dim"))
    return Content("\n").join(lines)


class VocabularyScreen(Screen[None]):
    """Lists the vocabulary; `d` deletes the highlighted word, `u` puts it back."""

    HELP_GROUP = "Vocabulary 生詞本"

    BINDINGS = [
        Binding("escape,V", "close", "Back to reading 返回", id="vocabulary-close"),
        Binding("d,delete", "delete", "Delete 刪除", id="vocabulary-delete"),
        Binding("u", "undo", "Undo delete 復原", id="vocabulary-undo"),
        Binding("j", "cursor_down", "Next word", show=False, id="vocabulary-down"),
        Binding("k", "cursor_up", "Previous word", show=False, id="vocabulary-up"),
    ]

    def __init__(self, user_data: UserData, vocabulary: Vocabulary) -> None:
        super().__init__()
        self.user_data = user_data
        self.vocabulary = vocabulary
        self.items: list[VocabularyItem] = []
        #: Deleted words, last deleted last: `u` puts them back.
        self.deleted: list[VocabularyItem] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="vocabulary-body"):
            yield Static(Content("Vocabulary 生詞本"), id="vocabulary-title")
            yield OptionList(id="vocabulary-list")
        yield Footer()

    def on_mount(self) -> None:
        self.show_items(self.vocabulary.all())
        self.query_one(OptionList).focus()
        # Another reader may have added words: read the file again on the saving thread.
        self.user_data.save(self.vocabulary.reload, lambda _: self.refresh_items())

    def show_items(self, items: list[VocabularyItem], *, keep: str | None = None) -> None:
        option_list = self.query_one(OptionList)
        current = keep or (self.current().id if self.current() else None)
        highlighted = option_list.highlighted
        self.items = items
        option_list.clear_options()
        option_list.add_options(Option(vocabulary_prompt(item), id=item.id) for item in items)
        status = f"Vocabulary 生詞本 · {len(items)}"
        if not items:
            status += " · in an article press w, then a on a word, to add one"
        status += " · reader vocab export --format anki"
        self.query_one("#vocabulary-title", Static).update(Content(status))
        if not items:
            return
        ids = [item.id for item in items]
        if current in ids:
            option_list.highlighted = ids.index(current)
        else:
            option_list.highlighted = min(highlighted or 0, len(items) - 1)

    def refresh_items(self, keep: str | None = None) -> None:
        if self.is_attached:
            self.show_items(self.vocabulary.all(), keep=keep)

    def current(self) -> VocabularyItem | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not (0 <= index < len(self.items)):
            return None
        return self.items[index]

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
        self.deleted.append(item)
        # Off the list at once; the file follows in the background.
        self.show_items([other for other in self.items if other.id != item.id])
        vocabulary = self.vocabulary
        self.user_data.save(lambda: vocabulary.remove(item.id), lambda _: self.refresh_items())
        self.notify(f"{item.word}\nPress u to undo. 按 u 復原。", title="Word deleted 已刪除", markup=False)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", timeout=3)
            return
        item = self.deleted.pop()
        vocabulary = self.vocabulary
        self.user_data.save(lambda: vocabulary.restore(item), lambda _: self.refresh_items(keep=item.id))
        self.notify(item.word, title="Word restored 已復原", markup=False, timeout=3)
