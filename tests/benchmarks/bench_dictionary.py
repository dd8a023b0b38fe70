"""Benchmark of the word-mode dictionary (not a test): python tests/benchmarks/bench_dictionary.py

Prints the index build time and size (the child process the app runs), then, in a fresh
process that already has opencc loaded as the app does: the time to open the index, the first
lookup, lookups of every word of the sample articles (p50/p95), and the memory (RSS, anonymous
and file-backed) before and after. Figures are noisy on a shared machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def rss() -> dict[str, int]:
    """VmRSS, RssAnon, RssFile of this process in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) // 1024
    return fields


def measure(index: Path) -> None:
    from reader.library import iter_article_files
    from reader.library.article import load_article
    from reader.locations import sample_articles
    from reader.text import opencc_converter
    from reader.text.segment import cut

    for config in ("t2s", "s2t"):
        opencc_converter(config).convert("預熱")  # the app has these already
    words = []
    for path in iter_article_files(sample_articles()):
        article = load_article(path)
        words.extend(word for word, _, _ in cut(article.body) if word.strip())
    before = rss()
    start = time.perf_counter()
    from reader.dictionary.lookup import Dictionary, DictionaryIndex

    dictionary = Dictionary(DictionaryIndex(index))
    opened = time.perf_counter()
    dictionary.lookup("銀行")
    first = time.perf_counter()
    after_first = rss()
    times = []
    for word in words:
        t0 = time.perf_counter()
        dictionary.lookup(word)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    after_all = rss()
    print(f"open + import {1000 * (opened - start):.1f} ms; first lookup {1000 * (first - opened):.2f} ms")
    print(
        f"{len(words)} lookups of the sample articles' words: p50 {statistics.median(times):.3f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.3f} ms, max {times[-1]:.1f} ms"
    )
    print(f"rss before {before}")
    print(f"rss after the first lookup {after_first}")
    print(f"rss after all lookups {after_all}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "cedict.idx"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reader.dictionary", str(index)], check=True)
        built = time.perf_counter() - start
        print(f"build (child process) {built:.1f} s; index {index.stat().st_size / 1e6:.1f} MB")
        subprocess.run([sys.executable, __file__, "--measure", str(index)], check=True)


if __name__ == "__main__":
    main()
