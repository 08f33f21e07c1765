"""The SQL of a view's count and pages, assembled from named parts.

A period or the archive reads the cache; bookmarks and a tag start from the library (attached as
``lib``). Every part is one function: where the rows come from (``view_tables``), which are kept
(``hidden_read``), their order (``view_order``), and the statements built from them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .select import Select
from .sql import HAS_HISTORY, ORDERS, RISING, RISING_WINDOW, ROW_COLUMNS, USER_ROW_COLUMNS
from .views import ViewSpec

# Where bookmarks and a tag view start from (their rows are user data, ``u``).
USER_TABLES = {
    "bookmarks": "lib.bookmarks u",
    "tag": "lib.tags u",
}
# Bookmarks and tag views show every paper even when the cache no longer has it (sql.py).
_FROM_LIBRARY = (
    " LEFT JOIN papers p ON p.id = u.paper_id"
    " LEFT JOIN lib.paper_snapshots s ON s.paper_id = u.paper_id"
)


def is_user_view(spec: ViewSpec) -> bool:
    """Whether a view lists user data (bookmarks, a tag) rather than the cache."""
    return spec.kind in USER_TABLES


def rising_params(now: datetime | None) -> tuple[str, str, str]:
    """The parameters of sql.RISING and sql.HAS_HISTORY: the cut (a day ago), twice, and its day."""
    cut = (now or datetime.now(UTC)) - RISING_WINDOW
    stamp = cut.strftime("%Y-%m-%dT%H:%M:%S.999Z")
    return (stamp, stamp, cut.date().isoformat())


def view_tables(spec: ViewSpec, papers: str = "papers p") -> tuple[str, tuple[str, ...], list[Any]]:
    """(FROM clause, its conditions, params) of a cache view; ``papers`` joins the papers table
    (a period view's sort names the index it reads, see rows_select)."""
    if spec.kind == "period" and spec.period is not None:
        period = spec.period
        if period.kind == "day":
            tables = f"listings l JOIN {papers} ON p.id = l.paper_id"
            return tables, ("l.day = ?",), [period.key]
        tables = (
            "(SELECT paper_id, max(day) AS day FROM listings WHERE day BETWEEN ? AND ?"
            f" GROUP BY paper_id) l JOIN {papers} ON p.id = l.paper_id"
        )
        return tables, ("1",), [period.first.isoformat(), period.last.isoformat()]
    if spec.kind == "archive":
        return "papers p", ("1",), []
    if spec.kind == "trending":
        # CROSS JOIN: the snapshot's hundred rows lead. Sorted by upvotes, SQLite would
        # rather walk every paper by its upvotes index and look each up in the snapshot
        # (33 ms at 20,000 papers; bench/trending.py).
        return f"trending t CROSS JOIN {papers} ON p.id = t.paper_id", ("1",), []
    raise ValueError(f"not a cache view: {spec.kind}")


def user_tables(spec: ViewSpec) -> tuple[str, tuple[str, ...], list[Any]]:
    """(FROM clause, its conditions, params) of a bookmarks or tag view."""
    if spec.kind == "tag":
        return USER_TABLES["tag"], ("u.tag = ?",), [spec.tag or ""]
    return USER_TABLES[spec.kind], ("1",), []


def day_column(spec: ViewSpec) -> str:
    """The day a row of a cache view shows: its listing's in a period, its newest otherwise."""
    return "l.day" if spec.kind == "period" else "p.last_listed"


def hidden_read(spec: ViewSpec, paper_id: str) -> tuple[str, ...]:
    """The condition that leaves read papers out, when the view hides them."""
    if not spec.hide_read:
        return ()
    return (f"NOT EXISTS (SELECT 1 FROM lib.reads r WHERE r.paper_id = {paper_id})",)


def view_order(spec: ViewSpec) -> str:
    """The ORDER BY of a view's rows."""
    if is_user_view(spec):
        order = "u.created_at DESC, " + (
            "u.rowid DESC" if spec.kind == "bookmarks" else "u.paper_id"
        )
        return "upvotes DESC NULLS LAST, " + order if spec.sort == "upvotes" else order
    if spec.kind == "archive" and spec.sort not in ("upvotes", "rising"):
        return "p.sort_day DESC, p.upvotes DESC"  # matches the papers_archive index
    if spec.kind == "archive":
        return ORDERS["upvotes"]  # the archive is not sorted by rising: it keeps no history
    if spec.kind == "trending" and spec.sort not in ("upvotes", "newest"):
        return "t.rank"  # Hugging Face's own order
    return ORDERS.get(spec.sort, ORDERS["upvotes"])


def is_rising(spec: ViewSpec) -> bool:
    """Whether a view's rows carry their rising count (a period view sorted by it)."""
    return spec.sort == "rising" and spec.kind == "period"


def count_select(spec: ViewSpec) -> Select:
    """How many rows a view has."""
    if is_user_view(spec):
        tables, where, params = user_tables(spec)
        return Select(
            "count(*)", tables, (*where, *hidden_read(spec, "u.paper_id")), params=(*params,)
        )
    tables, where, params = view_tables(spec)
    return Select("count(*)", tables, (*where, *hidden_read(spec, "p.id")), params=(*params,))


def rows_select(spec: ViewSpec, offset: int, limit: int, now: datetime | None = None) -> Select:
    """One page of a view, in its order."""
    page = (limit, max(0, offset))
    order = view_order(spec)
    if is_user_view(spec):
        tables, where, params = user_tables(spec)
        return Select(
            USER_ROW_COLUMNS,
            tables + _FROM_LIBRARY,
            (*where, *hidden_read(spec, "u.paper_id")),
            order,
            paged=True,
            params=(*params, *page),
        )
    day = day_column(spec)
    tables, where, params = view_tables(spec)
    where = (*where, *hidden_read(spec, "p.id"))
    if is_rising(spec):
        columns = f"{ROW_COLUMNS.format(day=day)}, {RISING} AS rising"
        return Select(
            columns, tables, where, order, paged=True, params=(*rising_params(now), *params, *page)
        )
    if spec.kind == "period":
        # Sort the view's listings on the papers_keys index alone, then read the rows of
        # the page only: every paper row is a page of its own on disk (abstracts are long),
        # and a 300-paper day read row by row cost twice as much (bench/core.py, 200,000).
        keyed, _, _ = view_tables(spec, "papers p INDEXED BY papers_keys")
        keys = Select(f"p.rowid AS r, {day} AS day", keyed, where, order, paged=True)
        return Select(
            ROW_COLUMNS.format(day="x.day"),
            f"({keys.sql()}) x JOIN papers p ON p.rowid = x.r",
            order=order,
            params=(*params, *page),
        )
    columns = ROW_COLUMNS.format(day=day)
    if spec.kind == "trending":
        columns += ", NULL AS rising, t.rank AS trend_rank"
    return Select(columns, tables, where, order, paged=True, params=(*params, *page))


def rising_history_sql(spec: ViewSpec, now: datetime | None = None) -> tuple[str, tuple[Any, ...]]:
    """Whether any paper of a period view has upvotes to compare with a day ago."""
    tables, where, params = view_tables(spec)
    exists = Select("1", tables, (*where, HAS_HISTORY))
    return f"SELECT EXISTS ({exists.sql()})", (*params, *rising_params(now))
