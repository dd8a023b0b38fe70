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


def _wordlike(word: str) -> bool:
    # isalnum() (in C) answers for nearly every word; \w also takes the underscore.
    return word.isalnum() or _WORDLIKE_RE.search(word) is not None


def _segments(normalized: str) -> Iterator[tuple[str, int, int]]:
    for word, start, end in cut(normalized):
        if _wordlike(word):
            yield word, start, end


class Normalized(str):
    """Text that has been through reader.text.normalize already (an article's normalised
    body, as the corpus holds it): the index cuts it as it is, without normalising it again."""

    __slots__ = ()


def word_positions(value: str) -> dict[str, list[int]]:
    """Each distinct word of `value` (normalised, as ReaderTokenizer cuts it) with its token
    positions, in order of first appearance."""
    text = value if type(value) is Normalized else normalize(value)
    positions: dict[str, list[int]] = {}
    pos = 0
    for word, _start, _end in cut(text):
        if not word.isalnum() and _WORDLIKE_RE.search(word) is None:
            continue
        held = positions.get(word)
        if held is None:
            positions[word] = [pos]
        else:
            held.append(pos)
        pos += 1
    return positions


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


def teach_user_names() -> None:
    """Teach the segmenter the user's names, as building the extractor does (its
    `segment.add_words`), without building one: indexing processes that only cut words must
    keep them whole as well."""
    from reader.entities.gazetteer import SUPPRESS, NameList, load_user_dictionary
    from reader.text import segment

    names = NameList()
    for entry in load_user_dictionary(create=True).entries:
        if entry.type != SUPPRESS:
            names.add(entry.name, entry.type)
    if names.han:
        segment.add_words(list(names.han))


def pin_extractor() -> None:
    """Pin the extractor as it is now for the rest of this process (an indexing process that
    does nothing else)."""
    from reader.entities import extractor

    _pinned.append(extractor())


def index_names(text: str) -> list[str]:
    """The names of the `entity` field for an article's (normalised) text."""
    return _extractor().names_for_index(text)


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
            value = "\n".join(index_names(value[len(FIND_NAMES) :]))
        yield from super().__call__(value, positions, chars, start_pos, start_char, mode, **kwargs)


#: The encoded positions of a word found once, by its position (most words of an article),
#: made by `one_position`.
ONE_POSITION: list[bytes] = []


def one_position(pos: int) -> bytes:
    """`Positions.encode([pos])`: a word's positions when it occurs once, made once each."""
    if pos >= len(ONE_POSITION):
        one = pack_uint(1)
        ONE_POSITION.extend(one + dumps([p], 2) for p in range(len(ONE_POSITION), max(pos + 1, 2 * len(ONE_POSITION))))
    return ONE_POSITION[pos]


class WordsField(TEXT):  # type: ignore[misc]  # whoosh is untyped: TEXT is Any
    """A text field analysed by ReaderTokenizer that indexes a text without whoosh's token
    stream: the words are cut once, and each distinct word's (word, frequency, weight,
    positions) made straight from them, as whoosh's `Positions.word_values` would from the
    analyzer's tokens (the same postings: tests/test_index_postings.py), at a fraction of the
    cost. reader's writer (reader.search.postings) takes the positions straight into its pool.
    Queries use the analyzer as before."""

    def lean(self) -> bool:
        """Whether the field's words can be made without whoosh's analyzer."""
        return type(self.format) is Positions and type(self.analyzer) is ReaderTokenizer

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str) or not self.lean():
            yield from super().index(value, **kwargs)
            return
        fmt = self.format
        boost = fmt.field_boost
        for word, poslist in word_positions(value).items():
            count = len(poslist)
            encoded = one_position(poslist[0]) if count == 1 else fmt.encode(poslist)
            yield word.encode("utf-8"), count, float(count) * boost, encoded


def analyzer() -> ReaderTokenizer:
    """The analyzer of the text fields in the search index."""
    return ReaderTokenizer()


def name_analyzer() -> NameTokenizer:
    """The analyzer of the entity field: one name a line, or text to find names in."""
    return EntityTokenizer()
