"""Settling what the layers propose: no overlaps, and no names inside the titles of works.

An overlap goes to the stronger layer, then to the longer span, then to the earlier one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.entities import rules
from reader.entities.candidates import Candidate
from reader.entities.spans import NAME_TYPES


def resolve(candidates: list[Candidate], n: int) -> list[Candidate]:
    """Non-overlapping candidates: higher priority first, then longer, then earlier."""
    taken = bytearray(n)
    chosen = []
    for c in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if c.end <= c.start or c.end > n:
            continue
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


class TitleZone(NamedTuple):
    """A range holding the title of a work or a short quoted name."""

    start: int
    end: int
    #: Whether a name covering the whole range is still allowed (“书香中国” may be a name).
    whole_name_ok: bool


_WORK_TITLE_RE = re.compile(r"《[^《》\n]{1,40}》")
_TITLE_INTRO = ("特展", "展览", "展", "电影", "影片", "纪录片", "新书", "小说", "节目", "单元", "主题", "名为", "题为", "专辑", "歌曲")


def title_zones(normalized: str) -> list[TitleZone]:
    """Ranges holding the title of a work or a short quoted name (《深水埗之夜》,
    特展「青花東渡：…」, “书香中国”): names inside them are not marked."""
    # 《费加罗报》: a newspaper's title is also its publisher's name.
    zones = [TitleZone(m.start() + 1, m.end() - 1, periodical(m.group(0)[1:-1])) for m in _WORK_TITLE_RE.finditer(normalized)]
    for m in rules.QUOTED_RE.finditer(normalized):
        content = m.group(1)
        if normalized[max(0, m.start() - 3) : m.start()].endswith(_TITLE_INTRO) or (len(content) <= 8 and not any(ch in content for ch in "，。,、；;：:！？!? ")):
            zones.append(TitleZone(m.start(1), m.end(1), True))
    return zones


def periodical(title: str) -> bool:
    """Whether the title of a work names a newspaper or a magazine (费加罗报, 经济周刊)."""
    return 2 <= len(title) <= 12 and title.endswith(rules.PERIODICAL_SUFFIXES) and not any(ch in title for ch in "，。、：:！？ ")


def in_title_zone(c: Candidate, zones: list[TitleZone]) -> bool:
    """Whether a name lies inside a zone where it must not be marked (the user's names may)."""
    if c.type not in NAME_TYPES or c.layer == "user":
        return False
    for start, end, whole_name_ok in zones:
        if start <= c.start and c.end <= end:
            if whole_name_ok and (c.start, c.end) == (start, end):
                return False
            if not whole_name_ok or c.type in ("place", "person"):
                return True
    return False
