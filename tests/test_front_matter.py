"""Front matter through libyaml gives what the limited pure-Python loader gives, and whatever a
limit could concern still goes through the limited loader."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library import front_matter
from reader.library.front_matter import _LimitedLoader, load_yaml

pytestmark = pytest.mark.skipif(getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML without libyaml")

TYPICAL = [
    "title: 单词问题引是\ndate: 2020-01-01\nsource: 明報\ntags: [有, 前后]",
    "title: 'Claude Opus 4'\ndate: 2024-13-45\ntags:\n  - 人工智慧\n  - AI\nurl: https://example.com/a?b=1",
    "title: \"引號 \\\"內\\\"\"\ncount: 12\nratio: 1.5\ndraft: false\nnothing: null\nwhen: 2024-02-08 10:30:00",
    "big: " + "9" * 5000,
    "title: 多行\ndescription: >\n  第一行\n  第二行\nnotes: |\n  保留\n  換行",
    "- 不是\n- 鍵值",
    "",
]


def limited(text: str) -> object:
    loader = _LimitedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@pytest.mark.parametrize("text", TYPICAL)
def test_libyaml_loads_front_matter_as_the_limited_loader_does(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded, value = front_matter._load_fast(text, front_matter._flow_depth(text))
    assert loaded is (len(text) <= front_matter._FAST_MAX_CHARS)
    if loaded:
        assert value == limited(text)
    assert load_yaml(text) == limited(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x",  # aliases: counted and expanded by the limited loader only
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 20)) + "  " * 20 + "v: 1",  # deep
        "a: " + "- " * 40 + "x",
        "a: [" * 9 + "1" + "]" * 9,
        "tags: [" + ", ".join("x" for _ in range(6000)) + "]",  # more values than the expansion limit
        "title: [unclosed",  # invalid: the limited loader's error is what the user reads
    ],
)
def test_front_matter_a_limit_could_concern_goes_the_limited_way(text: str) -> None:
    loaded, _value = front_matter._load_fast(text, front_matter._flow_depth(text))
    assert not loaded


# --- simple front matter, read without YAML ----------------------------------------------------

SIMPLE = [
    "title: 心于让你们也蔡茂德\ndate: 2020-03-31\nsource: 財新\ntags: [它们, 设有]",
    "title: Claude Opus 4 的發布\ndate: 2024-13-45\nurl: https://example.com/a?b=1#c\ndraft: no\nnote:",
    "# a comment\n\nTitle: C# 與 F#  \ntags: []\nsource: 中央社, 台北",
]


@pytest.mark.parametrize("text", SIMPLE)
def test_simple_front_matter_is_read_as_yaml_reads_it(text: str) -> None:
    assert front_matter._load_simple(text) is not None
    assert front_matter._load_simple(text) == limited(text) == load_yaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "title: 'quoted'", 'title: "quoted"', "count: 12", "ratio: 1.5", "time: 2024-02-08 10:30:00",
        "title: a: b", "title: a # comment", "title: [a, [b]]", "tags: [a, , b]", "tags: [a, b, ]", "title: [a?]",
        "title: |\n  block", "title: >\n  folded", "a:\n  nested: 1", "- item", "yes: 1", "null: x",
        "title: &anchor x", "title: *alias", "title: !tag x", "title: -x", "title:\tx", "title: x\n  more",
        "title: x\u2028y", "tags: [~]", "title: x\ufeff", "key:value", "標題: 中文鍵", "---", "",
    ],
)
def test_front_matter_yaml_could_read_otherwise_goes_to_yaml(text: str) -> None:
    assert front_matter._load_simple(text) is None


_PIECES = ["a", "中文", " ", "  ", ":", ": ", "#", " #", "-", "[", "]", ",", "{", "}", "'", '"', "&", "*", "!",
           "|", ">", "%", "@", "`", "?", "~", ".", "0", "12", "1:20", "2020-03-31", "2020-13-45", "yes", "No",
           "null", "true", "\t", "\u3000", "\u00a0", "\\", "é"]
_values = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
_lines = st.one_of(
    st.tuples(st.sampled_from(["title", "date", "tags", "Source", "url", "on", "a_1", "x"]),
              st.one_of(_values, st.lists(_values, max_size=4).map(lambda items: "[" + ",".join(items) + "]")))
    .map(lambda kv: f"{kv[0]}: {kv[1]}"),
    _values,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_lines, min_size=1, max_size=5).map("\n".join))
def test_what_is_read_without_yaml_is_what_yaml_reads(text: str) -> None:
    simple = front_matter._load_simple(text)
    if simple is not None:
        assert simple == limited(text)
