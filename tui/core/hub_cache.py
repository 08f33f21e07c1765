"""A paper's page beyond its abstract, in the cache (schema v6): the trending order, linked-repo
counts and top lists, every linked repo of a kind, and discussions.

Functions over a cache connection; Store gives them its transactions and error handling. What
is read back is checked again (ids, links), as a cache may be older or damaged.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from .hub_models import REPO_KINDS, Comment, Discussion, LinkedRepo, PaperLinks
from .hub_parse import parse_comment, repo_id
from .models import is_count

_COUNT_COLUMNS = {"model": "n_models", "dataset": "n_datasets", "space": "n_spaces"}


# --- trending -----------------------------------------------------------------------------------


def save_trending(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
    """Replace the trending order with ``ids`` (rank 1 first). Call inside a transaction."""
    conn.execute("DELETE FROM trending")
    conn.executemany(
        "INSERT OR IGNORE INTO trending (rank, paper_id) VALUES (?, ?)",
        [(rank, paper_id) for rank, paper_id in enumerate(ids, start=1)],
    )


def trending_ids(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT paper_id FROM trending ORDER BY rank")]


# --- linked repos -------------------------------------------------------------------------------


def _repo_json(repo: LinkedRepo) -> dict[str, Any]:
    return {"id": repo.id, "likes": repo.likes, "downloads": repo.downloads, "task": repo.task}


def _repo_from(kind: str, data: Any) -> LinkedRepo | None:
    if not isinstance(data, dict) or kind not in REPO_KINDS:
        return None
    ident = repo_id(data.get("id"))
    if ident is None:
        return None
    likes, downloads, task = data.get("likes"), data.get("downloads"), data.get("task")
    return LinkedRepo(
        kind,
        ident,
        likes if is_count(likes) else None,
        downloads if is_count(downloads) else None,
        task if isinstance(task, str) else None,
    )


def save_links(conn: sqlite3.Connection, links: PaperLinks) -> None:
    """Store a paper's counts and top lists (replacing what was there)."""
    top = {kind: [_repo_json(repo) for repo in links.top.get(kind, ())] for kind in REPO_KINDS}
    conn.execute(
        "INSERT OR REPLACE INTO paper_links (paper_id, n_models, n_datasets, n_spaces, top,"
        " complete, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            links.paper_id,
            links.counts.get("model"),
            links.counts.get("dataset"),
            links.counts.get("space"),
            json.dumps(top, ensure_ascii=False),
            ",".join(sorted(links.complete)),
            links.fetched_at,
        ),
    )


def load_links(conn: sqlite3.Connection, paper_id: str) -> PaperLinks | None:
    row = conn.execute(
        "SELECT n_models, n_datasets, n_spaces, top, complete, fetched_at FROM paper_links"
        " WHERE paper_id = ?",
        (paper_id,),
    ).fetchone()
    if row is None:
        return None
    counts = {
        kind: (value if is_count(value) else None)
        for kind, value in zip(REPO_KINDS, row[:3], strict=True)
    }
    try:
        stored = json.loads(row[3])
    except ValueError:
        stored = {}
    top: dict[str, tuple[LinkedRepo, ...]] = {}
    for kind in REPO_KINDS:
        items = stored.get(kind) if isinstance(stored, dict) else None
        repos = (_repo_from(kind, item) for item in (items if isinstance(items, list) else ()))
        top[kind] = tuple(repo for repo in repos if repo is not None)
    complete = frozenset(k for k in str(row[4]).split(",") if k in REPO_KINDS)
    return PaperLinks(paper_id, counts, top, complete, row[5])


def save_linked_repos(
    conn: sqlite3.Connection, paper_id: str, kind: str, repos: Sequence[LinkedRepo], stamp: str
) -> None:
    """Replace every linked repo of a kind (in the given order: most liked first)."""
    conn.execute("DELETE FROM linked_repos WHERE paper_id = ? AND kind = ?", (paper_id, kind))
    conn.executemany(
        "INSERT INTO linked_repos (paper_id, kind, position, repo_id, likes, downloads, task)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (paper_id, kind, position, repo.id, repo.likes, repo.downloads, repo.task)
            for position, repo in enumerate(repos)
        ],
    )
    conn.execute(
        "INSERT OR REPLACE INTO linked_lists (paper_id, kind, fetched_at) VALUES (?, ?, ?)",
        (paper_id, kind, stamp),
    )


def load_linked_repos(
    conn: sqlite3.Connection, paper_id: str, kind: str
) -> tuple[list[LinkedRepo], str] | None:
    """(every stored repo of a kind in order, when the list was fetched); None if never."""
    listed = conn.execute(
        "SELECT fetched_at FROM linked_lists WHERE paper_id = ? AND kind = ?", (paper_id, kind)
    ).fetchone()
    if listed is None:
        return None
    rows = conn.execute(
        "SELECT repo_id, likes, downloads, task FROM linked_repos"
        " WHERE paper_id = ? AND kind = ? ORDER BY position",
        (paper_id, kind),
    )
    repos = [
        _repo_from(kind, {"id": r[0], "likes": r[1], "downloads": r[2], "task": r[3]}) for r in rows
    ]
    return [repo for repo in repos if repo is not None], listed[0]


# --- discussions --------------------------------------------------------------------------------


def _comment_json(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "author": comment.author,
        "author_fullname": comment.author_fullname,
        "created": comment.created,
        "text": comment.text,
        "hidden": comment.hidden,
        "hidden_reason": comment.hidden_reason,
        "edited": comment.edited,
        "reactions": [list(pair) for pair in comment.reactions],
        "parent_id": comment.parent_id,
        "similar_ids": list(comment.similar_ids),
    }


def _comment_from(data: Any) -> Comment | None:
    """A stored comment back; it was cleaned when parsed, and is parsed again here the same
    way (a damaged or older cache may hold anything)."""
    if not isinstance(data, dict):
        return None
    rebuilt = {
        "id": data.get("id"),
        "author": {"name": data.get("author"), "fullname": data.get("author_fullname")},
        "createdAt": data.get("created"),
        "data": {
            "hidden": data.get("hidden") is True,
            "hiddenReason": data.get("hidden_reason"),
            "edited": data.get("edited") is True,
            "latest": {"raw": data.get("text")},
            "reactions": [
                {"reaction": pair[0], "count": pair[1]}
                for pair in data.get("reactions") or ()
                if isinstance(pair, list) and len(pair) == 2
            ],
            "parentCommentId": data.get("parent_id"),
        },
    }
    return parse_comment(rebuilt)


def save_discussion(conn: sqlite3.Connection, discussion: Discussion) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO discussions (paper_id, comments, num_comments, fetched_at)"
        " VALUES (?, ?, ?, ?)",
        (
            discussion.paper_id,
            json.dumps([_comment_json(c) for c in discussion.comments], ensure_ascii=False),
            discussion.num_comments,
            discussion.fetched_at,
        ),
    )


def load_discussion(conn: sqlite3.Connection, paper_id: str) -> Discussion | None:
    row = conn.execute(
        "SELECT comments, num_comments, fetched_at FROM discussions WHERE paper_id = ?",
        (paper_id,),
    ).fetchone()
    if row is None:
        return None
    try:
        items = json.loads(row[0])
    except ValueError:
        items = []
    comments = [_comment_from(item) for item in (items if isinstance(items, list) else ())]
    num = row[1] if is_count(row[1]) else None
    return Discussion(paper_id, tuple(c for c in comments if c is not None), num, row[2])
