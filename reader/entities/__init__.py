"""Named entities in article text: the extractor, the typed spans it finds, spans grouped by entity."""

from reader.entities.extraction import EntityExtractor, cached_entities, extract_entities, extractor
from reader.entities.spans import ENTITY_TYPES, NAME_TYPES, EntityGroup, EntitySpan, group_entities

__all__ = ["ENTITY_TYPES", "NAME_TYPES", "EntityExtractor", "EntityGroup", "EntitySpan",
           "cached_entities", "extract_entities", "extractor", "group_entities"]
