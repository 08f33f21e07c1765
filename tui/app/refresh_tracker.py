"""What the background refresh knows, and what it decides, without Textual.

What a refresh targets is the view on screen: its period, or "latest" (today's batch, falling
back to the newest one) when the screen follows the latest day or shows something that is not a
period (archive, bookmarks, search). Refreshing and failing are remembered per target, so the
header never blames one view for another's trouble. A failure waits (30 s, 1 min, 2 min … up to
the periodic interval) and then really retries.

The main screen owns the timers and the workers; it asks the tracker whether to refresh, tells
it what happened, and shows the :class:`CacheState` it builds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from ..core.dates import Period
from ..core.errors import ApiError, DailyPapersError, StoreError
from ..core.freshness import Freshness, is_stale, last_fetched
from ..core.store import Store
from .cache_state import CacheState
from .refresh_failure import RefreshFailure
from .schedule import Backoff


def refresh_target(period: Period | None, follow_latest: bool) -> tuple[str, Period | None]:
    """(key, period) of what a refresh of a view fetches; period None means latest."""
    if period is None or (follow_latest and period.kind == "day"):
        return "latest", None
    return period.view_key, period  # a followed week or month: the whole of it


def followed_view_moves_to(
    period: Period, newest: str | None, *, is_empty: Callable[[], bool]
) -> Period | None:
    """The week or month a followed ``period`` moves to when the newest day with papers
    (``newest``) is past it, or before it while it shows nothing (opened on an empty current
    one): the latest papers are what a followed view shows, as the day view does."""
    if not newest:
        return None
    past = newest > period.last.isoformat()
    if past or (newest < period.first.isoformat() and is_empty()):
        return Period.of(period.kind, date.fromisoformat(newest))
    return None


def failure_sentence(error: BaseException) -> str:
    """A failed refresh as its notice says it."""
    if isinstance(error, DailyPapersError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class RefreshTracker:
    """Failures per target, the wait before the next try, the refresh under way and its
    progress: everything the header says about the cache and the refresh decides from."""

    def __init__(
        self,
        store: Store,
        *,
        freshness: Freshness,
        periodic: float,
        offline: bool = False,
        demo: bool = False,
    ) -> None:
        self.store = store
        self.freshness = freshness
        self.periodic = periodic  # seconds between refreshes of a view left open
        self.offline = offline
        self.demo = demo
        self.failures: dict[str, RefreshFailure] = {}  # the last failed refresh, per target
        self.backoff = Backoff(cap=periodic)
        self.refreshing_for: str | None = None  # the target being fetched now
        self.progress = ""  # "page 2, 120 papers", "try 2 of 4: server error (HTTP 503)"
        self.token = 0  # which refresh worker is the current one
        self.filled_in = False  # details of id-only bookmarks were looked for

    # --- the header ---------------------------------------------------------------------------

    def cache_state(
        self,
        period: Period | None,
        *,
        follow_latest: bool,
        today: date,
        new: int = 0,
        has_papers: bool = False,
    ) -> CacheState:
        """What the header says about the view of ``period`` (None: not a period)."""
        key, _ = refresh_target(period, follow_latest)
        state = CacheState(offline=self.offline, demo=self.demo, new=new, has_papers=has_papers)
        try:
            if period is not None:
                state.fetched_at = last_fetched(self.store, period)
            else:
                state.fetchable = False
                state.fetched_at = self.store.last_success(["latest", f"day:{today}"])
        except StoreError:
            state.fetched_at = None
        state.refreshing = self.refreshing_for is not None and (
            self.refreshing_for == key or period is None
        )
        state.progress = self.progress if state.refreshing else ""
        failure = self.failures.get(key)
        if failure is not None:
            state.failure = failure.words
            state.failure_narrow = failure.narrow_words
            state.cannot_connect = failure.cannot_connect
            state.incomplete = failure.incomplete
            state.retry_at = failure.retry_at
        return state

    # --- deciding -----------------------------------------------------------------------------

    def offline_notice(self) -> str | None:
        """Why nothing is ever fetched, when it is not (``--offline``, ``--demo``)."""
        if not self.offline:
            return None
        what = "The demo is a bundled sample" if self.demo else "Offline (--offline)"
        return f"{what}: showing the cache only."

    def wants_refresh(
        self,
        period: Period | None,
        *,
        follow_latest: bool,
        today: date,
        manual: bool = False,
        from_tick: bool = False,
        now: datetime | None = None,
    ) -> bool:
        """Whether the view of ``period`` is to be refreshed now: it is stale (``manual``:
        whatever its age), no refresh of it is under way, and no failure's wait is running."""
        key, target = refresh_target(period, follow_latest)
        busy = self.refreshing_for is not None and (from_tick or self.refreshing_for == key)
        if busy and not manual:
            return False
        failure = self.failures.get(key)
        now = now or datetime.now(UTC)
        if failure is not None and not manual and now < failure.retry_at:
            return False
        if manual or failure is not None:
            return True
        # Opening a view refreshes it when older than the config's today_minutes / past_hours;
        # while it stays open, a view of today is looked at again every every_minutes.
        freshness = self.freshness
        if from_tick:
            freshness = replace(freshness, current=timedelta(seconds=self.periodic))
        try:
            stale = is_stale(self.store, target or Period("day", today.isoformat()),
                             freshness=freshness)  # fmt: skip
            if not stale and target is None and period is not None:
                stale = is_stale(self.store, period, freshness=freshness)
        except StoreError:
            stale = True
        return stale

    # --- doing --------------------------------------------------------------------------------

    def started(self, key: str) -> int:
        """A refresh of ``key`` began; its token tells whether it is still the current one."""
        self.token += 1
        self.refreshing_for = key
        self.progress = ""
        return self.token

    def ended(self, token: int) -> None:
        """The refresh of ``token`` is over (unless a newer one took over meanwhile)."""
        if self.token == token:
            self.refreshing_for = None
            self.progress = ""

    def moved_away(self) -> None:
        """The refresh under way gave way to the refresh of the view it moved to."""
        self.refreshing_for = None

    def retrying(self, attempt: int, max_tries: int, error: ApiError) -> None:
        self.progress = f"try {attempt + 1} of {max_tries}: {error.header_words}"

    def paged(self, pages: int, count: int) -> bool:
        """A page came; True when the progress words changed (a second page and after)."""
        if pages <= 1:
            return False
        self.progress = f"page {pages}, {count} papers"
        return True

    def failed(self, key: str, error: BaseException, now: datetime | None = None) -> float:
        """The refresh of ``key`` failed with ``error``; the seconds until it is tried again."""
        if isinstance(error, DailyPapersError):
            words, narrow = error.header_words, error.narrow_header_words
        else:  # a bug: its name is all the header has room for
            words = narrow = type(error).__name__
        cannot_connect = isinstance(error, ApiError) and error.cannot_connect
        return self._wait_after(key, words, narrow, cannot_connect, now)

    def incomplete(self, key: str, words: str, now: datetime | None = None) -> float:
        """What came is shown, but the view is not whole: the header says so, and it is tried
        again after the failure's wait (not at every tick, 30 pages each time)."""
        return self._wait_after(key, words, words, False, now, incomplete=True)

    def succeeded(self, key: str) -> None:
        self.backoff.succeeded()
        self.failures.pop(key, None)

    def fill_in_due(self) -> bool:
        """True once per run, after the network answered well: then the details of id-only
        bookmarks are looked for."""
        due, self.filled_in = not self.filled_in, True
        return due

    def forget_failures(self) -> None:
        """The cache was rebuilt: every view is fetched afresh."""
        self.failures.clear()

    def _wait_after(
        self,
        key: str,
        words: str,
        narrow: str,
        cannot_connect: bool,
        now: datetime | None,
        *,
        incomplete: bool = False,
    ) -> float:
        delay = self.backoff.failed()
        retry_at = (now or datetime.now(UTC)) + timedelta(seconds=delay)
        self.failures[key] = RefreshFailure(words, narrow, cannot_connect, retry_at, incomplete)
        return delay
