"""What checking the search index's files costs (not a test: run it by hand).

    python tests/benchmarks/bench_integrity.py [--articles 2000]

Builds the index of a synthetic library, then times the checks against the list of files
written with it: the quick check (sizes and mtimes, done on every open and `reader search`),
the full check (every byte, done by `reader index` and the app's background update), and
writing the list after an update (checksums of unchanged files reused, or all computed), and
an update of an unchanged index with and without the full check.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate_library  # noqa: E402


def best(work, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_HOME"] = str(Path(tmp) / "home")
        from reader.search import integrity
        from reader.search.index import LibraryIndex

        library = generate_library(Path(tmp) / "library", args.articles)
        index = LibraryIndex(library)
        started = time.perf_counter()
        index.update(jobs=2)
        built = time.perf_counter() - started
        folder = index.directory
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        quick = best(lambda: integrity.check(folder))
        full = best(lambda: integrity.check(folder, full=True))
        reuse = best(lambda: integrity.record(folder))

        def record_cold() -> None:
            (folder / integrity.CHECKSUMS_FILE).unlink()
            integrity.record(folder)

        cold = best(record_cold)
        unchanged = best(lambda: LibraryIndex(library).update())
        verified = best(lambda: LibraryIndex(library).update(verify=True))
        print(
            f"integrity {args.articles} articles (index {size / 1e6:.1f} MB, built in {built:.1f} s): "
            f"quick check {quick:.2f} ms, full check {full:.1f} ms; list written {reuse:.1f} ms "
            f"(checksums reused), {cold:.1f} ms (all computed); unchanged update {unchanged:.1f} ms, "
            f"with full check {verified:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
