"""Han characters: the one definition of which code points are Chinese ideographs."""

from __future__ import annotations

import re

#: CJK Unified Ideographs and Extension A, the compatibility ideographs, and Extensions B–H
#: (rare characters, e.g. in Hong Kong names), as inclusive (first, last) code points.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
#: The same as the body of a regex character class: f"[{HAN_CLASS}]".
HAN_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in HAN_RANGES)
_HAN_RE = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    """True for a Chinese ideograph (one character)."""
    code = ord(ch)
    return any(first <= code <= last for first, last in HAN_RANGES)


def has_han(text: str) -> bool:
    """True when `text` holds at least one Chinese ideograph."""
    return _HAN_RE.search(text) is not None
