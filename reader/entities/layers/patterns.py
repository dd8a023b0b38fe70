"""The pattern layer: hashtags, money, percentages, dates, and metro lines by number or stations."""

from __future__ import annotations

from reader.entities import rules
from reader.entities.candidates import P_HASHTAG, P_PATTERN, Candidate
from reader.entities.passage import Passage


def find(passage: Passage) -> list[Candidate]:
    """What the regexes of reader.entities.rules match."""
    normalized, folded = passage.normalized, passage.folded
    out = [Candidate(s, e, "hashtag", P_HASHTAG, "pattern") for s, e in rules.hashtag_spans(folded)]
    out += [Candidate(s, e, "money", P_PATTERN, "pattern") for s, e in rules.money_spans(normalized)]
    out += [Candidate(s, e, "percent", P_PATTERN, "pattern") for s, e in rules.percent_spans(normalized)]
    out += [Candidate(s, e, "date", P_PATTERN, "pattern") for s, e in rules.date_spans(normalized)]
    out += [Candidate(m.start(), m.end(), "place", P_PATTERN, "pattern") for m in rules.LINE_NUMBER_RE.finditer(normalized)]
    for m in rules.COUNTRY_PAIR_RE.finditer(normalized):
        if m.group(1) != m.group(2):
            out += [Candidate(m.start(i), m.end(i), "place", P_PATTERN, "pattern") for i in (1, 2)]
    for m in rules.DASHED_LINE_RE.finditer(normalized):
        # 捷運萬大—中和—樹林線: the operator is not part of the line's name.
        start = m.start() + (2 if normalized[m.start() : m.start() + 2] in rules.RAIL_OPERATORS else 0)
        out.append(Candidate(start, m.end(), "place", P_PATTERN, "pattern"))
    return out
