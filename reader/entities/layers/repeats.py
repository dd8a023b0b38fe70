"""The repeat layer: a name found by its context once is that name everywhere in the text.

The context is a title, a quote, a suffix; a Latin person's surname alone (Alsup) is that person.
"""

from __future__ import annotations

import re

from reader.entities import latin_names
from reader.entities.candidates import P_REPEAT, Candidate
from reader.entities.passage import Passage
from reader.entities.spans import NAME_TYPES


def find(passage: Passage, chosen: list[Candidate]) -> list[Candidate]:
    """Every other occurrence of the names in `chosen` that context found."""
    normalized, folded = passage.normalized, passage.folded
    out = []
    # A dict, not a set: the order (and so which of two equal candidates wins) must not
    # depend on the interpreter's hash seed.
    seen: dict[tuple[str, str], None] = {}
    for c in chosen:
        if c.layer not in ("title", "pos", "quoted", "chain", "latin", "product", "company", "alias") or c.type not in NAME_TYPES:
            continue
        if c.layer == "pos" and c.type != "person":
            continue
        text = folded[c.start : c.end]
        if c.layer == "latin":
            if c.type == "person" and " " in text:
                last = text.rsplit(" ", 1)[1]
                if len(last) >= 3 and latin_names.is_titlecase(last):
                    seen.setdefault((last, "person-latin"), None)
            continue
        if c.layer == "alias":
            seen.setdefault((folded[c.start : c.end], c.type + "-latin"), None)
            continue
        seen.setdefault((normalized[c.start : c.end], c.type), None)
    for key, kind in seen:
        if kind.endswith("-latin"):
            # Latin names match as written, whole words only (Alsup, NCC).
            for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])", folded):
                out.append(Candidate(m.start(), m.end(), kind.removesuffix("-latin"), P_REPEAT, "repeat"))
            continue
        if len(key) < 2:
            continue
        for m in re.finditer(re.escape(key), normalized):
            out.append(Candidate(m.start(), m.end(), kind, P_REPEAT, "repeat"))
    return out
