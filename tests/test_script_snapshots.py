"""Snapshots of the script toggle: a Traditional article shown in Simplified, a Simplified
article shown in Traditional (update with `pytest --snapshot-update`)."""

from __future__ import annotations

from helpers import SAMPLES, settle


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
