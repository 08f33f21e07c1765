"""The SQL of the ``watch_hits`` table (schema._cache_v7): which cached papers match which
watch query, kept in step with the cache by :class:`~.for_you.ForYou` through named
:class:`~.store.Store` methods. Every value is a parameter.

A query is matched in full once (when it is first watched, and after a cache clear); after
that only the papers changed since (``papers.updated_at``, stamped by every ingest) are matched
again, with the FTS5 expression kept from the full match: FTS5 is asked about those few rowids
only, never to read a whole doclist.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from .search_sql import marks

THROUGH = "watches_matched_through"  # meta key: the newest papers.updated_at matched


def known_queries(conn: sqlite3.Connection) -> dict[str, str | None]:
    """The queries whose hits are kept, with the expression they were matched with."""
    return {q: e for q, e in conn.execute("SELECT query, expression FROM watch_queries")}


def forget(conn: sqlite3.Connection, query: str) -> None:
    conn.execute("DELETE FROM watch_hits WHERE query = ?", (query,))
    conn.execute("DELETE FROM watch_queries WHERE query = ?", (query,))


def _select(expression: str | None, where: list[str], among: int) -> str:
    """The rowid and sort_day of the papers matching; ``among``: that many rowids to keep to
    (their parameters after the expression's), 0 for every paper."""
    conditions = list(where)
    if expression is not None:
        inner = "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?"
        if among:
            inner += f" AND rowid IN ({marks(among)})"
        conditions.insert(0, f"p.rowid IN ({inner})")
    elif among:
        conditions.insert(0, f"p.rowid IN ({marks(among)})")
    return "SELECT p.rowid, p.sort_day FROM papers p WHERE " + (" AND ".join(conditions) or "1")


def match_all(
    conn: sqlite3.Connection,
    query: str,
    expression: str | None,
    where: list[str],
    params: list[Any],
    stamp: str,
) -> int:
    """Match one query against every cached paper, replacing its hits; how many matched."""
    conn.execute("DELETE FROM watch_hits WHERE query = ?", (query,))
    head = [expression] if expression is not None else []
    cursor = conn.execute(
        "INSERT INTO watch_hits (paper_rowid, query, sort_day, matched_at)"
        f" SELECT rowid, ?, sort_day, ? FROM ({_select(expression, where, 0)})",
        [query, stamp, *head, *params],
    )
    conn.execute(
        "INSERT OR REPLACE INTO watch_queries (query, expression, matched_at) VALUES (?, ?, ?)",
        (query, expression, stamp),
    )
    return cursor.rowcount


def match_among(
    conn: sqlite3.Connection,
    query: str,
    expression: str | None,
    where: list[str],
    params: list[Any],
    rowids: Sequence[int],
    stamp: str,
) -> list[int]:
    """Match one query against these papers again (changed since it was matched); returns the
    rowids that match now and did not before."""
    head = [expression] if expression is not None else []
    matched = {
        rowid: day
        for rowid, day in conn.execute(
            _select(expression, where, len(rowids)), [*head, *rowids, *params]
        )
    }
    before = {
        row[0]
        for row in conn.execute(
            f"SELECT paper_rowid FROM watch_hits WHERE query = ? AND paper_rowid IN"
            f" ({marks(len(rowids))})",
            [query, *rowids],
        )
    }
    gone = before - set(matched)
    if gone:
        conn.execute(
            f"DELETE FROM watch_hits WHERE query = ? AND paper_rowid IN ({marks(len(gone))})",
            [query, *gone],
        )
    conn.executemany(
        "INSERT INTO watch_hits (paper_rowid, query, sort_day, matched_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (paper_rowid, query) DO UPDATE SET sort_day = excluded.sort_day",
        [(rowid, query, day, stamp) for rowid, day in matched.items()],
    )
    return sorted(set(matched) - before)


def changed_since(conn: sqlite3.Connection, stamp: str | None, cap: int) -> list[int] | None:
    """Rowids of the papers written since ``stamp`` (from it on: a stamp is a millisecond, and
    matching one again changes nothing); None when more than ``cap`` (match everything again)."""
    if stamp is None:
        return None
    rows = conn.execute(
        "SELECT rowid FROM papers WHERE updated_at >= ? LIMIT ?", (stamp, cap + 1)
    ).fetchall()
    return None if len(rows) > cap else [row[0] for row in rows]


def newest_stamp(conn: sqlite3.Connection) -> str | None:
    (stamp,) = conn.execute("SELECT max(updated_at) FROM papers").fetchone()
    return str(stamp) if stamp else None


def matched_through(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (THROUGH,)).fetchone()
    return str(row[0]) if row else None


def set_matched_through(conn: sqlite3.Connection, stamp: str | None) -> None:
    if stamp is not None:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (THROUGH, stamp))


def hit_condition(queries: dict[str, tuple[list[str], list[Any]]]) -> tuple[str, list[Any]]:
    """The condition on ``watch_hits h`` (joined with ``papers p``) that keeps the hits of
    these queries, each with its library conditions (is:, tag:, has:note) checked now."""
    plain = [q for q, (where, _) in queries.items() if not where]
    parts: list[str] = []
    params: list[Any] = []
    if plain:
        parts.append(f"h.query IN ({marks(len(plain))})")
        params.extend(plain)
    for query, (where, where_params) in queries.items():
        if where:
            parts.append("(h.query = ? AND " + " AND ".join(where) + ")")
            params.extend([query, *where_params])
    return "(" + (" OR ".join(parts) or "0") + ")", params


def new_condition(since_days: dict[str, str]) -> tuple[str, list[Any]]:
    """The condition on ``h``/``p`` that a hit is new for you: listed on or after the day its
    watch was made (per query: the earliest of its watches), and neither seen nor read."""
    parts = []
    params: list[Any] = []
    for query, day in since_days.items():
        parts.append("(h.query = ? AND h.sort_day >= ?)")
        params.extend([query, day])
    condition = "(" + (" OR ".join(parts) or "0") + ")"
    return (
        f"{condition} AND NOT EXISTS (SELECT 1 FROM lib.seen s WHERE s.paper_id = p.id)"
        " AND NOT EXISTS (SELECT 1 FROM lib.reads r WHERE r.paper_id = p.id)",
        params,
    )


_SEPARATOR = "\x1f"  # between the queries of one paper in group_concat (never in a query)
_JOIN = "FROM watch_hits h JOIN papers p ON p.rowid = h.paper_rowid"


def newest(
    conn: sqlite3.Connection, condition: str, params: list[Any], offset: int, limit: int
) -> list[tuple[str, str, list[str]]]:
    """(paper id, sort_day, its queries) of the matching papers, newest listing day first
    (then the newest arXiv id), a page at a time: walks the watch_hits_newest index."""
    rows = conn.execute(
        f"SELECT p.id, h.sort_day, group_concat(h.query, char(31)) {_JOIN} WHERE {condition}"
        " GROUP BY h.sort_day, h.paper_rowid ORDER BY h.sort_day DESC, h.paper_rowid DESC"
        " LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [(str(i), str(day), str(queries).split(_SEPARATOR)) for i, day, queries in rows]


def count(conn: sqlite3.Connection, condition: str, params: list[Any]) -> int:
    (number,) = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 {_JOIN} WHERE {condition} GROUP BY h.paper_rowid)",
        params,
    ).fetchone()
    return int(number)


def queries_of(
    conn: sqlite3.Connection, rowids: Sequence[int], condition: str, params: list[Any]
) -> list[tuple[int, str]]:
    """(rowid, query) of the hits among these papers."""
    return [
        (int(rowid), str(query))
        for rowid, query in conn.execute(
            f"SELECT h.paper_rowid, h.query {_JOIN} WHERE h.paper_rowid IN ({marks(len(rowids))})"
            f" AND {condition}",
            [*rowids, *params],
        )
    ]


def first_seen_since(
    conn: sqlite3.Connection, stamp: str, condition: str, params: list[Any]
) -> list[tuple[str, str, list[str]]]:
    """Like :func:`newest` (every page), for the papers first cached after ``stamp``."""
    return newest(conn, f"p.first_seen > ? AND {condition}", [stamp, *params], 0, 1_000_000)


def ids_of(conn: sqlite3.Connection, rowids: Sequence[int]) -> list[tuple[int, str]]:
    """(rowid, paper id) of these papers."""
    return [
        (int(r), str(i))
        for r, i in conn.execute(
            f"SELECT rowid, id FROM papers WHERE rowid IN ({marks(len(rowids))})", list(rowids)
        )
    ]
