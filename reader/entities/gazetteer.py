"""Name lists for entity extraction: the shipped gazetteer, the user dictionary, matching.

Both files use one entry per line, `NAME<TAB>TYPE` (a run of spaces works too: the type is the
last word on the line). `#` starts a comment line. TYPE is one of person, org, place, product,
or `none` in the user dictionary to say "never mark this as an entity". Names containing Han
characters are matched on normalised text (reader.text.normalize), so one entry matches both
scripts and full-width forms; names written only in Latin letters match case-sensitively, on
whole words.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from reader.entities.spans import NAME_TYPES
from reader.text import has_han, normalize

#: The generated name lists (reader.entities.build_names makes them), loaded in this order
#: and before the hand-kept gazetteer.tsv, which wins where they disagree.
GENERATED_LISTS = ("names_cedict.tsv", "names_cldr.tsv", "names_divisions.tsv", "names_geonames.tsv")

#: The user-dictionary type that keeps a word from ever becoming an entity.
SUPPRESS = "none"

USER_DICTIONARY_NAME = "entities.txt"
MAX_NAME_CHARS = 60

USER_DICTIONARY_TEMPLATE = """\
# reader's entity dictionary: names reader should recognise in articles.
# One entry per line: NAME<TAB>TYPE (or NAME and TYPE separated by spaces; the type is the
# last word). TYPE is person, org, place or product, or none to stop a word from ever being
# marked. Lines starting with # are ignored. Han names match Traditional and Simplified text
# alike; Latin names match case-sensitively. Entries here win over reader's own lists, and
# are taught to the word segmenter so that it keeps them whole.
#
# Examples:
# 林美玲\tperson
# 青花東渡\tproduct
# Pirate Library Mirror\torg
# 卓越\tnone
"""

_LATIN_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .'’&-]*")


@dataclass(frozen=True, slots=True)
class DictionaryProblem:
    """A line of a dictionary file that was skipped, and why."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}: {self.text[:40]!r}"


@dataclass(frozen=True, slots=True)
class NameEntry:
    name: str
    type: str


def parse_dictionary(text: str, *, allow_suppress: bool = False) -> tuple[list[NameEntry], list[DictionaryProblem]]:
    """Entries and problems of a dictionary file's text. Never raises on bad lines."""
    types = NAME_TYPES + ((SUPPRESS,) if allow_suppress else ())
    entries: list[NameEntry] = []
    problems: list[DictionaryProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        if "\t" in line:
            name, _, kind = line.rpartition("\t")
        else:
            name, _, kind = line.rpartition(" ")
        name, kind = " ".join(name.split()), kind.strip().lower()
        if not name:
            problems.append(DictionaryProblem(number, line, f"no type (expected NAME<TAB>TYPE, TYPE one of {', '.join(types)})"))
        elif kind not in types:
            problems.append(DictionaryProblem(number, line, f"unknown type {kind!r} (expected one of {', '.join(types)})"))
        elif len(name) > MAX_NAME_CHARS:
            problems.append(DictionaryProblem(number, line, f"name longer than {MAX_NAME_CHARS} characters"))
        else:
            entries.append(NameEntry(name, kind))
    return entries, problems


def is_latin_name(name: str) -> bool:
    """Names of Latin words (no Han, no symbols) are matched as words, case-sensitively;
    the others (台灣Pay, M+) on normalised text."""
    return not has_han(name) and _LATIN_NAME_RE.fullmatch(name) is not None


@dataclass
class NameList:
    """Names by how they are matched: Han names in a character trie over normalised text,
    Latin names as word sequences."""

    han: dict[str, str] = field(default_factory=dict)
    latin: dict[str, str] = field(default_factory=dict)
    # Nested by character; the key "" holds the type of the name that ends there.
    _trie: dict[str, Any] = field(default_factory=dict, repr=False)
    latin_max_words: int = 1

    def add(self, name: str, kind: str) -> None:
        if is_latin_name(name):
            name = " ".join(name.split())
            self.latin[name] = kind
            self.latin_max_words = max(self.latin_max_words, len(name.split(" ")))
            return
        key = normalize(name)
        self.han[key] = kind
        node = self._trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = kind

    def extend(self, entries: Iterable[NameEntry]) -> None:
        for entry in entries:
            self.add(entry.name, entry.type)

    def han_matches(self, normalized: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, type) of the longest Han name starting at each position.

        `normalized` is reader.text.normalize() output; offsets index it and the original.
        Names that begin or end with a Latin letter or digit only match on word boundaries.
        """
        trie = self._trie
        n = len(normalized)
        for i in range(n):
            node = trie.get(normalized[i])
            if node is None:
                continue
            best = None
            j = i + 1
            while True:
                kind = node.get("")
                if kind is not None:
                    best = (j, kind)
                if j >= n:
                    break
                node = node.get(normalized[j])
                if node is None:
                    break
                j += 1
            if best is None:
                continue
            end, kind = best
            if _alnum(normalized[i]) and i > 0 and _alnum(normalized[i - 1]):
                continue
            if _alnum(normalized[end - 1]) and end < n and _alnum(normalized[end]):
                continue
            yield i, end, kind


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# --- the shipped list and the user's -----------------------------------------------------


@lru_cache(maxsize=1)
def shipped_entries() -> tuple[NameEntry, ...]:
    """The shipped gazetteer, used by the quick (search index) and full paths alike: the
    generated lists (typed names from CC-CEDICT, CLDR's countries and cities, the districts
    of the mainland, Taiwan and Hong Kong, GeoNames' bigger cities: see GENERATED_LISTS),
    then the hand-kept
    data/gazetteer.tsv, which wins."""
    entries: list[NameEntry] = []
    for name in (*GENERATED_LISTS, "gazetteer.tsv"):
        text = resources.files("reader.entities").joinpath("data", name).read_text(encoding="utf-8")
        found, problems = parse_dictionary(text)
        if problems:  # a packaging mistake, caught by the tests
            raise ValueError(f"{name}: {problems[0]}")
        entries += found
    return tuple(entries)


@lru_cache(maxsize=1)
def shipped_names() -> NameList:
    """The shipped gazetteer as a NameList, built once."""
    names = NameList()
    names.extend(shipped_entries())
    return names


@lru_cache(maxsize=1)
def never_entities() -> frozenset[str]:
    """Common words that must never become entities, normalised (reader/entities/data/not_entities.txt)."""
    text = resources.files("reader.entities").joinpath("data", "not_entities.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        words.update(normalize(word) for word in line.split())
    return frozenset(words)


def user_dictionary_path() -> Path:
    """The user's entity dictionary in the config dir (it may not exist)."""
    from reader import locations

    return locations.config_dir() / USER_DICTIONARY_NAME


@dataclass(frozen=True)
class UserDictionary:
    path: Path | None
    entries: tuple[NameEntry, ...] = ()
    problems: tuple[DictionaryProblem, ...] = ()
    #: (mtime_ns, size) of the file when read, or None when there is none.
    stamp: tuple[int, int] | None = None
    error: str | None = None


_user_lock = threading.Lock()
_user_cache: UserDictionary | None = None


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def load_user_dictionary(*, create: bool = False) -> UserDictionary:
    """The user dictionary, re-read when the file changes. With `create`, a commented
    template is written when there is no file yet."""
    global _user_cache
    path = user_dictionary_path()
    with _user_lock:
        stamp = _stamp(path)
        if stamp is None and create:
            from reader.atomic import write_bytes_atomic

            try:
                write_bytes_atomic(path, USER_DICTIONARY_TEMPLATE.encode("utf-8"))
            except OSError:
                pass
            stamp = _stamp(path)
        cached = _user_cache
        if cached is not None and cached.path == path and cached.stamp == stamp:
            return cached
        if stamp is None:
            result = UserDictionary(path)
        else:
            try:
                text = path.read_bytes().decode("utf-8-sig", errors="replace")
            except OSError as exc:
                result = UserDictionary(path, stamp=stamp, error=exc.strerror or str(exc))
            else:
                entries, problems = parse_dictionary(text, allow_suppress=True)
                result = UserDictionary(path, tuple(entries), tuple(problems), stamp)
        _user_cache = result
        return result
