"""Western European files in Windows-1252: decoded as such, not as a Central European page."""

from __future__ import annotations

import pytest

from reader.text.decode import decode_bytes

FRENCH = "Le dessert: crème brûlée et café.\n\nUne deuxième phrase, très simple."
POLISH = "Zażółć gęślą jaźń, to polski tekst. Łódź i Kraków."


@pytest.mark.parametrize(
    "text",
    [FRENCH, "Café naïve résumé — “quoted” text here.\n\nDeuxième paragraphe."],
)
def test_windows_1252_text_is_decoded_as_windows_1252(text: str) -> None:
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_central_european_text_keeps_its_code_page() -> None:
    assert decode_bytes(POLISH.encode("cp1250")).text == POLISH
