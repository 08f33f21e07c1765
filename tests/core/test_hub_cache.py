"""The paper page's cache (schema v6, tui/core/hub_cache.py via Store) and its freshness rules."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tui.core.fetch_result import FetchResult
from tui.core.hub_freshness import age_words, comments_due, links_due, trending_is_stale
from tui.core.hub_models import Comment, Discussion, LinkedRepo, PaperLinks
from tui.core.models import Listing, ParsedPage
from tui.core.schema import CACHE_MIGRATIONS, migrate
from tui.core.store import Store
from tui.core.views import ViewSpec

NOW = datetime(2026, 7, 31, 12, 0, tzinfo=UTC)


def trending_result(*papers: Any) -> FetchResult:
    result = FetchResult()
    result.add(
        ParsedPage(
            papers=list(papers),
            listings=[Listing(p.id, p.listed_day) for p in papers if p.listed_day],
        )
    )
    result.pages = 1
    return result


def test_the_trending_view_shows_the_snapshot_in_rank_order_and_sorts_like_others(
    store: Store, paper_factory: Any
) -> None:
    make_paper = paper_factory
    assert store.trending().ids == () and store.trending_fetched_at() is None
    low = make_paper("2607.00001", upvotes=5)
    high = make_paper("2607.00002", upvotes=90)
    old = make_paper("2401.00003", upvotes=40, listed_day=None, published="2024-01-02")
    store.save_trending(trending_result(low, old, high))
    spec = ViewSpec(kind="trending", sort="trending")
    rows = store.rows(spec, 0, 10)
    assert [(r.id, r.trend_rank) for r in rows] == [
        ("2607.00001", 1),
        ("2401.00003", 2),
        ("2607.00002", 3),
    ]
    assert store.count(spec) == 3
    by_votes = store.rows(spec.with_sort("upvotes"), 0, 10)
    assert [(r.id, r.trend_rank) for r in by_votes[:2]] == [("2607.00002", 3), ("2401.00003", 2)]
    # The papers are rows like any other: the never-listed one is cached, with no listing.
    paper = store.paper("2401.00003")
    assert paper is not None and paper.listed_day is None
    snapshot = store.trending()
    assert snapshot.ids == ("2607.00001", "2401.00003", "2607.00002")
    fetched = store.trending_fetched_at()
    assert fetched is not None and not trending_is_stale(fetched)
    # A newer snapshot replaces the order entirely.
    store.save_trending(trending_result(high))
    assert [r.id for r in store.rows(spec, 0, 10)] == ["2607.00002"]


def test_links_lists_and_discussions_come_back_as_stored(store: Store) -> None:
    repo = LinkedRepo("model", "org/model-a", likes=7, downloads=70, task="text-generation")
    space = LinkedRepo("space", "org/space-b", likes=None, task="gradio")
    links = PaperLinks(
        "2607.00001",
        {"model": 250, "dataset": None, "space": 1},
        {"model": (repo,), "dataset": (), "space": (space,)},
        frozenset({"space"}),
    )
    stored = store.save_links(links, {"space": [space]})
    assert stored.fetched_at
    assert store.links("2607.00001") == stored
    assert store.links("2607.00009") is None
    listed = store.linked_repos("2607.00001", "space")
    assert listed is not None and listed[0] == [space]
    assert store.linked_repos("2607.00001", "model") is None
    store.save_linked_repos("2607.00001", "model", [repo, repo.__class__("model", "org/m2")])
    models = store.linked_repos("2607.00001", "model")
    assert models is not None and [r.id for r in models[0]] == ["org/model-a", "org/m2"]
    comments = (
        Comment(
            "a1", "ada", "Ada L", "2026-07-31T10:00:00Z", "Hello [b]x[/b]", reactions=(("👍", 2),)
        ),
        Comment("a2", "bob", text="", hidden=True, hidden_reason="Spam", parent_id="a1"),
        Comment(
            "a3",
            "librarian-bot",
            text="see [P](https://huggingface.co/papers/2604.04898)",
            similar_ids=("2604.04898",),
        ),
    )
    saved = store.save_discussion(Discussion("2607.00001", comments, 3))
    assert store.discussion("2607.00001") == saved
    assert saved.similar_papers == ("2604.04898",)


def test_a_cleared_cache_forgets_the_paper_page_too(store: Store, paper_factory: Any) -> None:
    store.save_trending(trending_result(paper_factory("2607.00001")))
    store.save_discussion(Discussion("2607.00001", (), 0))
    store.clear()
    assert store.trending().ids == () and store.discussion("2607.00001") is None


def test_a_version_5_cache_gains_the_paper_page_tables_and_keeps_its_papers(tmp_path: Path) -> None:
    cache = tmp_path / "cache.db"
    conn = sqlite3.connect(cache, isolation_level=None)
    migrate(conn, CACHE_MIGRATIONS[:5], "cache")
    conn.execute(
        "INSERT INTO papers (rowid, id, title, sort_day, first_seen, updated_at, n_authors)"
        " VALUES (260700001, '2607.00001', 'Kept', '', 'x', 'x', 0)"
    )
    conn.close()
    store = Store(cache, tmp_path / "library.db")
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(CACHE_MIGRATIONS)
        assert store.trending().ids == ()
        paper = store.paper("2607.00001")
        assert paper is not None and paper.title == "Kept"
    finally:
        store.close()


def test_freshness_rules() -> None:
    hour = timedelta(hours=1)
    assert trending_is_stale(None, now=NOW)
    assert not trending_is_stale(NOW - 59 * timedelta(minutes=1), now=NOW)
    assert trending_is_stale(NOW - 61 * timedelta(minutes=1), now=NOW)
    assert not trending_is_stale(NOW - 2 * hour, now=NOW, max_age=3 * hour)
    fresh = PaperLinks("2607.00001", fetched_at="2026-07-31T00:00:00.000Z")
    assert links_due(None, now=NOW) and not links_due(fresh, now=NOW)
    assert links_due(fresh, now=NOW + timedelta(days=1))
    discussion = Discussion("2607.00001", (), 4, "2026-07-31T11:00:00.000Z")
    assert comments_due(None, 4, now=NOW)
    assert not comments_due(discussion, 4, now=NOW)
    assert not comments_due(discussion, None, now=NOW)
    assert comments_due(discussion, 5, now=NOW)
    assert comments_due(discussion, 4, now=NOW + timedelta(days=1))
    assert age_words("2026-07-31T11:57:00.000Z", NOW) == "fetched 3 min ago"
    assert age_words(None, NOW) == "never fetched"
