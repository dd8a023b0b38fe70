"""Snapshots of the script toggle: a Traditional article shown in Simplified, a Simplified
article shown in Traditional (update with `pytest --snapshot-update`)."""

from __future__ import annotations

import pytest
from helpers import SAMPLES, settle


@pytest.fixture(autouse=True)
def never_read_by_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article open 20 s counts as read, and a loaded machine takes that long: the unread
    count in the sidebar must not depend on it."""
    from reader.ui.reading_memory import ReadingMemory

    monkeypatch.setattr(ReadingMemory, "READ_AFTER", 3600.0)


def reader_app():
    from reader.ui.app import ReaderApp

    return ReaderApp(SAMPLES)


def test_traditional_article_in_simplified_snapshot(snap_compare) -> None:
    async def toggle(pilot) -> None:
        await settle(pilot)
        pilot.app.open_path(str(SAMPLES / "01-anthropic-settlement-tw.md"))
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(reader_app(), terminal_size=(100, 30), run_before=toggle)


def test_simplified_article_in_traditional_snapshot(snap_compare) -> None:
    async def toggle(pilot) -> None:
        await settle(pilot)
        pilot.app.open_path(str(SAMPLES / "10-qwen3-max-release-cn.md"))
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(reader_app(), terminal_size=(100, 30), run_before=toggle)
