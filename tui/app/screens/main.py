"""The main screen: header, list pane, abstract pane, footer; views, refresh and paper actions.

The screen owns the side effects. Widgets post what happened (a paper was highlighted); the
screen reads the store, starts workers and writes user data. Reads of one page or one paper take
well under a millisecond and happen inline; everything that can wait on the network, on a lock
or on another process (refresh, clipboard helpers, the browser, writes) runs in a worker.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from ...core.dates import Period, daily_today
from ...core.db import StoreError, parse_stamp
from ...core.for_you import ForYou
from ...core.library import Library
from ...core.models import Paper
from ...core.store import Store
from ...core.views import ViewSpec
from ...session import Session
from .. import navigation, view_places
from ..abstract_timing import abstract_when
from ..back_key import back_goes_to
from ..background_sync import BackgroundSync
from ..cache_state import CacheState
from ..commands import bindings_for
from ..feed_return import FeedReturn
from ..for_you_source import ForYouSource
from ..hide_read_landing import HideReadLanding, nearest_unread
from ..layout import NARROW
from ..library_watch import changed_version
from ..library_written import LibraryWritten
from ..linked_watch import LinkedReposWatch
from ..live_search import LiveSearch, empty_search_text
from ..messages import (
    NewPapersCounted,
    Told,
)
from ..notice_words import note_saved_notice, sorted_notice
from ..options import AppOptions
from ..paper_marks import PaperMarks
from ..paper_pane import read_pane
from ..refresh_tracker import (
    RefreshTracker,
)
from ..services import AppServices
from ..session_place import remember_place
from ..source import RowSource
from ..trending_refresh import TrendingRefresh
from ..web_search import WebSearch
from ..widgets.abstract import AbstractPane
from ..widgets.footer import CommandFooter
from ..widgets.header import HeaderLine
from ..widgets.paper_list import PaperList
from ..widgets.search_box import SearchBox
from .clipboard_actions import ClipboardActions
from .main_for_you import ForYouActions
from .main_hub_sync import HubSyncActions
from .main_linked_repos import LinkedReposActions
from .main_paper_open import PaperOpenActions
from .main_refresh import RefreshActions
from .main_search import SearchActions

if TYPE_CHECKING:
    from .menu import Choice

TICK = 5.0  # seconds between header updates ("3 min ago", "retrying in 20 s") and checks
# Seconds a view just opened waits before its refresh starts: a key repeat comes every 30-50 ms,
# a person reading a period stays far longer.
SETTLE = 0.4
CHECK_AFTER = 20.0  # seconds after start before the daily whole-file check of the cache


class MainScreen(
    RefreshActions,
    ForYouActions,
    SearchActions,
    PaperOpenActions,
    LinkedReposActions,
    HubSyncActions,
    ClipboardActions,
    Screen[None],
):
    BINDINGS = bindings_for("screen")

    def __init__(
        self,
        store: Store,
        library: Library,
        options: AppOptions | None = None,
        *,
        last_visit: str | None = None,
    ) -> None:
        super().__init__()
        self.options = options = options or AppOptions()
        self.today = options.today  # the Daily Papers day now; tests fix it
        self.default_sort = options.default_sort
        self.last_visit = last_visit
        self.new_since_visit = 0
        self.read_after = options.read_after
        self.store = store
        self.library = library
        self.offline = options.offline
        initial = options.initial
        self.spec = initial or self._latest_spec().with_hide_read(options.hide_read)
        # Following the latest: the view moves on by itself when a newer batch (a newer week or
        # month, for those views) arrives. The default when nothing else is asked for.
        follow_latest = options.follow_latest
        self.follow_latest = initial is None if follow_latest is None else follow_latest
        self.initial_paper = options.initial_paper
        self.feed = FeedReturn()  # where `a`, `B` and a tag return to
        self.highlight_terms: tuple[str, ...] = ()  # search words to highlight in the abstract
        self.demo = options.demo
        self.state = CacheState(offline=self.offline, demo=self.demo)
        self.refresh_tracker = RefreshTracker(
            store,
            freshness=options.freshness,
            periodic=options.periodic,
            offline=self.offline,
            demo=self.demo,
        )
        self.source: RowSource | None = None
        self.moved_since_open = False
        self._read_timer: Timer | None = None
        self.painted = False  # until the first frame: the abstract waits for it (paper_highlighted)
        self.hide_read_landing = HideReadLanding()
        self._settle_timer: Timer | None = None  # the refresh of a view just opened, waiting
        self.library_version: int | None = None  # PRAGMA data_version when last looked at
        self.search_state: LiveSearch | None = None  # the search being typed, if any
        self._marks: PaperMarks | None = None
        self.web_search = WebSearch(store, lambda: self.services.get_client())
        self.trending = TrendingRefresh(
            store,
            max_age=options.trending_max_age,
            periodic=options.periodic,
            offline=self.offline,
            demo=self.demo,
        )
        self.linked = LinkedReposWatch()  # the highlighted paper's linked repos, fetched
        self.for_you: ForYou | None = None  # the watches, matched (after the first sync)
        self.for_you_new = 0  # "7 new for you": in the header, and the For you view's own
        self._seen_written: set[str] = set()  # papers already marked seen this session
        # The bookmarks kept in step with the Hugging Face collection (S; [sync] auto).
        self.hub_sync = BackgroundSync(
            auto=options.sync_auto and not (self.offline or self.demo),
            retry_delays=options.sync_retry_delays,
            every=options.sync_every,
        )

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key pressed before the panes are built (`/` 0.3 s after launch read #papers before
        # it existed, and the app stopped) is dropped: nothing is on screen to act on yet.
        return self.is_mounted

    @property
    def services(self) -> AppServices:
        return cast(AppServices, self.app)

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
        self.library_version = changed_version(self.library, None)  # None: the tick tries again
        self.set_interval(TICK, self.tick)
        self.set_timer(CHECK_AFTER, self.check_cache)
        self.count_new()
        self.sync_watches()
        if self.hub_sync.auto:
            from ...core.sync_state import SyncState

            try:
                self.hub_sync.status = SyncState(self.library).status()  # "synced 2 h ago"
            except StoreError:
                pass  # said by the first sync, if it still holds
            # After the first frame, never before: the papers come first.
            self.call_after_refresh(self._sync_after, self.options.sync_after_start)
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        self.store.notices.clear()

    _fit_when_shown = False  # resized while another screen (the reader) was on top

    def on_resize(self) -> None:
        if not self.is_current:
            # Restyling the list's screen behind the reader took most of a resize's time in
            # the reader (bench/reader.py's resize re-wrap): done when the list shows again.
            self._fit_when_shown = True
            return
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        self._fit_when_shown = False
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        self.query_one(Footer).compact = narrow
        self._fit_footer()
        self.refresh_bindings()  # the abstract's footer keys depend on the width
        self.refresh_header()  # the state's words are chosen for the room they have

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
        return view_places.latest_spec(latest, today, self.default_sort)

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
        self._show(self._source(spec), keep_paper=keep_paper)
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
        papers.show_watches = isinstance(source, ForYouSource)
        papers.watch_column = bool(self.for_you and self.for_you.watches)
        papers.show_rising = self.spec.sort == "rising" and self.spec.kind == "period"
        papers.set_source(source, cursor=index, scroll_y=scroll)
        if self.search_state is None:  # a search writes its own header (count, best match)
            label = view_places.view_label(
                self.spec, count, self.follow_latest, lambda: self.store.latest_day() is None
            )
            extra = view_places.view_extra(self.spec, self._sort_label())
            if isinstance(source, ForYouSource):
                # The count it opened with: its rows keep their marks until it opens again.
                new = source.new_when_opened
                extra = "newest listing day first"
                extra = f"{new:,} new for you · {extra}" if new else extra
            self.header.set_view(label, count, extra)
        self._update_empty(count)

    def _sort_label(self) -> str:
        return navigation.sort_label(self.spec, self._has_rising_history)

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
        if self.spec.kind == "for_you" and self.search_state is None:
            if self.for_you is None or not self.for_you.watches:
                return (
                    "No watches yet: W on a paper watches its authors, organisation or "
                    "keywords; Ctrl+S in the search box watches the search."
                )
            period = self.spec.period
            if period is not None:
                shown = period.label().removeprefix("Daily · ")
                return (
                    f"Nothing for your watches {'on' if period.kind == 'day' else 'in'} "
                    f"{shown}: [ and ] step, and the same key "
                    f"({period.kind[0]}) again lists every day."
                )
            if self.spec.hide_read:
                return "You have read every paper your watches match (H shows them again)."
            return "No cached paper matches your watches yet."
        if self.search_state is not None:
            return empty_search_text(self.search_state, self.offline)
        return navigation.empty_view_text(
            self.spec,
            offline=self.offline,
            follow_latest=self.follow_latest,
            refreshing=self.state.refreshing,
            failure=self.state.failure or "",
            count_with_read=lambda: self.store.count(self.spec.with_hide_read(False)),
            anything_cached=lambda: self.store.latest_day() is not None,
            bookmark_count=self.library.bookmark_count,
        )

    def _show_spec(self, *, keep_paper: str | None = None) -> None:
        if self.search_state is not None:
            self.rerun_search()
            return
        self._show(self._source(self.spec), keep_paper=keep_paper)
        self.update_state()

    def _source(self, spec: ViewSpec) -> RowSource:
        """The rows of a view: the For you view's from the watches' matches."""
        for_you = self.for_you
        if spec.kind == "for_you" and for_you is not None:
            return ForYouSource(self.store, spec, for_you)
        if spec.kind == "for_you":
            return RowSource(self.store, spec, count=0)  # until the watches are matched
        source = RowSource(self.store, spec)
        if for_you is not None and for_you.watches:
            source.watch_marks = for_you.marks  # set before any row is read (pages are kept)
        return source

    def reload_view(self) -> None:
        """Re-read the current view after new data arrived, keeping the paper and the place."""
        if self.search_state is not None:
            self.rerun_search()
            return
        current = self.papers.current
        self._show(
            self._source(self.spec),
            keep_paper=current.id if current else None,
            keep_place=True,
        )

    # --- actions ------------------------------------------------------------------------------

    # --- the session ------------------------------------------------------------------------

    def remember(self, session: Session) -> None:
        """Put the view and the highlighted paper in the session, for the next launch."""
        paper = self.papers.current
        paper_id = paper.id if paper else None
        remember_place(session, self.spec, self.follow_latest, paper_id, self.search_state)

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
        self.post_message(NewPapersCounted(count))

    def on_new_papers_counted(self, message: NewPapersCounted) -> None:
        self.new_since_visit = message.count
        self.update_state()

    def on_told(self, message: Told) -> None:
        """A worker's words for the user."""
        self.notify(message.text, severity=message.severity, timeout=message.timeout, markup=False)

    def _feed_base(self) -> ViewSpec:
        spec = self.search_state.return_spec if self.search_state is not None else self.spec
        return view_places.feed_base(spec, self.feed.spec, self.default_sort)

    def action_view(self, kind: str) -> None:
        anchor = self._anchor_day()
        current = self.papers.current
        if self.spec.kind == "for_you" and self.search_state is None:
            # For you within a day, week or month; the same key again: every day.
            shown = self.spec.period
            period = None if shown and shown.kind == kind else Period.of(kind, anchor)
            self.open_view(
                replace(self.spec, period=period), keep_paper=current.id if current else None
            )
            return
        self.open_view(
            replace(self._feed_base(), kind="period", period=Period.of(kind, anchor), tag=None),
            keep_paper=current.id if current else None,  # still highlighted if it is there
            follow_latest=self._is_latest(anchor),
        )

    def _anchor_day(self) -> date:
        current = self.papers.current
        current_day = current.day if current is not None else None
        return view_places.anchor_day(self.period, current_day, self.today(), self.store.latest_day)

    def _is_latest(self, day: date) -> bool:
        return view_places.is_latest(day, self.store.latest_day(self.today().isoformat()))

    def action_step(self, delta: int) -> None:
        period = self.period
        if self.spec.kind == "for_you" and self.search_state is None:
            period = self.spec.period  # For you within a period steps like the feed
        if period is None:
            self.notify(
                "[ and ] step through days, weeks and months: press d, w or m first.", markup=False
            )
            return
        today = self.today()
        latest = self.store.latest_day(today.isoformat())
        target = navigation.step_period(
            period, delta, today=today, latest=latest, day_counts=self.store.day_counts
        )
        if isinstance(target, str):
            # "the latest day / week" goes soon; where Daily Papers began stays the usual time
            self.notify(target, markup=False, timeout=3 if "latest" in target else None)
            return
        follow = navigation.follows_latest(target, latest)
        self.open_view(replace(self.spec, period=target), follow_latest=follow)

    def action_latest(self) -> None:
        kind = self.period.kind if self.period else "day"
        latest = self._latest_spec().period
        assert latest is not None  # a day view: _latest_spec always has its period
        if kind != "day":
            latest = Period.of(kind, latest.first)
        self.open_view(
            replace(self._feed_base(), kind="period", tag=None, period=latest), follow_latest=True
        )

    def action_go_to_date(self) -> None:
        from .goto import GoToScreen

        def chosen(period: Period | None) -> None:
            if period is None:
                return
            latest = self.store.latest_day(self.today().isoformat())
            self.open_view(
                replace(self._feed_base(), kind="period", tag=None, period=period),
                follow_latest=navigation.follows_latest(period, latest),
            )

        self.app.push_screen(GoToScreen(self.today()), chosen)

    def action_toggle_sort(self) -> None:
        if self.search_state is not None:
            self.notify("Search results come best match first.", timeout=2, markup=False)
            return
        if self.spec.kind == "for_you":
            self.notify("For you lists the newest listing day first.", timeout=2, markup=False)
            return
        order, skipped = navigation.sort_after(self.spec, self.today())
        current = self.papers.current
        self.spec = self.spec.with_sort(order)
        self._show_spec(keep_paper=current.id if current else None)
        words, timeout = sorted_notice(self._sort_label(), skipped)
        self.notify(words, markup=False, timeout=timeout)

    def action_archive(self) -> None:
        self._toggle_special(ViewSpec(kind="archive", sort="newest", hide_read=self.spec.hide_read))

    def action_trending(self) -> None:
        """Hugging Face's trending list, from the cached snapshot (again: back to the feed)."""
        spec = ViewSpec(kind="trending", sort="trending", hide_read=self.spec.hide_read)
        self._toggle_special(spec)

    def action_bookmarks(self) -> None:
        self.services.writer.flush()  # the view reads the database: include the last b
        self._toggle_special(ViewSpec(kind="bookmarks", sort="newest"))

    def open_tag(self, tag: str) -> None:
        self._leave_feed()
        self.open_view(ViewSpec(kind="tag", tag=tag, sort="newest"))

    def _leave_feed(self) -> None:
        current = self.papers.current
        self.feed.leaving(self.spec, self.follow_latest, current.id if current else None)

    def _toggle_special(self, spec: ViewSpec) -> None:
        """Open the archive or the bookmarks; the same key again goes back to the feed."""
        if self.spec.kind == spec.kind:
            self._back_to_feed()
            return
        self._leave_feed()
        self.open_view(spec)

    def _back_to_feed(self) -> None:
        """To the feed the tag, bookmarks or archive view was opened from; opened straight
        from the last session, there is none yet: the latest papers."""
        spec, paper_id, follows = self.feed.target(self._latest_spec())
        self.open_view(spec, keep_paper=paper_id, follow_latest=follows)

    def action_refresh(self) -> None:
        self.maybe_refresh(manual=True)

    def action_open_abstract(self) -> None:
        if self.papers.current is None:
            return
        self.abstract.focus()
        self.add_class("-reading")  # on a narrow screen, the abstract takes the whole screen

    def action_back(self) -> None:
        reading = self.has_class("-reading")
        back_to = back_goes_to(
            searching=self.search_state is not None,
            reading=reading,
            list_focused=self.focused is self.papers,
            view_kind=self.spec.kind,
        )
        if back_to == "leave search":
            self.leave_search()
        elif back_to == "list":
            if reading:  # the stacked abstract shows its top again
                self.abstract.scroll_home(animate=False)
            self.remove_class("-reading")
            self.papers.focus()
        elif back_to == "feed":  # back to the feed the tag, bookmarks or archive came from
            self._back_to_feed()

    # --- the paper under the cursor: read it, keep it, note it, copy it, open it -------------
    # A bookmark or read mark shows on screen at once (an override on the row source) and is
    # written by the app's single writer thread, in order; the screen says it is saved only once
    # the writer reports it written, and takes the change back, saying why, when the write
    # failed. The menus, the note editor (TextArea) and the exporters are imported where they
    # are first used: each is start-up time the first screen does not need (bench/app.py).

    @property
    def marks(self) -> PaperMarks:
        """The user's marks on papers, written by the app's writer (made on first use: the
        app is not known to the screen before it is mounted)."""
        if self._marks is None:
            self._marks = PaperMarks(self.library, self.services.writer.submit)
        return self._marks

    def on_library_written(self, message: LibraryWritten) -> None:
        paper_id, error, what = message.paper_id, message.error, message.what
        if self.source is not None and what in ("bookmark", "unbookmark"):
            self.source.settle(paper_id, written=error is None, bookmarked=what == "bookmark")
        elif self.source is not None and what in ("read", "unread"):
            self.source.settle(paper_id, written=error is None, read=what == "read")
        notice = self.marks.notice(message)
        if notice is not None:
            words, severity, timeout = notice
            self.notify(words, severity=severity, timeout=timeout, markup=False)
        self.papers.refresh()
        self._refresh_user(paper_id)
        if error is None and what in ("bookmark", "unbookmark"):
            self.sync_soon()

    def on_screen_resume(self) -> None:
        if self._fit_when_shown:
            self._fit_to_width()
        # Back from another screen (the reader writes where you stopped): show it now if it is
        # written, rather than on the next tick.
        self.check_library_changes()

    def check_library_changes(self) -> None:
        """On the tick: when the library changed since the last look, show its bookmarks, read
        marks and notes again."""
        version = changed_version(self.library, self.library_version)
        if version is None:
            return
        self.library_version = version
        if self.source is not None:
            self.source.reload_marks()
            self.papers.refresh()
        current = self.papers.current
        if current is not None:
            self.show_paper(current.id, listed_day=current.day)

    # --- the paper under the cursor -----------------------------------------------------------

    def paper_highlighted(self, event: PaperList.Highlighted) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        row = event.row
        self._links_after_rest(row.id if row is not None else None)
        if row is None:
            self.abstract.show(None)
            return
        if event.index != 0:
            self.moved_since_open = True
        typing = self.search_state is not None and self.focused is self.search_input
        when = abstract_when(typing=typing, painted=self.painted)

        def show_if_current() -> None:  # a later keystroke's results win
            current = self.papers.current
            if current is not None and current.id == row.id:
                self.show_paper(row.id, listed_day=row.day)

        if when == "after the search box's frame":
            self.search_input.after_frame(show_if_current)
        elif when == "after the first frame":
            self.call_after_refresh(show_if_current)
        else:
            self.show_paper(row.id, listed_day=row.day)
        if not row.read and self.marks.may_mark_read(row.id):
            paper_id = row.id
            self._read_timer = self.set_timer(self.read_after, lambda: self.mark_read(paper_id))

    def show_paper(self, paper_id: str, *, listed_day: str | None = None) -> None:
        """Draw the abstract pane for a paper (same paper: the scroll position is kept)."""
        pane = read_pane(self.store, self.library, paper_id)
        if pane.paper is None:
            self.abstract.show_message(pane.title, pane.message)
            return
        # The list's row knows a b the writer has not saved yet: the pane says what the list says.
        row = self.papers.current
        bookmarked = row.bookmarked if row is not None and row.id == paper_id else None
        hit = self.source.text_hit(paper_id) if self.source is not None else None
        try:
            links = self.store.links(paper_id)  # one row: well under a millisecond
        except StoreError:
            links = None
        self.abstract.show(
            pane.paper,
            pane.user,
            history=pane.history,
            listed_day=listed_day,
            highlight=self.highlight_terms,
            bookmarked=bookmarked,
            found_in_text=hit.sentence if hit is not None else "",
            links=links,
            links_note=self.linked.note(paper_id),
        )

    def current_paper(self) -> Paper | None:
        row = self.papers.current
        if row is None:
            self.notify("No paper is highlighted.", severity="warning", markup=False)
            return None
        paper = self.store.paper(row.id)
        return paper or Paper(id=row.id, title=row.title)

    # --- read marks ---------------------------------------------------------------------------

    def mark_read(self, paper_id: str, read: bool = True) -> None:
        current = self.papers.current
        if current is None or current.id != paper_id:
            return
        self._set_read(paper_id, current.title, read, told=False)

    def _set_read(self, paper_id: str, title: str, read: bool, *, told: bool) -> None:
        if self.source is not None:
            self.source.set_override(paper_id, read=read)
        self.papers.refresh()
        self.marks.set_read(paper_id, title, read, told=told, report=self.post_message)

    def action_toggle_read(self) -> None:
        row = self.papers.current
        if row is None:
            return
        if self._read_timer is not None:  # an explicit choice wins over the timer
            self._read_timer.stop()
            self._read_timer = None
        self._set_read(row.id, row.title, not row.read, told=True)  # said once written
        self.marks.chose_read(row.id, not row.read)

    def action_toggle_hide_read(self) -> None:
        hide = not self.spec.hide_read
        keep = self.hide_read_landing.keep(hide, self.papers.current, self._nearest_unread)
        self.spec = self.spec.with_hide_read(hide)
        self.feed.hide_read(hide)
        self.services.writer.flush()  # the view is read from the database: include pending marks
        self._show_spec(keep_paper=keep)
        self.notify("Hiding read papers." if hide else "Showing read papers too.", timeout=2)

    def _nearest_unread(self) -> str | None:
        source = self.source
        if source is None:
            return None
        return nearest_unread(source.row, self.papers.cursor, len(source))

    # --- bookmarks ----------------------------------------------------------------------------

    def action_toggle_bookmark(self) -> None:
        row = self.papers.current
        if row is None:
            return
        paper = self.current_paper()
        keep = not row.bookmarked
        if self.source is not None:
            self.source.set_override(row.id, bookmarked=keep)
        self.papers.refresh()
        # "★ Bookmarked" comes and goes at once; "Bookmarked: …" is said once it is written,
        # and a failed write takes the star back (on_library_written).
        self.show_paper(row.id, listed_day=row.day)
        self.marks.set_bookmark(row.id, row.title, paper, keep, report=self.post_message)

    def _refresh_user(self, paper_id: str) -> None:
        current = self.papers.current
        if current is not None and current.id == paper_id:
            self.show_paper(paper_id, listed_day=current.day)

    # --- notes and tags -----------------------------------------------------------------------

    def action_edit_note(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        self.services.writer.flush()
        user = self.library.user_data(paper.id)
        # What the editor shows: compared, when saving, with what the library holds then, so a
        # note saved meanwhile in another window is kept rather than overwritten.
        opened = (user.note, list(user.tags))

        from .note import NoteScreen

        def save(note: str, tags: str, editor: NoteScreen) -> None:
            # The outcome goes to the editor, which closes once the note is saved.
            self.marks.set_note(paper, note, tags, opened, report=editor.post_message)

        def closed(kept_other: bool | None) -> None:
            if kept_other is None:
                return  # cancelled
            self._refresh_user(paper.id)
            if self.library.is_bookmarked(paper.id):  # only a bookmark's note travels
                self.sync_soon()
            words, severity, timeout = note_saved_notice(kept_other)
            self.notify(words, severity=severity, timeout=timeout, markup=False)

        self.app.push_screen(NoteScreen(paper.title, user.note, user.tags, save), closed)

    def action_tags(self) -> None:
        """Pick one of your tags and show its papers."""
        from .menu import MenuScreen
        from .tag_menu import tag_choices

        self.services.writer.flush()
        tags = self.library.all_tags()
        if not tags:
            self.notify("No tags yet: press n on a paper to tag it.", markup=False)
            return

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.open_tag(choice.value)

        self.app.push_screen(MenuScreen("Your tags", tag_choices(tags)), picked)
