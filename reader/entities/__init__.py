"""Named entities in article text: the extractor, the typed spans it finds, spans grouped by entity.

The extractor (and jieba behind it) is imported when first asked for: the app only needs the
spans and the entity process (reader.entities.process), which runs the extractor elsewhere.
"""

from typing import TYPE_CHECKING, Any

from reader.entities.spans import ENTITY_TYPES, NAME_TYPES, EntityGroup, EntitySpan, group_entities

if TYPE_CHECKING:
    from reader.entities.extraction import EntityExtractor, cached_entities, extract_entities, extractor

__all__ = ["ENTITY_TYPES", "NAME_TYPES", "EntityExtractor", "EntityGroup", "EntitySpan",
           "cached_entities", "extract_entities", "extractor", "group_entities"]

_EXTRACTION = frozenset(["EntityExtractor", "cached_entities", "extract_entities", "extractor"])


def __getattr__(name: str) -> Any:
    if name in _EXTRACTION:
        from reader.entities import extraction

        return getattr(extraction, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
