"""Live-library benchmark: how long from a file written into the library folder to the file
listed and searchable in the running app (headless), and a burst of files at once (not a test:
run it by hand).

    python tests/benchmarks/bench_watch.py [--articles 2000] [--library DIR] [--rounds 5] [--burst 1000]

Generates a library unless one is given (READER_HOME: a temporary folder unless set), starts the
app on it and waits until its index is ready, then writes one new article at a time and polls
(every 10 ms) until it is in the list and until `Searcher.search` finds its unique word; then
writes `--burst` articles at once into a new folder and times the same for all of them, counting
the batches the watcher made. The written files are deleted at the end. The last line sums it up:

    watch 2000 articles: listed p50 0.14 s, searchable p50 0.9 s (max 1.2 s); burst of 1000: listed 6.1 s, searchable 19.0 s, 1 batch
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate_library  # noqa: E402


def _article(number: int, word: str) -> str:
    return f"---\ntitle: 新文章 {number}\ndate: 2030-01-01\n---\n\n這是剛寫好的文章，關鍵詞 {word} 只在這裡。\n"


async def _until(condition, timeout: float, what: str) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    return time.perf_counter()


async def measure(library: Path, rounds: int, burst: int) -> None:
    from reader.ui.app import ReaderApp

    app = ReaderApp(library)
    batches = 0
    async with app.run_test(size=(120, 40)):
        started = time.perf_counter()
        await _until(lambda: app.library is not None, 600, "the library")
        await _until(lambda: app.live_search.searcher is not None, 1200, "the search index")
        await _until(lambda: not any(w.group == "search-index" and not w.is_finished for w in app.workers), 1200,
                     "indexing to finish")
        print(f"app ready after {time.perf_counter() - started:.1f} s", flush=True)
        count = len(app.library.articles) if app.library is not None else 0
        original = app.library_watch.changed

        def counting(message) -> None:
            nonlocal batches
            batches += 1
            original(message)

        app.library_watch.changed = counting  # type: ignore[method-assign]

        def listed(paths: set[str]) -> bool:
            lib = app.library
            return lib is not None and paths <= {info.path for info in lib.articles}

        def searchable(word: str, path: str) -> bool:
            searcher = app.live_search.searcher
            return searcher is not None and any(h.path == path for h in searcher.search(word, 5, typing=False).hits)

        folder = library / f"zz-bench-{os.getpid()}"
        folder.mkdir()
        try:
            list_times, search_times = [], []
            for number in range(rounds):
                word = f"zqxv{number:04d}"
                path = folder / f"new-{number}.md"
                written = time.perf_counter()
                path.write_text(_article(number, word), encoding="utf-8")
                list_times.append(await _until(lambda: listed({str(path)}), 60, "listing") - written)
                search_times.append(await _until(lambda: searchable(word, str(path)), 300, "search") - written)
                print(f"  file {number}: listed {list_times[-1]:.2f} s, searchable {search_times[-1]:.2f} s", flush=True)
                await asyncio.sleep(0.5)
            summary = (f"listed p50 {statistics.median(list_times):.2f} s, searchable p50 "
                       f"{statistics.median(search_times):.2f} s (max {max(search_times):.2f} s)")
            if burst:
                batches = 0
                many = folder / "burst"
                many.mkdir()
                paths = {str(many / f"b-{n:05d}.md") for n in range(burst)}
                written = time.perf_counter()
                for n in range(burst):
                    (many / f"b-{n:05d}.md").write_text(_article(n, f"zqxb{n:05d}"), encoding="utf-8")
                wrote = time.perf_counter() - written
                all_listed = await _until(lambda: listed(paths), 900, "the burst listed") - written
                last = str(many / f"b-{burst - 1:05d}.md")
                all_found = await _until(lambda: searchable(f"zqxb{burst - 1:05d}", last), 1800,
                                         "the burst searchable") - written
                summary += (f"; burst of {burst} (written in {wrote:.1f} s): listed {all_listed:.1f} s, "
                            f"searchable {all_found:.1f} s, {batches} batch{'es' if batches != 1 else ''}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"watch {count} articles: {summary}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--library", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--burst", type=int, default=1000)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    os.environ.setdefault("READER_HOME", str(scratch / "home"))
    library = args.library
    if library is None:
        library = scratch / "library"
        generate_library(library, args.articles)
    asyncio.run(measure(library, args.rounds, args.burst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
