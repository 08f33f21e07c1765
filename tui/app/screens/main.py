"""The main screen: header, list pane, abstract pane, footer; views, refresh and paper actions.

The screen owns the side effects. Widgets post what happened (a paper was highlighted); the
screen reads the store, starts workers and writes user data. Reads of one page or one paper take
well under a millisecond and happen inline; everything that can wait on the network, on a lock
or on another process (refresh, clipboard helpers, the browser, writes) runs in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from ...core.dates import Period, daily_today
from ...core.db import StoreError
from ...core.library import Library
from ...core.store import Store
from ...core.sync import DEFAULT_FRESHNESS, Freshness, is_stale, last_fetched
from ...core.views import ViewSpec
from ..commands import bindings_for
from ..schedule import Backoff, short_reason
from ..source import RowSource
from ..widgets.abstract import AbstractPane
from ..widgets.header import CacheState, HeaderLine
from ..widgets.paper_list import PaperList
from .paper_actions import PaperActions

NARROW = 100  # below this many columns the panes stack
READ_AFTER = 1.5  # seconds a paper stays highlighted before it counts as read
TICK = 20.0  # seconds between header updates and staleness checks


class MainScreen(PaperActions, Screen[None]):
    BINDINGS = bindings_for("screen")

    def __init__(
        self,
        store: Store,
        library: Library,
        *,
        offline: bool = False,
        freshness: Freshness = DEFAULT_FRESHNESS,
        periodic: float = 15 * 60.0,
        initial: ViewSpec | None = None,
        initial_paper: str | None = None,
        read_after: float = READ_AFTER,
        today: Callable[[], date] = daily_today,
    ) -> None:
        super().__init__()
        self.today = today  # the Daily Papers day now; tests fix it
        self.read_after = read_after
        self.store = store
        self.library = library
        self.offline = offline
        self.freshness = freshness
        self.periodic = periodic
        self.spec = initial or self._latest_spec()
        self.follow_latest = initial is None
        self.initial_paper = initial_paper
        self.feed_spec: ViewSpec | None = None  # where `a` and `B` return to
        self.feed_follows = False
        self.highlight_terms: tuple[str, ...] = ()  # search words to highlight in the abstract
        self.state = CacheState(offline=offline)
        self.backoff = Backoff(cap=periodic)
        self.source: RowSource | None = None
        self.moved_since_open = False
        self._read_timer: Timer | None = None
        self._retry_timer: Timer | None = None
        self._first_run = False

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        with Container(id="panes"):
            with Container(id="list-pane"):
                yield PaperList(id="papers")
                yield Static(id="list-message")
            yield AbstractPane(id="abstract")
        yield Footer()

    @property
    def papers(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def abstract(self) -> AbstractPane:
        return self.query_one("#abstract", AbstractPane)

    @property
    def header(self) -> HeaderLine:
        return self.query_one("#header", HeaderLine)

    def on_mount(self) -> None:
        self.papers.focus()
        self.open_view(self.spec, keep_paper=self.initial_paper, follow_latest=self.follow_latest)
        self.set_interval(TICK, self.tick)
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        self.store.notices.clear()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        self.query_one(Footer).compact = narrow

    # --- views --------------------------------------------------------------------------------

    def _latest_spec(self) -> ViewSpec:
        today = self.today()
        try:
            latest = self.store.latest_day(today.isoformat())
        except StoreError:
            latest = None
        return ViewSpec(period=Period("day", latest or today.isoformat()))

    @property
    def period(self) -> Period | None:
        return self.spec.period if self.spec.kind == "period" else None

    def open_view(
        self,
        spec: ViewSpec,
        *,
        keep_paper: str | None = None,
        follow_latest: bool = False,
        refresh: bool = True,
    ) -> None:
        """Show a view from the cache at once; refresh it in the background if it is stale."""
        self.spec = spec
        self.follow_latest = follow_latest
        self.moved_since_open = False
        self._show(RowSource(self.store, spec), keep_paper=keep_paper)
        self.update_state()
        if refresh:
            self.maybe_refresh()

    def _show(
        self, source: RowSource, *, keep_paper: str | None = None, keep_place: bool = False
    ) -> None:
        papers = self.papers
        old_cursor = papers.cursor
        old_offset = old_cursor - round(papers.scroll_y)
        try:
            count = len(source)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        index = source.index_of(keep_paper, near=old_cursor) if keep_paper else None
        if index is None:
            index = min(old_cursor, max(0, count - 1)) if keep_place else 0
        scroll = index - old_offset if keep_place else None
        self.source = source
        papers.set_source(source, cursor=index, scroll_y=scroll)
        self.header.set_view(self.spec.label(), count, self._sort_label())
        self._update_empty(count)

    def _sort_label(self) -> str:
        if self.spec.kind == "archive" and self.spec.sort == "newest":
            return "newest listing day first"
        return {"upvotes": "by upvotes", "newest": "newest first"}.get(self.spec.sort, "")

    def _update_empty(self, count: int) -> None:
        message = self.query_one("#list-message", Static)
        papers = self.papers
        if count and not papers.display:
            papers.display = True
            if self.focused is None or not self.focused.display or self.focused is self.abstract:
                papers.focus()
        papers.display = count > 0
        message.display = count == 0
        if count:
            return
        message.update(self._empty_text())
        self.abstract.show(None)

    def _empty_text(self) -> str:
        if self.spec.kind == "bookmarks":
            return "No bookmarks yet.\n\nPress b on a paper to bookmark it."
        if self.spec.kind == "archive":
            return "The cache is empty." + ("" if self.offline else "\n\nPress t, then r.")
        anything = self.store.latest_day() is not None
        if self.offline:
            if not anything:
                return (
                    "Offline, and nothing is cached yet.\n\nRun dailypapers without --offline "
                    "(or `dailypapers refresh`) once while online; after that the app works "
                    "offline from its cache."
                )
            return "No papers cached for this period.\n\nPress t for the latest cached day."
        if self.state.refreshing or (not anything and not self.state.failure):
            return "Fetching the latest papers…" if not anything else "Fetching…"
        if self.state.failure:
            return f"Could not fetch: {self.state.failure}\n\nPress r to try again."
        if self.period and self.period.kind == "day" and self.period.first.weekday() >= 5:
            return "No papers on this day (weekends usually have no batch).\n\nPress [ or ]."
        return "No papers listed for this period.\n\nPress [ or ] to move, t for the latest."

    def _show_spec(self, *, keep_paper: str | None = None) -> None:
        self._show(RowSource(self.store, self.spec), keep_paper=keep_paper)
        self.update_state()

    def reload_view(self) -> None:
        """Re-read the current view after new data arrived, keeping the paper and the place."""
        current = self.papers.current
        self._show(
            RowSource(self.store, self.spec),
            keep_paper=current.id if current else None,
            keep_place=True,
        )

    # --- header state -------------------------------------------------------------------------

    def update_state(self) -> None:
        period = self.period
        try:
            if period is not None:
                self.state.fetched_at = last_fetched(self.store, period)
                self.state.fetchable = True
            else:
                self.state.fetched_at = self.store.last_success(["latest", f"day:{self.today()}"])
                self.state.fetchable = False
        except StoreError:
            self.state.fetched_at = None
        self.refresh_header()

    def refresh_header(self) -> None:
        warning = bool(self.state.failure) and not self.state.refreshing
        compact = self.size.width < NARROW
        self.header.set_state(self.state.text(compact=compact), warning=warning)
        if self.source is not None and len(self.source) == 0:
            self._update_empty(0)

    def tick(self) -> None:
        self.refresh_header()
        self.maybe_refresh()

    # --- refresh ------------------------------------------------------------------------------

    def maybe_refresh(self, *, manual: bool = False) -> None:
        if self.offline:
            if manual:
                self.notify("Offline (--offline): showing the cache only.", markup=False)
            return
        if self.state.refreshing and not manual:
            return
        if self.state.retry_at and not manual and datetime.now(UTC) < self.state.retry_at:
            return
        period = self.period
        latest = period is None or self.follow_latest
        if period is None or self.follow_latest:
            target = Period("day", self.today().isoformat())
        else:
            target = period
        try:
            stale = manual or is_stale(self.store, target, freshness=self.freshness)
            if latest and not stale and period is not None:
                stale = is_stale(self.store, period, freshness=self.freshness)
        except StoreError:
            stale = True
        if stale:
            self.refresh_worker(target if not latest else None, manual)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def refresh_worker(self, period: Period | None, manual: bool = False) -> None:
        """Fetch a period (or today's / the latest batch when None) and show what changed."""
        from ...core.api import ApiError
        from ...core.sync import refresh_latest, refresh_period

        self.state.refreshing = True
        self.state.progress = ""
        self.refresh_header()
        shown = self.spec
        try:
            client = await self.app.get_client()  # type: ignore[attr-defined]

            def on_retry(attempt: int, delay: float, reason: str) -> None:
                self.state.progress = (
                    f"try {attempt + 1} of {client.max_tries} ({short_reason(reason)})"
                )
                self.refresh_header()

            def on_page(pages: int, count: int) -> None:
                if pages > 1:
                    self.state.progress = f"page {pages}, {count} papers"
                    self.refresh_header()

            client.on_retry = on_retry
            if period is None:
                result = await refresh_latest(
                    self.store, client, today=self.today(), on_page=on_page
                )
            else:
                result = await refresh_period(self.store, client, period, on_page=on_page)
        except ApiError as error:
            failure: tuple[str, bool] | None = (
                short_reason(str(error)),
                "cannot reach" in str(error),
            )
        except StoreError as error:
            full_error = str(error)
            failure = (full_error, False)
        except Exception as error:  # never let a refresh take the app down
            self.log.error(f"refresh failed: {error!r}")
            full_error = f"{type(error).__name__}: {error}"
            failure = (full_error, False)
        else:
            failure = None
        finally:
            self.state.refreshing = False
            self.state.progress = ""
        if failure is not None:
            self._refresh_failed(*failure)
            if manual:
                self.notify(f"Refresh failed: {full_error}", severity="warning", markup=False)
            return
        self.backoff.succeeded()
        self.state.failure = None
        self.state.retry_at = None
        self.state.unreachable = False
        if self.spec != shown:  # the user moved on meanwhile: nothing on screen to update
            self.update_state()
            return
        new_day = result.latest_day
        if (
            period is None
            and self.follow_latest
            and new_day
            and self.period is not None
            and new_day != self.period.key
        ):
            if not self.moved_since_open or not self.source or len(self.source) == 0:
                self.open_view(
                    replace(self.spec, period=Period("day", new_day)),
                    follow_latest=True,
                    refresh=False,  # this worker just fetched it
                )
                return
            self.notify(f"Newer papers: {Period('day', new_day).label()} — press t.", markup=False)
        self.reload_view()
        self.update_state()

    def _refresh_failed(self, reason: str, unreachable: bool) -> None:
        delay = self.backoff.failed()
        self.state.failure = reason
        self.state.unreachable = unreachable
        self.state.retry_at = datetime.now(UTC) + timedelta(seconds=delay)
        if self._retry_timer is not None:
            self._retry_timer.stop()
        self._retry_timer = self.set_timer(delay, self.maybe_refresh)
        self.update_state()

    # --- actions ------------------------------------------------------------------------------

    def action_view(self, kind: str) -> None:
        anchor = self._anchor_day()
        self.open_view(
            replace(self.spec, kind="period", period=Period.of(kind, anchor), tag=None),
            follow_latest=kind == "day" and self._is_latest(anchor),
        )

    def _anchor_day(self) -> date:
        """The day a switch of period is centred on: the day being looked at."""
        today = self.today()
        period = self.period
        if period is None:
            current = self.papers.current
            if current is not None and current.day:
                return date.fromisoformat(current.day)
            return date.fromisoformat(self.store.latest_day(today.isoformat()) or today.isoformat())
        if period.kind == "day":
            return period.first
        current = self.papers.current
        if current is not None and current.day and period.contains(date.fromisoformat(current.day)):
            return date.fromisoformat(current.day)
        latest = self.store.latest_day(min(period.last, today).isoformat())
        if latest and period.contains(date.fromisoformat(latest)):
            return date.fromisoformat(latest)
        return min(period.last, today)

    def _is_latest(self, day: date) -> bool:
        latest = self.store.latest_day(self.today().isoformat())
        return latest is None or day.isoformat() >= latest

    def action_step(self, delta: int) -> None:
        period = self.period
        if period is None:
            self.notify(
                "[ and ] step through days, weeks and months: press d, w or m first.", markup=False
            )
            return
        today = self.today()
        target = period.step(delta)
        if period.kind == "day":
            cached = self.store.day_counts(
                (target.first - timedelta(days=3)).isoformat(),
                (target.last + timedelta(days=3)).isoformat(),
            )
            # Weekends rarely have a batch: skip them unless the cache knows of papers there.
            while target.first.weekday() >= 5 and not cached.get(target.key):
                target = target.step(delta)
        if target.first > today:
            self.notify("That is the latest period; there is nothing newer yet.", markup=False)
            return
        if target.last < Period("day", "2023-05-04").first:
            self.notify("Daily Papers began on 4 May 2023.", markup=False)
            return
        follow = target.kind == "day" and self._is_latest(target.first)
        self.open_view(replace(self.spec, period=target), follow_latest=follow)

    def action_latest(self) -> None:
        kind = self.period.kind if self.period else "day"
        spec = replace(self.spec, kind="period", tag=None, period=self._latest_spec().period)
        if kind != "day":
            spec = replace(spec, period=Period.of(kind, spec.period.first))
        self.open_view(spec, follow_latest=kind == "day")

    def action_toggle_sort(self) -> None:
        order = "newest" if self.spec.sort == "upvotes" else "upvotes"
        current = self.papers.current
        self.spec = self.spec.with_sort(order)
        self._show_spec(keep_paper=current.id if current else None)
        self.notify(f"Sorted {self._sort_label()}.", markup=False, timeout=2)

    def action_archive(self) -> None:
        self._toggle_special(ViewSpec(kind="archive", sort="newest", hide_read=self.spec.hide_read))

    def action_bookmarks(self) -> None:
        self.app.writer.flush()  # the view reads the database: include the last b
        self._toggle_special(ViewSpec(kind="bookmarks", sort="newest"))

    def open_tag(self, tag: str) -> None:
        if self.spec.kind == "period":
            self.feed_spec = self.spec
        self.open_view(ViewSpec(kind="tag", tag=tag, sort="newest"))

    def _toggle_special(self, spec: ViewSpec) -> None:
        """Open the archive or the bookmarks; the same key again goes back to the feed."""
        if self.spec.kind == spec.kind and self.feed_spec is not None:
            self.open_view(self.feed_spec, follow_latest=self.feed_follows)
            return
        if self.spec.kind == "period":
            self.feed_spec, self.feed_follows = self.spec, self.follow_latest
        self.open_view(spec)

    def action_refresh(self) -> None:
        self.state.retry_at = None
        self.maybe_refresh(manual=True)

    def action_open_abstract(self) -> None:
        if self.papers.current is None:
            return
        self.abstract.focus()
        self.add_class("-reading")  # on a narrow screen, the abstract takes the whole screen

    def action_back(self) -> None:
        self.remove_class("-reading")
        self.papers.focus()
