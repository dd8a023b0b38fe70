"""Candidates: the typed spans layers propose before overlaps are settled; the layers' priorities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The layers, named as in reader.entities.layers.
Layer = Literal["user", "pattern", "gazetteer", "latin", "quoted", "title", "pos", "model", "chain", "product", "company", "alias", "repeat"]

# Layer priorities: higher wins an overlap; equal priorities go to the longer span.
P_USER = 100
P_HASHTAG = 90
P_PATTERN = 80
P_CHAIN_EVENT = 75
P_GAZETTEER = 70
P_LATIN = 70
P_QUOTED = 65
P_TITLE_NAME = 60
P_REPEAT = 55
P_MODEL = 50
P_POS = 40

#: The type of an event's name (香港亞洲電影節): it keeps the names inside it from being
#: marked, and is never reported.
EVENT = "event"


@dataclass(slots=True)
class Candidate:
    """A span of the passage that a layer takes for an entity of `type`."""

    start: int
    end: int
    type: str
    priority: int
    layer: Layer
