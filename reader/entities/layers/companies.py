"""The company layer: a firm named by a word the dictionary does not know and what it does
(高瓴 + 資本, 京元 + 電子, 長實 + 集團), as news names firms without 公司; and a name's
Latin short form in brackets right after it (國家通訊傳播委員會（NCC）)."""

from __future__ import annotations

import re

from reader.entities import rules
from reader.entities.candidates import P_LATIN, P_TITLE_NAME, Candidate
from reader.entities.passage import Passage
from reader.entities.vocabulary import Vocabulary
from reader.text import is_han
from reader.text.han import HAN_CLASS

#: What may stand right before a firm's name: punctuation, conjunctions, verbs of dealing.
_BEFORE = frozenset("与和及、跟同由对向获被把让给")


def find(passage: Passage, vocabulary: Vocabulary) -> list[Candidate]:
    """Unknown words of two or three characters (or proper nouns) right before a company
    suffix, where a name may start."""
    tokens, normalized = passage.tokens, passage.normalized
    out = []
    for i in range(len(tokens) - 1):
        head, suffix = tokens[i], tokens[i + 1]
        if suffix.text not in rules.COMPANY_SUFFIXES or not 2 <= len(head.text) <= 3 or not all(is_han(ch) for ch in head.text):
            continue
        if vocabulary.count(head.text) >= 50 and vocabulary.tag(head.text) not in ("nz", "nrt"):
            continue  # 美国 + 科技, 新兴 + 科技: a description (a rare word may be a name: 長實 + 集團)
        if head.text[0] in rules.NUMERAL_CHARS or head.text.endswith(("的", "了", "在", "性", "型", "类", "级", "用")):
            continue  # 消費性 + 電子: a kind of goods
        if normalized[: head.start].endswith(("一家", "这家", "该", "某", "多家", "两家", "几家")):
            continue  # 一家 + 資安公司: a description
        before = normalized[head.start - 1] if head.start else " "
        if not (before in rules.NAME_END_CHARS or before in _BEFORE or (i and len(tokens[i - 1].text) >= 2)):
            continue
        out.append(Candidate(head.start, suffix.end, "org", P_TITLE_NAME, "company"))
    return out


#: A short form in Latin capitals (or a capitalised word) in brackets: （NCC）, (TSMC), （Nvidia）.
_ALIAS_RE = re.compile(r" ?[(（]([A-Z][A-Za-z0-9&.-]{1,15})[)）]")


def aliases(passage: Passage, chosen: list[Candidate]) -> list[Candidate]:
    """The Latin short form in brackets right after an organisation or a product (`chosen`:
    the names settled so far) names the same thing; the repeat layer finds it again."""
    out = []
    for c in chosen:
        if c.type not in ("org", "product"):
            continue
        m = _ALIAS_RE.match(passage.folded, c.end)
        if m is not None:
            out.append(Candidate(m.start(1), m.end(1), c.type, P_LATIN, "alias"))
            continue
        m = _HAN_ALIAS_RE.match(passage.normalized, c.end)
        if m is not None and c.type == "org" and _abbreviates(m.group(1), passage.normalized[c.start : c.end]):
            out.append(Candidate(m.start(1), m.end(1), "org", P_LATIN, "quoted"))  # 新鴻基地產（新地）
    return out


#: A short form in Han characters in brackets: （新地）, （國科會）.
_HAN_ALIAS_RE = re.compile(rf"[(（]([{HAN_CLASS}]{{2,4}})[)）]")


def _abbreviates(short: str, name: str) -> bool:
    """Whether `short` takes its characters from `name` in order, as short forms do (新地 from
    新鴻基地產), and is shorter."""
    pos = 0
    for ch in short:
        pos = name.find(ch, pos) + 1
        if not pos:
            return False
    return len(short) < len(name)
