"""The query language: each form, and hostile input that must never raise anything but QueryError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.query import MAX_QUERY_CHARS, QueryError, parse_query


def clauses(query: str) -> list[tuple]:
    return [(c.norm, c.field, c.phrase, c.negated, c.prefix) for c in parse_query(query).clauses]


def test_terms_are_separate_clauses_and_only_the_last_is_a_prefix() -> None:
    assert clauses("版權 Claude") == [("版权", None, False, False, False), ("claude", None, False, False, True)]
    assert clauses("版權 Claude ") == [("版权", None, False, False, False), ("claude", None, False, False, False)]


def test_quoted_phrase_closed_and_still_open() -> None:
    assert clauses('"Claude Opus 4" x') == [("claude opus 4", None, True, False, False), ("x", None, False, False, True)]
    assert clauses('"Claude Op') == [("claude op", None, True, False, True)]


def test_exclusions_and_fields() -> None:
    assert clauses('title:人工智慧 -軟體 tag:"AI 法" source:中央社') == [
        ("人工智慧", "title", False, False, False),
        ("软体", None, False, True, False),
        ("ai 法", "tags", True, False, False),
        ("中央社", "source", False, False, True),
    ]


def test_chinese_input_method_punctuation() -> None:
    assert clauses("標題：版權") == [("版权", "title", False, False, True)]
    assert clauses("「影子圖書館」") == [("影子图书馆", None, True, False, False)]


def test_unknown_prefixes_are_part_of_the_word() -> None:
    assert [c[0] for c in clauses("12:30 https://x.com")] == ["12:30", "https://x.com"]


def test_empty_query_is_empty() -> None:
    assert not parse_query("   ")
    assert not parse_query("")
    assert not parse_query('"')  # typing has only just begun
    assert not parse_query("- ")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("title:", "needs a word"),
        ("-版權", "not excluded"),
        ("😀😀", "nothing to search for"),
        ("a" * (MAX_QUERY_CHARS + 1), "too long"),
        ("中" * 2000, "too long"),
    ],
)
def test_unsearchable_queries_raise_query_error_with_a_message(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


@pytest.mark.parametrize("query", ['""', "(版權", "版權)", "((a", '"a" "', "- -", "\x1b[2J版權", "tag:: x", '-"'])
def test_malformed_queries_parse_or_refuse_politely(query: str) -> None:
    try:
        parse_query(query)
    except QueryError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text_parses_or_raises_query_error(query: str) -> None:
    try:
        parsed = parse_query(query)
    except QueryError as exc:
        assert str(exc)
        return
    for clause in parsed.clauses:
        assert clause.norm and len(clause.norm) == len(clause.text)
