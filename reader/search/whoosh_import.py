"""Importing whoosh without what it imports for nothing.

whoosh.compat takes `urlretrieve` from urllib.request (a Python 2 compatibility name; whoosh
never calls it), and importing urllib.request brings http.client, email and ssl along: 20 to
50 ms of CPU, a tenth of a one-off `reader search`. While whoosh.compat is imported, a
stand-in for urllib.request is in its place; its `urlretrieve` imports the real module when
called. Nothing else sees the stand-in: it is removed once whoosh.compat is imported.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_NAME = "urllib.request"


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    return importlib.import_module(_NAME).urlretrieve(*args, **kwargs)


def import_whoosh() -> None:
    """Import whoosh's compatibility module without urllib.request (call before any other
    import of whoosh; later ones find it imported)."""
    if "whoosh.compat" in sys.modules or _NAME in sys.modules:
        return
    stand_in = types.ModuleType(_NAME, "stands in for urllib.request while whoosh.compat is imported")
    stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules[_NAME] = stand_in
    try:
        importlib.import_module("whoosh.compat")
    finally:
        if sys.modules.get(_NAME) is stand_in:
            del sys.modules[_NAME]
