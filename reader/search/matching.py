"""Finding query clauses in normalised text: substrings for Chinese, whole words for Latin.

A clause matches where one of its variants (the normalised text, plus regional vocabulary when
the query was widened) occurs: anywhere for Chinese (so one character or a half-typed word
matches the words containing it), at word boundaries for Latin letters and digits (`ai` is not
found in `said`; the word being typed matches as a prefix).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path

from reader import locations
from reader.script.tables import cached_tables
from reader.search.query import Clause
from reader.search.regional import table_variants
from reader.text import has_han, normalize, opencc_converter

_LATIN_RE = re.compile(r"[a-z0-9]")
# Punctuation at the edges of a clause is not searched for: "(foo", "AI," → foo, ai.
_EDGE_PUNCT_RE = re.compile(r"^[^\w+#]+|[^\w+#]+$")


class Needle:
    """One normalised text to find. Plain substring search (C speed) unless word boundaries or
    flexible whitespace need a regular expression; then the longest literal piece is looked
    for first."""

    __slots__ = ("literal", "prefix", "regex", "text")

    def __init__(self, text: str, prefix: bool) -> None:
        self.text = text
        self.prefix = prefix
        left = bool(_LATIN_RE.match(text[0]))
        right = bool(_LATIN_RE.match(text[-1])) and not prefix
        pieces = text.split(" ")
        if left or right or len(pieces) > 1:
            # The literal comes first and the left boundary is checked behind it: the regex
            # engine then finds candidates as fast as str.find.
            first = re.escape(pieces[0])
            pattern = first + (f"(?<![a-z0-9]{first})" if left else "")
            for before, piece in pairwise(pieces):
                both_latin = _LATIN_RE.match(before[-1]) and _LATIN_RE.match(piece[0])
                pattern += (r"\s+" if both_latin else r"\s*") + re.escape(piece)
            if right:
                pattern += "(?![a-z0-9])"
            self.regex: re.Pattern[str] | None = re.compile(pattern)
            self.literal = max(pieces, key=len)
        else:
            self.regex = None
            self.literal = text

    def count(self, text: str) -> int:
        if self.regex is None:
            return text.count(self.literal)
        if self.literal not in text:
            return 0
        return len(self.regex.findall(text))

    def counts(self, texts: Sequence[str]) -> list[int]:
        """How often the needle occurs in each text."""
        if self.regex is None:
            return list(map(str.count, texts, repeat(self.literal)))
        return list(map(self.count, texts))

    def present(self, text: str) -> bool:
        if self.regex is None:
            return self.literal in text
        return self.literal in text and self.regex.search(text) is not None

    def presence(self, texts: Sequence[str]) -> list[bool]:
        """Whether the needle occurs in each text."""
        if self.regex is None:
            return list(map(operator.contains, texts, repeat(self.literal)))
        return list(map(self.present, texts))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence as (start, end)."""
        if self.regex is not None:
            if self.literal not in text:
                return []
            return [m.span() for m in self.regex.finditer(text)]
        out, size, start = [], len(self.literal), text.find(self.literal)
        while start >= 0:
            out.append((start, start + size))
            start = text.find(self.literal, start + size)
        return out

    def implies(self, other: Needle) -> bool:
        """True when every match of `self` is inside a match of `other` (so a scan for `self`
        may be limited to the texts where `other` was found)."""
        if other.text not in self.text:
            return False
        if other.regex is None:
            return True
        if " " in other.text:
            return self.text == other.text
        starts = self.text.startswith(other.text)
        ends = self.text.endswith(other.text)
        left = "(?<![a-z0-9]" in other.regex.pattern
        right = other.regex.pattern.endswith("(?![a-z0-9])")
        return (starts or not left) and (ends or not right) and (starts or ends or not (left or right))


@dataclass(frozen=True, slots=True)
class Variant:
    """A form of a clause to look for: its normalised text and how to show it to the user."""

    norm: str
    display: str


def _clean(text: str) -> str:
    return _EDGE_PUNCT_RE.sub("", text).strip()


def regional_variants(text: str) -> tuple[Variant, ...]:
    """Other regional vocabulary for `text`: opencc's phrase tables (人工智能 ⇄ 人工智慧), then
    reader's own table of everyday words (地铁 ⇄ 捷運 ⇄ 港鐵, reader.search.regional)."""
    found = {v.norm: v for v in _opencc_variants(text)}
    for norm, display in table_variants(text):
        found.setdefault(norm, Variant(norm, display))
    found.pop(normalize(text), None)
    return tuple(found.values())


#: Regional variants kept between processes (the command line: each search is a process of
#: its own, and drawing them builds five opencc converters, ≈0.2 s); how many texts kept.
_keep_between_runs = False
KEPT_VARIANTS = 2000


def keep_variants_between_runs() -> None:
    """Keep the regional variants drawn from opencc in the cache dir, for the next process
    (a one-off search from the command line; the app builds its converters once, early)."""
    global _keep_between_runs
    _keep_between_runs = True


def variants_file() -> Path:
    return locations.cache_dir() / "regional-variants.json"


@lru_cache(maxsize=512)
def _opencc_variants(text: str) -> tuple[Variant, ...]:
    """Other regional vocabulary for `text` from opencc's phrase tables (kept between runs
    when asked)."""
    if not has_han(text):
        return ()
    if not _keep_between_runs:
        return _draw_opencc_variants(text)
    flat = cached_tables(
        text,
        lambda: [part for v in _draw_opencc_variants(text) for part in (v.norm, v.display)],
        file=variants_file(),
        limit=KEPT_VARIANTS,
    )
    return tuple(Variant(norm, display) for norm, display in zip(flat[::2], flat[1::2]))


def _draw_opencc_variants(text: str) -> tuple[Variant, ...]:
    """Other regional vocabulary for `text` from opencc's phrase tables. A conversion is kept
    only when it converts back, which drops one-way accidents (Taiwan's 程序 means "process":
    程序员 must not become 进程员)."""
    base = normalize(text)
    s2twp, tw2sp = opencc_converter("s2twp"), opencc_converter("tw2sp")
    s2hkp, hk2sp = opencc_converter("s2hkp"), opencc_converter("hk2sp")
    to_traditional = opencc_converter("s2tw")
    found: dict[str, str] = {}
    # Mainland wording → Taiwan / Hong Kong wording.
    for there, back in ((s2twp, tw2sp), (s2hkp, hk2sp)):
        other = there.convert(base)
        if back.convert(other) == base:
            found.setdefault(normalize(other), other)
    # Taiwan / Hong Kong wording → mainland wording.
    traditional = to_traditional.convert(base)
    for back, there in ((tw2sp, s2twp), (hk2sp, s2hkp)):
        mainland = back.convert(traditional)
        if there.convert(mainland) == there.convert(base):
            found.setdefault(normalize(mainland), mainland)
    found.pop(base, None)
    return tuple(Variant(norm, display) for norm, display in found.items() if norm)


#: What tells clause patterns apart: their field and their needles' texts and regexes.
PatternKey = tuple[str | None, tuple[tuple[str, str | None], ...]]


@dataclass(frozen=True, slots=True)
class ClausePattern:
    """What a clause looks for: its needles (first the clause itself, then regional variants)
    and the field it is limited to (None: title, body, tags and source)."""

    needles: tuple[Needle, ...]
    variants: tuple[Variant, ...]
    field: str | None
    phrase: bool

    @property
    def key(self) -> PatternKey:
        return (self.field, tuple((n.text, n.regex.pattern if n.regex else None) for n in self.needles))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence of any needle in `text` (normalised), merged and sorted."""
        spans: list[tuple[int, int]] = []
        for needle in self.needles:
            spans.extend(needle.spans(text))
        return merge_spans(spans)

    def implies(self, other: ClausePattern) -> bool:
        """Every text this pattern matches is matched by `other`."""
        if self.field != other.field or len(other.needles) != 1:
            return False
        return all(needle.implies(other.needles[0]) for needle in self.needles)


def compile_clause(clause: Clause, *, widen: bool = True) -> ClausePattern | None:
    """The pattern of a clause, or None when nothing searchable is left of it."""
    text = _clean(clause.norm)
    if not text:
        return None
    needles = [Needle(text, clause.prefix)]
    variants: tuple[Variant, ...] = ()
    if widen:
        # Exclusions too: -地铁 excludes 捷運 and 港鐵 as well.
        variants = tuple(v for v in regional_variants(_clean(clause.text)) if _clean(v.norm) != text)
        needles.extend(Needle(_clean(v.norm), clause.prefix) for v in variants)
    return ClausePattern(tuple(needles), variants, clause.field, clause.phrase)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping and touching ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
