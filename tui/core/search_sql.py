"""The SQL of local search, assembled from named parts; search.py decides which to run.

A query's filters become conditions on ``papers p`` (``filter_conditions``); the statements that
walk the full-text index newest first, rank by bm25 or keep what passes the filters are built
here from those conditions and run by named :class:`~.store.Store` methods. Every user value is
a parameter (``?``), never text of the statement.
"""

from __future__ import annotations

from typing import Any

from .query import Query
from .schema import FTS_COLUMNS

# bm25 weights, in FTS_COLUMNS order: title, abstract, ai_summary, keywords, authors, organization
WEIGHTS = (10.0, 1.0, 2.0, 4.0, 6.0, 3.0)
BM25 = f"bm25(papers_fts, {', '.join(str(w) for w in WEIGHTS)})"
assert len(WEIGHTS) == len(FTS_COLUMNS)
# Keeps (or leaves out) the papers matching an FTS5 expression, its one parameter.
MATCHING = "p.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"
NOT_MATCHING = "p.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"

Statement = tuple[str, list[Any]]  # (SQL text, its parameters in order)


def marks(count: int) -> str:
    """``?,?,?``: the placeholders of an IN list of ``count`` values."""
    return ",".join("?" * count)


def filter_conditions(query: Query, listed_again: list[str]) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``papers p`` for the non-text filters. ``listed_again``: the papers
    listed in an ``until:`` range and again after it (search._listed_before)."""
    where: list[str] = []
    params: list[Any] = []
    if query.ids:
        where.append("p.id IN (" + marks(len(query.ids)) + ")")
        params.extend(query.ids)
    for column, op, number in query.counts:
        where.append(f"p.{column} {op} ?")
        params.append(number)
    # A paper matches a date filter when any day it was listed on is in the range; one never
    # listed, by its arXiv date. sort_day is its newest listing day (else its arXiv date), so
    # sort_day in the range (an index range) finds all but the papers listed again after it:
    # those are looked up apart (search._listed_before) and named.
    if query.since:
        where.append("p.sort_day >= ?")
        params.append(query.since)
    if query.until:
        if listed_again:
            where.append(f"(p.sort_day <= ? OR p.id IN ({marks(len(listed_again))}))")
            params.extend([query.until, *listed_again])
        else:
            where.append("p.sort_day <= ?")
            params.append(query.until)
    for tag in query.tags:
        where.append(
            "p.id IN (SELECT paper_id FROM lib.tags WHERE tag = ? OR tag LIKE ? ESCAPE '\\')"
        )
        escaped = tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.extend([tag, escaped + "%"])
    if "bookmarked" in query.flags:
        where.append("p.id IN (SELECT paper_id FROM lib.bookmarks)")
    if "unread" in query.flags:
        where.append("p.id NOT IN (SELECT paper_id FROM lib.reads)")
    if "read" in query.flags:
        where.append("p.id IN (SELECT paper_id FROM lib.reads)")
    for flag, column in (("code", "github_repo"), ("project", "project_page"),
                         ("summary", "ai_summary")):  # fmt: skip
        if flag in query.has:
            where.append(f"p.{column} IS NOT NULL")
    if query.in_text:  # in:text alone: the papers whose full text is stored
        where.append("p.id IN (SELECT paper_id FROM paper_texts)")
    if "note" in query.has:
        where.append("p.id IN (SELECT paper_id FROM lib.notes)")
    if "tag" in query.has:
        where.append("p.id IN (SELECT paper_id FROM lib.tags)")
    return where, params


def not_among(count: int) -> str:
    """The condition that leaves out ``count`` paper ids (its parameters)."""
    return "p.id NOT IN (" + marks(count) + ")"


def listed_after_rowids(until: str, below: int | None) -> Statement:
    """Rowids of papers whose newest day is after ``until`` (and below a rowid), read from the
    archive index alone."""
    sql = "SELECT rowid FROM papers INDEXED BY papers_archive WHERE sort_day > ?"
    params: list[Any] = [until]
    if below is not None:
        sql += " AND +rowid < ?"  # checked in the index, not by reading each row
        params.append(below)
    return sql, params


def listed_in_range(ids: list[str], until: str, since: str | None) -> Statement:
    """Which of these papers were listed on a day up to ``until`` (and from ``since``)."""
    after = " AND +day >= ?" if since else ""
    return (
        f"SELECT DISTINCT paper_id FROM listings WHERE paper_id IN ({marks(len(ids))})"
        f" AND +day <= ?{after}",
        [*ids, until, *([since] if since else [])],
    )


def rowids_matching_among(expression: str, rowids: list[int]) -> Statement:
    """Which of these rowids match an FTS5 expression."""
    return (
        "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?"
        f" AND rowid IN ({marks(len(rowids))})",
        [expression, *rowids],
    )


def newest_passing(where: list[str], params: list[Any], limit: int) -> Statement:
    """Papers that pass the conditions, newest first, up to ``limit``."""
    condition = " AND ".join(where) or "1"
    return (
        f"SELECT p.id FROM papers p WHERE {condition} ORDER BY p.sort_day DESC, p.upvotes DESC"
        " LIMIT ?",
        [*params, limit],
    )


def ids_passing(ids: list[str], where: list[str], params: list[Any]) -> Statement:
    """Which of these paper ids pass the conditions."""
    conditions = " AND ".join(["p.id IN (" + marks(len(ids)) + ")", *where])
    return f"SELECT p.id FROM papers p WHERE {conditions}", [*ids, *params]


def newest_matches(expression: str, below: int | None, above: int | None, limit: int) -> Statement:
    """Rowids matching an FTS5 expression, newest first, between ``above`` and ``below``
    (either None: no bound), up to ``limit``."""
    bounds = (" AND rowid < ?" if below else "") + (" AND rowid > ?" if above else "")
    return (
        f"SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?{bounds}"
        " ORDER BY rowid DESC LIMIT ?",
        [expression, *[b for b in (below, above) if b], limit],
    )


def newest_matches_passing(
    expression: str,
    below: int | None,
    above: int | None,
    walk: int,
    where: list[str],
    params: list[Any],
    limit: int,
) -> Statement:
    """Of the ``walk`` newest matches, the rowids that pass the conditions, up to ``limit``.
    (As an IN list: measured 2 ms where a join with a count over the stretch took 5.)"""
    newest, newest_params = newest_matches(expression, below, above, walk)
    return (
        f"SELECT p.rowid FROM papers p WHERE p.rowid IN ({newest})"
        f" AND {' AND '.join(where)} ORDER BY p.rowid DESC LIMIT ?",
        [*newest_params, *params, limit],
    )


def newest_matches_count(
    expression: str, below: int | None, above: int | None, walk: int
) -> Statement:
    """How many of the ``walk`` newest matches there are."""
    newest, newest_params = newest_matches(expression, below, above, walk)
    return f"SELECT count(*) FROM ({newest})", newest_params


def bm25_scores(expression: str, lowest: int, where: list[str], params: list[Any]) -> Statement:
    """(rowid, bm25 score) of the matches from rowid ``lowest`` on that pass the conditions."""
    join = " JOIN papers p ON p.rowid = papers_fts.rowid" if where else ""
    condition = "".join(f" AND {w}" for w in where)
    return (
        f"SELECT papers_fts.rowid, {BM25} FROM papers_fts{join}"
        f" WHERE papers_fts MATCH ? AND papers_fts.rowid >= ?{condition}",
        [expression, lowest, *params],
    )


def ids_and_upvotes(rowids: list[int]) -> Statement:
    """(rowid, id, upvotes) of these rowids."""
    sql = f"SELECT rowid, id, upvotes FROM papers WHERE rowid IN ({marks(len(rowids))})"
    return sql, [*rowids]


def text_matches(expression: str, limit: int) -> Statement:
    """Rowids of the stored texts' blocks matching an FTS5 expression, newest paper first (see
    text_search.py), up to ``limit``."""
    return (
        "SELECT rowid FROM text_fts WHERE text_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
        [expression, limit],
    )


def text_block_places(rowids: list[int]) -> Statement:
    """(rowid, paper id, block index) of these search rows of stored texts."""
    return (
        f"SELECT rowid, paper_id, block FROM text_blocks WHERE rowid IN ({marks(len(rowids))})",
        [*rowids],
    )
