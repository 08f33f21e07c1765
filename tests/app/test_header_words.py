"""The header's words for the state of the cache (widgets/header.py), without running the app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.app.widgets.header import CacheState

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


def test_offline_words_follow_the_contract_and_shrink_when_narrow() -> None:
    state = CacheState(offline=True, fetched_at=NOW - timedelta(hours=2))
    assert state.text(NOW) == "offline — showing cache from 2 h ago"
    assert state.text(NOW, compact=True) == "offline — cache from 2 h ago"
    assert CacheState(offline=True).text(NOW) == "offline — nothing cached"
    assert CacheState(offline=True, has_papers=True).text(NOW) == "offline — cached papers"
    empty = CacheState(
        failure="cannot reach x", unreachable=True, retry_at=NOW + timedelta(seconds=27)
    )
    assert empty.text(NOW) == "offline — nothing cached, retrying in 27 s"
    assert empty.text(NOW, compact=True) == "offline — no cache · retry 27 s"  # fits at 80 columns


def test_online_words() -> None:
    assert CacheState(fetched_at=NOW - timedelta(minutes=3)).text(NOW) == "updated 3 min ago"
    assert CacheState().text(NOW) == "not fetched yet"
    assert CacheState(has_papers=True).text(NOW) == "cached papers, not refreshed yet"
    assert CacheState(refreshing=True, progress="page 2").text(NOW) == "refreshing… page 2"
    unreachable = CacheState(
        fetched_at=NOW - timedelta(hours=2),
        failure="cannot reach huggingface.co",
        unreachable=True,
        retry_at=NOW + timedelta(seconds=30),
    )
    assert unreachable.text(NOW) == "offline — showing cache from 2 h ago, retrying in 30 s"
    assert unreachable.text(NOW, compact=True) == "offline · 2 h ago · retry 30 s"
    failed = CacheState(failure="server error (HTTP 500)", retry_at=NOW + timedelta(seconds=54))
    assert failed.text(NOW) == "refresh failed: server error (HTTP 500), retrying in 54 s"
    assert failed.text(NOW, compact=True) == "failed: HTTP 500 · retry 54 s"
    trying = CacheState(refreshing=True, progress="try 2 of 3: cannot reach huggingface.co")
    assert trying.text(NOW, compact=True) == "refreshing… try 2 of 3"
    assert CacheState(new=3, fetched_at=NOW).text(NOW).startswith("3 new since your last visit")
