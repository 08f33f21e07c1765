"""The SQL of local search, byte for byte: every statement a search runs, and its parameters.

tests/fixtures/search_sql.json holds what search.py sent to the cache for a varied set of
searches (words, phrases, prefixes, OR, exclusions, field filters, counts, dates, library
filters, notes and tags, empty results, capped results) when search.py wrote its SQL inline.
Running it through named Store methods must not change a byte of it, nor the order of the
statements: a changed statement is how a keystroke turns into a walk through the whole index.
The one change since: a search with words that has room for more results ends with one walk of
the stored full texts' index (text_search.py), which left every other statement as it was.
To record it again (only when the SQL is meant to change):
``PYTHONPATH=tests python tests/core/test_search_sql.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_fixture import FILESYSTEM, SIGMA, store_fixture, three_batches_and_some_user_data

from tui.core import search as search_module
from tui.core.query import parse_query
from tui.core.search import filter_notes, matching_filters, prepare, search
from tui.core.store import Store

GOLDEN_PATH = Path(__file__).parent.parent / "fixtures" / "search_sql.json"
MEMORY_DECODER = "2607.27919"

# (label, query, limit). The first two run before the vocabulary is read (the one-search path
# of ``dailypapers search``); the second search reads it.
SEARCHES: list[tuple[str, str, int | None]] = [
    ("word", "memory", None),
    ("words", "memory agents", None),
    ("phrase", '"long-horizon LLM agents"', None),
    ("prefix", "mod", None),
    ("one-letter", "m", None),
    ("or", "memory OR decoder", None),
    ("exclusion", "agents -memory", None),
    ("excluded-phrase", 'memory -"filesystem based"', None),
    ("excluded-by-note", "memory -check", None),
    ("author", "author:Wang", None),
    ("org-and-word", "org:nanyang memory", None),
    ("keyword", "kw:llm", None),
    ("upvotes-only", "upvotes>50", None),
    ("upvotes-and-word", "memory upvotes>10", None),
    ("has-code", "has:code", None),
    ("has-code-word", "has:code agents", None),
    ("tag", "tag:memory", None),
    ("tag-and-word", "tag:memory-papers memory", None),
    ("note-word", "check", None),
    ("bookmarked", "is:bookmarked", None),
    ("bookmarked-word", "is:bookmarked memory", None),
    ("unread-summary", "is:unread has:summary", None),
    ("read-note-tag", "is:read has:note has:tag", None),
    ("since", "since:2026-07-01 memory", None),
    ("until", "until:2026-06-30 memory", None),
    ("since-until", "since:2026-06-01 until:2026-06-30", None),
    ("until-again", "until:2026-06-30 agents", None),
    ("until-listed-again", "until:2026-07-30 memory", None),
    ("since-until-listed-again", "since:2026-06-01 until:2026-07-30 agents", None),
    ("id", SIGMA, None),
    ("ids-and-word", f"{SIGMA} {FILESYSTEM} memory", None),
    ("nothing", "zzzzqqqxx", None),
    ("only-exclusion", "-memory", None),
    ("capped", "memory", 2),
    ("capped-filtered", "agents upvotes>1", 2),
]
NOTES = "is:bookmarked has:code tag:zz tag:mem is:read has:note has:tag has:project is:unread"


store = store_fixture(fill=three_batches_and_some_user_data)


def runs(store: Store) -> Iterator[tuple[str, object]]:
    """Every search of the record, in order, with its result: one store, so what a search
    remembers (common words, the vocabulary) shapes the statements of the next ones."""
    for label, text, limit in SEARCHES:
        result = search(store, text) if limit is None else search(store, text, limit=limit)
        yield label, result.ids
    yield "prepare", prepare(store)
    query = parse_query("upvotes>5 -agents org:nanyang")
    yield "matching-filters", matching_filters(store, query, [SIGMA, FILESYSTEM, MEMORY_DECODER])
    yield "filter-notes", filter_notes(store, parse_query(NOTES))
    # Very common words: ranked in tiers, never by bm25 (search.py's docstring).
    search_module.COMMON = 2
    for label, text, limit in SEARCHES[:3]:
        yield f"common-{label}", search(store, text, limit=limit or search_module.RESULTS).ids


def record(store: Store, query_method: str) -> dict[str, Any]:
    """label → the statements (SQL, params) run and what came out."""
    sent: list[list[Any]] = []
    query = getattr(Store, query_method)

    def spy(self: Store, sql: str, params: Any = ()) -> Any:
        sent.append([sql, list(params)])
        return query(self, sql, params)

    setattr(Store, query_method, spy)
    recorded: dict[str, Any] = {}
    common = search_module.COMMON
    try:
        for label, result in runs(store):
            recorded[label] = {"sql": list(sent), "result": result}
            sent.clear()
    finally:
        setattr(Store, query_method, query)
        search_module.COMMON = common
    return recorded


def test_every_search_sends_the_same_sql(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    golden = json.loads(GOLDEN_PATH.read_text())
    recorded = json.loads(json.dumps(record(store, "_query")))
    assert list(recorded) == list(golden)
    for label, expected in golden.items():
        assert recorded[label] == expected, label
    # The record is not empty: the searches ran what search.py runs.
    assert sum(len(run["sql"]) for run in golden.values()) > 100


if __name__ == "__main__":  # record the fixture again
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        made = Store(Path(folder) / "cache.db", Path(folder) / "library.db")
        three_batches_and_some_user_data(made, Path(folder))
        GOLDEN_PATH.write_text(json.dumps(record(made, "_query"), indent=1, ensure_ascii=False))
        made.close()
