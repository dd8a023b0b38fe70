"""What a lookup gives: dictionary entries and the word they explain."""

from __future__ import annotations

from dataclasses import dataclass

#: Senses that are not meanings to show in a one-line gloss (classifiers are listed apart).
_CLASSIFIER_PREFIX = "CL:"


@dataclass(frozen=True, slots=True)
class DictionaryEntry:
    """One CC-CEDICT entry: a headword in both scripts, its reading and its senses."""

    traditional: str
    simplified: str
    #: The reading with tone marks ("yín háng"); capitalised for proper names.
    pinyin: str
    senses: tuple[str, ...]

    @property
    def meanings(self) -> tuple[str, ...]:
        """The senses without the classifier notes ("CL:家[jia1]")."""
        return tuple(sense for sense in self.senses if not sense.startswith(_CLASSIFIER_PREFIX))

    def short_meaning(self, limit: int = 60) -> str:
        """The first senses joined with "; ", cut to `limit` characters."""
        return clip("; ".join(self.meanings), limit)


@dataclass(frozen=True, slots=True)
class WordInfo:
    """A word as the word cursor shows it.

    `entries` are the dictionary entries of the word, the one whose reading pypinyin gives
    first. A word the dictionary does not have has no entries and is explained by
    `characters`, one WordInfo per Han character.
    """

    word: str
    simplified: str
    traditional: str
    #: pypinyin's reading of the Simplified form, with tone marks ("" when it has no Han).
    pinyin: str
    entries: tuple[DictionaryEntry, ...] = ()
    characters: tuple[WordInfo, ...] = ()

    @property
    def found(self) -> bool:
        """Whether the dictionary has the word itself."""
        return bool(self.entries)

    def readings(self) -> list[str]:
        """The distinct readings of the entries, pypinyin's first."""
        seen: list[str] = [self.pinyin] if self.pinyin else []
        for entry in self.entries:
            if entry.pinyin.lower() not in (reading.lower() for reading in seen):
                seen.append(entry.pinyin)
        return seen

    def short_meaning(self, limit: int = 80) -> str:
        """A one-line gloss: the entries' meanings, or the characters' for an unknown word."""
        if self.entries:
            parts = ["; ".join(entry.meanings[:3]) for entry in self.entries[:2] if entry.meanings]
            return clip(" | ".join(parts), limit)
        parts = [f"{char.word} {char.entries[0].short_meaning(24)}" for char in self.characters if char.entries]
        return clip(" · ".join(parts), limit)


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"
