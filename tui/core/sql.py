"""The SQL of the cache's rows: the upsert that merges a fetch, the columns and orders of a view's
page, and the mapping between rows and records. Kept apart from store.py, which runs them.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from json.encoder import encode_basestring
from typing import Any

from .models import Paper, PaperRow, paper_rowid
from .text import safe_url

PAPER_COLUMNS = (
    "rowid",
    "id",
    "title",
    "abstract",
    "authors",
    "n_authors",
    "authors_text",
    "organization",
    "org_name",
    "published",
    "upvotes",
    "comments",
    "github_repo",
    "github_stars",
    "project_page",
    "ai_summary",
    "ai_keywords",
    "keywords_text",
    "submitted_by",
    "submitter_avatar",
    "withdrawn_at",
    "last_listed",
    "sort_day",
    "source",
    "snapshot_at",
    "first_seen",
    "updated_at",
)

# New values win, but a missing value never erases a known one: a search result (which lacks AI
# summaries, organizations and stars) must not wipe what a daily listing told us.
KEEP_KNOWN = (
    "abstract",
    "organization",
    "org_name",
    "published",
    "upvotes",
    "comments",
    "github_repo",
    "github_stars",
    "project_page",
    "ai_summary",
    "submitted_by",
    "submitter_avatar",
    "withdrawn_at",
)
MARKS = ", ".join("?" * len(PAPER_COLUMNS))
UPSERT = (
    f"INSERT INTO papers ({', '.join(PAPER_COLUMNS)}) VALUES ({MARKS})"
    " ON CONFLICT (id) DO UPDATE SET "
    "title = CASE WHEN excluded.title = excluded.id THEN papers.title ELSE excluded.title END, "
    "authors = CASE WHEN excluded.n_authors > 0 THEN excluded.authors ELSE papers.authors END, "
    "n_authors = CASE WHEN excluded.n_authors > 0 THEN excluded.n_authors"
    " ELSE papers.n_authors END, "
    "authors_text = coalesce(excluded.authors_text, papers.authors_text), "
    "ai_keywords = CASE WHEN excluded.keywords_text IS NOT NULL THEN excluded.ai_keywords"
    " ELSE papers.ai_keywords END, "
    "keywords_text = coalesce(excluded.keywords_text, papers.keywords_text), "
    + ", ".join(f"{c} = coalesce(excluded.{c}, papers.{c})" for c in KEEP_KNOWN)
    + ", last_listed = nullif(max(coalesce(excluded.last_listed, ''),"
    " coalesce(papers.last_listed, '')), ''), "
    "sort_day = coalesce(nullif(max(coalesce(excluded.last_listed, ''),"
    " coalesce(papers.last_listed, '')), ''), coalesce(excluded.published, papers.published), ''), "
    "snapshot_at = coalesce(excluded.snapshot_at, papers.snapshot_at), "
    "updated_at = excluded.updated_at"
)

# Why a fetch is staged in a TEMP table and merged with one INSERT … SELECT rather than upserted
# row by row: every statement that writes the FTS5 index (here through the papers triggers) ends
# by flushing FTS5's pending terms into a new on-disk segment, which later merges must fold back
# in. Row by row, that is one tiny segment per paper; one statement per fetch makes it one. The
# triggers still keep the index in step, for this merge and for any other write. Measured on the
# 20,000-paper bench cache: 2,300–2,900 papers/s row by row, 5,800–6,900 staged.
# The merge goes in rowid (arXiv id) order, because FTS5 also flushes whenever a rowid comes
# lower than the one before, and an API page comes in upvote order. A paper sent twice keeps its
# arrival order (``_rowid_``, the stage's own key), so its later copy still wins.
_STAGE = "temp.papers_stage"
_CREATE_STAGE = f"CREATE TEMP TABLE IF NOT EXISTS papers_stage ({', '.join(PAPER_COLUMNS)})"
_UPSERT_STAGED = UPSERT.replace(
    f"VALUES ({MARKS})",
    # "WHERE true" is how SQLite tells an upsert's ON CONFLICT from a join's ON.
    f"SELECT {', '.join(PAPER_COLUMNS)} FROM {_STAGE} WHERE true ORDER BY rowid, _rowid_",
)


def upsert_papers(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Merge rows of ``paper_values`` into papers inside the caller's transaction."""
    if not rows:
        return
    conn.execute(_CREATE_STAGE)  # empty: emptied below, or its rows rolled back with a failure
    conn.executemany(f"INSERT INTO {_STAGE} VALUES ({MARKS})", rows)
    conn.execute(_UPSERT_STAGED)
    conn.execute(f"DELETE FROM {_STAGE}")


ROW_COLUMNS = (
    "p.rowid, p.id, p.title, p.upvotes, p.comments, {day} AS day, p.published, "
    "EXISTS (SELECT 1 FROM lib.bookmarks b WHERE b.paper_id = p.id) AS bookmarked, "
    "EXISTS (SELECT 1 FROM lib.reads r WHERE r.paper_id = p.id) AS is_read, "
    "(SELECT rp.fraction FROM lib.reading_positions rp WHERE rp.paper_id = p.id) AS reading"
)
# Bookmarks and tag views start from the library and fall back on the paper snapshot kept there,
# so they show every paper even when the cache no longer has it.
USER_ROW_COLUMNS = (
    "coalesce(p.rowid, -1) AS rowid, u.paper_id AS id,"
    " coalesce(p.title, json_extract(s.data, '$.title'), u.paper_id) AS title,"
    " coalesce(p.upvotes, json_extract(s.data, '$.upvotes')) AS upvotes,"
    " coalesce(p.comments, json_extract(s.data, '$.comments')) AS comments,"
    " coalesce(p.last_listed, json_extract(s.data, '$.listed_day')) AS day,"
    " coalesce(p.published, json_extract(s.data, '$.published')) AS published,"
    " EXISTS (SELECT 1 FROM lib.bookmarks b WHERE b.paper_id = u.paper_id) AS bookmarked,"
    " EXISTS (SELECT 1 FROM lib.reads r WHERE r.paper_id = u.paper_id) AS is_read,"
    " (SELECT rp.fraction FROM lib.reading_positions rp WHERE rp.paper_id = u.paper_id)"
    " AS reading"
)
# Upvotes gained over the last 24 hours: now, minus the newest snapshot at least a day old. A
# paper first seen within the day and listed within it too (a new paper of the latest batch)
# gained all its upvotes in that day. Any other paper without a day-old snapshot (a past period
# opened for the first time) counts from its first snapshot: no gain is made up. Computed only
# for the rows of one period view (a day, a week, a month): never over the whole archive.
# Parameters: the cut (now - 24 h) as a stamp, the cut again, and the cut's day.
RISING_WINDOW = timedelta(hours=24)
RISING = (
    "coalesce(p.upvotes, 0) - coalesce("
    "(SELECT s.upvotes FROM snapshots s WHERE s.paper_id = p.id AND s.taken_at <= ?"
    " ORDER BY s.taken_at DESC LIMIT 1),"
    " CASE WHEN p.first_seen > ? AND p.last_listed >= ? THEN 0 END,"
    " (SELECT s.upvotes FROM snapshots s WHERE s.paper_id = p.id ORDER BY s.taken_at LIMIT 1),"
    " p.upvotes, 0)"
)
# Whether a paper of a view has anything to rise from: a day-old snapshot, or it is new (above).
# Parameters as RISING's.
HAS_HISTORY = (
    "(EXISTS (SELECT 1 FROM snapshots s WHERE s.paper_id = p.id AND s.taken_at <= ?)"
    " OR (p.first_seen > ? AND p.last_listed >= ?))"
)
ORDERS = {
    "upvotes": "p.upvotes DESC NULLS LAST, day DESC, p.id DESC",
    "newest": "day DESC, p.published DESC NULLS LAST, p.id DESC",
    "rising": "rising DESC, p.upvotes DESC NULLS LAST, p.id DESC",
}


def _json_strings(items: list[str]) -> str:
    """``json.dumps(items, ensure_ascii=False)`` for a list of strings, at a fifth of its cost
    (it builds an encoder per call); ingest calls it twice per paper."""
    return "[" + ", ".join(map(encode_basestring, items)) + "]"


def paper_values(paper: Paper, stamp: str, source: str, snapshot: bool) -> tuple[Any, ...]:
    authors = list(paper.authors)
    keywords = list(paper.ai_keywords)
    return (
        paper_rowid(paper.id),
        paper.id,
        paper.title,
        paper.abstract,
        _json_strings(authors),
        len(authors),
        ", ".join(authors) or None,
        paper.organization,
        paper.org_name,
        paper.published,
        paper.upvotes,
        paper.comments,
        paper.github_repo,
        paper.github_stars,
        paper.project_page,
        paper.ai_summary,
        _json_strings(keywords),
        ", ".join(keywords) or None,
        paper.submitted_by,
        paper.submitter_avatar,
        paper.withdrawn_at,
        paper.listed_day,
        paper.listed_day or paper.published or "",
        source,
        stamp if snapshot else None,
        stamp,
        stamp,
    )


def paper_from_row(row: sqlite3.Row | dict[str, Any]) -> Paper:
    def listed(name: str) -> tuple[str, ...]:
        try:
            value = json.loads(row[name] or "[]")
        except ValueError:
            return ()
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    return Paper(
        id=row["id"],
        title=row["title"],
        abstract=row["abstract"],
        authors=listed("authors"),
        organization=row["organization"],
        org_name=row["org_name"],
        published=row["published"],
        upvotes=row["upvotes"],
        comments=row["comments"],
        github_repo=safe_url(row["github_repo"]),  # again: an older version kept any link
        github_stars=row["github_stars"],
        project_page=safe_url(row["project_page"]),
        ai_summary=row["ai_summary"],
        ai_keywords=listed("ai_keywords"),
        submitted_by=row["submitted_by"],
        submitter_avatar=safe_url(row["submitter_avatar"]),
        withdrawn_at=row["withdrawn_at"],
        listed_day=row["last_listed"],
    )


def row_from_sql(r: sqlite3.Row) -> PaperRow:
    """A row of ROW_COLUMNS or USER_ROW_COLUMNS (same order), then ``rising`` when selected
    and a trending view's ``trend_rank``.
    By position, not by name: a page calls this 50 times, and names cost a lookup each."""
    rowid, paper_id, title, upvotes, comments, day, published, bookmarked, is_read, reading = r[:10]
    return PaperRow(
        rowid,
        paper_id,
        title,
        upvotes,
        comments,
        day,
        published,
        bool(bookmarked),
        bool(is_read),
        rising=r[10] if len(r) > 10 else None,
        reading=reading,
        trend_rank=r[11] if len(r) > 11 else None,
    )
