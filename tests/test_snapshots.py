"""Snapshots of the screen at a fixed size (update with `pytest --snapshot-update`)."""

from __future__ import annotations

import pytest
from helpers import SAMPLES, settle


@pytest.fixture(autouse=True)
def never_read_by_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article open 20 s counts as read, and a loaded machine takes that long: the unread
    count in the sidebar must not depend on it."""
    from reader.ui.reading_memory import ReadingMemory

    monkeypatch.setattr(ReadingMemory, "READ_AFTER", 3600.0)


def reader_app(path=SAMPLES):
    from reader.ui.app import ReaderApp

    return ReaderApp(path)


def test_reading_view_snapshot(snap_compare) -> None:
    async def open_second(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(reader_app(), terminal_size=(100, 30), run_before=open_second)


def test_small_terminal_snapshot(snap_compare) -> None:
    assert snap_compare(reader_app(), terminal_size=(60, 20), run_before=settle)


def test_help_snapshot(snap_compare) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(reader_app(), terminal_size=(100, 40), run_before=open_help)


def test_search_results_snapshot(snap_compare) -> None:
    """Titles over snippets with the hits highlighted, the count, the cursor on the first."""

    async def search(pilot) -> None:
        from reader.ui.widgets.search_panel import SearchPanel

        await settle(pilot)
        await pilot.press("slash")
        pilot.app.screen.query_one(SearchPanel).set_query("版权")  # pilot.press cannot type CJK
        await settle(pilot)

    assert snap_compare(reader_app(), terminal_size=(100, 30), run_before=search)
