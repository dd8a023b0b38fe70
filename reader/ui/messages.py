"""Messages that workers post when their work is done: thread safe, handled on the UI thread.

A worker never touches a widget. It posts one of these to the node that asked for the work
(the app, the main screen, the search panel), whose handler puts the outcome on screen and
drops what arrives too late (another article opened, the query typed on). They are addressed
to that node: they do not bubble.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    # Named for the reader only: importing them here would load the search engine, entity
    # extraction and the dictionary before the app's first frame, which needs none of them.
    from reader.dictionary import Dictionary
    from reader.entities import EntitySpan
    from reader.entities.chunked import EntityProgress
    from reader.library import Library
    from reader.library.article import Article, ArticleInfo
    from reader.library.watch import LibraryChanges
    from reader.search import SearchResult
    from reader.search.related import RelatedArticle


class Outcome(Message, bubble=False):
    """What came of a worker's work, for the node that started it."""


# --- the library and its articles ---------------------------------------------------------


class LibraryOpened(Outcome):
    """The library folder (or file) was listed (`checked`), or its catalog's listing read
    (not checked against the folder yet); `read`: the articles read while listing."""

    def __init__(self, library: Library, *, checked: bool = True, read: dict[str, Article] | None = None) -> None:
        super().__init__()
        self.library = library
        self.checked = checked
        self.read = read or {}


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
    """The entities of `article` (found off the UI thread: jieba is slow to start); of a big
    article, those found so far (`progress`). `complete` is False for a set still growing: the
    rules' quick set shown while the model finds the rest, or the pieces found so far."""

    def __init__(
        self,
        article: Article,
        spans: tuple[EntitySpan, ...],
        progress: EntityProgress | None = None,
        *,
        complete: bool = True,
        problem: str = "",
    ) -> None:
        super().__init__()
        self.article = article
        self.spans = spans
        self.progress = progress
        self.complete = complete
        #: Why the entity process failed (said once; the spans then come from the app itself).
        self.problem = problem


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



# --- related articles and the library's changes on disk -------------------------------------


class RelatedFound(Outcome):
    """The articles related to the one at `path`; `related` is None when the search index
    cannot tell yet (`note` says why, for the panel; ask again later)."""

    def __init__(self, path: str, related: list[RelatedArticle] | None, names: dict[str, str],
                 note: str = "") -> None:
        super().__init__()
        self.path = path
        self.related = related
        #: Shared names (normalised) → as written in the article at `path`.
        self.names = names
        self.note = note


class FilesChanged(Outcome):
    """Files under the library folder changed on disk (from the folder watcher's thread)."""

    def __init__(self, paths: set[str]) -> None:
        super().__init__()
        self.paths = paths


class LibraryChanged(Outcome):
    """The library was brought up to date with its folder: what changed, and the library now."""

    def __init__(self, changes: LibraryChanges) -> None:
        super().__init__()
        self.changes = changes


class LibraryProgress(Outcome):
    """Reading a batch of new or changed files: `done` of `total`. Only the latest matters."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LibraryProgress)


# --- word mode ------------------------------------------------------------------------------


class DictionaryReady(Outcome):
    """The word-mode dictionary is open (its index built first if it had to be)."""

    def __init__(self, dictionary: Dictionary, built: bool) -> None:
        super().__init__()
        self.dictionary = dictionary
        self.built = built


class DictionaryFailed(Outcome):
    """The dictionary could not be opened or built; `reason` says why, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


# --- links ----------------------------------------------------------------------------------


class LinkOpened(Outcome):
    """An article's link was handed to a browser (`opened`), or there was none to hand it to."""

    def __init__(self, url: str, opened: bool) -> None:
        super().__init__()
        self.url = url
        self.opened = opened
