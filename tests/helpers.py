"""What tests share beyond fixtures: where the samples are, and waiting on a running app."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_articles"


async def settle(pilot) -> None:
    """Let pending messages run and every worker finish, then repaint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, condition: Callable[[], object], timeout: float = 5.0, what: str = "") -> None:
    """Let the app run until `condition()` is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        await pilot.pause(0.02)


def palette_lists_first(app, text: str) -> bool:
    """The command palette has finished searching, and its first (highlighted) command has
    `text` in it."""
    from textual.widgets import OptionList

    screen = app.screen
    if not all(worker.is_finished for worker in app.workers if worker.node is screen):
        return False
    options = screen.query_one(OptionList)
    return options.option_count > 0 and options.highlighted == 0 and text in str(options.get_option_at_index(0).prompt)
