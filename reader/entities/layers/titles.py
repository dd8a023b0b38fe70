"""The title layer: a person's name right after a title (董事長魏哲家) or before one (刘洋教授)."""

from __future__ import annotations

import re

from reader.entities import rules
from reader.entities.candidates import P_TITLE_NAME, Candidate
from reader.entities.passage import Passage
from reader.entities.vocabulary import Vocabulary
from reader.text import is_han

_TITLE_RE = re.compile("|".join(map(re.escape, rules.TITLES)))
_TITLE_AFTER_RE = re.compile("|".join(map(re.escape, rules.TITLES_AFTER)))


def find(passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """Surname-first names of two to four characters next to a title, where names sit."""
    normalized = passage.normalized
    out = []
    token_starts = {t.start for t in passage.tokens}
    for m in _TITLE_RE.finditer(normalized):
        if m.start() not in token_starts:
            continue  # 主編 in 自主編程 is no title
        q = m.end()
        for length in (4, 3) if normalized[q : q + 2] in rules.COMPOUND_SURNAMES else (3, 2):
            name = normalized[q : q + length]
            if len(name) < length or not all(is_han(ch) for ch in name):
                continue
            if name[0] not in rules.SURNAMES and name[:2] not in rules.COMPOUND_SURNAMES:
                break
            if not vocabulary.plausible_name(name):
                continue
            if passage.name_ends_at(q + length):
                out.append(Candidate(q, q + length, "person", P_TITLE_NAME, "title"))
                break
    for m in _TITLE_AFTER_RE.finditer(normalized):
        s = m.start()
        for length in (3, 2):
            start = s - length
            if start < 0:
                continue
            name = normalized[start:s]
            if not all(is_han(ch) for ch in name) or name[0] not in rules.SURNAMES:
                continue
            if not vocabulary.plausible_name(name):
                continue
            before = normalized[start - 1] if start > 0 else " "
            if before in rules.NAME_END_CHARS or before in "的与和及、":
                out.append(Candidate(start, s, "person", P_TITLE_NAME, "title"))
                break
    return out
