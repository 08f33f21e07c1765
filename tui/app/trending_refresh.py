"""The trending view's refresh: whether one is under way, the last failure and when it is tried
again, and what the header says about the snapshot. No Textual: the screen's worker fetches
(tui/core/paper_page.refresh_trending) and tells this what happened.

The snapshot is one list for the whole app, not a period: the day views' tracker
(refresh_tracker.py) keys everything by period, so the trending list keeps its own state here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..core.db import StoreError
from ..core.errors import ApiError, DailyPapersError
from ..core.hub_freshness import TRENDING_MAX_AGE, trending_is_stale
from ..core.store import Store
from .cache_state import CacheState
from .refresh_failure import RefreshFailure
from .schedule import Backoff


class TrendingRefresh:
    """When the trending snapshot is fetched again, and what the header says of it."""

    def __init__(
        self,
        store: Store,
        *,
        max_age: timedelta = TRENDING_MAX_AGE,
        periodic: float = 15 * 60.0,
        offline: bool = False,
        demo: bool = False,
    ) -> None:
        self.store = store
        self.max_age = max_age  # the config's trending_minutes
        self.offline = offline
        self.demo = demo
        self.refreshing = False
        self.failure: RefreshFailure | None = None
        self.backoff = Backoff(cap=periodic)

    def fetched_at(self) -> datetime | None:
        try:
            return self.store.trending_fetched_at()
        except StoreError:
            return None

    def wants_refresh(self, *, manual: bool = False, now: datetime | None = None) -> bool:
        """Fetch now? Asked for (``r``), else when the snapshot is older than ``max_age`` and
        no refresh is under way or waiting out a failure."""
        if self.offline:
            return False
        if manual:
            return True
        if self.refreshing:
            return False
        now = now or datetime.now(UTC)
        if self.failure is not None:
            return now >= self.failure.retry_at
        return trending_is_stale(self.fetched_at(), now=now, max_age=self.max_age)

    def started(self) -> None:
        self.refreshing = True

    def failed(self, error: BaseException, now: datetime | None = None) -> float:
        """The fetch failed: the seconds until it is tried again (the cached list stays)."""
        self.refreshing = False
        if isinstance(error, DailyPapersError):
            words, narrow = error.header_words, error.narrow_header_words
        else:  # a bug: its name is all the header has room for
            words = narrow = type(error).__name__
        cannot_connect = isinstance(error, ApiError) and error.cannot_connect
        delay = self.backoff.failed()
        retry_at = (now or datetime.now(UTC)) + timedelta(seconds=delay)
        self.failure = RefreshFailure(words, narrow, cannot_connect, retry_at)
        return delay

    def succeeded(self) -> None:
        self.refreshing = False
        self.failure = None
        self.backoff.succeeded()

    def cancelled(self) -> None:
        self.refreshing = False

    def cache_state(self, *, new: int = 0, has_papers: bool = False) -> CacheState:
        """What the header says: how old the snapshot is, a refresh under way, a failure."""
        state = CacheState(offline=self.offline, demo=self.demo, new=new, has_papers=has_papers)
        state.fetched_at = self.fetched_at()
        state.refreshing = self.refreshing
        failure = self.failure
        if failure is not None and not self.refreshing:
            state.failure = failure.words
            state.failure_narrow = failure.narrow_words
            state.cannot_connect = failure.cannot_connect
            state.retry_at = failure.retry_at
        return state
