"""The quoted-name layer: quoted institutions and products (「可信任ＡＩ評測中心」, 推出「通義千問」),
newspapers and magazines by their titles (《费加罗报》)."""

from __future__ import annotations

import re

from reader.entities import rules
from reader.entities.candidates import P_QUOTED, Candidate
from reader.entities.passage import Passage
from reader.entities.resolution import periodical

_VERB_STARTS = tuple("用把被从在对向给让使以将要会能")
_LAUNCHED_BEFORE_RE = re.compile(r"(?:推出|发布|上线|发表|推介|上市|开卖)了?$")


def find(passage: Passage) -> list[Candidate]:
    """Quoted organisations (by their suffix) and products (by suffix, or launched: 推出「…」)."""
    normalized = passage.normalized
    out = []
    for m in rules.QUOTED_RE.finditer(normalized):
        content = m.group(1)
        # A quoted phrase is a name only if it reads like one: no clause, no particle,
        # not a verb phrase (「用作品訓練模型」, 「迄今为止最聪明的模型」).
        if any(ch in content for ch in "，。,、；;：:！？!? 的了是把被") or len(content) > 12:
            continue
        if content.startswith(_VERB_STARTS) or content.endswith(rules.NOT_PRODUCT_SUFFIXES):
            continue
        s, e = m.start(1), m.end(1)
        if len(content) >= 4 and content.endswith(rules.QUOTED_ORG_SUFFIXES):
            out.append(Candidate(s, e, "org", P_QUOTED, "quoted"))
        elif content.endswith(rules.PRODUCT_SUFFIXES) or _LAUNCHED_BEFORE_RE.search(normalized[max(0, m.start() - 3) : m.start()]):
            out.append(Candidate(s, e, "product", P_QUOTED, "quoted"))
    for m in _WORK_TITLE_RE.finditer(normalized):
        if periodical(m.group(1)):
            out.append(Candidate(m.start(1), m.end(1), "org", P_QUOTED, "quoted"))
    return out


_WORK_TITLE_RE = re.compile(r"《([^《》\n]{2,12})》")
