"""Entity quality on hand-annotated sample articles: precision and recall, printed and held
to at least 0.90. The annotations (tests/data/entities/, guidelines in its README) say what a
careful reader would mark; a span counts when its start, end and type all match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import locations
from reader.entities import ENTITY_TYPES, extract_entities
from reader.library.article import load_article

DATA = Path(__file__).parent / "data" / "entities"
MINIMUM = 0.90


def _annotated() -> list[tuple[str, str, set[tuple[int, int, str]]]]:
    items = []
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = load_article(locations.sample_articles() / data["article"]).body
        for span in data["spans"]:  # the annotation still fits the article
            assert body[span["start"] : span["end"]] == span["text"], (path.name, span)
        items.append((data["article"], body, {(s["start"], s["end"], s["type"]) for s in data["spans"]}))
    return items


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


class _Summary:
    """Prints the figures at the end of a normal pytest run (no -s needed)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def pytest_terminal_summary(self, terminalreporter) -> None:
        terminalreporter.section("entity extraction quality")
        for line in self.lines:
            terminalreporter.write_line(line)


def test_precision_and_recall_on_annotated_articles(request: pytest.FixtureRequest) -> None:
    items = _annotated()
    assert len(items) >= 6
    scripts = {name.rsplit("-", 1)[-1].split(".")[0] for name, _, _ in items}
    assert {"tw", "hk", "cn"} <= scripts  # Traditional and Simplified
    lines = []
    tp = fp = fn = 0
    by_type = {kind: [0, 0, 0] for kind in ENTITY_TYPES}
    for name, body, gold in items:
        predicted = {(s.start, s.end, s.type) for s in extract_entities(body)}
        a, b, c = len(gold & predicted), len(predicted - gold), len(gold - predicted)
        tp, fp, fn = tp + a, fp + b, fn + c
        for kind in ENTITY_TYPES:
            by_type[kind][0] += sum(1 for x in gold & predicted if x[2] == kind)
            by_type[kind][1] += sum(1 for x in predicted - gold if x[2] == kind)
            by_type[kind][2] += sum(1 for x in gold - predicted if x[2] == kind)
        lines.append(f"  {name:42} P {_ratio(a, a + b):.3f}  R {_ratio(a, a + c):.3f}  ({len(gold)} spans)")
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    lines.insert(0, f"{len(items)} articles, {tp + fn} annotated spans: precision {precision:.3f}, recall {recall:.3f}")
    lines.append(
        "  by type: "
        + ", ".join(
            f"{kind} {_ratio(t, t + f):.2f}/{_ratio(t, t + n):.2f}" for kind, (t, f, n) in by_type.items() if t + f + n
        )
        + " (P/R)"
    )
    request.config.pluginmanager.register(_Summary(lines), "entity-quality-summary")
    print("\n".join(lines))
    assert precision >= MINIMUM and recall >= MINIMUM, "\n".join(lines)
