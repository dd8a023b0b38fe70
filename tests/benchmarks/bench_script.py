"""Benchmark of script conversion (not a test): python tests/benchmarks/bench_script.py [FOLDER]

Targets: toggling a 10,000-character article ≤ 50 ms. The sidebar converts only the rows in
view, each on its own; 10k titles one by one show what a title costs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from reader.library import iter_article_files
from reader.library.article import Article, load_article
from reader.locations import sample_articles
from reader.script import (
    Overrides,
    ScriptPreferences,
    article_script,
    convert_article,
    convert_text,
    detect_script,
    toggled,
)
from reader.script import (
    ScriptVariant as V,
)
from reader.text import opencc_converter

RUNS = 15


def timed(label: str, work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"{label:<58} median {median:7.2f} ms   max {max(times):7.2f} ms")
    return median


def sized_article(articles: list[Article], simplified: bool, chars: int = 10_000) -> Article:
    own = [a for a in articles if (opencc_converter("t2s").convert(a.body) == a.body) == simplified]
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < chars:
        for article in own:
            paragraphs.extend(article.paragraphs)
    text = "\n\n".join(paragraphs)[:chars]
    base = own[0]
    return Article(info=base.info, paragraphs=tuple(text.split("\n\n")))


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else sample_articles()
    articles = [load_article(path) for path in iter_article_files(folder)]
    titles = [f"{a.title} {i}" for i in range(10_000 // len(articles) + 1) for a in articles][:10_000]
    prefs = ScriptPreferences()
    vocab = ScriptPreferences(vocabulary=True)
    none = Overrides()
    start = time.perf_counter()
    for config in ("t2s", "s2t", "s2tw", "s2twp", "tw2sp", "t2tw", "s2hk", "t2hk", "s2hkp", "tw2s", "hk2s"):
        opencc_converter(config)
    print(f"opencc set-up (11 configs, once per process): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    detect_script("中文")
    print(f"script character classes (once per process): {(time.perf_counter() - start) * 1000:.0f} ms\n")

    # The sidebar converts the rows in view one by one, each from its own script.
    def each(target: V, preferences: ScriptPreferences) -> list[str]:
        return [convert_text(t, target, preferences=preferences, overrides=none) for t in titles]

    print(f"{len(titles)} sidebar titles, {sum(map(len, titles))} characters")
    timed("detect each title's script", lambda: [detect_script(t) for t in titles])
    timed("convert to Simplified (detecting scripts)", lambda: each(V.SIMPLIFIED, prefs))
    timed("convert to Taiwan (detecting scripts)", lambda: each(V.TW, prefs))
    timed("convert to Taiwan + vocabulary (detecting scripts)", lambda: each(V.TW, vocab))

    print()
    for simplified in (False, True):
        article = sized_article(articles, simplified)
        own = article_script(article)
        print(f"article of {len(article.body)} characters, {len(article.paragraphs)} paragraphs, written in {own}")
        timed("  detect its script", lambda: article_script(article))
        for preferences, name in ((prefs, "characters"), (vocab, "vocabulary")):
            target = toggled(V.ORIGINAL, own, ScriptPreferences(traditional=V.TW))
            timed(
                f"  toggle to {target.value}, {name} (script known)",
                lambda: convert_article(article, target, script=own, preferences=preferences, overrides=none),
            )
            timed(
                f"  toggle to {target.value}, {name} (detecting script)",
                lambda: convert_article(article, target, preferences=preferences, overrides=none),
            )
            shown = convert_article(article, target, script=own, preferences=preferences, overrides=none)
            blocks = len(shown.body.map.blocks)
            spans = [(i, i + 2) for i in range(0, len(article.body) - 2, 20)]
            timed(f"  map {len(spans)} highlight spans ({blocks} changed blocks)", lambda: [shown.body.span(a, b) for a, b in spans])


if __name__ == "__main__":
    main()
