"""The search query language: ANDed terms, "quoted phrases", -exclusions, title:/tag:/source:,
entity: (a name found by entity extraction, e.g. entity:台積電 or entity:"Andrea Bartz")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.text import normalize, sanitize

#: Longer queries are refused with a message (nobody types this much into a search box).
MAX_QUERY_CHARS = 200

#: Field prefixes the user may type, to the field they search. Chinese names work too.
FIELD_ALIASES = {
    "title": "title",
    "标题": "title",
    "tag": "tags",
    "tags": "tags",
    "标签": "tags",
    "source": "source",
    "来源": "source",
    "entity": "entity",
    "实体": "entity",
}

# A clause: optional '-', optional 'field:', then a quoted phrase (closed or not) or a bare word.
_CLAUSE_RE = re.compile(
    r"""
    (?P<neg>-+)?
    (?:(?P<field>[^\s:"\-][^\s:"]*?):)?
    (?:
        "(?P<phrase>[^"]*)(?P<closed>"?)
      | (?P<word>[^\s"]+)
    )?
    """,
    re.X,
)
_PLAIN_CLAUSE_RE = re.compile(
    r"""(?P<neg>-+)?(?P<field>(?!))?(?:"(?P<phrase>[^"]*)(?P<closed>"?)|(?P<word>[^\s"]+))?""", re.X
)
# What a query may hold while its first word is still to come: '"', '-', spaces.
_TYPING_MARKS = '"- '
# Characters worth searching for: letters, digits, ideographs.
_SEARCHABLE_RE = re.compile(r"\w")


class QueryError(ValueError):
    """A query that cannot be searched; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One part of a query.

    `text` is what the user typed (sanitised), `norm` its normalised form (Simplified, lower
    case, half width; same length). A `prefix` clause is the word still being typed: it also
    matches longer words that start with it.
    """

    text: str
    norm: str
    field: str | None = None
    phrase: bool = False
    negated: bool = False
    prefix: bool = False

    def __str__(self) -> str:
        body = f'"{self.text}"' if self.phrase else self.text
        where = f"{self.field}:" if self.field else ""
        return f"{'-' if self.negated else ''}{where}{body}"


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed query: what to find and what to exclude."""

    raw: str
    clauses: tuple[Clause, ...] = field(default_factory=tuple)

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    def __bool__(self) -> bool:
        return bool(self.clauses)


def _searchable(text: str) -> bool:
    return bool(_SEARCHABLE_RE.search(text))


def parse_query(raw: str) -> ParsedQuery:
    """Parse what the user typed. An empty query parses to an empty ParsedQuery; a query that
    cannot be searched raises QueryError with a message for the user.

    Lenient where typing is in progress: an unclosed quote is a phrase up to the end, and the
    last word (when no space follows it) is a prefix.
    """
    text = sanitize(raw or "").replace("\n", " ").replace("\t", " ")
    # Full-width quotes, colon, minus and spaces, as typed with a Chinese input method.
    text = (
        text.replace("“", '"').replace("”", '"').replace("＂", '"').replace("「", '"').replace("」", '"')
        .replace("：", ":").replace("－", "-").replace("\u3000", " ")
    )
    if not text.strip():
        return ParsedQuery(raw=raw or "")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")

    clauses: list[Clause] = []
    position, length = 0, len(text)
    while position < length:
        if text[position].isspace():
            position += 1
            continue
        match = _CLAUSE_RE.match(text, position)
        assert match is not None  # every part of a clause is optional: it always matches
        field_name = match.group("field")
        if field_name is not None and normalize(field_name) not in FIELD_ALIASES:
            # Not a field we know (a time "12:30", a URL): the colon is part of the word.
            match = _PLAIN_CLAUSE_RE.match(text, position)
            assert match is not None
            field_name = None
        if match.end() == position:  # cannot happen; never loop forever
            position += 1
            continue
        position = match.end()
        at_end = position >= length
        negated = bool(match.group("neg"))
        if field_name is not None:
            field_name = FIELD_ALIASES[normalize(field_name)]
        phrase, word = match.group("phrase"), match.group("word")
        if phrase is not None:
            closed = bool(match.group("closed"))
            clauses.extend(_clause(phrase, field_name, True, negated, at_end and not closed))
        elif word is not None:
            clauses.extend(_clause(word, field_name, False, negated, at_end))
        elif field_name is not None:
            raise QueryError(f"‘{match.group('field')}:’ needs a word after it")
        # else a lone '-' while typing: nothing to do
    if clauses and not any(not c.negated for c in clauses):
        raise QueryError("nothing to search for: a query needs a word that is not excluded (-word)")
    if not clauses:
        if not text.strip(_TYPING_MARKS):
            return ParsedQuery(raw=raw)  # an opening quote or a '-' typed so far
        raise QueryError("nothing to search for: type letters, digits or Chinese characters")
    return ParsedQuery(raw=raw, clauses=tuple(clauses))


def _clause(text: str, field_name: str | None, phrase: bool, negated: bool, prefix: bool) -> list[Clause]:
    text = " ".join(text.split())
    if not _searchable(text):
        return []
    return [Clause(text=text, norm=normalize(text), field=field_name, phrase=phrase, negated=negated, prefix=prefix)]
