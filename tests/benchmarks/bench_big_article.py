"""Benchmark of big articles in the app (not a test):

    python tests/benchmarks/bench_big_article.py [--view-only] [novel] [large] [run]

Each case runs in its own process (clean memory figures) on a headless app of 120×40 opened
on one file:

- novel: a `.txt` of 50,000 short paragraphs (sentences of the sample articles);
- large: a 7.8 MB Markdown article (the sample articles' paragraphs over and over);
- run: an article with a paragraph of 65,536 times one character jieba does not know.

It prints the time from starting the app to the first frame painted with the article in it,
the process's memory then and at the end, how long entities took to arrive, and the latency
of keys in the article (from the key press until the screen has been painted again): j, G,
g, and n / N through 2,000 search hits. Figures are noisy on a shared machine.
--view-only leaves out the search index and entity extraction (their threads compete with
the UI thread for the GIL): the cost of the article view alone.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = ("novel", "large", "run")
RARE = "龘"  # in jieba's Han range, not in its dictionary
#: Keys are pressed for at most this long (seconds): an app that takes 30 s a key gets a few.
KEYS_BUDGET = 150
VIEW_ONLY = False


def _sentences() -> list[str]:
    from reader.locations import sample_articles

    text = "\n".join(
        p.read_text(encoding="utf-8").split("---")[-1] for p in sorted(sample_articles().iterdir()) if p.is_file()
    )
    return [s + "。" for s in re.split(r"[。\n]", text) if len(s.strip()) >= 8]


def write_case(case: str, root: Path) -> Path:
    sentences = _sentences()
    if case == "novel":
        path = root / "novel.txt"
        paragraphs = [sentences[(i * 7) % len(sentences)][: 12 + i % 30] + "。" for i in range(50_000)]
        path.write_text("長篇小說\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    elif case == "large":
        path = root / "large.md"
        parts, size, i = ["# 一篇很長的文章\n"], 0, 0
        while size < 7_800_000:
            paragraph = "".join(sentences[(i * 5 + k) % len(sentences)] for k in range(6))
            parts.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
            i += 1
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    else:
        path = root / "run.txt"
        path.write_text(
            "一個字重複很多次\n\n" + sentences[0] + "\n\n" + RARE * 65_536 + "\n\n" + sentences[1] + "\n",
            encoding="utf-8",
        )
    return path


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(path: Path) -> None:
    from textual.pilot import WaitForScreenTimeout

    from reader.search.hits import SearchHit, SearchResult
    from reader.search.query import parse_query
    from reader.ui.app import ReaderApp
    from reader.ui.search_display import OpenedHit

    if VIEW_ONLY:
        from reader.ui.entity_display import EntityDisplay
        from reader.ui.live_search import LiveSearch

        LiveSearch.keep_current = lambda self, listener: None  # type: ignore[method-assign]
        EntityDisplay.find = lambda self, article: None  # type: ignore[method-assign]
    start = time.perf_counter()
    app = ReaderApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        last_paint = [0.0]
        display = app._display

        def timed_display(*args, **kwargs):
            display(*args, **kwargs)
            last_paint[0] = time.perf_counter()

        app._display = timed_display
        screen = app.screen
        while getattr(screen, "article", None) is None:
            if time.perf_counter() - start > 300:
                print("  no article shown after 300 s")
                return
            await pilot.pause(0.01)
            screen = app.screen


        async def pause() -> None:
            # A slow app makes Pilot give up waiting after 30 s: wait on.
            while True:
                try:
                    await pilot.pause()
                    return
                except WaitForScreenTimeout:
                    continue

        await pause()
        opened = last_paint[0] - start
        article = screen.article
        print(f"  article: {len(article.body):,} characters, {len(article.paragraphs):,} paragraphs")
        print(f"  open to first painted frame {opened:6.2f} s   rss {rss_mb():6.0f} MB")
        entities = screen.entities

        budget = time.perf_counter() + KEYS_BUDGET

        async def key(name: str) -> float | None:
            if time.perf_counter() > budget:
                return None
            before = time.perf_counter()
            try:
                await pilot.press(name)
            except WaitForScreenTimeout:
                pass
            await pause()
            return (max(last_paint[0], before) - before) * 1000

        latencies: dict[str, list[float]] = {"j": [], "G": [], "g": [], "n/N": []}
        for name in ("j", "j", "j", "j", "j", "G", "g", "G", "g"):
            if (latency := await key(name)) is not None:
                latencies[name].append(latency)
        body = article.body
        spans, at = [], body.find("的")
        while at >= 0 and len(spans) < 2_000:
            spans.append((at, at + 1))
            at = body.find("的", at + max(1, len(body) // 2_000))
        if spans:
            hit = SearchHit(article.path, article.title, 1.0, "", spans=tuple(spans), fingerprint=article.info.fingerprint)
            screen.search.opened = OpenedHit(hit, SearchResult(parse_query("的"), (hit,), 1))
            for name in ("n", "n", "n", "N", "N"):
                if (latency := await key(name)) is not None:
                    latencies["n/N"].append(latency)
        for name, times in latencies.items():
            if times:
                print(
                    f"  key {name:<4} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms"
                    f"   ({len(times)} presses)"
                )
        waited = time.perf_counter()
        while entities.spans is None and time.perf_counter() - waited < 120 and not VIEW_ONLY:
            await pilot.pause(0.05)
        found = "not found after 120 s" if entities.spans is None else f"{len(entities.spans):,} found"
        print(f"  entities: {found}, {time.perf_counter() - start:6.1f} s after start")
        view = screen.query_one("#article")
        meta = getattr(view, "meta", None) or str(screen.script.meta(article))
        print(f"  meta line: {meta[:130]}")
        print(f"  rss at the end {rss_mb():6.0f} MB, peak {peak_rss_mb():6.0f} MB")


def run_case(case: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_HOME"] = str(Path(tmp) / "home")
        root = Path(tmp) / "lib"
        root.mkdir()
        path = write_case(case, root)
        print(f"{case}: {path.stat().st_size / 1e6:.1f} MB")
        asyncio.run(measure(path))


def main() -> None:
    global VIEW_ONLY
    args = sys.argv[1:]
    VIEW_ONLY = "--view-only" in args
    args = [arg for arg in args if arg != "--view-only"]
    if len(args) == 2 and args[0] == "--case":
        run_case(args[1])
        return
    for case in args or CASES:
        sys.stdout.flush()
        flags = ["--view-only"] if VIEW_ONLY else []
        subprocess.run([sys.executable, __file__, *flags, "--case", case], check=False)


if __name__ == "__main__":
    main()
