"""Front matter through libyaml gives what the limited pure-Python loader gives, and whatever a
limit could concern still goes through the limited loader."""

from __future__ import annotations

import pytest
import yaml

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
    fast = []
    real = front_matter._load_fast
    monkeypatch.setattr(front_matter, "_load_fast", lambda t, d: fast.append(real(t, d)) or fast[-1])
    assert load_yaml(text) == limited(text)
    assert fast and fast[-1][0] is (len(text) <= front_matter._FAST_MAX_CHARS)


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
