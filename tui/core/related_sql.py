"""The statements of "more like this" (more_like_this.py), run through Store.run_read. Every
value is a parameter; FTS5 expressions are built from quoted words only."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .schema import RELATED_INDEX
from .search_sql import marks


def newest_sharing(
    conn: sqlite3.Connection, column: str, values: Sequence[str], limit: int
) -> list[int]:
    """Rowids of the newest papers (up to ``limit``) with any of ``values`` (names or AI
    keywords, any case) in ``column`` ("names" or "keywords") of the related index: each value
    one word there, as schema.RELATED_INDEX writes it."""
    if not values:
        return []
    words = " OR ".join(
        '"' + value.strip(" ").replace(" ", "_").replace('"', '""') + '"' for value in values
    )
    rows = conn.execute(
        f"SELECT rowid FROM {RELATED_INDEX} WHERE {RELATED_INDEX} MATCH ?"
        " ORDER BY rowid DESC LIMIT ?",
        (f"{column} : ({words})", limit),
    )
    return [int(r[0]) for r in rows]


def best_matching(conn: sqlite3.Connection, expression: str, limit: int) -> list[tuple[int, float]]:
    """(rowid, bm25 score: lower is better) of the best matches of an expression."""
    rows = conn.execute(
        "SELECT rowid, bm25(papers_fts, 10.0, 1.0, 2.0, 4.0, 6.0, 3.0) AS score FROM papers_fts"
        " WHERE papers_fts MATCH ? ORDER BY score LIMIT ?",
        (expression, limit),
    )
    return [(int(r[0]), float(r[1])) for r in rows]


def count_matching(conn: sqlite3.Connection, expression: str, cap: int) -> int:
    (number,) = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)",
        (expression, cap),
    ).fetchone()
    return int(number)


def paper_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])


def people_and_keywords(
    conn: sqlite3.Connection, rowids: Sequence[int]
) -> list[tuple[int, str, str, str]]:
    """(rowid, id, authors JSON, keywords JSON) of these papers."""
    return [
        (int(r), str(i), str(a or "[]"), str(k or "[]"))
        for r, i, a, k in conn.execute(
            f"SELECT rowid, id, authors, ai_keywords FROM papers WHERE rowid IN"
            f" ({marks(len(rowids))})",
            list(rowids),
        )
    ]


def texts(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, str]:
    """The title, abstract, AI summary and keywords of these papers, as one text each."""
    return {
        int(r): " ".join(filter(None, parts))
        for r, *parts in conn.execute(
            f"SELECT rowid, title, abstract, ai_summary, keywords_text FROM papers"
            f" WHERE rowid IN ({marks(len(rowids))})",
            list(rowids),
        )
    }
