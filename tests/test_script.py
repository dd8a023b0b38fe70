"""Script variants: conversion with offset maps, the toggle, overrides, preferences."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader import script
from reader.library.article import parse_article
from reader.script import (
    ConvertedArticle,
    Overrides,
    ScriptPreferences,
    convert,
    convert_article,
    convert_text,
    detect_script,
    parse_overrides,
    toggled,
)
from reader.script import (
    ScriptVariant as V,
)
from reader.script.conversion import CHARACTER_CONFIGS, TWINS, Conversion, Converted
from reader.text import opencc_converter
from reader.text.offsets import Block, OffsetMap

NONE = Overrides()
VOCAB = ScriptPreferences(vocabulary=True)


def convert_with_config(text: str, config: str) -> Converted:
    """`text` through any one of opencc's configs, with its offset map (no override rules)."""
    return Conversion(config).mapped(text)


# --- detection and config choice -------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("美國人工智慧新創公司於2025年提交文件，同意支付至少15億美元。", V.TRADITIONAL),
        ("第二十二屆香港亞洲電影節昨晚在尖沙咀揭幕。", V.TRADITIONAL),
        ("深圳城市轨道交通运营里程已突破640公里。", V.SIMPLIFIED),
        ("Claude Opus 4", None),
        ("", None),
        ("中文", None),  # shared characters only
    ],
)
def test_detect_script(text, expected):
    assert detect_script(text) is expected


@pytest.mark.parametrize(
    "source, target, vocabulary, config",
    [
        (V.SIMPLIFIED, V.SIMPLIFIED, False, None),
        (V.SIMPLIFIED, V.TRADITIONAL, True, "s2t"),
        (V.SIMPLIFIED, V.TW, False, "s2tw"),
        (V.SIMPLIFIED, V.TW, True, "s2twp"),
        (V.SIMPLIFIED, V.HK, True, "s2hkp"),
        (V.TRADITIONAL, V.SIMPLIFIED, False, "t2s"),
        (V.TRADITIONAL, V.SIMPLIFIED, True, "tw2sp"),
        (V.TW, V.SIMPLIFIED, False, "tw2s"),
        (V.TW, V.SIMPLIFIED, True, "tw2sp"),
        (V.HK, V.SIMPLIFIED, False, "hk2s"),
        (V.HK, V.SIMPLIFIED, True, "hk2sp"),
        (V.HK, V.TRADITIONAL, True, None),
        (V.TRADITIONAL, V.TRADITIONAL, False, None),
        (V.TRADITIONAL, V.TW, True, "t2tw"),
        (V.TRADITIONAL, V.HK, False, "t2hk"),
        (None, V.TW, False, "s2tw"),
        (V.TRADITIONAL, V.ORIGINAL, True, None),
    ],
)
def test_config_for(source, target, vocabulary, config):
    assert script.config_for(source, target, vocabulary) == config


# --- conversion -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, target, prefs, expected",
    [
        ("程序员用U盘拷贝软件。", V.TW, VOCAB, "程式設計師用隨身碟複製軟體。"),
        ("程序员用U盘拷贝软件。", V.TW, ScriptPreferences(), "程序員用U盤拷貝軟件。"),
        ("人工智能软件", V.HK, ScriptPreferences(), "人工智能軟件"),
        ("台湾的头发", V.TRADITIONAL, ScriptPreferences(), "臺灣的頭髮"),
        ("台湾的头发", V.HK, ScriptPreferences(), "台灣的頭髮"),
        ("人工智慧軟體", V.SIMPLIFIED, VOCAB, "人工智能软件"),
        ("人工智慧軟體", V.SIMPLIFIED, ScriptPreferences(), "人工智慧软体"),
        ("台北市說明", V.HK, ScriptPreferences(), "台北市説明"),
        ("法院核准新台幣", V.TW, ScriptPreferences(), "法院核准新台幣"),  # not 覈准 / 臺
        ("人工智能", V.SIMPLIFIED, VOCAB, "人工智能"),
        ("人工智能", V.ORIGINAL, VOCAB, "人工智能"),
    ],
)
def test_convert_text(text, target, prefs, expected):
    result = convert(text, target, preferences=prefs, overrides=NONE)
    assert result.text == expected
    assert convert_text(text, target, preferences=prefs, overrides=NONE) == expected


def test_text_that_does_not_tell_its_script_follows_the_given_script():
    assert detect_script("法院核准") is None
    assert convert_text("法院核准", V.TRADITIONAL, overrides=NONE) == "法院覈准"  # as if Simplified
    assert convert_text("法院核准", V.TRADITIONAL, script=V.TRADITIONAL, overrides=NONE) == "法院核准"


def test_phrase_conversion_maps_words():
    text = "程序员用U盘拷贝软件，人工智能很强。"
    result = convert(text, V.TW, preferences=VOCAB, overrides=NONE)
    assert result.text == "程式設計師用隨身碟複製軟體，人工智慧很強。"

    def shown(word: str) -> str:
        start = text.index(word)
        a, b = result.span(start, start + len(word))
        return result.text[a:b]

    assert shown("程序员") == "程式設計師"
    assert shown("U盘") == "隨身碟"
    assert shown("用") == "用"
    assert shown("人工智能") == "人工智慧"
    assert shown("很强。") == "很強。"
    # and back
    start = result.text.index("隨身碟")
    assert result.source_span(start, start + 3) == (text.index("U盘"), text.index("U盘") + 2)
    # a position inside a changed word: a span start moves to the word's start
    assert result.position(1) == 0
    assert result.map.position(1, end=True) == 5


def test_character_configs_have_identity_maps():
    result = convert("深圳城市轨道交通运营里程已突破640公里。", V.TW, overrides=NONE)
    assert result.map.is_identity
    assert len(result.text) == len("深圳城市轨道交通运营里程已突破640公里。")


def test_convert_matches_opencc_on_samples():
    text = "互联网信息，网络数据库；视频、打印机：出租车 自行车\n\n鼠标内存“硬件”博客（短信）"
    for config in ("s2twp", "s2hkp", "s2t", "s2tw"):
        assert convert_with_config(text, config).text == opencc_converter(config).convert(text)


# Words that opencc's phrase tables rewrite (some with other lengths), shared and single
# characters, Latin and digits.
WORDS = (
    "软件 程序员 U盘 人工智能 互联网 信息 网络 数据库 视频 打印机 出租车 自行车 鼠标 内存 硬件 博客 "
    "短信 头发 干净 乾隆 后天 皇后 台湾 法律 程序 发 干 于 里 的 了 我 Claude 2025 年 拷贝 软 件 盘 U "
    "軟體 程式設計師 隨身碟 人工智慧 網際網路 資訊 網路 資料庫 影片 印表機 計程車 腳踏車 滑鼠 記憶體 "
    "硬體 部落格 簡訊 頭髮 乾淨 臺灣 著作 裡面 裏面 綫 說 為 電影 程式 設計 師 碟 説明 公布 核准"
).split()
SEPARATORS = ["，", "。", " ", "\n\n", "、", "「", "」", "（", "）", "…", "——", "! ", "：", "·", "\t", "“", "”"]
ALL_CONFIGS = sorted(CHARACTER_CONFIGS | set(TWINS) | {"tw2t", "hk2t"})

words_st = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)


def _check_word_spans(text: str, words: list[str], starts: list[int], result, expected: list[str]):
    for word, start, want in zip(words, starts, expected):
        a, b = result.span(start, start + len(word))
        assert result.text[a:b] == want, (word, result.text, result.map.blocks)
        assert result.source_span(a, b) == (start, start + len(word))


@pytest.mark.parametrize("config", ALL_CONFIGS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=words_st, seps=st.lists(st.sampled_from(SEPARATORS), min_size=8, max_size=8))
def test_every_span_maps_onto_its_converted_word_separated(config, words, seps):
    """Words between punctuation: each maps onto its own conversion, whatever the config."""
    convert_one = opencc_converter(config).convert
    parts, starts, pos = [], [], 0
    for word, sep in zip(words, seps):
        starts.append(pos)
        parts.append(word + sep)
        pos += len(word) + len(sep)
    text = "".join(parts)
    result = convert_with_config(text, config)
    assert result.text == convert_one(text)
    _check_word_spans(text, words, starts, result, [convert_one(w) for w in words])


@pytest.mark.parametrize("config", ALL_CONFIGS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=words_st)
def test_every_span_maps_onto_its_converted_word_adjacent(config, words):
    """Words run together: where opencc converts them word by word, each maps onto its own."""
    convert_one = opencc_converter(config).convert
    converted = [convert_one(w) for w in words]
    for k in range(len(words) + 1):
        assume(convert_one("".join(words[:k])) == "".join(converted[:k]))
        assume(convert_one("".join(words[k:])) == "".join(converted[k:]))
    text = "".join(words)
    starts = [sum(len(w) for w in words[:i]) for i in range(len(words))]
    result = convert_with_config(text, config)
    assert result.text == "".join(converted)
    _check_word_spans(text, words, starts, result, converted)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from(list("软件程序员U盘人工智能互联网鼠标内存，。 a1軟體隨身碟")), max_size=40),
    a=st.integers(0, 45),
    b=st.integers(0, 45),
)
def test_maps_are_monotonic_and_in_bounds(text, a, b):
    result = convert(text, V.TW, script=V.SIMPLIFIED, preferences=VOCAB, overrides=NONE)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    out_start, out_end = result.span(start, end)
    assert 0 <= out_start <= out_end <= len(result.text)
    assert result.span(0, len(text)) == (0, len(result.text))
    positions = [result.position(p) for p in range(len(text) + 1)]
    assert positions == sorted(positions)


def test_offset_map_blocks():
    # "ab" → "xyz" at 2..4; the rest one for one.
    m = OffsetMap.from_blocks(6, 7, [Block(2, 4, 2, 5)])
    assert m.span(0, 2) == (0, 2)
    assert m.span(2, 4) == (2, 5)
    assert m.span(3, 3) == (2, 5)
    assert m.span(4, 6) == (5, 7)
    assert m.source_span(3, 4) == (2, 4)
    assert m.source_span(5, 7) == (4, 6)
    assert m.position(99) == 7 and m.position(-3) == 0
    assert OffsetMap.identity(3).is_identity


# --- overrides --------------------------------------------------------------------------

OVERRIDE_TEXT = (
    "# names opencc gets wrong\n"
    "李干\t李干\ttraditional\n"
    "\n"
    "no tab here\n"
    "法律程序\t法律程序\n"
    "王发\t王髮\ttw, hk\n"
    "x\t\n"
    "李干\t李干\ttw\n"
    "a\tb\tmars\n"
    "a\tb\tc\td\n"
)


def test_parse_overrides_reports_bad_lines():
    overrides = parse_overrides(OVERRIDE_TEXT)
    assert {rule.source for rule in overrides.rules} == {"李干", "法律程序", "王发"}
    problems = "\n".join(overrides.problems)
    assert "line 4" in problems and "line 7" in problems and "line 9" in problems and "line 10" in problems
    assert "line 8" in problems and "this line wins" in problems
    assert len(overrides.problems) == 5


def test_overrides_win_over_opencc():
    overrides = parse_overrides("李干\t李干\ttw\n法律程序\t法律程序\n")
    assert convert("李干来了", V.TW, overrides=NONE).text == "李幹來了"
    result = convert("记者李干来了，法律程序", V.TW, preferences=VOCAB, overrides=overrides)
    assert result.text == "記者李干來了，法律程序"
    # a rule limited to other targets does not apply
    assert convert_text("李干来了", V.HK, overrides=overrides) == "李幹來了"
    assert convert_text("李干来了", V.TW, overrides=overrides) == "李干來了"


def test_override_of_other_length_is_mapped():
    overrides = parse_overrides("记者\t本報記者\n")
    text = "记者李明，软件"
    result = convert(text, V.TW, overrides=overrides)
    assert result.text == "本報記者李明，軟件"
    assert result.span(0, 2) == (0, 4)
    assert result.span(2, 4) == (4, 6)


def test_load_overrides_from_config_dir(tmp_path):
    path = script.overrides_path()
    assert script.load_overrides().rules == ()
    path.write_text("李干\t李干\n坏行\n", encoding="utf-8")
    overrides = script.load_overrides()
    assert len(overrides.rules) == 1 and len(overrides.problems) == 1
    assert convert_text("李干来了", V.TRADITIONAL) == "李干來了"  # default: the user's list
    path.write_bytes(b"\xff\xfe\x00bad")
    assert "not UTF-8" in script.load_overrides().problems[0]


# --- titles and articles ----------------------------------------------------------------


def test_sidebar_titles_convert_each_from_its_own_script():
    titles = ["台積電出口創新高", "深圳轨道交通加速成网", "Claude Opus 4"]
    assert [convert_text(t, V.SIMPLIFIED, overrides=NONE) for t in titles] == [
        "台积电出口创新高",
        "深圳轨道交通加速成网",
        "Claude Opus 4",
    ]
    assert [convert_text(t, V.HK, overrides=NONE) for t in titles] == [
        "台積電出口創新高",
        "深圳軌道交通加速成網",
        "Claude Opus 4",
    ]
    assert [convert_text(t, V.ORIGINAL) for t in titles] == titles


ARTICLE = """---
title: 人工智能软件 程序员
date: 2025-09-06
source: 科技日报
tags: [人工智能]
---

程序员用U盘拷贝软件，人工智能很强。

第二段：互联网信息。
"""


def test_convert_article_keeps_paragraphs_and_maps_body():
    article = parse_article("a.md", ARTICLE)
    shown = convert_article(article, V.TW, preferences=VOCAB, overrides=NONE)
    assert isinstance(shown, ConvertedArticle)
    assert shown.script is V.SIMPLIFIED
    assert shown.title == "人工智慧軟體 程式設計師"
    assert shown.paragraphs == ("程式設計師用隨身碟複製軟體，人工智慧很強。", "第二段：網際網路資訊。")
    assert shown.body.text == "\n\n".join(shown.paragraphs)
    start = article.body.index("信息")
    a, b = shown.body.span(start, start + 2)
    assert shown.body.text[a:b] == "資訊"
    assert shown.description == "繁體·臺灣 (from 简体)"
    original = convert_article(article, V.ORIGINAL)
    assert original.paragraphs == article.paragraphs and original.description == "简体 (original)"


# --- the toggle -------------------------------------------------------------------------

TW_PREFS = ScriptPreferences(traditional=V.TW)
HK_PREFS = ScriptPreferences(traditional=V.HK)


@pytest.mark.parametrize(
    "variant, source, prefs, expected",
    [
        (V.ORIGINAL, V.TRADITIONAL, TW_PREFS, V.SIMPLIFIED),
        (V.SIMPLIFIED, V.TRADITIONAL, TW_PREFS, V.ORIGINAL),
        (V.ORIGINAL, V.SIMPLIFIED, TW_PREFS, V.TW),
        (V.ORIGINAL, V.SIMPLIFIED, HK_PREFS, V.HK),
        (V.HK, V.SIMPLIFIED, HK_PREFS, V.ORIGINAL),
        # a variant kept from another article: shown as written → the other script
        (V.SIMPLIFIED, V.SIMPLIFIED, TW_PREFS, V.TW),
        (V.TW, V.TRADITIONAL, TW_PREFS, V.SIMPLIFIED),
        (V.ORIGINAL, None, TW_PREFS, V.TW),
        (V.TW, None, TW_PREFS, V.ORIGINAL),
    ],
)
def test_toggled(variant, source, prefs, expected):
    assert toggled(variant, source, prefs) is expected


def test_toggle_twice_returns_to_original():
    for source in (V.TRADITIONAL, V.SIMPLIFIED):
        once = toggled(V.ORIGINAL, source, TW_PREFS)
        assert once is not V.ORIGINAL
        assert toggled(once, source, TW_PREFS) is V.ORIGINAL


def test_with_preferences():
    assert script.with_preferences(V.TW, HK_PREFS) is V.HK
    assert script.with_preferences(V.SIMPLIFIED, HK_PREFS) is V.SIMPLIFIED
    assert script.with_preferences(V.ORIGINAL, HK_PREFS) is V.ORIGINAL


@pytest.mark.parametrize(
    "variant, source, text",
    [
        (V.ORIGINAL, V.TRADITIONAL, "繁體 (original)"),
        (V.SIMPLIFIED, V.TRADITIONAL, "简体 (from 繁體)"),
        (V.SIMPLIFIED, V.SIMPLIFIED, "简体 (original)"),
        (V.HK, V.SIMPLIFIED, "繁體·香港 (from 简体)"),
        (V.TRADITIONAL, V.TRADITIONAL, "繁體 (original)"),
        (V.TW, V.TRADITIONAL, "繁體·臺灣 (from 繁體)"),
        (V.ORIGINAL, None, "as written"),
    ],
)
def test_describe(variant, source, text):
    assert script.describe(variant, source) == text


# --- persistence ------------------------------------------------------------------------


def test_preferences_round_trip_and_keep_other_keys():
    from reader import locations

    assert script.load_preferences() == (ScriptPreferences(), [])
    path = locations.config_dir() / script.PREFERENCES_FILE
    path.write_text(json.dumps({"format": "preferences", "version": 1, "data": {"theme": "dark"}}))
    script.save_preferences(ScriptPreferences(traditional=V.HK, vocabulary=True))
    assert script.load_preferences() == (ScriptPreferences(traditional=V.HK, vocabulary=True), [])
    assert json.loads(path.read_text())["data"]["theme"] == "dark"


def test_corrupt_preferences_are_kept_aside():
    from reader import locations

    path = locations.config_dir() / script.PREFERENCES_FILE
    path.write_text("{not json", encoding="utf-8")
    prefs, problems = script.load_preferences()
    assert prefs == ScriptPreferences()
    assert problems and "kept as" in problems[0]
    kept = list(path.parent.glob(f"{script.PREFERENCES_FILE}.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"
    script.save_preferences(ScriptPreferences(traditional=V.TRADITIONAL))
    assert script.load_preferences()[0].traditional is V.TRADITIONAL


def test_bad_preference_values_fall_back_to_defaults():
    from reader import locations

    path = locations.config_dir() / script.PREFERENCES_FILE
    data = {"script": {"traditional": "mars", "vocabulary": "yes"}}
    path.write_text(json.dumps({"format": "preferences", "version": 1, "data": data}))
    prefs, problems = script.load_preferences()
    assert prefs == ScriptPreferences()
    assert len(problems) == 2
    with pytest.raises(ValueError):
        ScriptPreferences(traditional=V.SIMPLIFIED)


def test_variant_round_trip():
    from reader import locations

    assert script.load_variant() == (V.ORIGINAL, [])
    script.save_variant(V.SIMPLIFIED)
    assert script.load_variant() == (V.SIMPLIFIED, [])
    assert (locations.state_dir() / script.STATE_FILE).exists()
    path = locations.state_dir() / script.STATE_FILE
    path.write_text(json.dumps({"format": "script-state", "version": 1, "data": {"variant": "klingon"}}))
    variant, problems = script.load_variant()
    assert variant is V.ORIGINAL and problems


# --- wrapping survives the toggle -----------------------------------------------------------

WRAP_CHARS = list("臺灣軟體發展說明，。「」（） abcAI2025头发干净软件台湾") + ["  "]


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.sampled_from(WRAP_CHARS), max_size=60).map("".join), width=st.integers(2, 30))
def test_same_breaks_means_same_lines(text, width):
    """The toggle keeps a paragraph's cached wrap when `same_breaks` says it may."""
    from reader.ui.wrap import same_breaks, wrap

    for config in ("t2s", "s2t", "s2hk", "s2twp"):
        converted = opencc_converter(config).convert(text)
        if same_breaks(text, converted):
            assert wrap(converted, width) == wrap(text, width)


# --- regional Traditional, phrases across punctuation -----------------------------------

TW_TEXT = "他著裝整齊，在房間裡面說明為什麼群眾的衛生很重要。"
HK_TEXT = "他着裝整齊，在房間裏面説明為甚麼港島綫的衞生很重要。"


def test_detect_region():
    from reader.script import detect_region

    assert detect_region(TW_TEXT) is V.TW
    assert detect_region(HK_TEXT) is V.HK
    assert detect_region("美國人工智慧公司") is V.TW  # no regional mark: Taiwan, the commoner
    assert script.article_script(parse_article("hk.md", f"# 港聞\n\n{HK_TEXT}")) is V.HK
    assert script.article_script(parse_article("tw.md", f"# 臺灣\n\n{TW_TEXT}")) is V.TW


def test_taiwan_and_hong_kong_text_simplify_with_their_own_configs():
    assert convert_text("著裝", V.SIMPLIFIED, script=V.TW, overrides=NONE) == "着装"
    assert convert_text("密芝根州", V.SIMPLIFIED, script=V.HK, preferences=VOCAB, overrides=NONE) == "密歇根州"
    assert convert_text("軟體", V.SIMPLIFIED, script=V.TW, preferences=VOCAB, overrides=NONE) == "软件"
    # Detected from the text when not given.
    assert convert_text(TW_TEXT, V.SIMPLIFIED, overrides=NONE).startswith("他着装整齐")
    assert convert(HK_TEXT, V.SIMPLIFIED, overrides=NONE).text.startswith("他着装整齐")
    article = parse_article("hk.md", f"# 密芝根州新聞\n\n{HK_TEXT}密芝根州。")
    shown = script.convert_article(article, V.SIMPLIFIED, preferences=VOCAB, overrides=NONE)
    assert shown.title == "密歇根州新闻"
    assert shown.paragraphs[-1].endswith("密歇根州。")
    # The status line still names the family.
    assert shown.description == "简体 (from 繁體)"


PHRASE_ACROSS_HYPHEN = "伯克希尔-哈撒韦公司。"
NAMES = "导演斯皮尔伯格和作曲家里姆斯基-科萨科夫、沃恩·威廉斯。"


@pytest.mark.parametrize("config", ["s2twp", "tw2sp", "s2hkp", "hk2sp", "s2t", "t2s"])
def test_output_does_not_depend_on_the_rest_of_the_text(config):
    """One phrase that spans a "-" (伯克希尔-哈撒韦 → 波克夏海瑟威) once made the whole text
    convert piece by piece, so other names converted differently (里姆斯基 → 裡姆斯基)."""
    alone = convert_with_config(NAMES, config)
    together = convert_with_config(PHRASE_ACROSS_HYPHEN + NAMES, config)
    assert together.text == opencc_converter(config).convert(PHRASE_ACROSS_HYPHEN + NAMES)
    assert alone.text == opencc_converter(config).convert(NAMES)
    assert together.text.endswith(alone.text)
    # The map still lands each name on its converted form.
    text = PHRASE_ACROSS_HYPHEN + NAMES
    start = text.index("斯皮尔伯格")
    a, b = together.span(start, start + 5)
    a0, b0 = alone.span(NAMES.index("斯皮尔伯格"), NAMES.index("斯皮尔伯格") + 5)
    assert together.text[a:b] == alone.text[a0:b0]
    start = text.index("公司")
    a, b = together.span(start, start + 2)
    assert together.text[a:b] == opencc_converter(config).convert("公司")


def test_phrase_across_a_hyphen_maps_as_one_block():
    text = PHRASE_ACROSS_HYPHEN + NAMES
    result = convert_with_config(text, "s2twp")
    assert result.text.startswith("波克夏海瑟威公司。")
    assert result.span(0, len("伯克希尔-哈撒韦")) == (0, len("波克夏海瑟威"))
    start = text.index("里姆斯基-科萨科夫")
    a, b = result.span(start, start + len("里姆斯基-科萨科夫"))
    assert result.text[a:b] == "林姆斯基-高沙可夫"
    assert result.source_span(a, b) == (start, start + len("里姆斯基-科萨科夫"))
