"""The search language parser (tui/core/query.py): every filter, prefixes, and forgiveness."""

from __future__ import annotations

import pytest

from tui.core.query import Query, misread_hint, parse_query
from tui.core.search import fts_expression


def test_plain_words() -> None:
    query = parse_query("memory agents")
    assert query.words == ["memory", "agents"]
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
    query = parse_query("diffusion upvotes > 50 video")
    assert query.counts == [("upvotes", ">", 50)]
    assert query.words == ["diffusion", "video"]
    typing = parse_query("diffusion upvotes >")  # the number is not typed yet
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
    query = parse_query('"exact phrase" -noise -"bad phrase" word NOT other NOT "a b"')
    assert query.phrases == ["exact phrase"]
    assert query.excluded == ["noise", "other"]
    assert query.excluded_phrases == ["bad phrase", "a b"]
    assert query.words == ["word"]


def test_or_between_words_and_phrases_is_never_a_word() -> None:
    query = parse_query('model OR merging "weight space" OR souping AND agents')
    assert query.any_of == [[("model", False), ("merging", False)],
                            [("weight space", True), ("souping", False)]]  # fmt: skip
    assert query.words == ["agents"] and query.phrases == []
    assert parse_query("a OR b OR c").any_of == [[("a", False), ("b", False), ("c", False)]]
    # With nothing on one side (being typed, or beside a filter) it is simply left out.
    for text in ("model OR", "OR model", "model OR upvotes>5", "model OR -x"):
        query = parse_query(text)
        assert query.words == ["model"] and query.any_of == []
    assert parse_query("or").words == ["or"]  # in small letters it is a word
    assert parse_query("OR").is_empty
    expression = fts_expression(parse_query('a OR "b c" d'))
    assert expression == '"d" AND ("a" OR "b c")'


def test_unknown_filters_are_plain_words() -> None:
    query = parse_query("foo:bar")
    assert query.words == ["foo:bar"] and not query.misread


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("is:nonsense", "is: takes bookmarked, unread or read"),
        ("has:wings", "has: takes code, project, note, summary or tag"),
        ("since:2026-13-45", "since: 2026-13-45 is not a real date"),
        ("until:2026-02-30", "until: 2026-02-30 is not a real date"),
        ("since:yesterday", "since: takes a date as YYYY-MM-DD, e.g. since:2026-07-01"),
        ("until:yesterday", "until: takes a date as YYYY-MM-DD, e.g. until:2026-07-31"),
        ("upvotes>lots", "upvotes compares with a whole number, e.g. upvotes>50"),
        ("author:", "author: needs a name, e.g. author:LeCun"),
        ('author:""', "author: needs a name, e.g. author:LeCun"),
        ("org:", "org: needs a name, e.g. org:nvidia"),
        ("tag:", "tag: needs one of your tags, e.g. tag:toread"),
        ("since:", "since: needs a date as YYYY-MM-DD, e.g. since:2026-07-01"),
        ("is:", "is: takes bookmarked, unread or read"),
    ],
)
def test_bad_or_empty_filter_values_are_misread_not_words(text: str, hint: str) -> None:
    """Misread: the query matches nothing and goes to no web search (not as words either),
    and the hint says what is wrong with the value."""
    query = parse_query(f"memory {text}")
    assert query.words == ["memory"] and query.misread == [text.replace('""', "")]
    assert not (query.fields or query.counts or query.flags or query.has or query.tags)
    assert query.since is None and query.until is None
    assert not query.asks_web and not query.is_empty
    assert misread_hint(query.misread[0]) == hint


def test_stray_quotes_become_plain_words() -> None:
    query = parse_query('hello "world')
    assert query.words == ["hello", "world"]
    assert query.phrases == []
    assert parse_query('"').is_empty
    assert parse_query('a "b" "c').phrases == ["b"]
    assert parse_query('a "b" "c').words == ["a", "c"]
    # A quote opened after a filter's name is its value, being typed: not an empty filter.
    assert parse_query('author:"Yann Le').fields == [("authors_text", "Yann Le")]


def test_every_plain_word_is_the_start_of_a_word() -> None:
    assert fts_expression(parse_query("memory reli")) == '"memory"* AND "reli"*'
    assert fts_expression(parse_query("memory reli ")) == '"memory"* AND "reli"*'
    assert fts_expression(parse_query("3d-gau")) == '"3d gau"*'  # a phrase, its end a start
    assert fts_expression(parse_query('"exact words"')) == '"exact words"'  # phrases are exact
    unclosed = parse_query('"exact phr')
    assert (unclosed.words, unclosed.phrases) == (["exact", "phr"], [])


def test_a_one_letter_word_is_only_itself() -> None:
    assert fts_expression(parse_query("memory r")) == '"memory"* AND "r"'
    assert fts_expression(parse_query("r")) == '"r"'


@pytest.mark.parametrize("text", ["", "   ", "***", "^", "-", "--", "()", '""', '-""'])
def test_empty_queries(text: str) -> None:
    assert parse_query(text).is_empty


def test_user_text_is_quoted_for_fts() -> None:
    expression = fts_expression(parse_query('NEAR( * col: a"b ^x {title}:'))
    assert expression is not None
    # Every user word is one quoted string: nothing is left for FTS5 to read as syntax.
    assert expression == '"NEAR"* AND "col"* AND "a" AND "b" AND "x" AND "title"*'


def test_very_long_queries_are_cut() -> None:
    query = parse_query("word " * 1000)
    assert isinstance(query, Query)
    assert len(query.text) == 1000
