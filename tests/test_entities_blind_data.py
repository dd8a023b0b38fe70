"""The blind entity set (tests/data/entities-blind/) is well formed: every annotation file
names an article that exists, every span's text is the article body at its offsets, spans are
in order and never overlap, and the set covers what its README promises.

This checks the data only. It never runs the extractor: the set is held out, and scoring on it
is done by hand with tests/data/entities-blind/score.py when a figure is to be reported.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from reader.entities import ENTITY_TYPES
from reader.library import load_article

BLIND = Path(__file__).parent / "data" / "entities-blind"
ARTICLES = BLIND / "articles"
ANNOTATIONS = sorted(BLIND.glob("*.json"))


def _load(path: Path) -> tuple[dict, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, load_article(ARTICLES / data["article"]).body


def test_every_article_has_one_annotation_file() -> None:
    articles = sorted(p.name for p in ARTICLES.iterdir() if p.suffix in {".md", ".txt"})
    annotated = sorted(json.loads(p.read_text(encoding="utf-8"))["article"] for p in ANNOTATIONS)
    assert annotated == articles
    assert [p.stem for p in ANNOTATIONS] == [Path(name).stem for name in articles]
    assert len(articles) >= 14


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_spans_match_the_body_and_do_not_overlap(path: Path) -> None:
    data, body = _load(path)
    assert set(data) == {"article", "spans"}
    previous_end = 0
    for span in data["spans"]:
        assert set(span) == {"text", "type", "start", "end"}, span
        assert span["type"] in ENTITY_TYPES, span
        assert 0 <= span["start"] < span["end"] <= len(body), span
        assert body[span["start"] : span["end"]] == span["text"], span
        assert span["text"] == span["text"].strip(), span  # no stray spaces at either end
        assert span["start"] >= previous_end, f"overlaps or out of order: {span}"
        previous_end = span["end"]


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_articles_are_of_news_length(path: Path) -> None:
    data, body = _load(path)
    assert 700 <= len(body) <= 1600, (data["article"], len(body))


def test_the_set_covers_every_type_many_times() -> None:
    counts: Counter[str] = Counter()
    for path in ANNOTATIONS:
        data, _ = _load(path)
        counts.update(span["type"] for span in data["spans"])
    assert set(counts) == set(ENTITY_TYPES)
    assert min(counts.values()) >= 10, counts


def test_both_scripts_and_all_regions_are_present() -> None:
    regions = Counter(path.stem.rsplit("-", 1)[-1] for path in ANNOTATIONS)
    assert regions["tw"] >= 3 and regions["hk"] >= 3 and regions["cn"] >= 3, regions
