"""The user-dictionary layer: the user's own names, Han and Latin, stronger than any other."""

from __future__ import annotations

from reader.entities import latin_names
from reader.entities.candidates import P_USER, Candidate
from reader.entities.gazetteer import NameList
from reader.entities.passage import Passage


def find(passage: Passage, names: NameList) -> list[Candidate]:
    """Every name of the user's dictionary (its `none` entries are not in `names`)."""
    out = [Candidate(s, e, t, P_USER, "user") for s, e, t in names.han_matches(passage.normalized)]
    for s, e, t in latin_names.dictionary_matches(passage.folded, names.latin, names.latin_max_words):
        out.append(Candidate(s, e, t, P_USER, "user"))
    return out
