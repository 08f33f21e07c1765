"""The search language parser (tui/core/query.py): every filter, prefixes, and forgiveness."""

from __future__ import annotations

import pytest

from tui.core.query import Query, parse_query
from tui.core.search import fts_expression


def test_plain_words() -> None:
    query = parse_query("memory agents")
    assert query.words == ["memory", "agents"]
    assert not query.prefix
    assert query.has_text and not query.is_empty


@pytest.mark.parametrize(
    ("text", "column", "value"),
    [
        ("author:LeCun", "authors_text", "LeCun"),
        ('author:"Yann LeCun"', "authors_text", "Yann LeCun"),
        ("authors:feng", "authors_text", "feng"),
        ("org:muset", "organization", "muset"),
        ('org:"New York University"', "organization", "New York University"),
        ("kw:diffusion", "keywords_text", "diffusion"),
        ("keyword:RAG", "keywords_text", "RAG"),
        ("title:memory", "title", "memory"),
        ("AUTHOR:Feng", "authors_text", "Feng"),
    ],
)
def test_text_field_filters(text: str, column: str, value: str) -> None:
    query = parse_query(text)
    assert query.fields == [(column, value)]
    assert query.words == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("upvotes>10", ("upvotes", ">", 10)),
        ("upvotes>=10", ("upvotes", ">=", 10)),
        ("upvotes<5", ("upvotes", "<", 5)),
        ("upvotes<=5", ("upvotes", "<=", 5)),
        ("upvotes=7", ("upvotes", "=", 7)),
        ("upvotes:7", ("upvotes", "=", 7)),
        ("votes>1", ("upvotes", ">", 1)),
        ("stars>100", ("github_stars", ">", 100)),
        ("comments>=2", ("comments", ">=", 2)),
        ("UPVOTES>3", ("upvotes", ">", 3)),
        ("upvotes > 100", ("upvotes", ">", 100)),  # spaced, as people write it
        ("upvotes >= 10", ("upvotes", ">=", 10)),
        ("stars< 5", ("github_stars", "<", 5)),
    ],
)
def test_count_filters(text: str, count: tuple[str, str, int]) -> None:
    query = parse_query(text)
    assert query.counts == [count]
    assert query.words == []


def test_a_spaced_comparison_among_words_and_while_typing() -> None:
    query = parse_query("diffusion upvotes > 50 video", typing=True)
    assert query.counts == [("upvotes", ">", 50)]
    assert query.words == ["diffusion", "video"] and query.prefix
    typing = parse_query("diffusion upvotes >", typing=True)  # the number is not typed yet
    assert typing.counts == [] and typing.words == ["diffusion", "upvotes"]
    assert parse_query("upvotes > many").counts == []


def test_dates_flags_tags_and_has() -> None:
    query = parse_query(
        "since:2026-07-01 until:2026-07-31 is:bookmarked is:unread has:code tag:#ToRead"
    )
    assert (query.since, query.until) == ("2026-07-01", "2026-07-31")
    assert query.flags == {"bookmarked", "unread"}
    assert query.has == {"code"}
    assert query.tags == ["toread"]
    assert query.words == [] and not query.is_empty and not query.has_text
    assert parse_query("is:read").flags == {"read"}
    assert parse_query("is:starred").flags == {"bookmarked"}
    assert parse_query("has:github").has == {"code"}
    assert parse_query("from:2026-01-01").since == "2026-01-01"
    assert parse_query("before:2026-01-01").until == "2026-01-01"


def test_phrases_and_exclusions() -> None:
    query = parse_query('"exact phrase" -noise -"bad phrase" word')
    assert query.phrases == ["exact phrase"]
    assert query.excluded == ["noise", "bad phrase"]
    assert query.words == ["word"]


@pytest.mark.parametrize(
    "text",
    ["foo:bar", "is:nonsense", "has:wings", "since:2026-13-45", "until:yesterday", "upvotes>lots"],
)
def test_unknown_or_bad_filters_are_plain_words(text: str) -> None:
    query = parse_query(text)
    assert query.words == [text]
    assert not (query.fields or query.counts or query.flags or query.has)
    assert query.since is None and query.until is None


def test_stray_quotes_become_plain_words() -> None:
    query = parse_query('hello "world')
    assert query.words == ["hello", "world"]
    assert query.phrases == []
    assert parse_query('"').is_empty
    assert parse_query('a "b" "c').phrases == ["b"]
    assert parse_query('a "b" "c').words == ["a", "c"]
    assert parse_query('author:"Yann').words == ["author:", "Yann"]


def test_prefix_only_while_typing_the_last_plain_word() -> None:
    assert parse_query("reliab", typing=True).prefix
    assert not parse_query("reliab").prefix
    assert not parse_query("reliab ", typing=True).prefix
    assert not parse_query("reliab author:feng", typing=True).prefix
    unclosed = parse_query('"exact phr', typing=True)
    assert (unclosed.words, unclosed.phrases, unclosed.prefix) == (["exact", "phr"], [], True)
    typed = parse_query("memory reli", typing=True)
    assert fts_expression(typed) == '"memory" AND "reli"*'
    assert fts_expression(parse_query("memory reli")) == '"memory" AND "reli"'


def test_a_one_letter_prefix_waits_for_the_second_letter() -> None:
    assert fts_expression(parse_query("memory r", typing=True)) == '"memory"'
    assert fts_expression(parse_query("r", typing=True)) == '"r"'


@pytest.mark.parametrize("text", ["", "   ", "***", "^", "-", "--", "()", '""', '-""'])
def test_empty_queries(text: str) -> None:
    assert parse_query(text).is_empty


def test_user_text_is_quoted_for_fts() -> None:
    expression = fts_expression(parse_query('NEAR( AND OR NOT col: a"b'))
    assert expression is not None
    # Every user word is one quoted string: nothing is left for FTS5 to read as syntax.
    assert expression == '"NEAR(" AND "AND" AND "OR" AND "NOT" AND "col:" AND "a" AND "b"'


def test_very_long_queries_are_cut() -> None:
    query = parse_query("word " * 1000)
    assert isinstance(query, Query)
    assert len(query.text) == 1000
