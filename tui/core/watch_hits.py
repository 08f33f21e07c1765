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

from .schema import FTS_COLUMNS
from .search_sql import marks

THROUGH = "watches_matched_through"  # meta key: the newest papers.updated_at matched


def known_queries(conn: sqlite3.Connection) -> dict[str, str | None]:
    """The queries whose hits are kept, with the expression they were matched with."""
    return {q: e for q, e in conn.execute("SELECT query, expression FROM watch_queries")}


def forget(conn: sqlite3.Connection, query: str) -> None:
    conn.execute("DELETE FROM watch_hits WHERE query = ?", (query,))
    conn.execute("DELETE FROM watch_queries WHERE query = ?", (query,))


def _select(expression: str | None, where: list[str]) -> str:
    """The rowid and sort_day of the papers matching, over every paper."""
    conditions = list(where)
    if expression is not None:
        conditions.insert(0, "p.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
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
        f" SELECT rowid, ?, sort_day, ? FROM ({_select(expression, where)})",
        [query, stamp, *head, *params],
    )
    conn.execute(
        "INSERT OR REPLACE INTO watch_queries (query, expression, matched_at) VALUES (?, ?, ?)",
        (query, expression, stamp),
    )
    return cursor.rowcount


# The papers changed since the last sync, indexed alone in a small FTS5 table of this
# connection: every watch's expression is then matched against those few rows. (Asking the
# big index about a list of rowids runs the expression once per rowid, and a name's prefix
# once more each time: 1.5 s for 400 papers and one author watch.)
_STAGED = "temp.watch_new"
_STAGED_ROWIDS = "SELECT rowid FROM temp.watch_new"  # (a contentless table has its rowids)


def stage(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, set[str]]:
    """Index these papers' text alone in the staging table (emptied first; contentless: only
    the index is written, 8 ms for 100 papers); returns the queries each of them matched
    before."""
    columns = ", ".join(FTS_COLUMNS)
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_STAGED} USING fts5({columns}, content='',"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute(f"INSERT INTO {_STAGED} (watch_new) VALUES ('delete-all')")
    before: dict[int, set[str]] = {}
    for start in range(0, len(rowids), 500):
        chunk = list(rowids[start : start + 500])
        conn.execute(
            f"INSERT INTO {_STAGED} (rowid, {columns}) SELECT rowid, {columns} FROM papers"
            f" WHERE rowid IN ({marks(len(chunk))})",
            chunk,
        )
        for rowid, query in conn.execute(
            f"SELECT paper_rowid, query FROM watch_hits WHERE paper_rowid IN ({marks(len(chunk))})",
            chunk,
        ):
            before.setdefault(int(rowid), set()).add(str(query))
    return before


def match_staged(
    conn: sqlite3.Connection,
    query: str,
    expression: str | None,
    where: list[str],
    params: list[Any],
    before: dict[int, set[str]],
    stamp: str,
) -> list[int]:
    """Match one query against the staged papers again (``before``: what stage() returned);
    returns the rowids that match now and did not before."""
    if expression is not None:
        source = f"p.rowid IN (SELECT rowid FROM {_STAGED} WHERE watch_new MATCH ?)"
        head = [expression]
    else:
        source, head = f"p.rowid IN ({_STAGED_ROWIDS})", []
    conditions = " AND ".join([source, *where])
    matched = {
        rowid: day
        for rowid, day in conn.execute(
            f"SELECT p.rowid, p.sort_day FROM papers p WHERE {conditions}", [*head, *params]
        )
    }
    had = {rowid for rowid, queries in before.items() if query in queries}
    gone = had - set(matched)
    if gone:
        conn.execute(
            f"DELETE FROM watch_hits WHERE query = ? AND paper_rowid IN ({marks(len(gone))})",
            [query, *gone],
        )
    if matched:
        conn.executemany(
            "INSERT INTO watch_hits (paper_rowid, query, sort_day, matched_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (paper_rowid, query)"
            " DO UPDATE SET sort_day = excluded.sort_day",
            [(rowid, query, day, stamp) for rowid, day in matched.items()],
        )
    return sorted(set(matched) - had)


def staged_with_hits(conn: sqlite3.Connection) -> int:
    """How many of the staged papers have a hit of any query."""
    (number,) = conn.execute(
        f"SELECT count(DISTINCT paper_rowid) FROM watch_hits WHERE paper_rowid IN"
        f" ({_STAGED_ROWIDS})"
    ).fetchone()
    return int(number)


def changed_since(conn: sqlite3.Connection, stamp: str | None, cap: int) -> list[int] | None:
    """Rowids of the papers written since ``stamp`` (from it on: a stamp is a millisecond, and
    matching one again changes nothing); None when more than ``cap`` (match everything again)."""
    if stamp is None:
        return None
    rows = conn.execute(
        "SELECT rowid FROM papers WHERE updated_at > ? LIMIT ?", (stamp, cap + 1)
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
    # "+h.query": never the query index (a page walks watch_hits_newest, a count the table).
    plain = [q for q, (where, _) in queries.items() if not where]
    parts: list[str] = []
    params: list[Any] = []
    if plain:
        parts.append(f"+h.query IN ({marks(len(plain))})")
        params.extend(plain)
    for query, (where, where_params) in queries.items():
        if where:
            parts.append("(+h.query = ? AND " + " AND ".join(where) + ")")
            params.extend([query, *where_params])
    return "(" + (" OR ".join(parts) or "0") + ")", params


def new_condition(since_days: dict[str, str]) -> tuple[str, list[Any]]:
    """The condition on ``h``/``p`` that a hit is new for you: listed on or after the day its
    watch was made (per query: the earliest of its watches), and neither seen nor read."""
    parts = []
    params: list[Any] = [min(since_days.values(), default="")]
    for query, day in since_days.items():
        parts.append("(+h.query = ? AND h.sort_day >= ?)")
        params.extend([query, day])
    # The earliest day first, alone: a range of the watch_hits_newest index.
    condition = "h.sort_day >= ? AND (" + (" OR ".join(parts) or "0") + ")"
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
    (then the newest arXiv id), a page at a time. Walks the watch_hits_newest index in order
    and stops at the page's end (a GROUP BY would first sort every hit: 400 ms at 137,000)."""
    rows = conn.execute(
        f"SELECT p.id, h.paper_rowid, h.sort_day, h.query FROM watch_hits h"
        f" INDEXED BY watch_hits_newest JOIN papers p ON p.rowid = h.paper_rowid"
        f" WHERE {condition} ORDER BY h.sort_day DESC, h.paper_rowid DESC",
        params,
    )
    found: list[tuple[str, str, list[str]]] = []
    last, skipped = None, 0
    for paper_id, rowid, day, query in rows:
        if rowid == last:
            if skipped >= offset:
                found[-1][2].append(str(query))
            continue
        last = rowid
        if skipped < offset:
            skipped += 1
            continue
        if len(found) == limit:
            break
        found.append((str(paper_id), str(day), [str(query)]))
    return found


def count(conn: sqlite3.Connection, condition: str, params: list[Any]) -> int:
    """How many papers pass: the table read in its key's order (paper, query), each paper's
    hits next to each other, so no sort."""
    (number,) = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 {_JOIN} WHERE {condition} GROUP BY h.paper_rowid)",
        params,
    ).fetchone()
    return int(number)


def count_recent(conn: sqlite3.Connection, condition: str, params: list[Any]) -> int:
    """How many papers pass a condition that starts with a range of days (``h.sort_day >=
    ?``): that range of the watch_hits_newest index only."""
    (number,) = conn.execute(
        f"SELECT count(DISTINCT h.paper_rowid) FROM watch_hits h INDEXED BY watch_hits_newest"
        f" JOIN papers p ON p.rowid = h.paper_rowid WHERE {condition}",
        params,
    ).fetchone()
    return int(number)


PAPERS = "watched_papers"  # meta key: how many papers watch_hits holds (for_you.ForYou.count)


def papers_count(conn: sqlite3.Connection) -> int:
    """How many papers the table holds hits of, counted now (and remembered)."""
    (number,) = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM watch_hits GROUP BY paper_rowid)"
    ).fetchone()
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (PAPERS, number))
    return int(number)


def papers_count_kept(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (PAPERS,)).fetchone()
    return int(row[0]) if row else None


def add_to_papers_count(conn: sqlite3.Connection, change: int) -> None:
    conn.execute(
        "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = ?", (change, PAPERS)
    )


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


def hits_among(conn: sqlite3.Connection, rowids: Sequence[int]) -> list[tuple[int, str]]:
    """(rowid, query) of every hit of these papers, read from the table's key alone (a page's
    marks when no watch has a library filter)."""
    return [
        (int(rowid), str(query))
        for rowid, query in conn.execute(
            f"SELECT paper_rowid, query FROM watch_hits WHERE paper_rowid IN"
            f" ({marks(len(rowids))})",
            list(rowids),
        )
    ]


def first_seen_since(
    conn: sqlite3.Connection, stamp: str, condition: str, params: list[Any]
) -> list[tuple[str, str, list[str]]]:
    """Like :func:`newest` (every page), for the papers first cached after ``stamp``."""
    return newest(conn, f"p.first_seen > ? AND {condition}", [stamp, *params], 0, 1_000_000)


def all_queries(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT query FROM watch_queries")}


def ids_of(conn: sqlite3.Connection, rowids: Sequence[int]) -> list[tuple[int, str]]:
    """(rowid, paper id) of these papers."""
    return [
        (int(r), str(i))
        for r, i in conn.execute(
            f"SELECT rowid, id FROM papers WHERE rowid IN ({marks(len(rowids))})", list(rowids)
        )
    ]
