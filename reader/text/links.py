"""Links found in articles (`url:` in front matter): which are fit to show and to open."""

from __future__ import annotations

from urllib.parse import urlsplit

from reader.text.hygiene import sanitize

#: Links an article may ask to open; anything else (file:, javascript:, a shell command) is not.
SAFE_SCHEMES = frozenset({"http", "https"})


def safe_link(url: str | None) -> str | None:
    """`url` if it is a web link fit to show and hand to a browser, else None."""
    if not url:
        return None
    url = url.strip()
    if sanitize(url) != url or any(ch.isspace() for ch in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None
