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


def keep_wide_characters_whole() -> None:
    """Stop the compositor from blanking Chinese characters under overlays (toasts, the
    command palette, the entity panel at narrow sizes).

    The compositor cuts every screen line at every widget's edge and gives each piece to the
    topmost widget there. A double-width character that straddles a cut is split into two
    spaces (`Segment.divide`), even when the same widget wins both pieces: a toast over the
    entity panel lost characters at the panel's edges ("配     研院"). Upstream issue
    Textualize/textual#6357 (open). This replacement of the private `Compositor._render_chops`
    (textual 8.2) cuts a widget's line only where another widget takes over: pieces it wins
    side by side stay one piece, held by the first of them; the others get an empty strip so
    that no widget below claims them. Lines are still joined piece after piece, so the
    screen is the same except for the characters kept.
    """
    from textual._compositor import Compositor
    from textual.strip import Strip

    empty = Strip([], 0)

    def render_chops(self, crop, is_rendered_line):  # type: ignore[no-untyped-def]
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips):
                if not is_rendered_line(y):
                    continue
                chops_line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                if len(final_cuts) < 2:
                    continue
                free = [chops_line.get(cut) is None for cut in final_cuts[:-1]]
                needed = [
                    final_cuts[index]
                    for index in range(1, len(final_cuts) - 1)
                    if not (free[index - 1] and free[index])
                ]
                needed.append(final_cuts[-1])
                pieces = strip.divide([cut - render_x for cut in needed])
                bucket = 0
                for piece, end in zip(pieces, needed):
                    first = True
                    while bucket < len(free) and final_cuts[bucket] < end:
                        if chops_line.get(final_cuts[bucket]) is None:
                            chops_line[final_cuts[bucket]] = piece if first else empty
                        first = False
                        bucket += 1
        return chops

    Compositor._render_chops = render_chops  # type: ignore[method-assign]
