"""Telling a word index that is missing, damaged or being replaced from a bug: whoosh raises
many kinds of error for the first, and searching must fall back to the scan only then."""

from __future__ import annotations

import pickle
import struct
import traceback
import warnings
import zlib

#: What whoosh raises, as a plain Exception, for a damaged postings file or hash table.
_DAMAGE_MESSAGES = ("Block tag error", "Unknown index type")


def index_trouble(exc: BaseException) -> bool:
    """Whether whoosh raised `exc` because the word index on disk is missing, damaged or being
    replaced under an open searcher, rather than because of a bug. The index is a cache: on
    such trouble searching falls back to the scan, and the next update rebuilds it.

    Found by damaging indexes (truncated files, flipped bits, garbage, zeros), by rebuilding
    one in another process under an open searcher, and in whoosh's source: its own IndexError
    (EmptyIndexError when the folder is emptied, IndexVersionError), OSError (files gone: it
    retries, then gives up), struct.error and EOFError (truncated files), zlib.error (damaged
    compressed blocks), a plain Exception for a damaged postings header or hash table, and,
    while reading a table of contents, anything at all."""
    from whoosh.filedb.filetables import FileFormatError
    from whoosh.index import TOC
    from whoosh.index import IndexError as WhooshIndexError

    damaged = (WhooshIndexError, OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, FileFormatError)
    if isinstance(exc, damaged):
        return True
    if type(exc) is Exception and str(exc).startswith(_DAMAGE_MESSAGES):
        return True
    # A table of contents is a pickle of the schema, whose analyzers are stored by import
    # path: a damaged one, or one written by another version of reader, fails to unpickle
    # with any error (UnicodeDecodeError, ModuleNotFoundError, AttributeError, TypeError...).
    read_toc = TOC.read.__func__.__code__
    return any(frame.f_code is read_toc for frame, _line in traceback.walk_tb(exc.__traceback__))


def drop_quietly(exc: BaseException) -> None:
    """Close the files whoosh left open when it failed with `exc`: only the error's frames
    hold them, and they would close later with a ResourceWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        traceback.clear_frames(exc.__traceback__)
