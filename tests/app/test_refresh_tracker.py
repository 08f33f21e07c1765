"""The refresh tracker's decisions and the header's cache state, without running the app."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tui.app.refresh_tracker import (
    RefreshTracker,
    failure_sentence,
    followed_view_moves_to,
    refresh_target,
)
from tui.core.dates import Period
from tui.core.db import now_stamp
from tui.core.errors import ApiError, StoreError
from tui.core.freshness import DEFAULT_FRESHNESS
from tui.core.store import Store

TODAY = date(2026, 7, 31)
DAY = Period("day", "2026-07-31")
WEEK = Period.of("week", TODAY)
SERVER_ERROR = ApiError(
    "hf.test answered HTTP 500 Internal Server Error: down",
    status=500,
    header_words="server error (HTTP 500)",
    narrow_header_words="HTTP 500",
)
REFUSED = ApiError(
    "cannot reach hf.test: connection refused",
    unreachable=True,
    cannot_connect=True,
    header_words="cannot reach hf.test",
)


@pytest.fixture
def tracker(store: Store) -> RefreshTracker:
    return RefreshTracker(store, freshness=DEFAULT_FRESHNESS, periodic=900.0)


def fetched(store: Store, view: str) -> None:
    store.log_fetch(view, started_at=now_stamp(), outcome="ok")


def test_a_followed_day_or_a_view_that_is_no_period_refreshes_the_latest() -> None:
    assert refresh_target(None, False) == ("latest", None)
    assert refresh_target(DAY, True) == ("latest", None)
    assert refresh_target(DAY, False) == ("day:2026-07-31", DAY)
    assert refresh_target(WEEK, True) == (WEEK.view_key, WEEK)  # a followed week: all of it


def test_a_followed_week_moves_to_the_newest_day_past_it_or_before_it_when_empty() -> None:
    def empty() -> bool:
        return True

    def not_empty() -> bool:
        return False

    next_week = Period.of("week", TODAY + timedelta(days=7))
    assert followed_view_moves_to(WEEK, next_week.first.isoformat(), is_empty=not_empty) == (
        next_week
    )
    assert followed_view_moves_to(WEEK, TODAY.isoformat(), is_empty=empty) is None  # within it
    assert followed_view_moves_to(WEEK, None, is_empty=empty) is None  # nothing known
    earlier = (WEEK.first - timedelta(days=3)).isoformat()
    assert followed_view_moves_to(WEEK, earlier, is_empty=not_empty) is None  # it shows papers
    assert followed_view_moves_to(WEEK, earlier, is_empty=empty) == WEEK.step(-1)


def test_a_view_never_fetched_is_refreshed_and_a_fresh_one_is_not(store, tracker) -> None:
    assert tracker.wants_refresh(DAY, follow_latest=False, today=TODAY)
    fetched(store, DAY.view_key)
    assert not tracker.wants_refresh(DAY, follow_latest=False, today=TODAY)
    assert tracker.wants_refresh(DAY, follow_latest=False, today=TODAY, manual=True)


def test_a_view_being_refreshed_is_not_asked_for_twice(tracker) -> None:
    tracker.started(DAY.view_key)
    assert not tracker.wants_refresh(DAY, follow_latest=False, today=TODAY)
    assert tracker.wants_refresh(DAY, follow_latest=False, today=TODAY, manual=True)
    # The periodic tick waits for any refresh under way; opening another view does not.
    assert tracker.wants_refresh(WEEK, follow_latest=False, today=TODAY)
    assert not tracker.wants_refresh(WEEK, follow_latest=False, today=TODAY, from_tick=True)


def test_a_failure_waits_before_its_view_is_tried_again(tracker) -> None:
    now = datetime(2026, 7, 31, 9, tzinfo=UTC)
    delay = tracker.failed(DAY.view_key, SERVER_ERROR, now=now)
    assert 0.85 * 30 <= delay <= 30  # the first wait: 30 s, less some jitter
    wants = dict(period=DAY, follow_latest=False, today=TODAY)
    assert not tracker.wants_refresh(**wants, now=now + timedelta(seconds=delay - 1))
    assert tracker.wants_refresh(**wants, manual=True, now=now)
    assert tracker.wants_refresh(**wants, now=now + timedelta(seconds=delay + 1))
    assert 0.85 * 60 <= tracker.failed(DAY.view_key, SERVER_ERROR, now=now) <= 60  # then longer
    tracker.succeeded(DAY.view_key)
    assert tracker.failures == {} and tracker.backoff.failures == 0


def test_the_header_says_a_failure_only_for_the_view_it_happened_to(tracker) -> None:
    now = datetime.now(UTC)
    tracker.failed(DAY.view_key, SERVER_ERROR, now=now)
    state = tracker.cache_state(DAY, follow_latest=False, today=TODAY)
    assert (state.failure, state.failure_narrow, state.cannot_connect) == (
        "server error (HTTP 500)", "HTTP 500", False
    )  # fmt: skip
    assert state.text(now).startswith("refresh failed: server error (HTTP 500), retrying in")
    assert state.text(now, compact=True).startswith("failed: HTTP 500 · retry")
    assert tracker.cache_state(WEEK, follow_latest=False, today=TODAY).failure is None


def test_a_refused_connection_reads_as_offline(tracker) -> None:
    tracker.failed("latest", REFUSED)
    state = tracker.cache_state(DAY, follow_latest=True, today=TODAY)
    assert state.cannot_connect and state.failure == "cannot reach hf.test"
    assert state.text().startswith("offline — nothing cached, retrying in")


def test_a_database_error_or_a_bug_is_said_as_well_as_the_header_has_room(tracker) -> None:
    tracker.failed("a", StoreError("the database cache.db is busy; try again"))
    tracker.failed("b", KeyError("boom"))
    assert tracker.failures["a"].words == "the database cache.db is busy; try again"
    assert (tracker.failures["b"].words, tracker.failures["b"].narrow_words) == ("KeyError",) * 2
    assert failure_sentence(SERVER_ERROR) == str(SERVER_ERROR)
    assert failure_sentence(KeyError("boom")) == "KeyError: 'boom'"


def test_a_view_cut_at_the_page_limit_is_tried_again_after_a_wait(tracker) -> None:
    delay = tracker.incomplete("latest", "incomplete after 30 pages")
    assert delay > 0
    state = tracker.cache_state(DAY, follow_latest=True, today=TODAY)
    assert state.failure == state.failure_narrow == "incomplete after 30 pages"
    wide, narrow = state.text(compact=False), state.text(compact=True)
    assert "refresh incomplete after 30 pages, retrying in" in wide
    assert "failed" not in wide and "failed" not in narrow
    assert narrow.startswith("incomplete after 30 pages · retry")


def test_the_progress_shows_while_its_refresh_runs(tracker) -> None:
    token = tracker.started("latest")
    assert not tracker.paged(1, 100)  # the first page is no news
    assert tracker.paged(2, 120)
    state = tracker.cache_state(DAY, follow_latest=True, today=TODAY)
    assert state.refreshing and state.text() == "refreshing… page 2, 120 papers"
    tracker.retrying(1, 4, SERVER_ERROR)
    assert tracker.progress == "try 2 of 4: server error (HTTP 503)".replace("503", "500")
    # Another view's header does not say so; a view that is no period refreshes the latest.
    assert not tracker.cache_state(WEEK, follow_latest=False, today=TODAY).refreshing
    assert tracker.cache_state(None, follow_latest=False, today=TODAY).refreshing
    newer = tracker.started("latest")
    tracker.ended(token)  # the older worker ends last: the newer one still runs
    assert tracker.refreshing_for == "latest"
    tracker.ended(newer)
    assert tracker.refreshing_for is None and tracker.progress == ""


def test_a_view_that_is_no_period_shows_the_latest_fetch(store, tracker) -> None:
    state = tracker.cache_state(None, follow_latest=False, today=TODAY)
    assert not state.fetchable and state.fetched_at is None
    fetched(store, "latest")
    assert tracker.cache_state(None, follow_latest=False, today=TODAY).fetched_at is not None


def test_bookmark_details_are_filled_in_once_per_run(tracker) -> None:
    assert tracker.fill_in_due()
    assert not tracker.fill_in_due()


def test_offline_or_the_demo_says_why_nothing_is_fetched(store) -> None:
    def notice(**flags: bool) -> str | None:
        tracker = RefreshTracker(store, freshness=DEFAULT_FRESHNESS, periodic=900.0, **flags)
        return tracker.offline_notice()

    assert notice() is None
    assert notice(offline=True) == "Offline (--offline): showing the cache only."
    assert (
        notice(offline=True, demo=True) == "The demo is a bundled sample: showing the cache only."
    )
