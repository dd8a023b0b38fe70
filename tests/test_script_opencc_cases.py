"""OpenCC's own test cases (a selection, tests/data/opencc, Apache-2.0) through reader's
conversion: each config's expected output from text written in the script and region the
config is for, through the mapped path (article bodies), the plain path (titles, sidebar) and
a whole article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import script
from reader.library.article import parse_article
from reader.script import Overrides, ScriptPreferences, parse_overrides
from reader.script import ScriptVariant as V

CASES = json.loads((Path(__file__).parent / "data" / "opencc" / "testcases.json").read_text("utf-8"))["cases"]

#: OpenCC config → (the script and region a text is written in, the target, vocabulary on).
READER_CONFIGS = {
    "s2t": (V.SIMPLIFIED, V.TRADITIONAL, False),
    "s2tw": (V.SIMPLIFIED, V.TW, False),
    "s2twp": (V.SIMPLIFIED, V.TW, True),
    "s2hk": (V.SIMPLIFIED, V.HK, False),
    "s2hkp": (V.SIMPLIFIED, V.HK, True),
    "t2s": (V.TRADITIONAL, V.SIMPLIFIED, False),
    "tw2s": (V.TW, V.SIMPLIFIED, False),
    "tw2sp": (V.TW, V.SIMPLIFIED, True),
    "hk2s": (V.HK, V.SIMPLIFIED, False),
    "hk2sp": (V.HK, V.SIMPLIFIED, True),
    "t2tw": (V.TRADITIONAL, V.TW, False),
    "t2hk": (V.TRADITIONAL, V.HK, False),
}

PAIRS = [
    pytest.param(case["input"], config, expected, id=f"{case['id']}-{config}")
    for case in CASES
    for config, expected in case["expected"].items()
    if config in READER_CONFIGS
]


def test_the_selection_covers_every_config_reader_uses():
    assert len(PAIRS) >= 140
    assert {pair.values[1] for pair in PAIRS} == set(READER_CONFIGS)


@pytest.mark.parametrize(("text", "config", "expected"), PAIRS)
def test_opencc_case_through_reader(text: str, config: str, expected: str) -> None:
    written, target, vocabulary = READER_CONFIGS[config]
    preferences = ScriptPreferences(vocabulary=vocabulary)
    assert script.config_for(written, target, vocabulary) == config
    mapped = script.convert(text, target, script=written, preferences=preferences, overrides=Overrides())
    assert mapped.text == expected
    assert mapped.map.output_length == len(expected)
    assert script.convert_text(text, target, script=written, preferences=preferences, overrides=Overrides()) == expected


@pytest.mark.parametrize(("text", "config", "expected"), [p for p in PAIRS if p.values[1] in {"tw2s", "tw2sp", "hk2s", "hk2sp", "s2twp"}])
def test_opencc_case_as_an_article_body_after_other_text(text: str, config: str, expected: str) -> None:
    """The same case as the last paragraph of an article that also holds a phrase spanning
    punctuation: what the rest of the article contains changes nothing."""
    written, target, vocabulary = READER_CONFIGS[config]
    before = "伯克希尔-哈撒韦公司。" if written is V.SIMPLIFIED else "林姆斯基-高沙可夫。"
    article = parse_article("case.md", f"# 標題\n\n{before}\n\n{text}")
    shown = script.convert_article(
        article, target, script=written, preferences=ScriptPreferences(vocabulary=vocabulary), overrides=Overrides()
    )
    assert shown.paragraphs[-1] == expected


def test_where_reader_deliberately_differs_the_users_overrides_win():
    """reader's one deliberate difference from opencc: the user's script-overrides.txt. Here
    法律程序 (which s2twp would make 法律程式) is kept, while the case's own words still follow
    opencc."""
    overrides = parse_overrides("法律程序\t法律程序\n")
    vocabulary = ScriptPreferences(vocabulary=True)
    text = "法律程序和市场营销"
    assert script.convert_text(text, V.TW, script=V.SIMPLIFIED, preferences=vocabulary, overrides=Overrides()) == "法律程式和市場行銷"
    assert script.convert_text(text, V.TW, script=V.SIMPLIFIED, preferences=vocabulary, overrides=overrides) == "法律程序和市場行銷"
