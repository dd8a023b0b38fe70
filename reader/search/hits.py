"""What a search gives back: hits with a snippet and highlight spans, and the spans of a query
in any article body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.search.corpus import Corpus
from reader.search.matching import ClausePattern, compile_clause, merge_spans
from reader.search.query import ParsedQuery, QueryError, parse_query
from reader.text import normalize

Span = tuple[int, int]

#: Snippet length (characters of body text) and how much of it comes before the first hit.
SNIPPET_CHARS = 64
SNIPPET_LEAD = 6
#: Clauses whose hits are highlighted in the body (an entity is a name in the text).
BODY_FIELDS = (None, "entity")
#: Clauses whose hits are highlighted in the title.
TITLE_FIELDS = (None, "title")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found. `spans` are (start, end) offsets into the body the article had when
    it was indexed (`Article.body`); `snippet_spans` index `snippet`, `title_spans` `title`."""

    path: str
    title: str
    score: float
    snippet: str
    snippet_spans: tuple[Span, ...] = ()
    spans: tuple[Span, ...] = ()
    title_spans: tuple[Span, ...] = ()
    date: str | None = None
    source: str | None = None
    #: The indexed text's fingerprint: when the article still has it, `spans` are current.
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The ranked hits of a query (at most the limit asked for) and how many articles match."""

    query: ParsedQuery
    hits: tuple[SearchHit, ...] = ()
    total: int = 0
    #: Clauses searched in other regional vocabulary too, that found something there:
    #: (clause as typed, (other forms found, ...)).
    widened: tuple[tuple[str, tuple[str, ...]], ...] = ()
    seconds: float = 0.0

    @property
    def widened_note(self) -> str | None:
        """A line for the user, e.g. "also searched: 人工智慧 (人工智能)"."""
        if not self.widened:
            return None
        parts = [f"{'/'.join(forms)} ({text})" for text, forms in self.widened]
        return "also searched: " + ", ".join(parts)

    def spans_in(self, body: str) -> list[Span]:
        """Every hit of this query in an article body (as loaded now), for highlighting."""
        return find_spans(self.query, body)


def build_hit(corpus: Corpus, slot: int, score: float, patterns: Sequence[ClausePattern]) -> SearchHit:
    """The hit for the article in `slot`: where the patterns occur in its body and title, and
    a snippet around the first body hit."""
    article = corpus.articles[slot]
    norm = corpus.norm(slot)
    spans = merge_spans(s for p in patterns if p.field in BODY_FIELDS for s in p.spans(norm))
    title_norm = corpus.titles[slot]
    title_spans = merge_spans(s for p in patterns if p.field in TITLE_FIELDS for s in p.spans(title_norm))
    snippet, snippet_spans = make_snippet(corpus.original(slot), spans)
    return SearchHit(
        path=article.path, title=article.title, score=round(score, 4), snippet=snippet,
        snippet_spans=tuple(snippet_spans), spans=tuple(spans), title_spans=tuple(title_spans),
        date=article.date, source=article.source, fingerprint=article.fingerprint,
    )


def make_snippet(body: str, spans: Sequence[Span], width: int = SNIPPET_CHARS,
                 lead: int = SNIPPET_LEAD) -> tuple[str, list[Span]]:
    """A one-line excerpt of `body` around the first span, with the spans inside it."""
    start = 0
    if spans:
        first = spans[0][0]
        start = max(0, first - lead)
        paragraph = body.rfind("\n", start, first)
        if paragraph >= 0:
            start = paragraph + 1
    end = min(len(body), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    text = prefix + body[start:end].replace("\n", " ") + suffix
    shift = len(prefix) - start
    inside = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start]
    return text, inside


def find_spans(query: str | ParsedQuery, text: str) -> list[Span]:
    """Every hit of the query's positive clauses in `text` (an article body), merged."""
    try:
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    except QueryError:
        return []
    norm = normalize(text)
    patterns = [p for c in parsed.positive if c.field in BODY_FIELDS and (p := compile_clause(c)) is not None]
    return merge_spans(s for p in patterns for s in p.spans(norm))
