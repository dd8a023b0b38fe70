"""jieba, set up once: quiet, cached in the user cache dir, with user words; the shared cut."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Protocol, cast

from reader.lru import LRU


class Tokenizer(Protocol):
    """What reader uses of a `jieba.Tokenizer` (jieba has no type hints)."""

    FREQ: dict[str, int]

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None: ...

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> Iterator[str]: ...

    def tokenize(self, unicode_sentence: str, mode: str = "default", HMM: bool = True) -> Iterator[tuple[str, int, int]]: ...


_lock = threading.Lock()
_tokenizer: Tokenizer | None = None
_pending_words: list[str] = []


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
            tok.tmp_dir = str(locations.cache_dir())
            tok.initialize()
            _tokenizer = cast(Tokenizer, tok)
        for word in _pending_words:
            _tokenizer.add_word(word)
        _pending_words.clear()
        return _tokenizer


def add_words(words: Iterable[str]) -> None:
    """Teach jieba words it must keep whole (the user's names).

    Words given before jieba starts are added when it does.
    """
    with _lock:
        if _tokenizer is None:
            _pending_words.extend(words)
            return
        for word in words:
            _tokenizer.add_word(word)


# The last texts cut: indexing cuts each body once for entity extraction and again in whoosh's
# analyzer (after the title); the second pass reuses the first.
_recent_cuts: LRU[str, list[tuple[str, int, int]]] = LRU(4)


def cut(normalized: str) -> list[tuple[str, int, int]]:
    """Every jieba word of normalised text (punctuation and spaces too) with its offsets,
    in the index's segmentation (dictionary only, no HMM guessing)."""
    return _recent_cuts.get_or_make(normalized, lambda: list(tokenizer().tokenize(normalized, HMM=False)))
