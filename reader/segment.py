"""jieba, set up once: quiet, cached in the user cache dir, with user words; shared tokenizer."""

from __future__ import annotations

import logging
import threading
from typing import Iterable

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


def is_ready() -> bool:
    """Whether jieba has already been initialised (so tokenising costs no start-up)."""
    return _tokenizer is not None
