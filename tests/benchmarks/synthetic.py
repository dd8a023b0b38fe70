"""A synthetic library for benchmarks: articles of words drawn by frequency from jieba's dictionary."""

from __future__ import annotations

import bisect
import datetime as dt
import os
import random
from pathlib import Path

LATIN_NAMES = ["Claude Opus 4", "Anthropic", "TSMC", "OpenAI", "GPT-4o", "iPhone 16", "Nvidia"]
SOURCES = ["中央社", "聯合報", "明報", "新华社", "澎湃新闻", "端傳媒", "財新"]


def _dictionary() -> tuple[list[str], list[int]]:
    import jieba

    words, cumulative, total = [], [], 0
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            total += int(parts[1])
            words.append(parts[0])
            cumulative.append(total)
    return words, cumulative


def generate_library(root: Path, articles: int, *, chars: int = 1500, seed: int = 7) -> Path:
    """Write `articles` Markdown files under `root`; every other one in Traditional script."""
    from reader.text import opencc_converter

    rng = random.Random(seed)
    words, cumulative = _dictionary()
    total = cumulative[-1]
    to_traditional = opencc_converter("s2tw")

    def draw(k: int) -> list[str]:
        return [words[bisect.bisect_left(cumulative, rng.random() * total)] for _ in range(k)]

    def sentence() -> str:
        parts = draw(rng.randint(6, 18))
        if rng.random() < 0.05:
            parts.insert(rng.randrange(len(parts) + 1), f" {rng.choice(LATIN_NAMES)} ")
        text = "".join(parts)
        cut = rng.randrange(2, max(3, len(text) - 2))
        return text[:cut] + "，" + text[cut:] + "。"

    root.mkdir(parents=True, exist_ok=True)
    start = dt.date(2020, 1, 1)
    for number in range(articles):
        paragraphs, length = [], 0
        while length < chars:
            paragraph = "".join(sentence() for _ in range(rng.randint(2, 5)))
            paragraphs.append(paragraph)
            length += len(paragraph)
        title = "".join(draw(rng.randint(3, 6)))
        tags = draw(2)
        text = (
            "---\n"
            f"title: {title}\n"
            f"date: {start + dt.timedelta(days=number % 1500)}\n"
            f"source: {rng.choice(SOURCES)}\n"
            f"tags: [{', '.join(tags)}]\n"
            "---\n\n" + "\n\n".join(paragraphs) + "\n"
        )
        if number % 2:
            text = to_traditional.convert(text)
        folder = root / f"{number // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"article-{number:05d}.md").write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":
    import sys
    import time

    t0 = time.perf_counter()
    generate_library(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"generated in {time.perf_counter() - t0:.1f} s")
