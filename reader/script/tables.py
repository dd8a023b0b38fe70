"""The characters that tell the scripts and regions apart, drawn from opencc's tables and kept
in the cache dir.

Drawing them takes opencc four converters and a pass over the 21,000 everyday Han characters
(≈0.2 s, most of it building the converters, which hold the GIL): the first article opened
paid that before it was shown. They depend on opencc's tables alone, so they are kept, with
the opencc they came from, and drawn again when that changes (or the file is damaged).
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path

from reader import locations
from reader.atomic import write_json_atomic

#: Bump when what is drawn changes.
TABLES_VERSION = 1


def tables_file() -> Path:
    return locations.cache_dir() / "script-tables.json"


def _opencc_stamp() -> str:
    """Which opencc the tables come from: its package's place, size and time (finding it
    does not import it)."""
    spec = importlib.util.find_spec("opencc")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return ""
    try:
        stat = os.stat(origin)
    except OSError:
        return ""
    return f"{TABLES_VERSION}:{origin}:{stat.st_size}:{stat.st_mtime_ns}"


def cached_tables(name: str, draw: Callable[[], list[str]], *, file: Path | None = None,
                  limit: int | None = None) -> list[str]:
    """The strings `draw()` makes, from the cache file (default: tables_file()) when it holds
    them for this opencc, else drawn now and kept (a cache that cannot be written only costs
    time next start). With `limit`, the file keeps that many names, the latest."""
    path = tables_file() if file is None else file
    stamp = _opencc_stamp()
    kept: dict[str, object] = {}
    try:
        with open(path, encoding="utf-8") as opened:
            loaded = json.load(opened)
        if isinstance(loaded, dict) and loaded.get("opencc") == stamp:
            kept = loaded
    except (OSError, ValueError, RecursionError):
        pass  # missing or damaged: drawn again
    value = kept.get(name)
    if stamp and isinstance(value, list) and all(isinstance(part, str) for part in value):
        return value
    drawn = draw()
    if stamp:
        kept.pop("opencc", None)
        kept[name] = drawn
        if limit is not None:
            kept = dict(list(kept.items())[-limit:])
        try:
            write_json_atomic(path, {"opencc": stamp, **kept})
        except OSError:
            pass
    return drawn
