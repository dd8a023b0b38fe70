"""Benchmark of `t` in the app (not a test): python tests/benchmarks/bench_script_ui.py [TITLES]

Opens a 10,000-character article (in a library of 10k articles) in a headless app and times
`t`: converting and changing the view, then until the screen has been painted (the sidebar
converts the titles of the rows in view as it paints them).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reader.locations import sample_articles
from reader.text import opencc_converter

RUNS = 10


def make_library(root: Path, titles: int) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_articles().iterdir()) if p.is_file()]
    body = "\n\n".join(t.split("---")[-1].strip() for t in texts)
    traditional = [t for t in body.split("\n\n") if opencc_converter("t2s").convert(t) != t]
    paragraphs, size = [], 0
    while size < 10_000:
        for paragraph in traditional:
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
    (root / "big.md").write_text("# 一篇很長的繁體文章\n\n" + "\n\n".join(paragraphs)[:10_000], encoding="utf-8")
    for i in range(titles):
        title = ("臺灣新聞標題第{}則" if i % 2 else "大陆新闻标题第{}条").format(i)
        (root / f"t{i:05}.txt").write_text(f"{title}\n\n內容。", encoding="utf-8")
    return root


async def measure(root: Path) -> None:
    from reader.script import ScriptPreferences
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.article_view import ArticleView

    app = ReaderApp(root)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        screen = app.screen
        big = next(info for info in app.library.articles if info.path.endswith("big.md"))
        app.open_path(big.path)
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(f"article: {len(screen.article.body)} characters, {len(screen.article.paragraphs)} paragraphs; "
              f"library: {len(app.library.articles)} articles")
        view = screen.query_one(ArticleView)
        view.scroll_to(y=view.max_scroll_y // 2, animate=False, immediate=True)
        await pilot.pause()
        # When the app last wrote the screen out (the end of a repaint).
        last_paint = [0.0]
        display = app._display

        def timed_display(*args, **kwargs):
            display(*args, **kwargs)
            last_paint[0] = time.perf_counter()

        app._display = timed_display
        reshow = []
        for _ in range(RUNS):
            start = time.perf_counter()
            screen.show_article(scroll_to=0)  # the same text again: no conversion
            await pilot.pause()
            reshow.append((last_paint[0] - start) * 1000)
        report("for comparison: show() the article again (remount), until painted", reshow)

        for preferences in (ScriptPreferences(), ScriptPreferences(vocabulary=True)):
            screen.set_script_preferences(preferences)
            await app.workers.wait_for_complete()
            await pilot.pause()
            print(f"-- vocabulary {'on' if preferences.vocabulary else 'off'}")
            built, painted = [], []
            for _ in range(RUNS):
                start = time.perf_counter()
                screen.action_toggle_script()
                built.append((time.perf_counter() - start) * 1000)
                await pilot.pause()
                painted.append((last_paint[0] - start) * 1000)
                await app.workers.wait_for_complete()
            report("t: convert the article + change the view (UI thread)", built)
            report("t: until the screen (article and sidebar) is painted", painted)


def report(label: str, times: list[float]) -> None:
    print(f"{label:<64} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")


def main() -> None:
    titles = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_HOME"] = str(Path(tmp) / "home")
        root = Path(tmp) / "lib"
        root.mkdir()
        asyncio.run(measure(make_library(root, titles)))


if __name__ == "__main__":
    main()
