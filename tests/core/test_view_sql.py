"""The SQL of every view kind and sort, byte for byte, and its query plan.

tests/fixtures/view_sql.json holds what the store sent to SQLite for each view (kind, period,
sort, hidden read papers) when the view SQL was assembled by hand: its text, its parameters and
its ``EXPLAIN QUERY PLAN``. Building it from named parts must not change a byte of it, nor the
plan (a changed plan is how a page read turns into a table scan at 200,000 papers). The one
change since: ``p.source`` is no longer selected (no row used it), which left every plan as it was;
and each row reads its reading position (one lookup of the library's key), which left every
plan as it was but for that lookup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tui.core.dates import Period
from tui.core.store import Store
from tui.core.views import ViewSpec

GOLDEN = json.loads((Path(__file__).parent.parent / "fixtures" / "view_sql.json").read_text())
NOW = datetime(2026, 7, 31, 12, 0, tzinfo=UTC)
PERIODS = {
    "day": Period("day", "2026-07-31"),
    "week": Period("week", "2026-W31"),
    "month": Period("month", "2026-07"),
}


def view_specs() -> Iterator[tuple[str, ViewSpec]]:
    for sort in ("upvotes", "newest", "rising"):
        for hide in (False, True):
            shown = "hide" if hide else "all"
            for name, period in PERIODS.items():
                yield f"period-{name}-{sort}-{shown}", ViewSpec("period", period, sort, hide)
            yield f"archive-{sort}-{shown}", ViewSpec("archive", None, sort, hide)
            yield f"bookmarks-{sort}-{shown}", ViewSpec("bookmarks", None, sort, hide)
            yield f"tag-{sort}-{shown}", ViewSpec("tag", None, sort, hide, "LLM")


def reads(store: Store, spec: ViewSpec) -> dict[str, Callable[[], object]]:
    return {
        "count": lambda: store.count(spec),
        "rows": lambda: store.rows(spec, 50, 50, now=NOW),
        "history": lambda: store.has_rising_history(spec, now=NOW),
    }


def test_every_view_sends_the_same_sql_with_the_same_plan(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, list[Any]]] = []
    query = Store._query

    def spy(self: Store, sql: str, params: Any = ()) -> Any:
        sent.append((sql, list(params)))
        return query(self, sql, params)

    monkeypatch.setattr(Store, "_query", spy)
    checked = set()
    for name, spec in view_specs():
        for what, read in reads(store, spec).items():
            sent.clear()
            read()
            key = f"{name}/{what}"
            if key not in GOLDEN:
                assert not sent, key  # this view never ran such a query
                continue
            assert len(sent) == 1, key
            sql, params = sent[0]
            assert (sql, params) == (GOLDEN[key]["sql"], GOLDEN[key]["params"]), key
            plan = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
            assert plan == GOLDEN[key]["plan"], key
            checked.add(key)
    assert checked == set(GOLDEN)
