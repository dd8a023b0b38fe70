"""The help screen, generated from the key bindings the app really has."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.textual_private import bindings_of


def _group_name(node: DOMNode) -> str:
    return getattr(node, "HELP_GROUP", None) or type(node).__name__


#: Inherited actions that mean nothing in a reader (horizontal scrolling of lists).
HIDDEN_ACTIONS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})


def collect_bindings(nodes: list[DOMNode]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys, description)]) for every described binding of `nodes`, in order.

    Keys bound to one action are listed together; a description from the node's own class
    wins over an inherited one.
    """
    groups: dict[str, dict[str, tuple[list[str], str]]] = {}
    for node in nodes:
        own = {
            binding.action: binding.description
            for binding in type(node).__dict__.get("BINDINGS", [])
            if isinstance(binding, Binding) and binding.description
        }
        actions = groups.setdefault(_group_name(node), {})
        for binding in bindings_of(node):
            if not binding.description or binding.system or binding.action in HIDDEN_ACTIONS:
                continue
            keys, description = actions.get(binding.action, ([], binding.description))
            display = node.app.get_key_display(binding)
            if display not in keys:
                keys.append(display)
            actions[binding.action] = (keys, own.get(binding.action, description))
    return [
        (group, [(" / ".join(keys), description) for keys, description in actions.values()])
        for group, actions in groups.items()
        if actions
    ]


class HelpScreen(ModalScreen[None]):
    """Keys of the app, the screen below and its widgets, read from their bindings."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help 關閉說明", show=False, id="close_help"),
    ]

    def __init__(self, nodes: list[DOMNode], extra: list[Content] | None = None) -> None:
        super().__init__()
        self._binding_sources = nodes
        self._extra = extra or []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Content("reader — keys 按鍵說明"), classes="help-title")
            for group, rows in collect_bindings(self._binding_sources):
                yield Static(Content(group), classes="help-group")
                width = max(len(keys) for keys, _ in rows)
                lines = [
                    Content.assemble((keys.ljust(width), "bold"), "  ", description)
                    for keys, description in rows
                ]
                yield Static(Content("\n").join(lines), classes="help-keys")
            for block in self._extra:
                yield Static(block, classes="help-extra")
            yield Static(Content("Esc closes this help."), classes="help-footer")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
