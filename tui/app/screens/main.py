"""The main screen: header, list pane, abstract pane, footer; views, refresh and paper actions.

The screen owns the side effects. Widgets post what happened (a paper was highlighted); the
screen reads the store, starts workers and writes user data. Reads of one page or one paper take
well under a millisecond and happen inline; everything that can wait on the network, on a lock
or on another process (refresh, clipboard helpers, the browser, writes) runs in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from ...core.cachefile import at_low_priority
from ...core.dates import FIRST_DAY, Period, daily_today
from ...core.db import StoreError
from ...core.freshness import DEFAULT_FRESHNESS, Freshness
from ...core.library import Library
from ...core.store import Store, parse_stamp
from ...core.views import SORTS, ViewSpec
from ...session import Session
from ..cache_state import CacheState
from ..commands import bindings_for
from ..messages import CacheCheckFailed, CacheRebuilt
from ..refresh_tracker import (
    RefreshTracker,
    failure_sentence,
    followed_view_moves_to,
    refresh_target,
)
from ..source import RowSource
from ..widgets.abstract import AbstractPane
from ..widgets.footer import CommandFooter
from ..widgets.header import HeaderLine
from ..widgets.paper_list import PaperList
from ..widgets.search_box import SearchBox
from .paper_actions import PaperActions
from .search_actions import SearchActions

NARROW = 100  # below this many columns the panes stack
READ_AFTER = 1.5  # seconds a paper stays highlighted before it counts as read
TICK = 5.0  # seconds between header updates ("3 min ago", "retrying in 20 s") and checks
# Seconds a view just opened waits before its refresh starts: a key repeat comes every 30-50 ms,
# a person reading a period stays far longer.
SETTLE = 0.4
CHECK_AFTER = 20.0  # seconds after start before the daily whole-file check of the cache


def _next_sort(cycle: list[str], sort: str) -> str:
    """The sort after ``sort`` in ``cycle`` (the first one when ``sort`` is not in it)."""
    return cycle[(cycle.index(sort) + 1) % len(cycle)] if sort in cycle else cycle[0]


class MainScreen(PaperActions, SearchActions, Screen[None]):
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
        follow_latest: bool | None = None,
        read_after: float = READ_AFTER,
        demo: bool = False,
        default_sort: str = "upvotes",
        hide_read: bool = False,
        last_visit: str | None = None,
        today: Callable[[], date] = daily_today,
    ) -> None:
        super().__init__()
        self.today = today  # the Daily Papers day now; tests fix it
        self.default_sort = default_sort
        self.last_visit = last_visit
        self.new_since_visit = 0
        self.read_after = read_after
        self.store = store
        self.library = library
        self.offline = offline
        self.spec = initial or self._latest_spec().with_hide_read(hide_read)
        # Following the latest: the view moves on by itself when a newer batch (a newer week or
        # month, for those views) arrives. The default when nothing else is asked for.
        self.follow_latest = initial is None if follow_latest is None else follow_latest
        self.initial_paper = initial_paper
        self.feed_spec: ViewSpec | None = None  # where `a` and `B` return to
        self.feed_follows = False
        self.feed_paper: str | None = None
        self.highlight_terms: tuple[str, ...] = ()  # search words to highlight in the abstract
        self.demo = demo
        self.state = CacheState(offline=offline, demo=demo)
        self.refresh_tracker = RefreshTracker(
            store, freshness=freshness, periodic=periodic, offline=offline, demo=demo
        )
        self.source: RowSource | None = None
        self.moved_since_open = False
        self._read_timer: Timer | None = None
        self.painted = False  # until the first frame: the abstract waits for it (paper_actions)
        self.kept_unread: set[str] = set()  # marked unread with u: not marked read by the timer
        # After H hid the paper under the cursor: (that paper, where the cursor went instead).
        self.unhide_to: tuple[str, str | None] | None = None
        self._retry_timer: Timer | None = None
        self._settle_timer: Timer | None = None  # the refresh of a view just opened, waiting
        self._first_run = False
        self.library_version: int | None = None  # PRAGMA data_version when last looked at
        self.read_mark_failure_told = False  # the read timer's failed writes: said once

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header")
        with Container(id="panes"):
            with Container(id="list-pane"):
                yield SearchBox(placeholder="Search: words, \"a phrase\", author:…, upvotes>50 …",
                            id="search")  # fmt: skip
                yield PaperList(id="papers")
                yield Static(id="list-message")
            yield AbstractPane(id="abstract")
        yield CommandFooter()

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
        self.call_after_refresh(setattr, self, "painted", True)
        self.papers.on_highlight = self.paper_highlighted
        self.search_input.results_pending = self.search_pending
        self.papers.focus()
        self.open_view(
            self.spec, keep_paper=self.initial_paper, follow_latest=self.follow_latest, settle=0
        )
        try:
            self.library_version = self.library.data_version()
        except StoreError:
            pass  # the tick tries again
        self.set_interval(TICK, self.tick)
        self.set_timer(CHECK_AFTER, self.check_cache)
        self.count_new()
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        self.store.notices.clear()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        self.query_one(Footer).compact = narrow
        self._fit_footer()
        self.refresh_bindings()  # the abstract's footer keys depend on the width

    def on_descendant_focus(self) -> None:
        self._fit_footer()

    def _fit_footer(self) -> None:
        """80 columns hold the main keys and the abstract's, not the palette's too (ctrl+p
        is in help). Set on the footer alone: a class on the screen restyles every widget."""
        narrow = self.size.width < NARROW
        self.query_one(Footer).show_command_palette = not (narrow and self.focused is self.abstract)

    # --- views --------------------------------------------------------------------------------

    def _latest_spec(self) -> ViewSpec:
        today = self.today()
        try:
            latest = self.store.latest_day(today.isoformat())
        except StoreError:
            latest = None
        return ViewSpec(period=Period("day", latest or today.isoformat()), sort=self.default_sort)

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
        settle: float | None = None,
    ) -> None:
        """Show a view from the cache at once; refresh it in the background if it is stale,
        once the user has rested on it for ``settle`` seconds."""
        self.end_search()
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.papers.focus()
        if spec.sort == "rising" and spec.kind != "period":  # a session saved before rising
            spec = spec.with_sort("newest")  # was only for periods: see action_toggle_sort
        self.spec = spec
        self.follow_latest = follow_latest
        self.moved_since_open = False
        self._show(RowSource(self.store, spec), keep_paper=keep_paper)
        self.update_state()
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        settle = SETTLE if settle is None else settle
        if refresh and settle > 0:
            # Held [ or ] opens a period per key repeat: only the one the user stops on is
            # fetched (each opening restarts the wait; the cache painted them all at once).
            self._settle_timer = self.set_timer(settle, self._settled)
        elif refresh:
            self.maybe_refresh()

    def _settled(self) -> None:
        self._settle_timer = None
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
        papers.show_rising = self.spec.sort == "rising" and self.spec.kind == "period"
        papers.set_source(source, cursor=index, scroll_y=scroll)
        label = self.spec.label()
        period = self.period
        if (
            count == 0
            and self.follow_latest
            and period is not None
            and period.kind == "day"
            and self.store.latest_day() is None
        ):
            label = "Daily · the latest papers"  # which day that is, the first fetch will tell
        extra = self._sort_label() + (" · read papers hidden" if self.spec.hide_read else "")
        if self.search_state is None:  # a search writes its own header (count, best match)
            self.header.set_view(label, count, extra)
        self._update_empty(count)

    def _sort_label(self) -> str:
        if self.spec.kind == "archive" and self.spec.sort == "newest":
            return "newest listing day first"
        if (
            self.spec.sort == "rising"
            and self.spec.kind == "period"
            and not self._has_rising_history()
        ):
            return "rising: no history yet"
        return {
            "upvotes": "by upvotes",
            "newest": "newest first",
            "rising": "rising: upvotes in 24 h",
        }.get(self.spec.sort, "")

    def _has_rising_history(self) -> bool:
        try:
            return self.store.has_rising_history(self.spec)
        except StoreError:
            return True  # nothing to say about it

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
        message.update(Content(self._empty_text()))  # plain text: "[ or ]" is not markup
        self.abstract.show(None)

    def _empty_text(self) -> str:
        if self.search_state is not None:
            return self._empty_search_text()
        if self.spec.hide_read and self.store.count(self.spec.with_hide_read(False)):
            return "Every paper here is read, and read papers are hidden.\n\nPress H to show them."
        if self.spec.kind == "bookmarks":
            return "No bookmarks yet.\n\nPress b on a paper to bookmark it."
        if self.spec.kind == "tag":
            return "No papers have this tag any more.\n\nPress Esc to go back."
        if self.spec.kind == "archive":
            return "The cache is empty." + ("" if self.offline else "\n\nPress t, then r.")
        anything = self.store.latest_day() is not None
        if self.offline:
            if not anything:
                kept = self.library.bookmark_count()
                return (
                    "Offline, and nothing is cached yet.\n\nRun dailypapers without --offline "
                    "(or `dailypapers refresh`) once while online; after that the app works "
                    "offline from its cache."
                    + (f"\n\nYour {kept} bookmarks are here: press B." if kept else "")
                )
            return "No papers cached for this period.\n\nPress t for the latest cached day."
        if self.state.refreshing or (not anything and not self.state.failure):
            return "Fetching the latest papers…" if self.follow_latest else "Fetching…"
        if self.state.failure:
            return f"Could not fetch: {self.state.failure}\n\nPress r to try again."
        if self.period and self.period.kind == "day" and self.period.first.weekday() >= 5:
            return "No papers on this day (weekends usually have no batch).\n\nPress [ or ]."
        return "No papers listed for this period.\n\nPress [ or ] to move, t for the latest."

    def _show_spec(self, *, keep_paper: str | None = None) -> None:
        if self.search_state is not None:
            self.rerun_search()
            return
        self._show(RowSource(self.store, self.spec), keep_paper=keep_paper)
        self.update_state()

    def reload_view(self) -> None:
        """Re-read the current view after new data arrived, keeping the paper and the place."""
        if self.search_state is not None:
            self.rerun_search()
            return
        current = self.papers.current
        self._show(
            RowSource(self.store, self.spec),
            keep_paper=current.id if current else None,
            keep_place=True,
        )

    # --- actions ------------------------------------------------------------------------------

    # --- background refresh and the header's words about it ---------------------------------

    def update_state(self) -> None:
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
        self.header.set_state(self.state.text(compact=compact), warning=warning)
        if self.source is not None and len(self.source) == 0:
            self._update_empty(0)

    def tick(self) -> None:
        if self.store.damaged:  # a query met a damaged page: rebuild the cache now
            self.check_cache(now=True)
            return
        self.update_state()
        self.check_library_changes()
        self.maybe_refresh(from_tick=True)
        self.app.save_session()

    def maybe_refresh(self, *, manual: bool = False, from_tick: bool = False) -> None:
        """Refresh the view on screen if it is stale (``manual``: whatever its age)."""
        notice = self.refresh_tracker.offline_notice()
        if notice is not None:
            if manual:
                self.notify(notice, markup=False)
            return
        if not manual and self._settle_timer is not None:
            return  # a view just opened: its own refresh comes once the user rests on it
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
        from ...core.errors import ApiError, DailyPapersError
        from ...core.sync import refresh_latest, refresh_period

        tracker = self.refresh_tracker
        token = tracker.started(key)
        self.update_state()
        shown = self.spec
        failure: Exception | None = None
        try:
            client = await self.app.get_client()

            def on_retry(attempt: int, delay: float, error: ApiError) -> None:
                tracker.retrying(attempt, client.max_tries, error)
                self.update_state()

            def on_page(pages: int, count: int) -> None:
                if tracker.paged(pages, count):
                    self.update_state()

            client.on_retry = on_retry
            if period is not None and self.follow_latest and period.kind != "day":
                # Which day is newest, first: when it is past this week or month, move there
                # (that view's own refresh then fetches the whole of it).
                latest = await refresh_latest(self.store, client, today=self.today())
                moved = followed_view_moves_to(
                    period, latest.latest_day, is_empty=lambda: not self.store.count(self.spec)
                )
                if moved is not None and self.spec == shown:
                    tracker.moved_away()
                    self.open_view(replace(self.spec, period=moved), follow_latest=True, settle=0)
                    return
            if period is None:
                result = await refresh_latest(self.store, client, today=self.today(),
                                              on_page=on_page)  # fmt: skip
            else:
                result = await refresh_period(self.store, client, period, on_page=on_page)
        except DailyPapersError as error:
            failure = error
        except Exception as error:  # never let a refresh take the app down
            self.log.error(f"refresh failed: {error!r}")
            failure = error
        finally:
            tracker.ended(token)  # unless a newer refresh took over
        if failure is not None:
            self._refresh_failed(tracker.failed(key, failure))
            if manual:
                message = f"Refresh failed: {failure_sentence(failure)}"
                self.notify(message, severity="warning", markup=False)
            return
        if result.incomplete:
            words = result.incomplete_header_words or result.incomplete
            self._refresh_failed(tracker.incomplete(key, words))
        else:
            tracker.succeeded(key)
        if tracker.fill_in_due():
            self.fill_in_kept()
        if self.spec != shown:  # the user moved on meanwhile: nothing on screen to update
            self.update_state()
            return
        new_day = result.latest_day
        shown_period = self.period
        newer = new_day is not None and shown_period is not None and new_day != shown_period.key
        if period is None and self.follow_latest and new_day is not None and newer:
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

    def _refresh_failed(self, delay: float) -> None:
        """Try again in ``delay`` seconds (the tracker's wait after a failure)."""
        if self._retry_timer is not None:
            self._retry_timer.stop()
        self._retry_timer = self.set_timer(delay, self.maybe_refresh)
        self.update_state()

    @work(group="fill-in", exit_on_error=False)
    async def fill_in_kept(self) -> None:
        """Details for bookmarks that have only an id (added offline, imported bare)."""
        from ...core.errors import ApiError, StoreError
        from ...core.sync import fill_in_kept_papers

        try:
            client = await self.app.get_client()
            filled = await fill_in_kept_papers(self.store, self.library, client)
        except (ApiError, StoreError):
            return  # tried again on the next run; nothing the user must act on
        if filled and self.spec.kind in ("bookmarks", "tag") and self.search_state is None:
            self.reload_view()

    # --- a damaged cache ------------------------------------------------------------------

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

    @on(CacheCheckFailed)
    def _cache_check_failed(self, message: CacheCheckFailed) -> None:
        self.notify(message.reason, severity="error", markup=False)

    @on(CacheRebuilt)
    def _cache_rebuilt(self, message: CacheRebuilt) -> None:
        self.store.notices.clear()
        self.notify(message.notice, severity="warning", timeout=15, markup=False)
        self.refresh_tracker.forget_failures()
        self.open_view(self.spec, follow_latest=self.follow_latest, settle=0)  # refetches it

    # --- the session ------------------------------------------------------------------------

    def remember(self, session: Session) -> None:
        """Put the view and the highlighted paper in the session, for the next launch."""
        spec, follow, paper = self.spec, self.follow_latest, self.papers.current
        paper_id = paper.id if paper else None
        if self.search_state is not None:  # a search is not a place to come back to
            spec, follow = self.search_state.return_spec, self.search_state.return_follow
            paper_id = self.search_state.return_paper
        session.kind = spec.kind
        session.period = spec.period.view_key if spec.period else None
        session.sort = spec.sort
        session.hide_read = spec.hide_read
        session.tag = spec.tag
        session.follow_latest = follow
        session.paper = paper_id

    @work(thread=True, group="new-count", exit_on_error=False)
    def count_new(self) -> None:
        """How many papers arrived since the last visit (for the header)."""
        if not self.last_visit:
            return
        # New to the user, not just to the cache: listed on or after the Daily Papers day of the
        # last visit, and not read. (Opening an old month, or a cache rebuilt from scratch,
        # brings papers that are new to the cache only.)
        visited = parse_stamp(self.last_visit)
        if visited is None:
            return
        since_day = daily_today(visited).isoformat()
        try:
            count = self.store.new_papers_since(self.last_visit, since_day)
        except StoreError:
            return
        self.app.call_from_thread(self._set_new_count, count)

    def _set_new_count(self, count: int) -> None:
        self.new_since_visit = count
        self.update_state()

    def _feed_base(self) -> ViewSpec:
        """The feed view a change of period starts from: its sort and hide-read are the
        user's, not those of the archive, bookmarks, tag or search being left."""
        spec = self.search_state.return_spec if self.search_state is not None else self.spec
        if spec.kind == "period":
            return spec
        return self.feed_spec or ViewSpec(sort=self.default_sort)

    def action_view(self, kind: str) -> None:
        anchor = self._anchor_day()
        current = self.papers.current
        self.open_view(
            replace(self._feed_base(), kind="period", period=Period.of(kind, anchor), tag=None),
            keep_paper=current.id if current else None,  # still highlighted if it is there
            follow_latest=self._is_latest(anchor),
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
        latest = self.store.latest_day(today.isoformat()) if delta > 0 else None
        past_latest = bool(latest and target.first.isoformat() > latest)
        # The week or month of today can always be opened (its refresh fetches what it has);
        # a day past the newest batch would only be empty (the latest feed decides which day
        # is newest, and r asks it again).
        if target.first > today or (past_latest and period.kind == "day"):
            if period.kind == "day" and latest:
                newest = Period("day", latest).label().replace("Daily · ", "")
                message = f"{newest} is the latest day with papers. r looks for newer ones."
            else:
                message = f"This is the latest {period.kind}."
            self.notify(message, markup=False, timeout=3)
            return
        if target.last < FIRST_DAY:
            self.notify("Daily Papers began on 4 May 2023.", markup=False)
            return
        latest = self.store.latest_day(today.isoformat())
        follow = latest is None or target.contains(date.fromisoformat(latest))
        self.open_view(replace(self.spec, period=target), follow_latest=follow)

    def action_latest(self) -> None:
        kind = self.period.kind if self.period else "day"
        spec = replace(
            self._feed_base(), kind="period", tag=None, period=self._latest_spec().period
        )
        if kind != "day":
            spec = replace(spec, period=Period.of(kind, spec.period.first))
        self.open_view(spec, follow_latest=True)

    def action_go_to_date(self) -> None:
        from .goto import GoToScreen

        def chosen(period: Period | None) -> None:
            if period is None:
                return
            latest = self.store.latest_day(self.today().isoformat())
            self.open_view(
                replace(self._feed_base(), kind="period", tag=None, period=period),
                follow_latest=latest is None or period.contains(date.fromisoformat(latest)),
            )

        self.app.push_screen(GoToScreen(self.today()), chosen)

    def action_toggle_sort(self) -> None:
        if self.search_state is not None:
            self.notify("Search results come best match first.", timeout=2, markup=False)
            return
        cycle = list(SORTS)
        period = self.period
        # Rising is upvotes gained in the last day: for the archive, or a period over for more
        # than a week (papers gather upvotes for a few days after their listing), it would be a
        # column of zeros.
        long_past = period is not None and period.last < self.today() - timedelta(days=7)
        skipped = ""
        # Bookmarks and tags gather papers of any age, kept for good: what they gained today
        # says nothing about them, so there s is upvotes / newest only.
        if self.spec.kind != "period" or long_past:
            if _next_sort(cycle, self.spec.sort) == "rising":
                if long_past:
                    skipped = " (rising is for recent papers: these ended more than a week ago)"
                elif self.spec.kind == "archive":
                    skipped = " (rising is for recent papers, not the whole archive)"
                else:
                    skipped = " (rising is for a day, week or month of recent papers)"
            cycle.remove("rising")
        order = _next_sort(cycle, self.spec.sort)
        current = self.papers.current
        self.spec = self.spec.with_sort(order)
        self._show_spec(keep_paper=current.id if current else None)
        label = self._sort_label()
        if label == "rising: no history yet":
            skipped = (
                ": the cache has not watched these papers for a day yet, so nothing can be "
                "compared; +N fills in as refreshes come"
            )
        self.notify(f"Sorted {label}{skipped}.", markup=False, timeout=6 if skipped else 3)

    def action_archive(self) -> None:
        self._toggle_special(ViewSpec(kind="archive", sort="newest", hide_read=self.spec.hide_read))

    def action_bookmarks(self) -> None:
        self.app.writer.flush()  # the view reads the database: include the last b
        self._toggle_special(ViewSpec(kind="bookmarks", sort="newest"))

    def open_tag(self, tag: str) -> None:
        if self.spec.kind == "period":
            current = self.papers.current
            self.feed_spec, self.feed_follows = self.spec, self.follow_latest
            self.feed_paper = current.id if current else None
        self.open_view(ViewSpec(kind="tag", tag=tag, sort="newest"))

    def _toggle_special(self, spec: ViewSpec) -> None:
        """Open the archive or the bookmarks; the same key again goes back to the feed."""
        if self.spec.kind == spec.kind:
            self._back_to_feed()
            return
        if self.spec.kind == "period":
            current = self.papers.current
            self.feed_spec, self.feed_follows = self.spec, self.follow_latest
            self.feed_paper = current.id if current else None
        self.open_view(spec)

    def _back_to_feed(self) -> None:
        """To the feed the tag, bookmarks or archive view was opened from; opened straight
        from the last session, there is none yet: the latest papers."""
        self.open_view(
            self.feed_spec or self._latest_spec(),
            keep_paper=self.feed_paper,
            follow_latest=self.feed_follows if self.feed_spec else True,
        )

    def action_refresh(self) -> None:
        self.maybe_refresh(manual=True)

    def action_open_abstract(self) -> None:
        if self.papers.current is None:
            return
        self.abstract.focus()
        self.add_class("-reading")  # on a narrow screen, the abstract takes the whole screen

    def action_back(self) -> None:
        if self.search_state is not None and not self.has_class("-reading"):
            self.leave_search()
            return
        if self.has_class("-reading") or self.focused is not self.papers:
            if self.has_class("-reading"):  # the stacked abstract shows its top again
                self.abstract.scroll_home(animate=False)
            self.remove_class("-reading")
            self.papers.focus()
            return
        if self.spec.kind in ("tag", "bookmarks", "archive"):  # back to the feed they came from
            self._back_to_feed()
