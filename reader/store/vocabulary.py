"""The vocabulary list: words the user picked up while reading, with the sentence and the
article they came from; exported for Anki, as CSV or as Markdown."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reader import locations
from reader.store.bookmarks import now_iso, short_time
from reader.store.tables import JsonStore, StoreProblem, StoreView, Table

FILE_NAME = "vocabulary.json"
KIND = "vocabulary"
VERSION = 1

#: Sentences longer than this (characters) are cut around the word.
SENTENCE_MAX = 160
_SENTENCE_ENDS = "。！？!?；;\n"
_CLOSING_MARKS = "」』”’）)》〉】"
EXPORT_FORMATS = ("anki", "csv", "md")


@dataclass(frozen=True, slots=True)
class VocabularyItem:
    """A word the user keeps. `word` is as it was shown (either script)."""

    id: str
    word: str
    simplified: str
    traditional: str
    pinyin: str
    meaning: str
    sentence: str
    path: str
    title: str
    added: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VocabularyItem:
        """Raises KeyError/TypeError/ValueError on an entry that is not a vocabulary item."""
        word = data["word"]
        if not isinstance(word, str) or not word.strip():
            raise ValueError("no word")
        return cls(
            id=str(data["id"]),
            word=word,
            simplified=str(data.get("simplified") or word),
            traditional=str(data.get("traditional") or word),
            pinyin=str(data.get("pinyin") or ""),
            meaning=str(data.get("meaning") or ""),
            sentence=str(data.get("sentence") or ""),
            path=str(data.get("path") or ""),
            title=str(data.get("title") or ""),
            added=str(data.get("added") or ""),
        )

    @property
    def source(self) -> str:
        """Where the word was met: the article's title, or its file name."""
        return self.title or (Path(self.path).name if self.path else "")


def sentence_around(text: str, start: int, end: int, limit: int = SENTENCE_MAX) -> str:
    """The sentence of `text` that holds the span [start, end), on one line, cut to `limit`
    characters around the span if longer."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    first = max((text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS), default=-1) + 1
    while first < start and text[first] in _CLOSING_MARKS + " \u3000":
        first += 1  # 。」 ends the sentence before
    stops = [found for mark in _SENTENCE_ENDS if (found := text.find(mark, end)) != -1]
    last = min(stops) + 1 if stops else len(text)
    while last < len(text) and text[last] in _CLOSING_MARKS:
        last += 1
    if last - first > limit:
        room = max(0, limit - (end - start)) // 2
        first, last = max(first, start - room), min(last, end + room)
    return " ".join(text[first:last].replace("\n", " ").split())


_TABLE = Table("words")


def default_path() -> Path:
    return locations.data_dir() / FILE_NAME


def _key(text: str) -> str:
    return "".join(text.split()).lower()


class Vocabulary(StoreView):
    """The vocabulary list in one JSON file (data dir), saved atomically under a lock so two
    reader processes merge their changes (see StoreView). One item per word: a word is the
    same in either script."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._items: dict[str, VocabularyItem] = {}
        self._skipped = 0
        self._skipped_reported = 0
        super().__init__(JsonStore(self.path, KIND, VERSION, check=_TABLE.check))

    # reading

    def all(self) -> list[VocabularyItem]:
        """Every item, newest first."""
        items = self._items
        order = {key: index for index, key in enumerate(items)}
        return sorted(items.values(), key=lambda item: (item.added, order[item.id]), reverse=True)

    def get(self, item_id: str) -> VocabularyItem | None:
        return self._items.get(item_id)

    def find(self, word: str) -> VocabularyItem | None:
        """The item for `word` in either script, if kept."""
        wanted = _key(word)
        for item in self._items.values():
            if wanted in (_key(item.word), _key(item.simplified), _key(item.traditional)):
                return item
        return None

    def has(self, word: str, simplified: str = "", traditional: str = "") -> bool:
        """Whether this word (as shown, or the same pair of forms) is kept."""
        probe = VocabularyItem("", word, simplified or word, traditional or word, "", "", "", "", "", "")
        return any(_same_word(probe, item) for item in self._items.values())

    def take_problems(self) -> list[StoreProblem]:
        """Problems with the file found since the last call (corrupt file kept aside, ...)."""
        problems = self.store.take_problems()
        if self._skipped and self._skipped != self._skipped_reported:
            count = self._skipped_reported = self._skipped
            plural = "s" if count > 1 else ""
            problems.append(StoreProblem(str(self.path), f"{self.path.name}: {count} damaged word{plural} ignored (kept in the file)"))
        return problems

    def __len__(self) -> int:
        return len(self._items)

    # changing

    def add(
        self,
        word: str,
        *,
        simplified: str = "",
        traditional: str = "",
        pinyin: str = "",
        meaning: str = "",
        sentence: str = "",
        path: str = "",
        title: str = "",
    ) -> tuple[VocabularyItem, bool]:
        """Keep `word`; returns (its item, whether it was added). A word already kept (in
        either script, here or by another process) is left as it is."""
        word = " ".join(word.split())
        if not word:
            raise ValueError("an empty word cannot be kept")
        candidate = VocabularyItem(
            id=secrets.token_hex(6),
            word=word,
            simplified=simplified or word,
            traditional=traditional or word,
            pinyin=pinyin,
            meaning=" ".join(meaning.split()),
            sentence=" ".join(sentence.split()),
            path=path,
            title=title,
            added=now_iso(),
        )
        outcome: dict[str, Any] = {}

        def change(data: dict[str, Any]) -> None:
            table = _TABLE.of(data)
            outcome.clear()
            for entry in table.values():
                item = _parse(entry)
                if item and _same_word(candidate, item):
                    outcome["existing"] = item
                    return
            table[candidate.id] = candidate.to_dict()

        self._change(change)
        existing = outcome.get("existing")
        return (existing, False) if existing else (candidate, True)

    def remove(self, item_id: str) -> VocabularyItem | None:
        """Delete an item; returns it (for undo) or None if it was not there."""
        removed = self._items.get(item_id)

        def change(data: dict[str, Any]) -> None:
            _TABLE.of(data).pop(item_id, None)

        self._change(change)
        return removed

    def restore(self, item: VocabularyItem) -> None:
        """Put back an item that was removed (undo)."""

        def change(data: dict[str, Any]) -> None:
            _TABLE.of(data)[item.id] = item.to_dict()

        self._change(change)

    def _absorb(self, data: dict[str, Any]) -> None:
        items: dict[str, VocabularyItem] = {}
        skipped = 0
        for key, entry in _TABLE.of(data).items():
            item = _parse(entry)
            if item is None or item.id != key:
                skipped += 1
                continue
            items[key] = item
        self._items = items
        self._skipped = skipped


def _same_word(one: VocabularyItem, other: VocabularyItem) -> bool:
    """The same word as shown, or the same Simplified and Traditional forms (銀行 and 银行 are
    one word; 乾 and 幹, both 干 in Simplified, are two)."""
    if _key(one.word) == _key(other.word):
        return True
    return _key(one.simplified) == _key(other.simplified) and _key(one.traditional) == _key(other.traditional)


def _parse(entry: Any) -> VocabularyItem | None:
    if not isinstance(entry, dict):
        return None
    try:
        return VocabularyItem.from_dict(entry)
    except (KeyError, TypeError, ValueError):
        return None


# --- listing and export -------------------------------------------------------------------


def listing(items: Iterable[VocabularyItem]) -> list[dict[str, Any]]:
    """Items as JSON-ready objects (the `reader vocab --json` format)."""
    return [
        {
            "word": item.word,
            "simplified": item.simplified,
            "traditional": item.traditional,
            "pinyin": item.pinyin,
            "meaning": item.meaning,
            "sentence": item.sentence,
            "title": item.title,
            "path": item.path,
            "added": item.added,
        }
        for item in items
    ]


def _field(text: str) -> str:
    """One line, no tabs: a field of a tab-separated file."""
    return " ".join(text.replace("\t", " ").split())


def to_anki(items: Iterable[VocabularyItem]) -> str:
    """A tab-separated file that Anki imports as notes (fields: word, pinyin, meaning,
    sentence, source). The header lines tell Anki (2.1.54+) the separator and columns."""
    lines = ["#separator:tab", "#html:false", "#columns:Word\tPinyin\tMeaning\tSentence\tSource"]
    for item in items:
        fields = (item.word, item.pinyin, item.meaning, item.sentence, item.source)
        lines.append("\t".join(_field(value) for value in fields))
    return "\n".join(lines) + "\n"


def to_csv(items: Iterable[VocabularyItem]) -> str:
    """CSV with a header row; every field of an item."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ["word", "simplified", "traditional", "pinyin", "meaning", "sentence", "title", "path", "added"]
    writer.writerow(columns)
    for row in listing(items):
        writer.writerow([row[column] for column in columns])
    return out.getvalue()


_MD_SPECIAL = set("\\`*_[]<>|~#")


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in " ".join(text.split()))


def to_markdown(items: Iterable[VocabularyItem], *, exported: str | None = None) -> str:
    """A Markdown word list, newest first."""
    rows = list(items)
    count = f"{len(rows)} word{'' if len(rows) == 1 else 's'}"
    lines = ["# Vocabulary", "", f"{count}, exported {short_time(exported or now_iso())}.", ""]
    for item in rows:
        forms = item.word
        other = item.traditional if item.word == item.simplified else item.simplified
        if other and other != item.word:
            forms += f" ({other})"
        line = f"- **{_md(forms)}**"
        if item.pinyin:
            line += f" {_md(item.pinyin)}"
        if item.meaning:
            line += f" — {_md(item.meaning)}"
        lines.append(line)
        if item.sentence:
            lines.append(f"  > {_md(item.sentence)}")
        if item.source:
            lines.append(f"  — {_md(item.source)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def export(items: Iterable[VocabularyItem], form: str) -> str:
    """The items in one of EXPORT_FORMATS."""
    if form == "anki":
        return to_anki(items)
    if form == "csv":
        return to_csv(items)
    if form == "md":
        return to_markdown(items)
    raise ValueError(f"unknown format {form!r}: use one of {', '.join(EXPORT_FORMATS)}")
