"""jieba, set up once: quiet, cached in the user cache dir, with user words; the shared cut.

The shared cut (the search index's segmentation) runs on rjieba, jieba's algorithm in Rust
(jieba-rs, same dictionary): the same words and offsets as jieba's own `tokenize(HMM=False)`
(tests/test_search_analysis.py checks both on the sample articles), eight times faster, and it
starts in a fraction of jieba's time and memory. jieba itself stays for part of speech, its
dictionary's frequencies and HMM cuts (entity extraction), and as the reference.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, cast

from reader.lru import LRU


class Tokenizer(Protocol):
    """What reader uses of a `jieba.Tokenizer` (jieba has no type hints)."""

    FREQ: dict[str, int]

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None: ...

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> Iterator[str]: ...

    def tokenize(self, unicode_sentence: str, mode: str = "default", HMM: bool = True) -> Iterator[tuple[str, int, int]]: ...


class FastCutter(Protocol):
    """What reader uses of an `rjieba.Jieba` (no type hints either)."""

    def add_word(self, word: str, freq: int | None, tag: str | None) -> int: ...

    def tokenize(self, text: str, mode: str = "default", hmm: bool = True) -> list[tuple[str, int, int]]: ...


_lock = threading.Lock()
_tokenizer: Tokenizer | None = None
_pending_words: list[str] = []
#: Every word taught with add_words, for the fast cutter when it starts.
_user_words: list[str] = []
_fast: FastCutter | None = None
#: Held while the fast cutter starts, cuts or learns a word (add_word needs it to itself).
_fast_lock = threading.Lock()

# The last texts cut: indexing cuts each body once for entity extraction and again in whoosh's
# analyzer (after the title); the second pass reuses the first.
_recent_cuts: LRU[str, list[tuple[str, int, int]]] = LRU(4)


def tokenizer() -> Tokenizer:
    """The shared, initialised jieba Tokenizer (the first call costs ~0.8 s: never on the UI
    thread)."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            from reader import locations

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            _initialize(tok, locations.cache_dir() / CACHE_NAME)
            _tokenizer = cast(Tokenizer, tok)
        for word in _pending_words:
            _tokenizer.add_word(word)
        _pending_words.clear()
        return _tokenizer


#: jieba's prefix dictionary, cached in the user cache dir (jieba's own name for it).
CACHE_NAME = "jieba.cache"


def _initialize(tok: Any, cache: Path) -> None:
    """Start jieba from its dictionary cache, or build the prefix dictionary and cache it.

    Done here rather than by jieba.initialize(): jieba writes its cache through a temp file it
    leaves behind when the disk is full, and logs a traceback when the cache dir cannot be
    written. Here the cache is written atomically when it can be, and skipped otherwise
    (jieba then builds the dictionary at each start: about 2.5 times as long as loading it)."""
    import marshal

    from reader.atomic import write_bytes_atomic

    try:
        with open(cache, "rb") as handle:
            freq, total = marshal.load(handle)
        if not isinstance(freq, dict) or not isinstance(total, int):
            raise ValueError("not a jieba dictionary cache")
        tok.FREQ, tok.total = freq, total
    except (OSError, EOFError, ValueError, TypeError):
        tok.FREQ, tok.total = tok.gen_pfdict(tok.get_dict_file())
        try:
            write_bytes_atomic(cache, marshal.dumps((tok.FREQ, tok.total)))
        except OSError:
            pass  # no cache: only slower
    tok.initialized = True


def add_words(words: Iterable[str]) -> None:
    """Teach jieba words it must keep whole (the user's names).

    Words given before jieba starts are added when it does.
    """
    words = list(words)
    with _fast_lock:
        _user_words.extend(words)
        if _fast is not None:
            for word in words:
                _fast.add_word(word, None, None)
    _recent_cuts.clear()  # cut before the words were known
    with _lock:
        if _tokenizer is None:
            _pending_words.extend(words)
            return
        for word in words:
            _tokenizer.add_word(word)


def fast_cutter() -> FastCutter:
    """The shared rjieba cutter with the user's words (~0.3 s to start)."""
    global _fast
    with _fast_lock:
        if _fast is None:
            import rjieba

            fast = cast(FastCutter, rjieba.Jieba())
            for word in _user_words:
                fast.add_word(word, None, None)
            _fast = fast
        return _fast


def cut(normalized: str) -> list[tuple[str, int, int]]:
    """Every jieba word of normalised text (punctuation and spaces too) with its offsets,
    in the index's segmentation (dictionary only, no HMM guessing): jieba's
    `tokenize(HMM=False)`, computed by rjieba."""
    return _recent_cuts.get_or_make(normalized, lambda: _fast_cut(normalized))


def _fast_cut(normalized: str) -> list[tuple[str, int, int]]:
    cutter = fast_cutter()
    with _fast_lock:
        return cutter.tokenize(normalized, "default", False)


def jieba_cut(normalized: str) -> list[tuple[str, int, int]]:
    """The same cut as `cut`, by jieba itself: the reference (slower)."""
    return list(tokenizer().tokenize(normalized, HMM=False))
