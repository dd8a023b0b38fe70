"""Related-articles benchmark on a synthetic library (not a test: run it by hand).

    python tests/benchmarks/bench_related.py [--articles 10000] [--library DIR] [--queries 300]

Generates a library (tests/benchmarks/synthetic.py) unless one is given, brings its search index
up to date (READER_HOME: a temporary folder unless set), then reads the entity table from the
index once and asks for the related articles of `--queries` articles picked at random, timing
each. The last line sums it up:

    related 10000 articles: table 2.8 s (3,813 names, 11 an article); query p50 5.9 ms p95 16.0 ms
    max 24.8 ms (cpu p50 2.0 ms, mean 2.2 ms); 12.0 related listed on average
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate_library  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--library", type=Path, help="an existing library (else one is generated)")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-related-"))
    os.environ.setdefault("READER_HOME", str(scratch / "home"))

    from reader.search.index import LibraryIndex, default_jobs
    from reader.search.related import EntityTable

    library = args.library
    if library is None:
        library = scratch / "library"
        started = time.perf_counter()
        generate_library(library, args.articles)
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.1f} s", flush=True)
    index = LibraryIndex(library)
    started = time.perf_counter()
    stats = index.update(jobs=default_jobs())
    print(f"index up to date in {time.perf_counter() - started:.1f} s ({stats.indexed} indexed)", flush=True)

    table = EntityTable.from_index(index)
    if table is None:
        print("no usable word index", file=sys.stderr)
        return 1
    total_names = sum(len(table.names_of(p)) for p in table.paths)
    print(f"entity table: {len(table):,} articles, {len(table.names):,} names, "
          f"{total_names / max(1, len(table)):.1f} names an article, read in {table.built_seconds:.2f} s")

    rng = random.Random(11)
    picks = rng.sample(table.paths, min(args.queries, len(table)))
    latencies, cpu, found = [], [], []
    for path in picks:
        started, started_cpu = time.perf_counter(), time.process_time()
        related = table.related(path, 12)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        found.append(len(related))
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    # CPU time too: on a machine shared with other work, wall time measures the sharing.
    print(f"related {len(table)} articles: table {table.built_seconds:.1f} s ({len(table.names):,} names, "
          f"{total_names / max(1, len(table)):.0f} an article); query p50 {statistics.median(latencies):.1f} ms "
          f"p95 {p95:.1f} ms max {latencies[-1]:.1f} ms (cpu p50 {statistics.median(cpu):.1f} ms, "
          f"mean {statistics.mean(cpu):.1f} ms); {statistics.mean(found):.1f} related listed on average")
    index.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
