"""Every use of Textual's private API in reader, in one place (checked against textual 8.2).

Each has a reason below. After a Textual upgrade, check this file (and run the UI tests and
snapshots): nothing else in reader/ui reaches into Textual's internals.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget


def virtual_size_without_layout() -> Reactive[Size]:
    """A `virtual_size` reactive for a widget whose own size does not depend on it.

    The stock reactive (`layout=True`) lays out the whole screen whenever the virtual size
    changes, redrawing every widget: a frame's worth of work per keystroke in the search box
    and per new list of search results. Overriding a reactive of the base class is not a
    documented extension point. Use as a class attribute: `virtual_size = virtual_size_without_layout()`.
    """
    return Reactive(Size(0, 0), layout=False)


def update_scrollbars(widget: Widget, virtual_size: Size) -> None:
    """Resize a widget's scrollbars for a new virtual size, without a layout.

    With `virtual_size_without_layout`, nothing else tells the scrollbars that the content
    grew or shrank; Textual does this itself (privately) after a layout.
    """
    widget._scroll_update(virtual_size)


def bindings_of(node: DOMNode) -> Iterator[Binding]:
    """Every key binding `node` has, its own and inherited, in the order Textual merged them.

    The help screen lists them. Textual's public views of bindings (`App.active_bindings`)
    cover only the focused chain of the current screen, and the help screen is a screen of its
    own, listing the screen below it.
    """
    bindings_map = node._bindings
    keymap = node.app._keymap
    if keymap:
        # Keys rebound in config.toml (the app's keymap), applied as Textual applies them
        # when a key is pressed.
        bindings_map = bindings_map.copy()
        bindings_map.apply_keymap(keymap)
    for bindings in bindings_map.key_to_bindings.values():
        yield from bindings
