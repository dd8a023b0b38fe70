"""The length-preserving normalisation that matching uses (Simplified, ASCII width, lower case),
and the shared opencc converters."""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Protocol


class Converter(Protocol):
    """What reader uses of an `opencc.OpenCC` (opencc has no type hints)."""

    def convert(self, text: str) -> str: ...


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class _SafeConverter:
    """An opencc converter that also takes lone surrogates (bytes of a file name or a
    command-line argument that were not UTF-8): opencc encodes its input as UTF-8 and raises
    on them. Each becomes U+FFFD, one character for one, so offsets still line up."""

    def __init__(self, config: str) -> None:
        import opencc

        # Without the tofu-risk dictionaries opencc avoids rare characters that terminals show
        # as boxes.
        self._opencc = opencc.OpenCC(config, include_tofu_risk_dictionaries=False)

    def convert(self, text: str) -> str:
        try:
            return str(self._opencc.convert(text))
        except UnicodeEncodeError:
            return str(self._opencc.convert(_SURROGATE_RE.sub("\ufffd", text)))


@cache
def _converter(config: str) -> Converter:
    return _SafeConverter(config)


_converter_lock = threading.Lock()


def opencc_converter(config: str) -> Converter:
    """A shared OpenCC converter (construction is cached; converting is thread safe)."""
    with _converter_lock:
        return _converter(config)


def _fold_char(ch: str) -> str:
    """One character folded for matching: full-width ASCII to ASCII, lower case."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    elif ch == "\u3000":
        ch = " "
    low = ch.lower()
    # Some characters lower-case to more than one (İ → i̇); keep the length instead.
    return low if len(low) == 1 else ch


_FOLD_TABLE: dict[int, str] = {}


#: Full-width ASCII (and the ideographic space) and its ASCII.
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000]")
_NARROW = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def _narrow(match: re.Match[str]) -> str:
    return _NARROW[match.group()]


def fold_width_case(text: str) -> str:
    """Full-width Latin and digits to ASCII, Latin to lower case; same length as the input."""
    if text.isascii():
        return text.lower()
    # In C: width, then case. str.lower() folds each character alone, except that it may
    # lengthen the text (İ → i̇, kept as is here) and that Σ depends on the next letter; only
    # then is the text folded one character at a time.
    narrow = _WIDE_RE.sub(_narrow, text)
    low = narrow.lower()
    if len(low) == len(narrow) and "Σ" not in narrow:
        return low
    out = []
    for ch in text:
        code = ord(ch)
        folded = _FOLD_TABLE.get(code)
        if folded is None:
            folded = _fold_char(ch)
            _FOLD_TABLE[code] = folded
        out.append(folded)
    return "".join(out)


def normalize(text: str) -> str:
    """Text folded for matching: Simplified script, ASCII width, lower case.

    Length preserving, character for character, so offsets into the result are offsets into
    the original text (opencc's t2s config is character-level).
    """
    folded = fold_width_case(text)
    simplified = opencc_converter("t2s").convert(folded)
    if len(simplified) != len(folded):  # defensive: never hand out shifted offsets
        return folded
    return simplified
