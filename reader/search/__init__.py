"""Searching a library: the query language, the whoosh word index and the in-memory corpus
beside it, and the engine that ranks hits with snippets as you type.

The names below are imported when first used: the app's first screen imports modules of this
package (related articles) without the engine, which it needs only once the index is loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.search.engine import Searcher, search_library
    from reader.search.hits import SearchHit, SearchResult, find_spans, make_snippet
    from reader.search.query import QueryError, parse_query

_WHERE = {
    "Searcher": "engine", "search_library": "engine",
    "SearchHit": "hits", "SearchResult": "hits", "find_spans": "hits", "make_snippet": "hits",
    "QueryError": "query", "parse_query": "query",
}

__all__ = ["QueryError", "SearchHit", "SearchResult", "Searcher", "find_spans", "make_snippet",
           "parse_query", "search_library"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
