"""The one way from a widget, a screen or a palette provider to the running ReaderApp, typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import Provider
from textual.dom import DOMNode

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def reader_app(node: DOMNode | Provider) -> ReaderApp:
    """The ReaderApp `node` runs in (a TypeError in any other app: a bug, not a fallback)."""
    # Imported here: the app module imports every screen, and the screens import this one.
    from reader.ui.app import ReaderApp

    app = node.app
    if not isinstance(app, ReaderApp):
        raise TypeError(f"{type(node).__name__} runs in {type(app).__name__}, not in ReaderApp")
    return app
