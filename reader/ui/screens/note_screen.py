"""A small dialog to write a bookmark's note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class NoteScreen(ModalScreen[str | None]):
    """Edits one note: Enter keeps it, Esc leaves it as it was (dismisses with None)."""

    HELP_GROUP = "Note"

    BINDINGS = [Binding("escape", "cancel", "Cancel 取消", id="cancel_note")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.article_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-body"):
            yield Static(Content.assemble("Note for ", (self.article_title, "bold")), id="note-title")
            yield Input(self.note, placeholder="備註… (Enter saves, Esc cancels)", id="note-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
