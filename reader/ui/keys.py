"""The app's key bindings by id: what `[keys]` in config.toml can rebind, and checking it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

from reader.config import ConfigProblem


def _ui_classes() -> Iterator[type[DOMNode]]:
    # Screens opened on demand are imported here so that their keys are known before they open.
    import reader.ui.app
    import reader.ui.screens.bookmarks_screen
    import reader.ui.screens.help_screen
    import reader.ui.screens.note_screen
    import reader.ui.screens.script_settings  # noqa: F401

    seen: set[type[DOMNode]] = set()
    stack: list[type[DOMNode]] = [DOMNode]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    yield from sorted(
        (cls for cls in seen if cls.__module__.startswith("reader.ui")),
        key=lambda cls: (cls.__module__, cls.__qualname__),
    )


def binding_table() -> list[tuple[str, str, str]]:
    """(id, default keys, description) of every binding that has an id, one row per id."""
    rows: dict[str, tuple[list[str], str]] = {}
    for cls in _ui_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.id:
                continue
            keys, _ = rows.setdefault(binding.id, ([], binding.description))
            for key in binding.key.split(","):
                if key.strip() not in keys:
                    keys.append(key.strip())
    return [(binding_id, ",".join(keys), text) for binding_id, (keys, text) in sorted(rows.items())]


def unknown_binding_ids(keymap: Mapping[str, str], path: Path | None = None) -> list[ConfigProblem]:
    """A problem for each id in `keymap` that no binding has."""
    from reader.config.settings import key_line

    known = {binding_id for binding_id, _, _ in binding_table()}
    return [
        ConfigProblem(
            key_line(path, "keys", binding_id),
            f"{binding_id}: no key has this id (`reader config keys` lists them)",
        )
        for binding_id in keymap
        if binding_id not in known
    ]
