"""What each part of opening and searching a library costs in memory (not a test: run it by hand).

    python tests/benchmarks/bench_memory.py --library DIR --home HOME [--tracemalloc]

In one fresh process with READER_HOME=HOME (index the library there first, e.g. with
`READER_HOME=HOME reader index DIR`), takes the steps the app takes, in its order, and prints the
process's resident memory (VmRSS) after each and what it added: Textual and the app's modules,
the library's catalog, the search index's corpus and its decoded texts, whoosh's searcher, a
search, rjieba, opencc's converters, then entity extraction as the app ran
it in process before (jieba's tokenizer and frequency table, its part-of-speech table, the name
lists, the extractor), and the entity process the app now uses (its own RSS, read from /proc).
`--tracemalloc` also prints the Python allocations each step kept (slower; the RSS figures then
include tracemalloc's own bookkeeping).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

CODE = r"""
import gc, os, sys, time, tracemalloc
from pathlib import Path

use_trace = sys.argv[2] == "1"
if use_trace:
    tracemalloc.start()

def rss(pid="self"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

last = rss()
print(f"{'python':34s} rss {last:7.1f} MB")
last_traced = tracemalloc.get_traced_memory()[0] if use_trace else 0

def step(name, fn):
    global last, last_traced
    started = time.process_time()
    result = fn()
    cpu = time.process_time() - started
    gc.collect()
    now = rss()
    extra = ""
    if use_trace:
        traced = tracemalloc.get_traced_memory()[0]
        extra = f"  python allocations {(traced - last_traced) / 2**20:+7.1f} MB"
        last_traced = traced
    print(f"{name:34s} rss {now:7.1f} MB  {now - last:+7.1f} MB  cpu {cpu:5.2f} s{extra}", flush=True)
    last = now
    return result

library = Path(sys.argv[1])
step("import textual + the app", lambda: __import__("reader.ui.app"))
from reader.library.catalog import open_library
lib = step("library catalog and listing", lambda: open_library(library))
from reader.search.index import LibraryIndex
index = LibraryIndex(library)
step("index load (corpus)", index.load)
from reader.search import Searcher
searcher = step("searcher", lambda: Searcher.for_index(index))
step("searcher warm-up (texts, whoosh)", searcher.warm_up)
step("a few searches", lambda: [searcher.search(q, 60) for q in ("中国", "经济发展", "台北 市长", "软件")])
from reader.text import segment
step("rjieba (word spans)", segment.fast_cutter)
from reader.script.conversion import Conversion
step("opencc converters (s2twp, t2s)", lambda: [Conversion("s2twp").text("中国软件"), Conversion("t2s").text("中國軟體")])
text = index.corpus.original(0)
if sys.argv[3] == "in-process":
    step("jieba tokenizer + frequency table", segment.tokenizer)
    from reader.entities.vocabulary import pos_tags
    step("jieba part-of-speech table", pos_tags)
    from reader.entities.gazetteer import shipped_names
    step("name lists (gazetteer)", shipped_names)
    from reader.entities import extract_entities
    step("extractor + one article, quick", lambda: extract_entities(text, with_model=False))
else:
    from reader.entities import process
    step("entity process: one article, quick", lambda: process.extract(text, with_model=False))
    step("entity process: with the model", lambda: process.extract(text, with_model=True))
    pid = process.child_pid()
    if pid is not None:
        print(f"{'  the entity process itself':34s} rss {rss(pid):7.1f} MB")
    process.release()
print(f"{'peak (ru_maxrss)':34s} rss {__import__('resource').getrusage(__import__('resource').RUSAGE_SELF).ru_maxrss / 1024:7.1f} MB")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", required=True)
    parser.add_argument("--home", required=True)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--entities", choices=["in-process", "child"], default="child",
                        help="extract entities in this process (as the app did) or in the entity process")
    args = parser.parse_args()
    env = {**os.environ, "READER_HOME": args.home}
    subprocess.run([sys.executable, "-c", CODE, args.library, "1" if args.tracemalloc else "0", args.entities],
                   env=env, check=True)


if __name__ == "__main__":
    main()
