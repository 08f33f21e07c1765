"""Background refresh of the view on screen, and the header's words about it.

A mixin of :class:`MainScreen`. What a refresh targets is the view on screen: its period, or
"latest" (today's batch, falling back to the newest one) when the screen follows the latest day
or shows something that is not a period (archive, bookmarks, search). Refreshing and failing are
remembered per target, so the header never blames one view for another's trouble. A failure
waits (30 s, 1 min, 2 min … up to the periodic interval) and then really retries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from textual import work

from ...core.dates import Period
from ...core.db import StoreError
from ...core.freshness import is_stale, last_fetched
from ..widgets.header import CacheState

if TYPE_CHECKING:
    from .main import MainScreen

NARROW = 100


@dataclass(slots=True)
class Failure:
    reason: str
    narrow_reason: str  # on a narrow terminal
    unreachable: bool
    retry_at: datetime


class RefreshActions:
    """Mixed into MainScreen (``self`` is the screen)."""

    refreshing_for: str | None = None  # the target being fetched now
    filled_in = False  # details of id-only bookmarks were looked for
    refresh_token = 0  # which refresh worker is the current one
    progress = ""

    def refresh_target(self: MainScreen) -> tuple[str, Period | None]:
        """(key, period) of what a refresh of this view fetches; period None means latest."""
        period = self.period
        if period is None or (self.follow_latest and period.kind == "day"):
            return "latest", None
        return period.view_key, period  # a followed week or month: the whole of it

    # --- the header ---------------------------------------------------------------------------

    def cache_state(self: MainScreen) -> CacheState:
        key, _ = self.refresh_target()
        period = self.period
        state = CacheState(offline=self.offline, demo=self.demo, new=self.new_since_visit)
        state.has_papers = self.papers.count > 0
        try:
            if period is not None:
                state.fetched_at = last_fetched(self.store, period)
            else:
                state.fetchable = False
                state.fetched_at = self.store.last_success(["latest", f"day:{self.today()}"])
        except StoreError:
            state.fetched_at = None
        state.refreshing = self.refreshing_for is not None and (
            self.refreshing_for == key or period is None
        )
        state.progress = self.progress if state.refreshing else ""
        failure = self.failures.get(key)
        if failure is not None:
            state.failure = failure.reason
            state.failure_narrow = failure.narrow_reason
            state.unreachable = failure.unreachable
            state.retry_at = failure.retry_at
        return state

    def update_state(self: MainScreen) -> None:
        self.state = self.cache_state()
        self.refresh_header()

    def refresh_header(self: MainScreen) -> None:
        warning = bool(self.state.failure) and not self.state.refreshing
        compact = self.size.width < NARROW
        self.header.set_state(self.state.text(compact=compact), warning=warning)
        if self.source is not None and len(self.source) == 0:
            self._update_empty(0)

    def tick(self: MainScreen) -> None:
        if self.store.damaged:  # a query met a damaged page: rebuild the cache now
            self.check_cache(now=True)
            return
        self.update_state()
        self.check_library_changes()
        self.maybe_refresh(from_tick=True)
        self.app.save_session()

    # --- deciding -----------------------------------------------------------------------------

    def maybe_refresh(self: MainScreen, *, manual: bool = False, from_tick: bool = False) -> None:
        """Refresh the view on screen if it is stale (``manual``: whatever its age)."""
        if self.offline:
            if manual:
                what = "The demo is a bundled sample" if self.demo else "Offline (--offline)"
                self.notify(f"{what}: showing the cache only.", markup=False)
            return
        if not manual and self._settle_timer is not None:
            return  # a view just opened: its own refresh comes once the user rests on it
        key, period = self.refresh_target()
        busy = self.refreshing_for is not None and (from_tick or self.refreshing_for == key)
        if busy and not manual:
            return
        failure = self.failures.get(key)
        now = datetime.now(UTC)
        if failure is not None and not manual and now < failure.retry_at:
            return
        # Opening a view refreshes it when older than the config's today_minutes / past_hours;
        # while it stays open, a view of today is looked at again every every_minutes.
        freshness = self.freshness
        if from_tick:
            freshness = replace(freshness, current=timedelta(seconds=self.periodic))
        if manual or failure is not None:
            stale = True
        else:
            try:
                target = period or Period("day", self.today().isoformat())
                stale = is_stale(self.store, target, freshness=freshness)
                shown = self.period
                if not stale and period is None and shown is not None:
                    stale = is_stale(self.store, shown, freshness=freshness)
            except StoreError:
                stale = True
        if stale:
            self.refresh_worker(key, period, manual)

    # --- doing --------------------------------------------------------------------------------

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def refresh_worker(
        self: MainScreen, key: str, period: Period | None, manual: bool
    ) -> None:
        """Fetch a period (or today's / the latest batch when None) and show what changed."""
        from ...core.errors import ApiError
        from ...core.sync import refresh_latest, refresh_period

        self.refresh_token += 1
        token = self.refresh_token
        self.refreshing_for = key
        self.progress = ""
        self.update_state()
        shown = self.spec
        failure: tuple[str, str, str, bool] | None = None
        try:
            client = await self.app.get_client()

            def on_retry(attempt: int, delay: float, error: ApiError) -> None:
                self.progress = f"try {attempt + 1} of {client.max_tries}: {error.header_words}"
                self.update_state()

            def on_page(pages: int, count: int) -> None:
                if pages > 1:
                    self.progress = f"page {pages}, {count} papers"
                    self.update_state()

            client.on_retry = on_retry
            if period is not None and self.follow_latest and period.kind != "day":
                # Which day is newest, first: when it is past this week or month, move there
                # (that view's own refresh then fetches the whole of it).
                latest = await refresh_latest(self.store, client, today=self.today())
                newest = latest.latest_day
                # Past this week or month, or (opened on an empty current one) before it:
                # the latest papers are what a followed view shows, as the day view does.
                elsewhere = newest is not None and (
                    newest > period.last.isoformat()
                    or (newest < period.first.isoformat() and not self.store.count(self.spec))
                )
                if newest and elsewhere and self.spec == shown:
                    moved = Period.of(period.kind, date.fromisoformat(newest))
                    self.refreshing_for = None
                    self.open_view(replace(self.spec, period=moved), follow_latest=True, settle=0)
                    return
            if period is None:
                result = await refresh_latest(self.store, client, today=self.today(),
                                              on_page=on_page)  # fmt: skip
            else:
                result = await refresh_period(self.store, client, period, on_page=on_page)
        except ApiError as error:
            words = error.header_words
            failure = (str(error), words, error.narrow_header_words, error.cannot_connect)
        except StoreError as error:
            failure = (str(error), str(error), str(error), False)
        except Exception as error:  # never let a refresh take the app down
            self.log.error(f"refresh failed: {error!r}")
            name = type(error).__name__
            failure = (f"{name}: {error}", name, name, False)
        finally:
            if self.refresh_token == token:  # a newer refresh may have taken over
                self.refreshing_for = None
                self.progress = ""
        if failure is not None:
            full, reason, narrow_reason, unreachable = failure
            self._refresh_failed(key, reason, narrow_reason, unreachable)
            if manual:
                self.notify(f"Refresh failed: {full}", severity="warning", markup=False)
            return
        if result.incomplete:
            # What came is shown, but the view is not whole: the header says so, and it is
            # tried again after the failure's wait (not at every tick, 30 pages each time).
            words = result.incomplete_header_words or result.incomplete
            self._refresh_failed(key, words, words, False)
        else:
            self.backoff.succeeded()
            self.failures.pop(key, None)
        if not self.filled_in:  # once per run, after the network answered well
            self.filled_in = True
            self.fill_in_kept()
        if self.spec != shown:  # the user moved on meanwhile: nothing on screen to update
            self.update_state()
            return
        new_day = result.latest_day
        shown_period = self.period
        newer = new_day is not None and shown_period is not None and new_day != shown_period.key
        if period is None and self.follow_latest and newer:
            if not self.moved_since_open or not self.source or len(self.source) == 0:
                self.open_view(
                    replace(self.spec, period=Period("day", new_day)),
                    follow_latest=True,
                    refresh=False,  # this worker just fetched it
                )
                return
            self.notify(f"Newer papers: {Period('day', new_day).label()} — press t.", markup=False)
        self.reload_view()
        self.count_new()
        self.update_state()
        if manual:
            count = len(self.source) if self.source is not None else 0
            if result.incomplete:
                self.notify(
                    f"Refresh incomplete: {result.incomplete}; showing the {count} papers "
                    "that came.",
                    severity="warning",
                    markup=False,
                )
            else:
                self.notify(f"Up to date: {count} papers.", timeout=2, markup=False)

    @work(group="fill-in", exit_on_error=False)
    async def fill_in_kept(self: MainScreen) -> None:
        """Details for bookmarks that have only an id (added offline, imported bare)."""
        from ...core.api import ApiError
        from ...core.sync import fill_in_kept_papers

        try:
            client = await self.app.get_client()
            filled = await fill_in_kept_papers(self.store, self.library, client)
        except (ApiError, StoreError):
            return  # tried again on the next run; nothing the user must act on
        if filled and self.spec.kind in ("bookmarks", "tag") and self.search_state is None:
            self.reload_view()

    def _refresh_failed(
        self: MainScreen, key: str, reason: str, narrow_reason: str, unreachable: bool
    ) -> None:
        delay = self.backoff.failed()
        retry_at = datetime.now(UTC) + timedelta(seconds=delay)
        self.failures[key] = Failure(reason, narrow_reason, unreachable, retry_at)
        if self._retry_timer is not None:
            self._retry_timer.stop()
        self._retry_timer = self.set_timer(delay, self.maybe_refresh)
        self.update_state()
