"""The product layer: models named by a product line or a maker and a code (天璣9500, 海豹06,
驍龍8至尊版, 小米17; 理想 + i8), where the text says a product is meant.

It runs after the chains, on the names settled so far (a maker must be known first), and its
names are copied everywhere else in the text by the repeat layer.
"""

from __future__ import annotations

import re

from reader.entities.candidates import P_GAZETTEER, Candidate
from reader.entities.passage import Passage
from reader.entities.vocabulary import Vocabulary
from reader.text.han import HAN_CLASS

#: A model's code and its edition: 9500, 06, YU7, i8, L90, 8 Gen 3, 17 Pro, 8至尊版.
_CODE = (
    r"(?:[A-Za-z]{1,3}\d{1,4}[A-Za-z]?|\d{1,4}[A-Za-z]{0,2})"
    r"(?: ?(?:Gen ?\d|Pro\+?|Max|Ultra|Plus|PLUS|Air|mini|SE|Lite|EV|DM-i))*"
    r"(?:至尊版|旗舰版|标准版|专业版|青春版|增程版|纯电版)?"
)
_CODE_RE = re.compile(_CODE + r"(?![A-Za-z0-9%.])")
#: A product line in Han characters right before its code.
_LINE_RE = re.compile(rf"([{HAN_CLASS}]{{2,3}})({_CODE})(?![A-Za-z0-9%.])")
#: Words shortly before a model that say a product is meant (推出, 旗下, 晶片).
_CUES = (
    "推出", "发布", "发表", "亮相", "搭载", "首发", "旗下", "首款", "新款", "新一代", "旗舰", "自家", "采用", "车型", "新车",
    "晶片", "芯片", "处理器", "手机", "新机", "系列", "型号", "机型", "品牌", "开卖", "上市", "预订", "交付",
)
#: Words right after a model that say it is a product (天璣9500晶片, 海豹06車型).
_NOUNS_AFTER = ("晶片", "芯片", "处理器", "手机", "车型", "纯电", "电动车", "轿车", "系列", "新机", "机型", "平板", "笔电")
#: What after a code makes it a quantity, a date or a network (3奈米, 2025年, 5G).
_UNITS = frozenset("年月日号元个家台辆名位岁季成倍%度亿万千百米奈纳座款项次期届条股户人比分")
#: Characters no product line holds (第三代, 今年8月, 约9500).
_NOT_A_LINE = frozenset("第代今去明前后年月日的在是和与及将于从为到约近共逾超达至每各该这那其上下个以场")
#: Suffixes of a firm's name that leave the maker's name before them (理想 + 汽車, 小米 + 集團).
_FIRM_SUFFIXES = ("汽车", "集团", "公司", "科技", "控股", "手机", "电子")


def find(passage: Passage, chosen: list[Candidate], vocabulary: Vocabulary) -> list[Candidate]:
    """Products named by a line or a maker and a code, given the names settled so far."""
    normalized, folded = passage.normalized, passage.folded
    out: list[Candidate] = []
    makers = {normalized[c.start : c.end] for c in chosen if c.type == "org" and c.end - c.start >= 2}
    for name in list(makers):
        for suffix in _FIRM_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                makers.add(name[: len(name) - len(suffix)])  # 理想汽車: 理想 makes cars
    for c in chosen:
        if c.type == "product" and c.layer == "gazetteer":
            after = _CODE_RE.match(folded, c.end)
            if after is not None and _is_model(after.group(), normalized, after.end()):
                out.append(Candidate(c.start, after.end(), "product", P_GAZETTEER, "product"))  # 昇騰 + 910C
    for m in _LINE_RE.finditer(folded):
        line, code = normalized[m.start(1) : m.end(1)], m.group(2)
        if not _is_model(code, normalized, m.end()):
            continue
        for cut in range(len(line) - 2 + 1):
            # The line may be the end of a longer run of Han characters: 旗艦晶片天璣 → 天璣.
            name = line[cut:]
            start = m.start(1) + cut
            if any(ch in _NOT_A_LINE for ch in name):
                continue
            if name in makers:
                if code[:1].isdigit() and not any(ch.isalpha() for ch in code.split(" ")[0]):
                    out.append(Candidate(start, m.end(), "product", P_GAZETTEER, "product"))  # 小米17
                else:
                    # 理想 + i8, 高通 + X2: the maker and its model are two names.
                    out.append(Candidate(start, m.start(2), "org", P_GAZETTEER, "product"))
                    out.append(Candidate(m.start(2), m.end(), "product", P_GAZETTEER, "product"))
                break
            tokens = passage.tokens_over(start, start + len(name))
            if not tokens or tokens[0].start != start:
                continue  # the line must start on a word's edge
            if vocabulary.count(name) >= 500 and vocabulary.tag(name) != "nz":
                continue  # an everyday word before a number (理想 8, 目标 2)
            if normalized[max(0, start - 8) : start].endswith(_CUES) or _cue_near(normalized, start) or normalized.startswith(_NOUNS_AFTER, m.end()):
                out.append(Candidate(start, m.end(), "product", P_GAZETTEER, "product"))
                break
    return out


def _is_model(code: str, normalized: str, end: int) -> bool:
    """Whether a code is a model's, not a quantity, a year or a network (3奈米, 2025年, 5G)."""
    if normalized[end : end + 1] in _UNITS or code.upper() in ("5G", "4G", "3G", "6G", "AI"):
        return False
    digits = code.rstrip("至尊版旗舰标准专业青春增程纯电")
    return not (digits.isdigit() and len(digits) == 4 and digits[:2] in ("19", "20"))


def _cue_near(normalized: str, start: int) -> bool:
    """A cue word among the few characters before the line (推出了新款 + 海豹06)."""
    window = normalized[max(0, start - 8) : start]
    return any(cue in window for cue in _CUES[:12])
