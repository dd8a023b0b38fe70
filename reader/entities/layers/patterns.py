"""The pattern layer: hashtags, money, percentages, dates, and metro lines by number or stations."""

from __future__ import annotations

from reader.entities import rules
from reader.entities.candidates import P_GAZETTEER, P_HASHTAG, P_PATTERN, Candidate
from reader.entities.passage import Passage
from reader.entities.vocabulary import Vocabulary


def find(passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
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
    out += _committees(passage, vocabulary)
    for m in rules.DASHED_LINE_RE.finditer(normalized):
        # 捷運萬大—中和—樹林線: the operator is not part of the line's name.
        start = m.start() + (2 if normalized[m.start() : m.start() + 2] in rules.RAIL_OPERATORS else 0)
        out.append(Candidate(start, m.end(), "place", P_PATTERN, "pattern"))
    return out


def _committees(passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """Party committees: 省委, 县委, 团县委, with the place and the party before them
    (吉林省委, 栾城县委, 中共河北省委, 共青团衡阳市委)."""
    normalized = passage.normalized
    out = []
    for m in rules.COMMITTEE_RE.finditer(normalized):
        start = m.start()
        admin = start + (1 if normalized[start] == "团" else 0)
        over = passage.tokens_over(admin, admin + 1)
        tok = over[0] if over else None
        if tok is not None and tok.start < admin and tok.end <= m.end():
            start = tok.start  # 栾城县|委, 河北省委: the place and its level are one word
        elif start == admin:
            before = passage.tokens_over(start - 1, start) if start else []
            if before and before[0].end == start and vocabulary.tag(before[0].text) == "ns":
                start = before[0].start  # 吉林 + 省委
        prefix = next((p for p in rules.COMMITTEE_PREFIXES if normalized.startswith(p, start - len(p))), "")
        # As strong as a listed name: a chain may grow it (省委 + 宣传部).
        out.append(Candidate(start - len(prefix), m.end(), "org", P_GAZETTEER, "pattern"))
    return out
