"""Line breaking for mixed Chinese and Latin text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.ui.wrap import NO_LINE_END, NO_LINE_START, wrap

TEXT = "戲院，包括西九文化區 M+ 戲院，門票每張港幣85元起。評審團主席由南韓導演 Kim Ji-woo 擔任，「從家庭、移民到城市更新。」"


def lines_of(text: str, width: int) -> list[str]:
    return [text[s:e] for s, e in wrap(text, width)]


@pytest.mark.parametrize("width", [6, 10, 17, 24, 33, 80])
def test_lines_fit_and_keep_every_character(width: int) -> None:
    lines = lines_of(TEXT, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")


@pytest.mark.parametrize("width", [6, 10, 17, 24, 33])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width: int) -> None:
    for line in lines_of(TEXT, width)[1:]:
        assert line[0] not in NO_LINE_START, line
    for line in lines_of(TEXT, width):
        assert line[-1] not in NO_LINE_END, line


def test_latin_words_are_kept_whole() -> None:
    for width in (10, 12, 14):
        lines = lines_of(TEXT, width)
        assert any("Ji-woo" in line for line in lines)
        assert any(line.endswith("Kim") or "Kim " in line for line in lines)


def test_han_text_breaks_between_characters_not_before_latin_word() -> None:
    # Rich would move the whole Han run after an English word to the next line.
    lines = lines_of("包括西九文化區 M+ 戲院門票每張港幣八十五元起", 20)
    assert lines[0] == "包括西九文化區 M+ 戲"
    assert lines[1] == "院門票每張港幣八十五"


@given(st.text(alphabet=st.sampled_from(list("中文字，。「」 abcXYZ12-")), max_size=80), st.integers(2, 30))
def test_wrap_never_loses_text(text: str, width: int) -> None:
    ranges = wrap(text, width)
    assert ranges and all(0 <= s <= e <= len(text) for s, e in ranges)
    covered = "".join(text[s:e] for s, e in ranges)
    assert covered.replace(" ", "") == text.replace(" ", "")
