"""The word panel of word mode: the word under the cursor with its pinyin, both scripts and
short English meanings; a side panel, or a one-line bar on a narrow screen. It has the word
mode keys (it holds focus while word mode is on) and hands them to the word cursor."""

from __future__ import annotations

from typing import Protocol

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from reader.dictionary import WordInfo
from reader.ui.messages import DictionaryFailed, DictionaryReady
from reader.ui.widgets.entity_panel import TYPE_LABELS

#: Screen classes by width: below WIDE_SCREEN cells the panel is a one-line bar.
WIDE_SCREEN = 120
BREAKPOINTS = [(0, "-narrow"), (WIDE_SCREEN, "-wide")]
#: Meanings listed per entry, and entries shown, in the side panel.
MEANINGS_SHOWN = 4
ENTRIES_SHOWN = 3


class WordCursorKeys(Protocol):
    """What the panel's keys and the dictionary worker's messages drive (the word cursor)."""

    def move(self, step: int) -> None: ...
    def move_line(self, step: int) -> None: ...
    def keep(self) -> None: ...
    def leave(self) -> None: ...
    def blurred(self) -> None: ...
    def dictionary_ready(self, message: DictionaryReady) -> None: ...
    def dictionary_failed(self, message: DictionaryFailed) -> None: ...


class WordPanel(Widget, can_focus=True):
    """Shows one word (`show_word`) or a message (`show_message`); its keys move the cursor."""

    HELP_GROUP = "Word mode 逐詞"

    # The one-line bar of a narrow screen is in the app's stylesheet (`.-narrow #word-panel`):
    # a widget's default CSS cannot look at the screen's classes.
    DEFAULT_CSS = """
    WordPanel { width: 38; height: 1fr; padding: 0 1; }
    """

    BINDINGS = [
        Binding("l,right", "move(1)", "Next word 下一詞", show=False, id="word-next"),
        Binding("h,left", "move(-1)", "Previous word 上一詞", show=False, id="word-previous"),
        Binding("j,down", "move_line(1)", "Word on the next line 下一行", show=False, id="word-line-down"),
        Binding("k,up", "move_line(-1)", "Word on the line above 上一行", show=False, id="word-line-up"),
        Binding("a", "keep", "Add to vocabulary 加入生詞本", id="word-keep"),
        Binding("escape", "leave", "Leave word mode 離開逐詞", id="word-leave"),
    ]

    def __init__(self, cursor: WordCursorKeys, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = cursor
        self.display = False  # until word mode is entered
        self._shown: tuple[WordInfo, str | None, bool] | str = ""

    @property
    def is_bar(self) -> bool:
        """One line at the bottom (a narrow screen, see BREAKPOINTS), or a side panel."""
        return self.screen.has_class("-narrow")

    def render(self) -> Content:
        shown = self._shown
        if isinstance(shown, str):
            return Content(shown).stylize("$text-muted")
        return _bar(*shown) if self.is_bar else _panel(*shown)

    def show_message(self, text: str) -> None:
        self._shown = text
        self.refresh()

    def show_word(self, info: WordInfo, *, entity: str | None = None, kept: bool = False) -> None:
        """Show `info`; `entity` is the entity type of the name under the cursor, `kept`
        whether the word is in the vocabulary already."""
        self._shown = (info, entity, kept)
        self.refresh()

    @property
    def shown_text(self) -> str:
        """What the panel says, as plain text (for tests and the terminal test)."""
        return self.render().plain

    # --- keys and messages -----------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.cursor.move(step)

    def action_move_line(self, step: int) -> None:
        self.cursor.move_line(step)

    def action_keep(self) -> None:
        self.cursor.keep()

    def action_leave(self) -> None:
        self.cursor.leave()

    def on_blur(self) -> None:
        self.cursor.blurred()

    def on_dictionary_ready(self, message: DictionaryReady) -> None:
        self.cursor.dictionary_ready(message)

    def on_dictionary_failed(self, message: DictionaryFailed) -> None:
        self.cursor.dictionary_failed(message)


def _forms(info: WordInfo) -> str:
    """"简 银行 · 繁 銀行", or the one form when both scripts write it alike."""
    if info.simplified == info.traditional:
        return info.simplified
    return f"简 {info.simplified} · 繁 {info.traditional}"


def _entity_label(entity: str | None) -> Content | None:
    if entity is None:
        return None
    return Content(TYPE_LABELS.get(entity, entity)).stylize("$text-accent")


def _panel(info: WordInfo, entity: str | None, kept: bool) -> Content:
    lines: list[Content] = [
        Content.assemble(Content(info.word).stylize("bold"), "  ", Content(info.pinyin or "—").stylize("bold $text-primary")),
        Content(_forms(info)).stylize("dim"),
    ]
    label = _entity_label(entity)
    if label is not None:
        lines.append(Content.assemble(Content("name 名稱: ").stylize("dim"), label))
    lines.append(Content(""))
    if info.entries:
        for number, entry in enumerate(info.entries[:ENTRIES_SHOWN]):
            if number or entry.pinyin.lower() != info.pinyin.lower():
                lines.append(Content(entry.pinyin).stylize("$text-primary"))
            lines.extend(Content(f"· {meaning}") for meaning in entry.meanings[:MEANINGS_SHOWN])
        if len(info.entries) > ENTRIES_SHOWN:
            lines.append(Content(f"… {len(info.entries) - ENTRIES_SHOWN} more 更多").stylize("dim"))
    elif info.characters:
        lines.append(Content("Not in the dictionary; by character 逐字:").stylize("dim"))
        for char in info.characters:
            meaning = char.entries[0].short_meaning(40) if char.entries else "—"
            lines.append(Content.assemble((char.word, "bold"), " ", (char.pinyin, "$text-primary"), " ", meaning))
    else:
        lines.append(Content("Not in the dictionary. 詞典裡沒有。").stylize("dim"))
    lines.append(Content(""))
    if kept:
        lines.append(Content("★ In your vocabulary 已在生詞本").stylize("$text-success"))
    lines.append(Content("a add 加入 · h/l word · j/k line · Esc").stylize("dim"))
    return Content("\n").join(lines)


def _bar(info: WordInfo, entity: str | None, kept: bool) -> Content:
    parts: list[Content | str] = [
        Content(info.word).stylize("bold"),
        " ",
        Content(info.pinyin or "—").stylize("bold $text-primary"),
    ]
    if info.simplified != info.traditional:
        parts += ["  ", Content(f"{info.simplified}/{info.traditional}").stylize("dim")]
    label = _entity_label(entity)
    if label is not None:
        parts += ["  ", label]
    if kept:
        parts += ["  ", Content("★").stylize("$text-success")]
    parts += ["  ", Content(info.short_meaning(200) or "not in the dictionary 詞典裡沒有")]
    return Content.assemble(*parts)
