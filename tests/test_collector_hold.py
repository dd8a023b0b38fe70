"""The garbage collector held off while keys arrive (reader.ui.collector)."""

from __future__ import annotations

import gc

import pytest

from reader.ui.collector import CollectorHold


@pytest.fixture(autouse=True)
def collector_on():
    """Every test starts and ends with the collector on, whatever it left."""
    gc.enable()
    yield
    gc.enable()


def test_a_hold_turns_automatic_collections_off_until_the_lull() -> None:
    hold = CollectorHold()
    hold.hold()
    assert hold.held and not gc.isenabled()
    hold.hold()  # more keys: still one hold
    assert not gc.isenabled()
    hold.lull()
    assert not hold.held and gc.isenabled()


def test_the_young_generation_is_collected_while_held_only() -> None:
    hold = CollectorHold()

    class Node:
        pass

    def cycles() -> None:
        for _ in range(50):
            node = Node()
            node.me = node  # type: ignore[attr-defined]

    hold.hold()
    gc.collect()
    cycles()
    assert gc.get_count()[0] >= 50
    hold.collect_young()
    assert gc.get_count()[0] < 50
    hold.lull()
    cycles()
    before = gc.get_count()[0]
    hold.collect_young()  # not held: left to the collector's own schedule
    assert gc.get_count()[0] >= before


def test_a_collector_already_off_is_left_off() -> None:
    gc.disable()
    hold = CollectorHold()
    hold.hold()
    assert not hold.held
    hold.lull()
    assert not gc.isenabled()


def test_a_hold_ends_after_the_longest_and_rests_until_the_lull(monkeypatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("reader.ui.collector.time.monotonic", lambda: clock[0])
    hold = CollectorHold()
    hold.hold()
    clock[0] += CollectorHold.LONGEST + 0.1
    hold.hold()  # keys still arriving, for too long: the collector runs again
    assert not hold.held and gc.isenabled()
    hold.hold()
    assert gc.isenabled()  # no new hold before a lull
    hold.lull()
    hold.hold()
    assert hold.held and not gc.isenabled()
    hold.lull()
