"""The entity panel: the open article's entities grouped by type with counts; choosing one
asks the screen to step through its occurrences, another key to search the library for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from reader.entities import EntityGroup

#: Headings of the entity types, in both languages.
TYPE_LABELS = {
    "person": "People 人物",
    "org": "Organisations 機構",
    "place": "Places 地點",
    "product": "Products 產品",
    "money": "Money 金額",
    "date": "Dates 日期",
    "percent": "Percentages 百分比",
    "hashtag": "Hashtags 標籤",
}


class EntityPanel(Vertical):
    """Lists entities; posts `Step` when one is chosen, `Search` for a library search and
    `Closed` when dismissed. It keeps no article: the screen sets `show_groups` and
    `show_position`."""

    HELP_GROUP = "Entities 實體"

    DEFAULT_CSS = """
    EntityPanel { width: 34; height: 1fr; }
    EntityPanel > OptionList { height: 1fr; border: none; padding: 0; }
    EntityPanel > .entity-panel-status { height: auto; color: $text-muted; padding: 0 1; }
    """

    COMPONENT_CLASSES = {f"entity-panel--{kind}" for kind in TYPE_LABELS}

    BINDINGS = [
        Binding("n", "step(1)", "Next occurrence 下一處", show=False, id="next_occurrence"),
        Binding("N,p", "step(-1)", "Previous occurrence 上一處", show=False, id="previous_occurrence"),
        Binding("s", "search", "Search the library for it 搜尋文庫", show=False, id="search_entity"),
        Binding("escape", "close", "Close the entity panel 關閉", show=False, id="close_entities"),
    ]

    class Step(Message):
        """Show the next (`direction` 1) or previous (-1) occurrence of `group`."""

        def __init__(self, group: EntityGroup, direction: int) -> None:
            super().__init__()
            self.group = group
            self.direction = direction

    class Search(Message):
        """Search the whole library for `group`."""

        def __init__(self, group: EntityGroup) -> None:
            super().__init__()
            self.group = group

    class Closed(Message):
        """The panel was dismissed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: dict[str, EntityGroup] = {}
        #: Turns a name as written into the name as shown (the script toggle sets this, so the
        #: panel lists 黄子轩 when the article shows 黄子轩).
        self.name_display: Callable[[str], str] = lambda name: name

    def compose(self) -> ComposeResult:
        yield OptionList(id="entity-options")
        yield Static(Content(""), classes="entity-panel-status")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def focus_list(self) -> None:
        self.options.focus()

    def show_message(self, message: str) -> None:
        self._entries = {}
        options = self.options
        options.clear_options()
        options.add_option(Option(Content(message), disabled=True))
        self.show_position(None)

    def show_groups(self, groups: dict[str, list[EntityGroup]]) -> None:
        """List `groups` (entities by type, as reader.entities.group_entities gives them)."""
        if not groups:
            self.show_message("No entities found. 沒有找到實體。")
            return
        self._entries = {}
        items: list[Option] = []
        for kind, entries in groups.items():
            style = self.get_visual_style(f"entity-panel--{kind}", partial=True)
            total = sum(group.count for group in entries)
            heading = Content.assemble((TYPE_LABELS.get(kind, kind), style), f"  {total}")
            items.append(Option(heading.stylize("bold"), disabled=True))
            for index, group in enumerate(entries):
                option_id = f"{kind}-{index}"
                self._entries[option_id] = group
                label = Content.assemble("  ", (self.shown_name(group), style), f"  {group.count}")
                items.append(Option(label, id=option_id))
        options = self.options
        highlighted = options.highlighted_option
        previous = highlighted.id if highlighted is not None else None
        options.clear_options()
        options.add_options(items)
        if previous in self._entries:
            options.highlighted = options.get_option_index(previous)
        else:
            options.action_first()
        self.show_position(None)

    def show_position(self, position: tuple[EntityGroup, int] | None) -> None:
        """Say which occurrence is shown: (group, index) or None."""
        status = self.query_one(".entity-panel-status", Static)
        if position is None:
            status.update(Content("Enter/n: next · p: previous · s: search · Esc"))
            return
        group, index = position
        status.update(Content(f"{self.shown_name(group)}  {index + 1}/{group.count}"))

    def shown_name(self, group: EntityGroup) -> str:
        """The entity's name on one line, in the script the article is shown in."""
        return self.name_display(" ".join(group.text.split()))

    def chosen_group(self) -> EntityGroup | None:
        option = self.options.highlighted_option
        if option is None or option.id is None:
            return None
        return self._entries.get(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        group = self._entries.get(event.option.id or "")
        if group is not None:
            self.post_message(self.Step(group, 1))

    def action_step(self, direction: int) -> None:
        group = self.chosen_group()
        if group is not None:
            self.post_message(self.Step(group, direction))

    def action_search(self) -> None:
        group = self.chosen_group()
        if group is not None:
            self.post_message(self.Search(group))

    def action_close(self) -> None:
        self.post_message(self.Closed())
