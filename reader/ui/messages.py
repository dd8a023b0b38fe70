"""Messages that workers post when their work is done: thread safe, handled on the UI thread.

A worker never touches a widget. It posts one of these to the node that asked for the work
(the app, the main screen, the search panel), whose handler puts the outcome on screen and
drops what arrives too late (another article opened, the query typed on). They are addressed
to that node: they do not bubble.
"""

from __future__ import annotations

from textual.message import Message

from reader.entities import EntitySpan
from reader.library import Library
from reader.library.article import Article, ArticleInfo
from reader.search import SearchResult


class Outcome(Message, bubble=False):
    """What came of a worker's work, for the node that started it."""


# --- the library and its articles ---------------------------------------------------------


class LibraryOpened(Outcome):
    """The library folder (or file) was listed."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


class LibraryFailed(Outcome):
    """The library could not be opened; `reason` says why, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ArticleLoaded(Outcome):
    """An article was read from disk; `focus`: give the article view focus when shown."""

    def __init__(self, article: Article, focus: bool) -> None:
        super().__init__()
        self.article = article
        self.focus = focus


class ArticleFailed(Outcome):
    """An article listed in the library could not be read."""

    def __init__(self, info: ArticleInfo, reason: str) -> None:
        super().__init__()
        self.info = info
        self.reason = reason


class EntitiesFound(Outcome):
    """The entities of `article` (found off the UI thread: jieba is slow to start)."""

    def __init__(self, article: Article, spans: tuple[EntitySpan, ...]) -> None:
        super().__init__()
        self.article = article
        self.spans = spans


class StoreWarning(Outcome):
    """Saved settings could not be read or written; the app carries on with what it has."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title = title
        self.text = text


# --- the search index and searches ----------------------------------------------------------


class IndexProgress(Outcome):
    """What keeping the search index current is doing, for the search status line ("" once
    it is done). Only the latest matters: a burst of them collapses into the last one."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class SearcherReady(Outcome):
    """A searcher over the index (or over a newer state of it) is ready: a query waiting for
    it, or answered by an older one, may be searched again."""


class SearchDone(Outcome):
    """The answer to `query` (as it was typed)."""

    def __init__(self, query: str, result: SearchResult) -> None:
        super().__init__()
        self.query = query
        self.result = result


class SearchFailed(Outcome):
    """`query` could not be searched; `reason` says why, for the status line."""

    def __init__(self, query: str, reason: str) -> None:
        super().__init__()
        self.query = query
        self.reason = reason



# --- links ----------------------------------------------------------------------------------


class LinkOpened(Outcome):
    """An article's link was handed to a browser (`opened`), or there was none to hand it to."""

    def __init__(self, url: str, opened: bool) -> None:
        super().__init__()
        self.url = url
        self.opened = opened
