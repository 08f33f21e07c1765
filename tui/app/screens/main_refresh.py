"""The main screen's background work on the cache: refreshing the view on screen (and
Hugging Face's trending list), the header's words about it, the tick that drives it, and the
check of a damaged cache file."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from ...core.cachefile import at_low_priority
from ...core.dates import Period
from ...core.db import StoreError
from ...core.errors import ApiError
from .. import navigation
from ..cache_state import news_before
from ..layout import NARROW
from ..messages import CacheCheckFailed, CacheRebuilt
from ..refresh_outcome import manual_refresh_notice, newer_day_move, newer_day_words
from ..refresh_tracker import failure_sentence, refresh_target
from ..sync_words import sync_state_words, with_sync_words
from ..view_refresh import refresh_view

if TYPE_CHECKING:
    from .main_shape import MainScreenShape as _Screen
else:
    _Screen = object  # a plain mixin at run time: MainScreen is the Screen


class RefreshActions(_Screen):
    """Part of MainScreen (see main_shape.py). Its handlers are named on_<message> (found
    through the MRO): Textual collects @on handlers only from the body of a Screen subclass."""

    _retry_timer: Timer | None = None  # the next try after a failed refresh

    def update_state(self) -> None:
        if self.spec.kind == "trending" and self.search_state is None:
            self.state = self.trending.cache_state(
                new=self.new_since_visit, has_papers=self.papers.count > 0
            )
        else:
            self.state = self.refresh_tracker.cache_state(
                self.period,
                follow_latest=self.follow_latest,
                today=self.today(),
                new=self.new_since_visit,
                has_papers=self.papers.count > 0,
            )
        self.refresh_header()

    def refresh_header(self) -> None:
        warning = bool(self.state.failure) and not self.state.refreshing
        compact = self.size.width < NARROW
        text = self.state.text(compact=compact)
        if self.for_you_new and self.spec.kind != "for_you":
            new = f"{self.for_you_new:,}"
            text = news_before(text, f"{new} new for you", f"{new} for you", compact=compact)
        sync = self.hub_sync
        if sync.auto or sync.status is not None or sync.running:
            words = [
                sync_state_words(sync.status, running=sync.running, compact=short)
                for short in ((True,) if compact else (False, True))
            ]
            # The state's share of the header (styles/app.tcss: 45% narrow, 60% wide).
            room = int(self.size.width * (0.45 if compact else 0.6)) - 1
            text = with_sync_words(text, words, room=room)
        self.header.set_state(text, warning=warning)
        if self.source is not None and len(self.source) == 0:
            self._update_empty(0)

    def tick(self) -> None:
        if self.store.damaged:  # a query met a damaged page: rebuild the cache now
            self.check_cache(now=True)
            return
        self.update_state()
        self.check_library_changes()
        self.write_seen()
        self.maybe_refresh(from_tick=True)
        self.services.save_session()

    def maybe_refresh(self, *, manual: bool = False, from_tick: bool = False) -> None:
        """Refresh the view on screen if it is stale (``manual``: whatever its age)."""
        notice = self.refresh_tracker.offline_notice()
        if notice is not None:
            if manual:
                self.notify(notice, markup=False)
            return
        if not manual and self._settle_timer is not None:
            return  # a view just opened: its own refresh comes once the user rests on it
        if self.spec.kind == "trending" and self.search_state is None:
            if self.trending.wants_refresh(manual=manual):
                self.trending_worker(manual)
            return
        if self.refresh_tracker.wants_refresh(
            self.period,
            follow_latest=self.follow_latest,
            today=self.today(),
            manual=manual,
            from_tick=from_tick,
        ):
            key, period = refresh_target(self.period, self.follow_latest)
            self.refresh_worker(key, period, manual)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def refresh_worker(self, key: str, period: Period | None, manual: bool) -> None:
        """Fetch a period (or today's / the latest batch when None) and show what changed."""
        tracker = self.refresh_tracker
        token = tracker.started(key)
        self.update_state()
        shown = self.spec

        def on_retry(attempt: int, max_tries: int, error: ApiError) -> None:
            tracker.retrying(attempt, max_tries, error)
            self.update_state()

        def on_page(pages: int, count: int) -> None:
            if tracker.paged(pages, count):
                self.update_state()

        try:
            fetched = await refresh_view(
                self.store,
                self.services.get_client,
                period,
                follow_latest=self.follow_latest,
                today=self.today(),
                is_empty=lambda: not self.store.count(self.spec),
                still_shown=lambda: navigation.same_place(shown, self.spec),
                on_retry=on_retry,
                on_page=on_page,
            )
            if fetched.moved_to is not None:
                tracker.moved_away()
                self.open_view(
                    replace(self.spec, period=fetched.moved_to), follow_latest=True, settle=0
                )
                return
        finally:
            tracker.ended(token)  # unless a newer refresh took over
        failure, result = fetched.failure, fetched.result
        if fetched.unexpected:
            self.log.error(f"refresh failed: {failure!r}")
        if failure is not None:
            self._refresh_failed(tracker.failed(key, failure))
            if manual:
                message = f"Refresh failed: {failure_sentence(failure)}"
                self.notify(message, severity="warning", markup=False)
            return
        assert result is not None  # no failure: a result
        if result.incomplete:
            words = result.incomplete_header_words or result.incomplete
            self._refresh_failed(tracker.incomplete(key, words))
        else:
            tracker.succeeded(key)
        self.sync_watches(announce=True)  # the refresh's papers matched; news said once
        if tracker.fill_in_due():
            self.fill_in_kept()
        if not navigation.same_place(shown, self.spec):  # moved on: nothing on screen to update
            self.update_state()
            return
        new_day = result.latest_day
        stayed = not self.moved_since_open or not self.source or len(self.source) == 0
        move = newer_day_move(period is None, self.follow_latest, new_day, self.period,
                              stayed=stayed)  # fmt: skip
        if move == "open" and new_day:
            self.open_view(
                replace(self.spec, period=Period("day", new_day)),
                follow_latest=True,
                refresh=False,  # this worker just fetched it
            )
            return
        if move == "tell" and new_day:
            self.notify(newer_day_words(new_day), markup=False)
        self.reload_view()
        self.count_new()
        self.update_state()
        if manual:
            count = len(self.source) if self.source is not None else 0
            words, severity, timeout = manual_refresh_notice(result.incomplete, count)
            self.notify(words, severity=severity, timeout=timeout, markup=False)

    def _refresh_failed(self, delay: float) -> None:
        """Try again in ``delay`` seconds (the tracker's wait after a failure)."""
        if self._retry_timer is not None:
            self._retry_timer.stop()
        self._retry_timer = self.set_timer(delay, self.maybe_refresh)
        self.update_state()

    @work(exclusive=True, group="trending", exit_on_error=False)
    async def trending_worker(self, manual: bool) -> None:
        """Fetch Hugging Face's trending list (``manual``: whatever its age); the list on
        screen is updated in place, on the same paper, and kept when the fetch fails."""
        from ...core.paper_page import TrendingOutcome, refresh_trending

        trending = self.trending
        trending.started()
        self.update_state()
        outcome: TrendingOutcome | None = None
        failure: BaseException | None = None
        try:
            client = await self.services.get_client()
            outcome = await refresh_trending(
                self.store, client, max_age=trending.max_age, force=manual
            )
            failure = outcome.error
        except (ApiError, StoreError) as error:
            failure = error
        except BaseException:  # cancelled (the app is closing): no longer under way
            trending.cancelled()
            raise
        if failure is not None:
            delay = trending.failed(failure)
            self._refresh_failed(delay)
            if manual:
                message = f"Refresh failed: {failure_sentence(failure)}"
                self.notify(message, severity="warning", markup=False)
        else:
            trending.succeeded()
        if self.spec.kind == "trending" and self.search_state is None:
            self.reload_view()
        self.update_state()
        if manual and outcome is not None and outcome.fetched:
            self.notify(f"Trending: {outcome.count} papers.", timeout=3, markup=False)

    @work(group="fill-in", exit_on_error=False)
    async def fill_in_kept(self) -> None:
        """Details for bookmarks that have only an id (added offline, imported bare)."""
        from ...core.errors import ApiError, StoreError
        from ...core.sync import fill_in_kept_papers

        try:
            client = await self.services.get_client()
            filled = await fill_in_kept_papers(self.store, self.library, client)
        except (ApiError, StoreError):
            return  # tried again on the next run; nothing the user must act on
        if filled and self.spec.kind in ("bookmarks", "tag") and self.search_state is None:
            self.reload_view()

    # --- a damaged cache ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="cache-check", exit_on_error=False)
    def check_cache(self, *, now: bool = False) -> None:
        """Check the cache file (once a day, or ``now`` when a query met damage); when it is
        damaged, move it aside, rebuild it and show the view again. Runs off the UI thread: the
        check reads the whole file."""
        try:
            if now:
                notice = self.store.repair_if_damaged()
            else:  # a routine check must not slow what the user is doing
                notice = at_low_priority(self.store.check_if_due)
        except StoreError as error:
            self.post_message(CacheCheckFailed(str(error)))
            return
        if notice:
            self.post_message(CacheRebuilt(notice))

    def on_cache_check_failed(self, message: CacheCheckFailed) -> None:
        self.notify(message.reason, severity="error", markup=False)

    def on_cache_rebuilt(self, message: CacheRebuilt) -> None:
        self.store.notices.clear()
        self.notify(message.notice, severity="warning", timeout=15, markup=False)
        self.refresh_tracker.forget_failures()
        self.open_view(self.spec, follow_latest=self.follow_latest, settle=0)  # refetches it
