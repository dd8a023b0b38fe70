"""The Latin-name layer: names written in Latin letters (reader.entities.latin_names)."""

from __future__ import annotations

from reader.entities import latin_names
from reader.entities.candidates import P_LATIN, Candidate
from reader.entities.gazetteer import NameList
from reader.entities.passage import Passage


def find(passage: Passage, names: NameList) -> list[Candidate]:
    """Known Latin names of `names` as written, with versions, product codes, capitalised runs."""
    found = latin_names.find(passage.folded, passage.normalized, names.latin, names.latin_max_words)
    return [Candidate(s, e, kind, P_LATIN, "latin") for s, e, kind in found]
