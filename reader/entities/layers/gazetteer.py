"""The gazetteer layer: the shipped names, where the segmenter agrees (中和 is no place in 集中和).

A short place grows into the word it starts: 台北|市, 湖北省|政府.
"""

from __future__ import annotations

from reader.entities import rules
from reader.entities.candidates import P_GAZETTEER, Candidate
from reader.entities.gazetteer import NameList
from reader.entities.passage import Passage, Token
from reader.entities.vocabulary import Vocabulary


def find(passage: Passage, names: NameList, vocabulary: Vocabulary) -> list[Candidate]:
    """The names of `names` (the shipped gazetteer) that the segmentation allows."""
    normalized, tokens = passage.normalized, passage.tokens
    out = []
    covering = _covering_index(tokens, len(normalized))
    for s, e, kind in names.han_matches(normalized):
        if e - s <= 2 and kind == "place" and s >= 1 and normalized[s - 1] in rules.SURNAMES and normalized[: s - 1].endswith(rules.TITLES):
            continue  # 策略師 + 葉尚志: a person's given name after a title, not the place 尚志
        if e - s <= 2:
            # Short names must agree with the segmenter (中和 is not a place in 集中和),
            # but words its HMM made up (上水及) are no evidence.
            first, last = tokens[covering[s]], tokens[covering[e - 1]]
            if first.start != s and vocabulary.is_known(first.text):
                continue
            if last.end != e and vocabulary.is_known(last.text):
                # 台北|市 grows to the token; 美國|法院 keeps the place; 美國人 is no place.
                grown = _grow_into_token(kind, normalized[e : last.end], last.text, vocabulary)
                if grown is None:
                    continue
                rest = normalized[e : last.end]
                if grown == "org" and kind == "place" and not rest.endswith(_BODIES) and any(k == "org" and a == 0 for a, _, k in names.han_matches(rest)):
                    grown = ""  # 德國 + 西門子公司: a listed organisation after a place is a name of its own
                if grown:
                    e, kind = last.end, grown
        elif kind == "place" and _ends_inside_a_word(tokens[covering[e - 1]], e, vocabulary):
            continue  # 數碼港|元: a longer place's end is the start of a word (港元)
        elif kind == "place" and _grows_to_place_word(tokens[covering[s]], s, e, vocabulary):
            e = tokens[covering[s]].end  # 奧克蘭港, 布宜諾斯艾利斯省: one place word to the segmenter
        elif kind == "org":
            last = tokens[covering[e - 1]]
            rest = normalized[e : last.end]
            if rest and len(rest) <= 4 and (rest.endswith(rules.ORG_SUFFIXES) or normalized[s : last.end].endswith(_WHOLE_ORG_WORDS)):
                e = last.end  # 全国人大|常委会, 中共中央|统战部: one word, a unit of the body; 鳳凰衛視|台
        out.append(Candidate(s, e, kind, P_GAZETTEER, "gazetteer"))
    return out


def _grows_to_place_word(first: Token, s: int, e: int, vocabulary: Vocabulary) -> bool:
    """Whether the word starting the name is a longer place word of the dictionary that ends
    in a place suffix (奧克蘭 + 港, 布宜諾斯艾利斯 + 省)."""
    rest = first.text[e - s :]
    return first.start == s and first.end > e and len(rest) == 1 and rest in _PLACE_WORD_ENDS and vocabulary.tag(first.text) == "ns"


#: Endings that make a listed name and what follows it in one word one organisation.
_WHOLE_ORG_WORDS = ("电视台", "广播电台", "电台", "日报社", "报社", "出版社", "通讯社")
#: A country's own bodies: the place is part of their name (美國國務院, 美國財政部).
_BODIES = (*rules.GOVERNMENT_SUFFIXES, "国务院", "政府", "院")
#: Currencies named after their country (印度盧比, 瑞典克朗).
_CURRENCIES = frozenset("卢比 卢布 比索 法郎 马克 里拉 英镑 镑 克朗 第纳尔 里亚尔 林吉特 兰特 铢 盾 元 币 先令 谢克尔 雷亚尔".split())
#: One-character endings that make a longer place word (奧克蘭港, 布宜諾斯艾利斯省).
_PLACE_WORD_ENDS = frozenset("省市县州区港湾岛")


def _ends_inside_a_word(last: Token, e: int, vocabulary: Vocabulary) -> bool:
    """Whether a name ending at `e` ends inside `last`, a two-character dictionary word that
    starts on the name's last character and is no place suffix (數碼|港元)."""
    return last.start == e - 1 and last.end == e + 1 and vocabulary.is_known(last.text) and vocabulary.tag(last.text)[:1] in ("m", "n", "v", "q")


def _grow_into_token(kind: str, rest: str, token: str, vocabulary: Vocabulary) -> str | None:
    """A short name ends inside a longer word `token`, `rest` being the part after it:
    the type of the whole word (台北|市, 羅馬|尼亞, 湖北省|政府), "" to keep the name
    alone (美國|法院), or None to drop it (美國|人, 西班牙|人)."""
    if kind == "org" and rest.endswith(rules.ORG_SUFFIXES) and len(rest) <= 4:
        return "org"  # 全国人大|常委会, 中共中央|统战部: a unit of the body
    if kind != "place":
        return None
    if rest.endswith(rules.EVENT_SUFFIXES):
        return None  # 上海書展
    if rest in _CURRENCIES:
        return ""  # 印度 + 盧比: a country's currency, the country is the name
    if len(rest) == 1 and rest in rules.ADMIN_SUFFIXES:
        return "place"
    if rest in ("政府", "市政府"):
        return "org"
    if rest.endswith(rules.VENUE_SUFFIXES):
        return "place"  # 上海展覽中心
    tag = vocabulary.tag(token)
    if tag == "ns":
        return "place"
    if tag == "nt":
        return "" if token.endswith(rules.GENERIC_INSTITUTIONS) else "org"
    if tag[:1] == "n" and tag != "n":
        return None  # other proper names and demonyms: nz, nr, nrt
    if len(rest) >= 2 and vocabulary.is_known(rest):
        return ""
    return None


def _covering_index(tokens: list[Token], n: int) -> list[int]:
    """For each offset, the index of the token covering it."""
    index = [0] * n
    for i, tok in enumerate(tokens):
        for p in range(tok.start, tok.end):
            index[p] = i
    return index
