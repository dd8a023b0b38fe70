"""Looking words up in the dictionary index: a memory-mapped file searched by bisection, so
opening it costs a few milliseconds and only the pages a lookup touches are read."""

from __future__ import annotations

import mmap
import os
import subprocess
import sys
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path

from filelock import FileLock, Timeout

from reader import locations
from reader.dictionary.build import FORMAT_VERSION, HEADER_INTS, KEY_INTS, MAGIC, BuildError, source_key, source_path
from reader.dictionary.entry import DictionaryEntry, WordInfo
from reader.text import has_han, is_han, opencc_converter

#: Building takes a few seconds; another process building the same index is waited for.
BUILD_TIMEOUT = 300.0
INDEX_PREFIX = "cedict-"


class DictionaryError(Exception):
    """The dictionary cannot be opened or built; the message says why."""


class DictionaryIndex:
    """The index file, memory-mapped. Thread safe for reading."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            with open(self.path, "rb") as handle:
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            if hasattr(mmap, "MADV_RANDOM"):
                # Lookups touch a few scattered pages: no read-ahead around them.
                self._map.madvise(mmap.MADV_RANDOM)
        except (OSError, ValueError) as exc:
            raise DictionaryError(f"cannot open the dictionary index {self.path.name}: {exc}") from exc
        header_end = len(MAGIC) + HEADER_INTS * 4
        if len(self._map) < header_end or self._map[: len(MAGIC)] != MAGIC:
            self.close()
            raise DictionaryError(f"{self.path.name} is not a dictionary index")
        header = array("I")
        header.frombytes(self._map[len(MAGIC) : header_end])
        version, self.key_count, self.entry_count, off_table, off_postings, off_entries, off_blob, total = header
        if version != FORMAT_VERSION or total != len(self._map):
            self.close()
            raise DictionaryError(f"{self.path.name} is damaged or from another version")
        view = memoryview(self._map)
        self._table = view[off_table:off_postings].cast("I")
        self._postings = view[off_postings:off_entries].cast("I")
        self._entries = view[off_entries:off_blob].cast("I")
        self._blob = off_blob
        if len(self._table) != self.key_count * KEY_INTS or len(self._entries) != self.entry_count + 1:
            self.close()
            raise DictionaryError(f"{self.path.name} is damaged")

    def close(self) -> None:
        for name in ("_table", "_postings", "_entries"):
            view = getattr(self, name, None)
            if view is not None:
                view.release()
        try:
            self._map.close()
        except BufferError:
            pass  # a lookup in another thread still holds a view; the map goes with the process

    def _key(self, slot: int) -> bytes:
        base = slot * KEY_INTS
        start = self._blob + self._table[base]
        return self._map[start : start + self._table[base + 1]]

    def find(self, key: str) -> tuple[str, list[int]] | None:
        """(reading, entry numbers) of `key`, or None when the index does not have it."""
        wanted = key.encode("utf-8")
        low, high = 0, self.key_count
        while low < high:
            middle = (low + high) // 2
            if self._key(middle) < wanted:
                low = middle + 1
            else:
                high = middle
        if low >= self.key_count or self._key(low) != wanted:
            return None
        base = low * KEY_INTS
        key_off, key_len, reading_len, first, count = self._table[base : base + KEY_INTS]
        start = self._blob + key_off + key_len
        reading = self._map[start : start + reading_len].decode("utf-8")
        return reading, list(self._postings[first : first + count])

    def entry(self, number: int) -> DictionaryEntry:
        start, end = self._entries[number], self._entries[number + 1]
        text = self._map[self._blob + start : self._blob + end].decode("utf-8")
        traditional, simplified, pinyin, senses = text.split("\t")
        return DictionaryEntry(traditional, simplified, pinyin, tuple(senses.split("/")) if senses else ())


def _convert(config: str, text: str) -> str:
    result: str = opencc_converter(config).convert(text)
    return result


class Dictionary:
    """Look words up in either script; an unknown word is explained character by character."""

    def __init__(self, index: DictionaryIndex, convert: Callable[[str, str], str] = _convert) -> None:
        self.index = index
        self._convert = convert

    def has_word(self, text: str) -> bool:
        """Whether the dictionary has `text` as a headword (in either script)."""
        hit = self.index.find(text)
        return hit is not None and bool(hit[1])

    def lookup(self, word: str) -> WordInfo:
        """What the dictionary knows of `word` (Simplified or Traditional)."""
        word = word.strip()
        found = self._entries(word)
        if found is None and has_han(word):
            simplified = self._convert("t2s", word)
            if simplified != word:
                found = self._entries(simplified)
        if found is not None:
            reading, entries = found
            return WordInfo(
                word=word,
                simplified=_forms(entry.simplified for entry in entries),
                traditional=_forms(entry.traditional for entry in entries),
                pinyin=reading,
                entries=entries,
            )
        characters = tuple(self.lookup(char) for char in word if is_han(char)) if len(word) > 1 else ()
        simplified = self._convert("t2s", word) if has_han(word) else word
        reading = " ".join(char.pinyin for char in characters if char.pinyin)
        if len(word) == 1 and is_han(word):
            hit = self.index.find(word) or self.index.find(simplified)
            reading = hit[0] if hit else ""
        return WordInfo(
            word=word,
            simplified=simplified,
            traditional=self._convert("s2t", word) if has_han(word) else word,
            pinyin=reading,
            characters=characters,
        )

    def _entries(self, key: str) -> tuple[str, tuple[DictionaryEntry, ...]] | None:
        hit = self.index.find(key)
        if hit is None or not hit[1]:
            return None
        reading, numbers = hit
        entries = [self.index.entry(number) for number in numbers]
        # pypinyin's reading first (行 as xíng; 銀行 has only háng), then the dictionary's order.
        entries.sort(key=lambda entry: entry.pinyin.lower() != reading.lower())
        return reading, tuple(entries)


def _forms(values: Iterable[str]) -> str:
    """Distinct forms in order, at most three ("幹/乾/干")."""
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return "/".join(seen[:3])


# --- where the index lives, and building it ----------------------------------------------


def index_dir() -> Path:
    path = locations.cache_dir() / "dictionary"
    path.mkdir(parents=True, exist_ok=True)
    return path


def index_path() -> Path:
    """Where the index for the installed data and library versions lives."""
    try:
        key = source_key(source_path())
    except (BuildError, OSError) as exc:
        raise DictionaryError(str(exc)) from exc
    return index_dir() / f"{INDEX_PREFIX}{key}.idx"


def ensure_index(path: Path | None = None, *, in_process: bool = False) -> Path:
    """The index file, built first if missing. Built in a child process unless `in_process`
    (pypinyin's tables then stay out of this process's memory)."""
    path = path or index_path()
    if path.is_file():
        return path
    try:
        with FileLock(str(path) + ".lock", timeout=BUILD_TIMEOUT):
            if path.is_file():
                return path  # another process built it meanwhile
            _build(path, in_process)
    except Timeout as exc:
        raise DictionaryError("another reader is building the dictionary; try again") from exc
    except OSError as exc:
        raise DictionaryError(f"cannot build the dictionary: {exc.strerror or exc}") from exc
    _remove_old_indexes(path)
    return path


def _build(path: Path, in_process: bool) -> None:
    if in_process:
        from reader.dictionary.build import build_index

        try:
            build_index(path)
        except BuildError as exc:
            raise DictionaryError(str(exc)) from exc
        return
    command = [sys.executable, "-m", "reader.dictionary", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise DictionaryError("building the dictionary took too long") from exc
    if done.returncode != 0 or not path.is_file():
        last = (done.stderr.strip().splitlines() or ["it failed"])[-1]
        raise DictionaryError(last.removeprefix("reader: "))


def _remove_old_indexes(keep: Path) -> None:
    for old in keep.parent.glob(f"{INDEX_PREFIX}*.idx"):
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass


def open_dictionary(path: Path | None = None, *, in_process: bool = False) -> Dictionary:
    """The dictionary, its index built first if needed; a damaged index is rebuilt once."""
    path = ensure_index(path, in_process=in_process)
    try:
        return Dictionary(DictionaryIndex(path))
    except DictionaryError:
        try:
            os.unlink(path)
        except OSError:
            pass
    return Dictionary(DictionaryIndex(ensure_index(path, in_process=in_process)))
