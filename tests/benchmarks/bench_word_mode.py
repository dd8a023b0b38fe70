"""Benchmark of word mode in the app (not a test): python tests/benchmarks/bench_word_mode.py

Runs the app headless on the sample articles in a fresh READER_HOME and prints: the time from
pressing `w` to the panel explaining the first word, with the dictionary index still to build
(the first use ever) and with it built (every later run); the time per cursor move; and the
app's memory before `w` and with the dictionary loaded. Noisy on a shared machine.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path


def rss() -> dict[str, int]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) // 1024
    return fields


async def run(label: str) -> list[str]:
    from reader.locations import sample_articles
    from reader.ui.app import ReaderApp

    app = ReaderApp(sample_articles())
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        before = rss()
        mode = app.reader_screen.words
        start = time.perf_counter()
        await pilot.press("w")
        deadline = start + 300
        ready = None
        while mode.dictionary is None or "a add" not in mode.panel().shown_text:
            if ready is None and mode.dictionary is not None:
                ready = time.perf_counter() - start
            if time.perf_counter() > deadline:
                return [f"{label}: no word explained after 300 s; the panel says {mode.panel().shown_text!r}"]
            await asyncio.sleep(0.005)
        explained = time.perf_counter() - start
        ready = explained if ready is None else ready
        moves = []
        for _ in range(60):
            t0 = time.perf_counter()
            await pilot.press("l")
            await pilot.pause()
            moves.append((time.perf_counter() - t0) * 1000)
        direct = []
        for _ in range(60):
            t0 = time.perf_counter()
            mode.move(1)
            direct.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
        idle = []
        for _ in range(30):
            t0 = time.perf_counter()
            await pilot.press("x")  # bound to nothing: what a key press costs the test driver
            await pilot.pause()
            idle.append((time.perf_counter() - t0) * 1000)
        after = rss()
    # Printed after the app: Textual captures print() while it runs.
    return [
        f"{label}: w → dictionary open {ready * 1000:.0f} ms, first word explained {explained * 1000:.0f} ms; key l p50 {statistics.median(moves):.1f} ms "
        f"(an unbound key {statistics.median(idle):.1f} ms); the move itself p50 {statistics.median(direct):.2f} ms",
        f"  rss before w {before}, with the dictionary {after}",
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["READER_HOME"] = home
        for label in ("index to build", "index built"):
            print("\n".join(asyncio.run(run(label))), flush=True)


if __name__ == "__main__":
    main()
