"""Search tokens: normalised text segmented by jieba, sequential positions, original offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from whoosh.analysis import Token as _WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.compat import dumps
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from reader.text import normalize
from reader.text.segment import cut

if TYPE_CHECKING:
    from reader.entities.extraction import EntityExtractor

# A token worth indexing has a letter, digit or ideograph: punctuation and spaces are dropped.
_WORDLIKE_RE = re.compile(r"\w")


def _segments(normalized: str) -> Iterator[tuple[str, int, int]]:
    for word, start, end in cut(normalized):
        if _WORDLIKE_RE.search(word):
            yield word, start, end


def words(text: str) -> list[str]:
    """Just the normalised words of `text`, in order."""
    return [word for word, _start, _end in _segments(normalize(text))]


class ReaderTokenizer(Tokenizer):  # type: ignore[misc]  # whoosh is untyped: Tokenizer is Any
    """One analyzer for index and query: normalised jieba words with their offsets in the
    original text (normalisation keeps the length) and positions 0, 1, 2… (so phrases work);
    no stemming, no stop words, every token kept (a lone `4` in "Claude Opus 4" too)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[_WhooshToken]:
        token = _WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = normalize(value)
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        for pos, (word, start, end) in enumerate(_segments(normalize(value))):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class NameTokenizer(Tokenizer):  # type: ignore[misc]  # whoosh is untyped: Tokenizer is Any
    """One token per line, normalised and kept whole: for names (entities) that must match as
    they are, whatever jieba would make of them."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, start_pos: int = 0,
                 start_char: int = 0, mode: str = "", **kwargs: object) -> Iterator[_WhooshToken]:
        token = _WhooshToken(positions, chars, mode=mode, **kwargs)
        pos, offset = start_pos, 0
        for line in value.split("\n"):
            name = " ".join(normalize(line).split())
            if name:
                token.text = name
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + offset
                    token.endchar = start_char + offset + len(line)
                pos += 1
                yield token
            offset += len(line) + 1


#: The entity extractor an update uses for every article (see `pinned_extractor`), else None.
_pinned: list[EntityExtractor] = []


@contextmanager
def pinned_extractor() -> Iterator[None]:
    """While an update indexes: the extractor as it is now serves every article (looking for a
    changed user dictionary once per article cost ~5% of a cold index), and worker processes
    started meanwhile inherit it."""
    from reader.entities import extractor

    _pinned.append(extractor())
    try:
        yield
    finally:
        _pinned.pop()


def _extractor() -> EntityExtractor:
    if _pinned:
        return _pinned[-1]
    from reader.entities import extractor

    return extractor()


#: Starts an `entity` field value that is article text rather than names: the analyzer finds
#: the names itself, so that indexing worker processes share the extraction.
FIND_NAMES = "\x00names\x00"


class EntityTokenizer(NameTokenizer):
    """The names of the `entity` field: one a line, or found by entity extraction (quick
    mode) in a value that starts with FIND_NAMES."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, start_pos: int = 0,
                 start_char: int = 0, mode: str = "", **kwargs: object) -> Iterator[_WhooshToken]:
        if value.startswith(FIND_NAMES):
            value = "\n".join(_extractor().names_for_index(value[len(FIND_NAMES) :]))
        yield from super().__call__(value, positions, chars, start_pos, start_char, mode, **kwargs)


_ONE = pack_uint(1)


class WordsField(TEXT):  # type: ignore[misc]  # whoosh is untyped: TEXT is Any
    """A text field analysed by ReaderTokenizer that indexes a text without whoosh's token
    stream: the words are cut once, and each distinct word's (word, frequency, weight,
    positions) made straight from them, as whoosh's `Positions.word_values` would from the
    analyzer's tokens (the same postings: tests/test_index_postings.py), at a fraction of the
    cost. Queries use the analyzer as before."""

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        fmt = self.format
        if not isinstance(value, str) or type(fmt) is not Positions or type(self.analyzer) is not ReaderTokenizer:
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for pos, (word, _start, _end) in enumerate(_segments(normalize(value))):
            held = positions.get(word)
            if held is None:
                positions[word] = [pos]
            else:
                held.append(pos)
        boost = fmt.field_boost
        for word, poslist in positions.items():
            count = len(poslist)
            encoded = _ONE + dumps(poslist, 2) if count == 1 else fmt.encode(poslist)
            yield word.encode("utf-8"), count, float(count) * boost, encoded


def analyzer() -> ReaderTokenizer:
    """The analyzer of the text fields in the search index."""
    return ReaderTokenizer()


def name_analyzer() -> NameTokenizer:
    """The analyzer of the entity field: one name a line, or text to find names in."""
    return EntityTokenizer()
