"""jieba, set up once: quiet, cached in the user cache dir, with user words; the shared cut."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from reader.lru import LRU

_lock = threading.Lock()
_tokenizer = None
_pending_words: list[tuple[str, int | None, str | None]] = []


def tokenizer():
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
            _tokenizer = tok
        for word, freq, tag in _pending_words:
            _tokenizer.add_word(word, freq, tag)
        _pending_words.clear()
        return _tokenizer


def add_words(words: Iterable[str | tuple[str, int | None, str | None]]) -> None:
    """Teach jieba words it must keep whole (gazetteer entries, the user dictionary).

    Words given before jieba starts are added when it does.
    """
    items = [(w, None, None) if isinstance(w, str) else tuple(w) for w in words]
    with _lock:
        if _tokenizer is None:
            _pending_words.extend(items)
            return
        for word, freq, tag in items:
            _tokenizer.add_word(word, freq, tag)


# The last texts cut: indexing cuts each body once for entity extraction and again in whoosh's
# analyzer (after the title); the second pass reuses the first.
_recent_cuts: LRU[str, list[tuple[str, int, int]]] = LRU(4)


def cut(normalized: str) -> list[tuple[str, int, int]]:
    """Every jieba word of normalised text (punctuation and spaces too) with its offsets,
    in the index's segmentation (dictionary only, no HMM guessing)."""
    return _recent_cuts.get_or_make(normalized, lambda: list(tokenizer().tokenize(normalized, HMM=False)))
