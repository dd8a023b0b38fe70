"""Text hygiene: stripping control characters and the length-preserving search normalisation."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

# C0 controls except \t and \n, DEL, and C1 controls. \r is handled by newline normalisation.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# ESC-introduced sequences (CSI, OSC, DCS...) are removed whole so their payload does not
# survive as visible junk ("]52;c;..."), then any lone control is dropped.
_ESCAPE_SEQ_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC / DCS / SOS / PM / APC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
    r"|\x1b[@-Z\\-_]"  # two-character escapes
)
# Bidi overrides and isolates can make text display in a different order than it is stored.
_BIDI_RE = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def sanitize(text: str) -> str:
    """Make untrusted article text safe to show: unify newlines, drop terminal controls.

    Keeps \\n and \\t; removes ESC/CSI/OSC sequences whole, other C0/C1 controls, bidi
    overrides, and the zero-width no-break space (stray BOMs).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQ_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    text = _BIDI_RE.sub("", text)
    return text.replace("\ufeff", "")


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc

    # Without the tofu-risk dictionaries opencc avoids rare characters that terminals show as
    # boxes.
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=False)


_converter_lock = threading.Lock()


def opencc_converter(config: str):
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


def fold_width_case(text: str) -> str:
    """Full-width Latin and digits to ASCII, Latin to lower case; same length as the input."""
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


def is_han(ch: str) -> bool:
    """True for CJK ideographs."""
    return "CJK UNIFIED IDEOGRAPH" in unicodedata.name(ch, "") or "\u3400" <= ch <= "\u9fff"
