"""The entity tuning set (tests/data/entities-tune/) is well formed and up to date: every span's
text is the body at its offsets, and the JSON files are what build.py makes of the marked
sources."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.entities import ENTITY_TYPES
from reader.library import load_article

TUNE = Path(__file__).parent / "data" / "entities-tune"
ANNOTATIONS = sorted(TUNE.glob("*.json"))


def test_every_marked_source_has_an_article_and_annotations() -> None:
    marked = sorted(p.stem for p in (TUNE / "marked").glob("*.txt"))
    assert marked == [p.stem for p in ANNOTATIONS]
    assert sorted(p.stem for p in (TUNE / "articles").glob("*.txt")) == marked
    assert len(marked) >= 6


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_spans_match_the_body_and_the_marked_source(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    body = load_article(TUNE / "articles" / data["article"]).body
    previous_end = 0
    for span in data["spans"]:
        assert span["type"] in ENTITY_TYPES, span
        assert body[span["start"] : span["end"]] == span["text"], span
        assert span["start"] >= previous_end, span
        previous_end = span["end"]
    marked = (TUNE / "marked" / f"{path.stem}.txt").read_text(encoding="utf-8")
    assert [(s["type"], s["text"]) for s in data["spans"]] == re.findall(r"\{([a-z]+):([^{}]+)\}", marked)
