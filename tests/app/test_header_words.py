"""The header's words for the state of the cache (cache_state.py), without running the app."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
from app_support import screen_line

from tui.app.cache_state import CacheState

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


def test_offline_words_follow_the_contract_and_shrink_when_narrow() -> None:
    state = CacheState(offline=True, fetched_at=NOW - timedelta(hours=2))
    assert state.text(NOW) == "offline — showing cache from 2 h ago"
    assert state.text(NOW, compact=True) == "offline · 2 h ago"
    assert CacheState(offline=True).text(NOW) == "offline — nothing cached"
    assert CacheState(offline=True, has_papers=True).text(NOW) == "offline — cached papers"
    empty = CacheState(
        failure="cannot reach x", cannot_connect=True, retry_at=NOW + timedelta(seconds=27)
    )
    assert empty.text(NOW) == "offline — nothing cached, retrying in 27 s"
    assert empty.text(NOW, compact=True) == "offline — no cache · retry 27 s"  # fits at 80 columns


def test_online_words() -> None:
    assert CacheState(fetched_at=NOW - timedelta(minutes=3)).text(NOW) == "updated 3 min ago"
    assert CacheState().text(NOW) == "not fetched yet"
    assert CacheState(has_papers=True).text(NOW) == "cached papers, not refreshed yet"
    assert CacheState(has_papers=True).text(NOW, compact=True) == "cached, not refreshed"
    assert CacheState(refreshing=True, progress="page 2").text(NOW) == "refreshing… page 2"
    unreachable = CacheState(
        fetched_at=NOW - timedelta(hours=2),
        failure="cannot reach huggingface.co",
        cannot_connect=True,
        retry_at=NOW + timedelta(seconds=30),
    )
    assert unreachable.text(NOW) == "offline — showing cache from 2 h ago, retrying in 30 s"
    assert unreachable.text(NOW, compact=True) == "offline · 2 h ago · retry 30 s"
    failed = CacheState(
        failure="server error (HTTP 500)",
        failure_narrow="HTTP 500",
        retry_at=NOW + timedelta(seconds=54),
    )
    assert failed.text(NOW) == "refresh failed: server error (HTTP 500), retrying in 54 s"
    assert replace(failed, new=12).text(NOW, compact=True) == "failed: HTTP 500 · retry 54 s"
    assert replace(failed, new=12).text(NOW).startswith("12 new since your last visit · ")
    trying = CacheState(refreshing=True, progress="try 2 of 3: cannot reach huggingface.co")
    assert trying.text(NOW, compact=True) == "refreshing… try 2 of 3"
    assert CacheState(new=3, fetched_at=NOW).text(NOW).startswith("3 new since your last visit")
    assert CacheState(new=3, fetched_at=NOW).text(NOW, compact=True) == "3 new · updated just now"
    # Narrow, a failure needs the room more than the count of new papers.
    assert replace(failed, new=12).text(NOW, compact=True) == "failed: HTTP 500 · retry 54 s"
    assert replace(failed, new=12).text(NOW).startswith("12 new since your last visit · ")


FAST = {"max_tries": 1, "backoff_base": 0.01, "read_timeout": 0.5}


def assert_readable(line: str, *parts: str) -> None:
    """Every part whole, in order, nothing cut off; the sort and the state apart."""
    assert "…" not in line.replace("refreshing…", ""), line
    at = 0
    for part in parts:
        found = line.find(part, at)
        assert found >= 0, (part, line)
        at = found + len(part)


async def test_every_part_of_the_header_reads_apart_at_80_columns_offline(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = screen_line(app)
        assert_readable(line, "Fri 31 Jul 2026 · 30 papers", "upvotes · offline · just now")
        await pilot.press("s")  # newest (rising is for recent papers only)
        assert_readable(
            screen_line(app), "Fri 31 Jul 2026 · 30 papers", "newest · offline · just now"
        )
        await pilot.press("s", "H")
        assert_readable(
            screen_line(app), "30 papers", "rising: no history · unread · offline · just now"
        )
        await pilot.press("s")
        assert_readable(screen_line(app), "30 papers", "upvotes · unread · offline · just now")
        await pilot.press("w")
        assert_readable(screen_line(app), "Week 2026-W31 · ", "upvotes · unread · offline")
        await pilot.press("m")
        assert_readable(screen_line(app), "Jul 2026 · ", "upvotes · unread · offline")
        await pilot.press("a")
        assert_readable(screen_line(app), "Archive · ", "newest · unread · offline")
        await pilot.press("B")
        assert_readable(screen_line(app), "Bookmarks · 0 papers", "newest · offline")


async def test_every_part_of_the_header_reads_apart_at_80_columns_online(seeded, make_app, api):
    api.fault = lambda request: httpx.Response(500, json={"error": "down"})
    app = make_app(client_options=FAST)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_readable(
            screen_line(app), "Fri 31 Jul 2026 · 30 papers", "upvotes · failed: HTTP 500"
        )
        screen = app.screen
        screen.refresh_tracker.failures.clear()
        screen.refresh_tracker.refreshing_for = "latest"
        screen.refresh_tracker.progress = "page 2, 120 papers"
        screen.update_state()
        await pilot.pause()
        assert_readable(screen_line(app), "30 papers", "upvotes · refreshing… page 2, 120 papers")
        screen.refresh_tracker.refreshing_for = None
        screen.new_since_visit = 12
        screen.update_state()
        await pilot.press("a")
        await pilot.pause(0.5)  # the refresh of a view just opened waits for the user to rest
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_readable(screen_line(app), "Archive · 229 papers", "newest · failed: HTTP 500")
        screen.refresh_tracker.failures.clear()
        screen.update_state()
        await pilot.pause()
        assert_readable(screen_line(app), "Archive · 229 papers", "newest · 12 new")


def test_the_header_says_a_long_wait_in_hours_or_over_a_day() -> None:
    from tui.app.cache_state import wait_text

    assert [wait_text(s) for s in (5, 600, 36000, 999999999)] == [
        "5 s", "10 min", "10 h", "over a day"
    ]  # fmt: skip
