"""What extraction gives: entity types, typed spans of text, and spans grouped by entity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.text import normalize

#: Every entity type, in the order the UI lists them.
ENTITY_TYPES: tuple[str, ...] = ("person", "org", "place", "product", "money", "date", "percent", "hashtag")
#: The types of names (the others are found by patterns); a dictionary entry has one of these.
NAME_TYPES: tuple[str, ...] = ("person", "org", "place", "product")


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """One entity occurrence: `text == source[start:end]`."""

    text: str
    type: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "type": self.type, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """One entity and where it occurs: `text` is its first spelling in the article."""

    type: str
    text: str
    spans: tuple[EntitySpan, ...]

    @property
    def count(self) -> int:
        return len(self.spans)


def group_entities(spans: Iterable[EntitySpan]) -> dict[str, list[EntityGroup]]:
    """Entities by type (in ENTITY_TYPES order), each type's entities most frequent first.
    Spellings that normalise alike (臺北, 台北) are one entity."""
    buckets: dict[tuple[str, str], list[EntitySpan]] = {}
    for span in spans:
        buckets.setdefault((span.type, normalize(span.text)), []).append(span)
    groups: dict[str, list[EntityGroup]] = {}
    for kind in ENTITY_TYPES:
        items = [EntityGroup(kind, found[0].text, tuple(found)) for (t, _), found in buckets.items() if t == kind]
        if items:
            items.sort(key=lambda g: (-g.count, g.spans[0].start))
            groups[kind] = items
    return groups
