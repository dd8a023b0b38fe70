"""The help screen, generated from the key bindings the app really has."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static


def _group_name(node: DOMNode) -> str:
    return getattr(node, "HELP_GROUP", None) or type(node).__name__


def collect_bindings(nodes: list[DOMNode]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys, description)]) for every described binding of `nodes`, in order."""
    groups: dict[str, dict[str, list[str]]] = {}
    for node in nodes:
        seen: dict[str, list[str]] = groups.setdefault(_group_name(node), {})
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.description or binding.system:
                    continue
                keys = seen.setdefault(binding.description, [])
                display = node.app.get_key_display(binding)
                if display not in keys:
                    keys.append(display)
    return [
        (group, [(" / ".join(keys), description) for description, keys in entries.items()])
        for group, entries in groups.items()
        if entries
    ]


class HelpScreen(ModalScreen[None]):
    """Keys of the app, the screen below and its widgets, read from their bindings."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", show=False),
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
