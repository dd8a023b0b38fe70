"""Searching a library: the query language, the whoosh word index and the in-memory corpus
beside it, and the engine that ranks hits with snippets as you type."""

from reader.search.engine import Searcher, search_library
from reader.search.hits import SearchHit, SearchResult, find_spans, make_snippet
from reader.search.query import QueryError, parse_query

__all__ = ["QueryError", "SearchHit", "SearchResult", "Searcher", "find_spans", "make_snippet",
           "parse_query", "search_library"]
