"""Local full-text search: a :class:`~.query.Query` to a ranked list of paper ids, fast.

How ranking stays fast on a big cache. Plain FTS5 ``ORDER BY bm25`` scores *every* matching row
before it can return the first one; at 200,000 papers a common word matches tens of thousands of
rows and that costs ~100 ms. Instead, candidates are taken newest first, straight off the index:
the cache's integer key is the arXiv id as a number (store.py), so ``ORDER BY rowid DESC`` walks
the FTS doclists from the newest paper backwards and stops after ``CANDIDATES`` rows, and bm25 is
computed only for those rows. Two candidate sets are taken: matches in the title alone and
matches anywhere; a paper whose title matches is what a person searching usually wants, old or
new, and title matches are far fewer. The union is ranked by bm25 with the title weighted highest.

When a query matches fewer rows than the cap (nearly every real query: a few words, a name), the
ranking is exactly bm25 over all matches. When it matches more (a single common word), the
result is the best of the newest matches, and the count says "N+" rather than pretending.

Every user word is quoted before it reaches FTS5 (``"word"``, ``"word"*``), so operators, ``*``,
``NEAR(``, ``:`` or quotes typed by the user are text, never query syntax.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .db import StoreError
from .query import Query, has_word_chars, parse_query
from .schema import FTS_COLUMNS
from .store import Store

CANDIDATES = 1500
# bm25 weights, in FTS_COLUMNS order: title, abstract, ai_summary, keywords, authors, organization
WEIGHTS = (10.0, 1.0, 2.0, 4.0, 6.0, 3.0)
_BM25 = f"bm25(papers_fts, {', '.join(str(w) for w in WEIGHTS)})"
assert len(WEIGHTS) == len(FTS_COLUMNS)
MIN_PREFIX = 2  # a one-letter prefix matches half the index: wait for the second letter


@dataclass(slots=True)
class SearchResult:
    ids: list[str] = field(default_factory=list)
    total: int = 0  # matches found (a lower bound when capped)
    capped: bool = False  # more matched than were ranked
    query: Query | None = None

    @property
    def count_text(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_expression(query: Query) -> str | None:
    """The FTS5 MATCH expression for the words, phrases and text fields; None if there are none."""
    parts: list[str] = []
    for index, word in enumerate(query.words):
        last = index == len(query.words) - 1
        if last and query.prefix:
            core = re.sub(r"\W+$", "", word)
            if len(core) >= MIN_PREFIX:
                parts.append(_quote(core) + "*")
            elif len(query.words) == 1 and not (query.phrases or query.fields):
                parts.append(_quote(word))  # a lone short word: match it whole
            continue
        parts.append(_quote(word))
    parts.extend(_quote(phrase) for phrase in query.phrases if has_word_chars(phrase))
    for column, value in query.fields:
        parts.append(f"{column} : ({_quote(value)}*)")
    if not parts:
        return None
    return " AND ".join(parts)


def _exclusion(query: Query) -> str | None:
    terms = [_quote(t) for t in query.excluded if has_word_chars(t)]
    return " OR ".join(terms) if terms else None


def _filters(query: Query) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``papers p`` for the non-text filters."""
    where: list[str] = []
    params: list[Any] = []
    for column, op, number in query.counts:
        where.append(f"p.{column} {op} ?")
        params.append(number)
    if query.since:
        where.append("p.sort_day >= ?")
        params.append(query.since)
    if query.until:
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
    if "code" in query.has:
        where.append("p.github_repo IS NOT NULL")
    if "project" in query.has:
        where.append("p.project_page IS NOT NULL")
    if "summary" in query.has:
        where.append("p.ai_summary IS NOT NULL")
    if "note" in query.has:
        where.append("p.id IN (SELECT paper_id FROM lib.notes)")
    if "tag" in query.has:
        where.append("p.id IN (SELECT paper_id FROM lib.tags)")
    exclusion = _exclusion(query)
    if exclusion:
        where.append("p.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(exclusion)
    return where, params


def search(store: Store, query: Query | str, *, limit: int = CANDIDATES) -> SearchResult:
    """Run a query against the cache; best match first. Never raises on odd input."""
    if isinstance(query, str):
        query = parse_query(query)
    result = SearchResult(query=query)
    if query.is_empty:
        return result
    where, params = _filters(query)
    expression = fts_expression(query)
    limit = max(1, min(limit, CANDIDATES))
    try:
        if expression is None:
            _filter_only(store, result, where, params, limit)
        else:
            _ranked(store, result, expression, where, params, limit)
    except (sqlite3.OperationalError, StoreError) as error:
        # Quoting makes user text inert; this is the last line of defence, not the first.
        text = str(error).lower()
        if any(s in text for s in ("fts5", "syntax", "unterminated", "malformed match")):
            return SearchResult(query=query)
        raise
    return result


def _filter_only(
    store: Store, result: SearchResult, where: list[str], params: list[Any], limit: int
) -> None:
    condition = " AND ".join(where) or "1"
    rows = store.query(
        f"SELECT p.id FROM papers p WHERE {condition}"
        " ORDER BY p.sort_day DESC, p.upvotes DESC LIMIT ?",
        [*params, limit + 1],
    )
    result.ids = [r[0] for r in rows[:limit]]
    result.total = len(result.ids)
    result.capped = len(rows) > limit


def _ranked(
    store: Store,
    result: SearchResult,
    expression: str,
    where: list[str],
    params: list[Any],
    limit: int,
) -> None:
    condition = "".join(f" AND {w}" for w in where)
    join = " JOIN papers p ON p.rowid = papers_fts.rowid" if where else ""
    sql = (
        f"SELECT papers_fts.rowid, {_BM25} FROM papers_fts{join}"
        f" WHERE papers_fts MATCH ?{condition} ORDER BY papers_fts.rowid DESC LIMIT ?"
    )
    scores: dict[int, float] = {}
    capped = False
    passes = [expression]
    if not result.query or not result.query.fields:  # a column filter cannot nest in another
        passes.insert(0, f"title : ({expression})")
    for match in passes:
        rows = store.query(sql, [match, *params, limit + 1])
        capped = capped or len(rows) > limit
        for rowid, score in rows[:limit]:
            # The title-only pass scores the title alone; the full pass scores every column, so
            # for a row found by both, keep the full (lower = better) score.
            if rowid not in scores or score < scores[rowid]:
                scores[rowid] = score
    ranked = sorted(scores, key=lambda rowid: (scores[rowid], -rowid))[:limit]
    ids = _ids(store, ranked)
    result.ids = [ids[r] for r in ranked if r in ids]
    result.total = len(scores)
    result.capped = capped


def _ids(store: Store, rowids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for rowid, paper_id in store.query(
            f"SELECT rowid, id FROM papers WHERE rowid IN ({marks})", chunk
        ):
            found[rowid] = paper_id
    return found
