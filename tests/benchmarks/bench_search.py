"""Search benchmark on a synthetic library (not a test: run it by hand).

    python tests/benchmarks/bench_search.py [--articles 10000] [--library DIR] [--keep]

Generates a library (words drawn by frequency from jieba's dictionary, every other article in
Traditional script) under a temporary folder, then measures, each in a fresh process with its
own READER_HOME: building the index from cold (`reader index`), reopening it unchanged, typing
queries one character at a time (into the search layer, then into the app's search box, timed
until the results are on screen), the app's first frame showing the list and the first article
against a bare Textual app's first frame (each from its process's start, headless), and a
whole `reader search` process. RSS is the app's, library open and searched; "index peak" is
the largest indexing process's peak RSS (the parent or any of its workers). N is the number
of articles actually indexed (any folder the library reads works: `--library DIR` on an
existing folder uses it as it is). The last line sums it up:

    index N articles: cold X s, reopen X s; searchable after X s (never indexed); first frame X s
    (bare textual X s); keystroke p50 X ms p95 X ms (painted p50 X ms p95 X ms); cli search X s;
    rss X MB; index peak X MB

`--profile DIR` also writes a py-spy profile of each phase there (needs py-spy). `--phases` runs
only some phases (the summary line needs all of them); `--home DIR` keeps the index between runs,
so that `--phases typing` on a library indexed once before measures the keystrokes alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import LATIN_NAMES, generate_library  # noqa: E402

# Typed in the search layer one character at a time, as in the search box.
TYPING_CODE = r"""
import json, resource, sys, time
from reader.search.index import LibraryIndex
from reader.search import Searcher, QueryError
index = LibraryIndex(sys.argv[1])
assert index.load(), "no index"
searcher = Searcher.for_index(index)
searcher.warm_up()
latencies = []
for query in json.loads(sys.argv[2]):
    for end in range(1, len(query) + 1):
        started = time.perf_counter()
        try:
            searcher.search(query[:end], 60)
        except QueryError:
            pass
        latencies.append((time.perf_counter() - started) * 1000)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"latencies": latencies, "rss": rss}))
"""

# The first frame that shows the library's list and the article read first (not the frame
# before it, which says "Opening library…"), timed from the moment the process was started
# (argv[2], the parent's clock) to that frame: a whole process, its shutdown aside (workers
# started after that frame finish before a process ends).
FIRST_FRAME_CODE = r"""
import json, sys, time
from pathlib import Path
from reader.ui.app import ReaderApp

class FirstFrame(ReaderApp):
    def on_mount(self):
        parent = getattr(super(), "on_mount", None)
        if parent is not None:
            parent()
        self.waiting = self.set_interval(0.002, self.check)

    def check(self):
        if self.library is not None and getattr(self.screen, "article", None) is not None:
            self.waiting.stop()
            self.call_after_refresh(self.drawn)

    def drawn(self):
        print(json.dumps({"frame": time.time() - float(sys.argv[2]), "cpu": time.process_time()}))
        self.exit()

FirstFrame(Path(sys.argv[1])).run(headless=True, size=(120, 40))
"""

BARE_CODE = r"""
import json, sys, time
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("hello")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.drawn)
    def drawn(self):
        print(json.dumps({"frame": time.time() - float(sys.argv[1]), "cpu": time.process_time()}))
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""

# Types into the app's search box (headless), one character at a time at a typist's pace, and
# times each keystroke until its results are in the list (the next frame draws them; that
# time is reported too), with the UI thread's CPU time over the same span (steadier than wall
# times on a busy machine; it includes this loop's polling).
UI_TYPING_CODE = r"""
import asyncio, json, resource, sys, time
from pathlib import Path
from reader.ui.app import ReaderApp
from reader.ui.widgets.search_panel import SearchPanel

async def main():
    app = ReaderApp(Path(sys.argv[1]))
    latencies, painted, cpu, first = [], [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(SearchPanel)
        while app.live_search.searcher is None or app.library is None:
            await asyncio.sleep(0.05)
        await pilot.press("slash")
        for query in json.loads(sys.argv[2]):
            for end in range(1, len(query) + 1):
                typed = query[:end]
                await pilot.pause(0.05)  # a typist's pace: the screen is idle again
                started, ui_started = time.perf_counter(), time.thread_time()
                panel.set_query(typed)
                while panel.last_painted is None or panel.last_painted[0] != typed or panel.last_painted[1] < started:
                    await asyncio.sleep(0.0005)
                cpu.append((time.thread_time() - ui_started) * 1000)
                latencies.append((panel.last_shown[1] - started) * 1000)
                painted.append((panel.last_painted[1] - started) * 1000)
                if end == 1:
                    first.append(painted[-1])
            panel.set_query("")
            await pilot.pause()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"latencies": latencies, "painted": painted, "cpu": cpu, "first": first, "rss": rss}))

asyncio.run(main())
"""

# The app on a library it has never indexed: how long until searching works (the word index
# is then still being written in the background; the app quits without waiting for it), and
# the CPU seconds spent by then: the app's process, and the processes it started and has
# waited for (those that read the files), which on a busy machine say more than the time.
APP_COLD_CODE = r"""
import asyncio, json, resource, sys, time
from pathlib import Path
from reader.ui.app import ReaderApp

async def main():
    started = time.perf_counter()
    app = ReaderApp(Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        while app.live_search.searcher is None:
            await asyncio.sleep(0.05)
        searchable = time.perf_counter() - started
        cpu = time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        app.exit()
    print(json.dumps({"searchable": searchable, "cpu": cpu, "children_cpu": children.ru_utime + children.ru_stime}))

if __name__ == "__main__":  # the processes the app spawns import this module again
    asyncio.run(main())
"""

REOPEN_CODE = r"""
import json, sys, time
started = time.perf_counter()
from reader.search.index import LibraryIndex
imported = time.perf_counter()
index = LibraryIndex(sys.argv[1])
stats = index.update()
done = time.perf_counter()
assert stats.indexed == 0 and not stats.rebuilt, stats
print(json.dumps({"reopen": done - imported, "with_imports": done - started, "articles": len(index.corpus)}))
"""


def typing_queries(seed: int = 11) -> list[str]:
    """Realistic searches: mid-frequency words (as a user looks for topics), in both scripts,
    Latin names, a phrase, a field and an exclusion."""
    from synthetic import _dictionary

    from reader.text import opencc_converter

    rng = random.Random(seed)
    words, cumulative = _dictionary()
    by_freq = sorted(
        (cumulative[i] - (cumulative[i - 1] if i else 0), w) for i, w in enumerate(words) if 2 <= len(w) <= 4
    )
    band = [w for _f, w in by_freq[-20000:-300]]
    picked = rng.sample(band, 12)
    traditional = opencc_converter("s2tw")
    queries = picked[:8] + [traditional.convert(w) for w in picked[8:]]
    queries += [
        LATIN_NAMES[0],
        LATIN_NAMES[1].lower(),
        f'"{picked[0]}"',
        f"title:{picked[1]}",
        f"{picked[2]} -{picked[3]}",
    ]
    return queries


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95 and the maximum."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, round(len(ordered) * 0.95) - 1)], ordered[-1]


# Runs a command and prints the largest peak RSS (MB) among it and the processes it waited
# for (its workers), and the CPU seconds they used: RUSAGE_CHILDREN of a process that ran
# nothing else. CPU time says more than wall time on a busy machine.
PEAK_CODE = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, file=sys.stderr)
sys.exit(code)
"""

PROFILE_DIR: Path | None = None
PHASES = ("searchable", "cold", "reopen", "layer", "typing", "frame", "cli")


def last_json(out: str) -> dict:
    """The JSON object a benchmark process printed last (a profiler may print more)."""
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def run(cmd: list[str], env: dict[str, str], profile: str | None = None) -> tuple[float, str]:
    if profile and PROFILE_DIR is not None:
        out = PROFILE_DIR / f"{profile}.txt"
        cmd = [
            str(Path(sys.executable).parent / "py-spy"),
            "record",
            "--subprocesses",
            "--threads",
            "--format",
            "raw",
            "--rate",
            "200",
            "-o",
            str(out),
            "--",
            *cmd,
        ]
    started = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr}")
    return elapsed, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--library", type=Path, help="use (or generate into) this folder")
    parser.add_argument("--keep", action="store_true", help="keep the generated library and index")
    parser.add_argument("--jobs", type=int, help="indexing processes for the cold build")
    parser.add_argument("--profile", type=Path, help="write a py-spy profile of each phase into this folder")
    parser.add_argument(
        "--phases", default=",".join(PHASES), help=f"comma-separated phases to run (default all: {','.join(PHASES)})"
    )
    parser.add_argument("--home", type=Path, help="READER_HOME to use and keep (the index survives the run)")
    args = parser.parse_args()
    phases = set(args.phases.split(","))
    if unknown := phases - set(PHASES):
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    global PROFILE_DIR
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
        PROFILE_DIR = args.profile.resolve()

    work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    library = args.library or work / "library"
    home = args.home.resolve() if args.home else work / "home"
    env = dict(os.environ, READER_HOME=str(home))
    os.environ["READER_HOME"] = env["READER_HOME"]
    python = sys.executable
    try:
        if not library.exists() or not any(library.iterdir()):
            started = time.perf_counter()
            generate_library(library, args.articles)
            print(f"generated {args.articles} articles in {time.perf_counter() - started:.1f} s", file=sys.stderr)

        figures = {}
        if "searchable" in phases:
            cold_home = dict(env, READER_HOME=str(work / "cold-app-home"))
            cold = last_json(run([python, "-c", APP_COLD_CODE, str(library)], cold_home, "searchable")[1])
            searchable = cold["searchable"]
            print(
                f"app on a never-indexed library: searching works after {searchable:.1f} s "
                f"(CPU by then: the app {cold['cpu']:.1f} s, processes it waited for {cold['children_cpu']:.1f} s)",
                file=sys.stderr,
            )
            figures["searchable"] = searchable
        if "cold" in phases:
            figures.update(cold_index(args, library, env))
        elif not (home / "cache").exists() and phases - {"searchable", "frame"}:
            run([python, "-m", "reader", "index", str(library)], env)  # the later phases need an index
        later_phases(phases, library, env, figures)
        if phases == set(PHASES):
            print_summary(figures)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def cold_index(args: argparse.Namespace, library: Path, env: dict[str, str]) -> dict[str, float]:
    """`reader index` from nothing: wall time, CPU seconds and the largest process's peak RSS."""
    python = sys.executable
    home = Path(env["READER_HOME"])
    shutil.rmtree(home / "cache", ignore_errors=True)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    started = time.perf_counter()
    indexing = subprocess.run(
        [python, "-c", PEAK_CODE, python, "-m", "reader", "index", str(library), *jobs],
        env=env,
        capture_output=True,
        text=True,
    )
    cold = time.perf_counter() - started
    if indexing.returncode != 0:
        raise SystemExit(f"reader index failed:\n{indexing.stderr}")
    index_peak, cpu = map(float, indexing.stderr.strip().splitlines()[-1].split())
    print(
        f"cold index: {cold:.1f} s ({cpu:.1f} s of CPU), peak rss {index_peak:.0f} MB ({indexing.stdout.strip()})",
        file=sys.stderr,
    )
    if PROFILE_DIR is not None:  # a second cold build, profiled (not timed)
        shutil.rmtree(home / "cache", ignore_errors=True)
        run([python, "-m", "reader", "index", str(library), *jobs], env, "cold-index")
    return {"cold": cold, "index_peak": index_peak}


def later_phases(phases: set[str], library: Path, env: dict[str, str], figures: dict) -> None:
    """The phases that open an existing index: reopen, the search layer, typing in the app,
    the first frame and `reader search`."""
    python = sys.executable
    queries = typing_queries()
    typed = json.dumps(queries, ensure_ascii=False)
    if "reopen" in phases:
        reopen = last_json(run([python, "-c", REOPEN_CODE, str(library)], env)[1])
        figures["count"], figures["reopen"] = reopen["articles"], reopen["reopen"]
        print(f"reopen: {reopen['reopen']:.3f} s ({reopen['with_imports']:.3f} s with imports)", file=sys.stderr)
    if "layer" in phases:
        pure = last_json(run([python, "-c", TYPING_CODE, str(library), typed], env, "search-layer")[1])
        p50, p95, worst = percentiles(pure["latencies"])
        print(
            f"search layer: {len(pure['latencies'])} keystrokes: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
            f"max {worst:.1f} ms; rss {pure['rss']:.0f} MB",
            file=sys.stderr,
        )
    if "typing" in phases:
        ui = last_json(run([python, "-c", UI_TYPING_CODE, str(library), typed], env)[1])
        if PROFILE_DIR is not None:
            run([python, "-c", UI_TYPING_CODE, str(library), typed], env, "keystrokes")
        d50, d95, dmax = percentiles(ui["painted"])
        p50, p95, worst = percentiles(ui["latencies"])
        c50, c95, cmax = percentiles(ui["cpu"])
        f50, _f95, fmax = percentiles(ui["first"])
        print(
            f"app: {len(ui['latencies'])} keystrokes to results in the list: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
            f"max {worst:.1f} ms; to the frame that drew them: p50 {d50:.1f} ms, p95 {d95:.1f} ms, "
            f"max {dmax:.1f} ms; rss {ui['rss']:.0f} MB",
            file=sys.stderr,
        )
        print(
            f"app: UI-thread CPU per keystroke p50 {c50:.1f} ms, p95 {c95:.1f} ms, max {cmax:.1f} ms; "
            f"a query's first keystroke painted p50 {f50:.1f} ms, max {fmax:.1f} ms ({len(ui['first'])} of them)",
            file=sys.stderr,
        )
        figures.update(p50=p50, p95=p95, d50=d50, d95=d95, rss=ui["rss"])
    if "frame" in phases:
        if PROFILE_DIR is not None:
            run([python, "-c", FIRST_FRAME_CODE, str(library), str(time.time())], env, "first-frame")

        def frame(code: str, *args: str) -> tuple[float, float]:
            drawn = last_json(run([python, "-c", code, *args, str(time.time())], env)[1])
            return drawn["frame"], drawn["cpu"]

        # After the app has run once (its catalog of the folder exists), as on any later start.
        frames = [frame(FIRST_FRAME_CODE, str(library)) for _ in range(5)]
        bares = [frame(BARE_CODE) for _ in range(5)]
        figures["frame"] = statistics.median(f for f, _cpu in frames)
        figures["bare"] = statistics.median(f for f, _cpu in bares)
        print(
            f"first frame (the list and the first article): reader {figures['frame']:.2f} s, "
            f"bare textual {figures['bare']:.2f} s (from the process's start); CPU to that frame: "
            f"reader {statistics.median(c for _f, c in frames):.2f} s, bare {statistics.median(c for _f, c in bares):.2f} s",
            file=sys.stderr,
        )
    if "cli" in phases:
        if PROFILE_DIR is not None:
            run([python, "-m", "reader", "search", queries[0], "--library", str(library)], env, "cli-search")
        cli_times = []
        for query in (queries[0], queries[9], queries[12]):
            for _ in range(3):
                cli_times.append(run([python, "-m", "reader", "search", query, "--library", str(library)], env)[0])
        figures["cli"] = statistics.median(cli_times)
        print(f"cli search: {figures['cli']:.2f} s (median of 9 whole processes)", file=sys.stderr)


def print_summary(f: dict) -> None:
    print(
        f"index {f['count']} articles: cold {f['cold']:.1f} s, reopen {f['reopen']:.2f} s; "
        f"searchable after {f['searchable']:.1f} s (never indexed); "
        f"first frame {f['frame']:.2f} s (bare textual {f['bare']:.2f} s); "
        f"keystroke p50 {f['p50']:.1f} ms p95 {f['p95']:.1f} ms (painted p50 {f['d50']:.1f} ms p95 {f['d95']:.1f} ms); "
        f"cli search {f['cli']:.2f} s; rss {f['rss']:.0f} MB; index peak {f['index_peak']:.0f} MB"
    )


if __name__ == "__main__":
    raise SystemExit(main())
