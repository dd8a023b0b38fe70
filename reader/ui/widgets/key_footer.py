"""The footer of keys, built again only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer, which builds its keys again (a widget each, styled and laid out)
    whenever the screen's bindings may have changed: focus moving, a screen resumed. While
    the first screen comes up that happened five times over, for the same keys. This one
    builds them again only when what it would show differs from what it shows."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable = None

    def _keys(self) -> Hashable:
        """What compose would show: each shown binding's key as displayed, its description,
        action, group, whether it is enabled and its tooltip."""
        if not self._bindings_ready:
            return None
        return tuple(
            (self.app.get_key_display(binding), binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        ), self.compact, self.show_command_palette

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    async def recompose(self) -> None:
        if self.is_attached and self._keys() == self._shown:
            return
        await super().recompose()
