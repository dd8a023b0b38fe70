"""Score reader's entity extractor on the blind set: span-exact precision, recall and F1,
overall and per type (a span counts only when start, end and type all match).

    python tests/data/entities-blind/score.py          # figures
    python tests/data/entities-blind/score.py -v       # and every miss and false mark

The set is held out: report its figures, never tune rules on what -v shows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.entities import ENTITY_TYPES, extract_entities
from reader.library import load_article

HERE = Path(__file__).resolve().parent


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    totals = {kind: [0, 0, 0] for kind in ENTITY_TYPES}  # true positives, false positives, misses
    strays: list[tuple[str, str, str]] = []
    for path in sorted(HERE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = load_article(HERE / "articles" / data["article"]).body
        gold = {(s["start"], s["end"], s["type"]) for s in data["spans"]}
        found = {(s.start, s.end, s.type) for s in extract_entities(body)}
        tp, fp, fn = gold & found, found - gold, gold - found
        # false marks that touch no annotated span at all: a common word, a dish, an event
        stray = {x for x in fp if not any(a < x[1] and x[0] < b for a, b, _ in gold)}
        strays.extend((data["article"], body[x[0] : x[1]], x[2]) for x in sorted(stray))
        for kind in ENTITY_TYPES:
            totals[kind][0] += sum(1 for x in tp if x[2] == kind)
            totals[kind][1] += sum(1 for x in fp if x[2] == kind)
            totals[kind][2] += sum(1 for x in fn if x[2] == kind)
        p, r = _ratio(len(tp), len(tp) + len(fp)), _ratio(len(tp), len(tp) + len(fn))
        print(f"{data['article']:40} P {p:.3f}  R {r:.3f}  F1 {_f1(p, r):.3f}  ({len(gold)} spans)")
        if verbose:
            for start, end, kind in sorted(fn):
                print(f"    missed  {kind:8} {body[start:end]}")
            for start, end, kind in sorted(fp):
                where = body[max(0, start - 6) : end + 6].replace("\n", " ")
                print(f"    marked  {kind:8} {body[start:end]}  (…{where}…)")
    tp = sum(t[0] for t in totals.values())
    fp = sum(t[1] for t in totals.values())
    fn = sum(t[2] for t in totals.values())
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    print(f"\noverall: {tp + fn} annotated, {tp + fp} found, {tp} exact: P {p:.3f}  R {r:.3f}  F1 {_f1(p, r):.3f}")
    print(f"false marks touching no annotated span: {len(strays)}")
    for article, text, kind in strays:
        print(f"    {article[:2]}  {kind:8} {text}")
    print("\n| type | annotated | found | exact | P | R | F1 |\n| --- | --- | --- | --- | --- | --- | --- |")
    for kind, (a, b, c) in totals.items():
        kp, kr = _ratio(a, a + b), _ratio(a, a + c)
        print(f"| {kind} | {a + c} | {a + b} | {a} | {kp:.3f} | {kr:.3f} | {_f1(kp, kr):.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
