"""Text hygiene: untrusted article text made safe to show (terminal controls, bidi overrides)."""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and C1 controls. \r is handled by newline normalisation.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# ESC-introduced sequences (CSI, OSC, DCS...) are removed whole so their payload does not
# survive as visible junk ("]52;c;..."), then any lone control is dropped. A string sequence
# (OSC, DCS...) counts only when its terminator (BEL or ST) follows on the same line within
# _STRING_MAX characters: an unterminated one would otherwise swallow the rest of the article,
# so only its introducer goes and the text after it stays.
_STRING_MAX = 4096
_ESCAPE_SEQ_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    rf"|\x1b[\]PX^_][^\x07\x1b\n]{{0,{_STRING_MAX}}}(?:\x07|\x1b\\)"  # OSC / DCS / SOS / PM / APC ... BEL or ST
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    rf"|\x9d[^\x07\x9c\n]{{0,{_STRING_MAX}}}(?:\x07|\x9c)"  # 8-bit OSC
    r"|\x1b[@-Z\\-_]"  # two-character escapes (and the introducer of an unterminated string)
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


# What a printed path must not carry: C0/C1 controls (newlines too: one path, one line), DEL,
# bidi overrides and isolates.
_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _NAMED_ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable_path(path: str) -> str:
    """A file path safe to print to a terminal, still recognisable: controls and bidi marks
    shown as escapes (\\x1b, \\n), names that are not UTF-8 decoded (GBK, Big5) or shown
    with U+FFFD. File names are as untrusted as article text."""
    from reader.text.decode import decode_os_text

    return _UNPRINTABLE_RE.sub(_escape, decode_os_text(path))
