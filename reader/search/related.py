"""Related articles: those that name the same people, organisations, places and products as an
article, ranked by how rare the shared names are: the dot product of their tf-idf vectors over
entities (a name counts once per article, weighted by its idf), so two rare names shared beat
one, and a rare name beats several that every other article has. The other article's length
does not count against it: what matters is what it shares.

The names come from the search index's `entity` field (filled by entity extraction when each
article is indexed), read once into an `EntityTable`: for every name the articles that have it,
for every article its names. A query then only walks the lists of the open article's names.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.search.index import LibraryIndex

#: Names shown with each related article (rarest first).
SHOWN_NAMES = 4


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """An article related to another: its score (0–1: the share of the other article's entity
    weight it has too) and the names they share, rarest first (normalised: Simplified, lower
    case)."""

    path: str
    title: str
    score: float
    shared: tuple[str, ...]


class EntityTable:
    """Which articles name which entities, with each name's rarity."""

    def __init__(self, articles: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        """`articles`: (path, title, names) for every article."""
        self.paths: list[str] = []
        self.titles: list[str] = []
        self._slot: dict[str, int] = {}
        self.names: list[str] = []
        name_id: dict[str, int] = {}
        postings: list[list[int]] = []
        entities: list[tuple[int, ...]] = []
        for path, title, names in articles:
            if path in self._slot:
                continue
            slot = len(self.paths)
            self._slot[path] = slot
            self.paths.append(path)
            self.titles.append(title)
            ids: dict[int, None] = {}
            for name in names:
                e = name_id.get(name)
                if e is None:
                    e = name_id[name] = len(self.names)
                    self.names.append(name)
                    postings.append([])
                if e not in ids:
                    ids[e] = None
                    postings[e].append(slot)
            entities.append(tuple(ids))
        self._postings = postings
        self._entities = entities
        total = len(self.paths)
        #: The squared idf of each name: ln(N / df)², 0 for a name every article has.
        self._weight = [math.log(total / len(p)) ** 2 if p else 0.0 for p in postings]
        self._norm = [math.sqrt(sum(self._weight[e] for e in ids)) for ids in entities]
        self.built_seconds = 0.0

    def __len__(self) -> int:
        return len(self.paths)

    def __contains__(self, path: object) -> bool:
        return path in self._slot

    def names_of(self, path: str) -> tuple[str, ...]:
        """The names an article has (empty for an unknown path)."""
        slot = self._slot.get(path)
        return () if slot is None else tuple(self.names[e] for e in self._entities[slot])

    def related(self, path: str, limit: int = 10) -> list[RelatedArticle]:
        """The `limit` articles most related to the one at `path`, best first; none for an
        article the table does not know or that has no names shared with any other."""
        slot = self._slot.get(path)
        if slot is None or not self._norm[slot]:
            return []
        weight = self._weight
        scores = self._scores(slot, limit)
        scores.pop(slot, None)
        own = self._norm[slot] ** 2
        # Best first, ties by path (rounded: sums in another order differ in the last bits).
        paths = self.paths
        ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-round(item[1], 9), paths[item[0]]))
        out = []
        mine = self._entities[slot]
        for other, dot in ranked:
            theirs = set(self._entities[other])
            shared = sorted((e for e in mine if e in theirs), key=lambda e: (-weight[e], self.names[e]))
            out.append(RelatedArticle(
                path=self.paths[other], title=self.titles[other], score=round(dot / own, 4),
                shared=tuple(self.names[e] for e in shared),
            ))
        return out

    def _scores(self, slot: int, limit: int) -> dict[int, float]:
        """Dot products with the article in `slot` (itself included) of every article that can
        be among the best `limit`: exact for those.

        Names are taken rarest first. Before walking a long list of articles (a common name),
        if `limit` articles already score more than the names left could give any article not
        yet seen, the rest is only added to the articles seen (from their own names), so the
        common names' long lists are never walked (max-score pruning)."""
        weight, postings, entities = self._weight, self._postings, self._entities
        mine = sorted((e for e in entities[slot] if weight[e]), key=lambda e: -weight[e])
        remaining = sum(weight[e] for e in mine)
        scores: dict[int, float] = {}
        get = scores.get
        for i, e in enumerate(mine):
            post = postings[e]
            if len(post) > 4 * limit and len(scores) > limit:
                # `limit` + 1: the article itself is among them.
                kth = heapq.nlargest(limit + 1, scores.values())[-1]
                if kth > remaining:
                    rest = set(mine[i:])
                    for other in scores:
                        scores[other] += sum(weight[x] for x in entities[other] if x in rest)
                    return scores
            w = weight[e]
            for other in post:
                scores[other] = get(other, 0.0) + w
            remaining -= w
        return scores

    @classmethod
    def from_index(cls, index: LibraryIndex) -> EntityTable | None:
        """The table of a library's search index (its `entity` field), or None when the word
        index is not available (still being built, damaged). Reads the whole field: call it
        from a worker thread, once per state of the index."""
        started = time.perf_counter()
        titles = {a.path: a.title for a in index.corpus.articles}
        ix = index.whoosh_index()
        if ix is None:
            return None
        # A searcher of its own: the search's shared one stays free (and unlocked) meanwhile.
        with ix.searcher() as searcher:
            reader = searcher.reader()
            path_of: dict[int, str] = {}
            for docnum, stored in reader.iter_docs():  # live documents only
                path = stored.get("path")
                if isinstance(path, str):
                    path_of[docnum] = path
            names_by_doc: dict[int, list[str]] = {d: [] for d in path_of}
            for term in reader.lexicon("entity"):
                name = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                for docnum in reader.postings("entity", term).all_ids():
                    names = names_by_doc.get(docnum)
                    if names is not None:
                        names.append(name)
        table = cls((path_of[d], titles.get(path_of[d], ""), names) for d, names in sorted(names_by_doc.items()))
        table.built_seconds = time.perf_counter() - started
        return table


def shown_names(article: RelatedArticle, display: dict[str, str] | None = None,
                limit: int = SHOWN_NAMES) -> Sequence[str]:
    """The shared names to show, rarest first, in the form `display` gives (normalised name →
    as written in the open article) when it knows them."""
    display = display or {}
    return [display.get(name, name) for name in article.shared[:limit]]


def names_as_written(body: str, names: Iterable[str]) -> dict[str, str]:
    """Each normalised name → how `body` writes it (its first occurrence), for names found in
    it: normalising keeps the length, so an offset in the normalised text is one in `body`."""
    from reader.text import normalize

    norm = normalize(body)
    out: dict[str, str] = {}
    for name in names:
        at = norm.find(name)
        if at >= 0:
            out[name] = body[at : at + len(name)]
    return out
