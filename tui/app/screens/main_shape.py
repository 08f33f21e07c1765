"""What the main screen's parts (the mixins MainScreen inherits, main_*.py) use of the screen.

For mypy only: each part subclasses this shape under TYPE_CHECKING and ``object`` at run time, so
a part reads as a piece of the screen (self.notify, self.store, self.reload_view()) and mypy
checks every use against what MainScreen really has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from textual.timer import Timer
    from textual.worker import Worker

    from ...core.dates import Period
    from ...core.for_you import ForYou
    from ...core.library import Library
    from ...core.models import Paper
    from ...core.store import Store
    from ...core.views import ViewSpec
    from ..background_sync import BackgroundSync
    from ..cache_state import CacheState
    from ..linked_watch import LinkedReposWatch
    from ..live_search import LiveSearch
    from ..options import AppOptions
    from ..refresh_tracker import RefreshTracker
    from ..services import AppServices
    from ..source import RowSource
    from ..trending_refresh import TrendingRefresh
    from ..widgets.abstract import AbstractPane
    from ..widgets.header import HeaderLine
    from ..widgets.paper_list import PaperList
    from ..widgets.search_box import SearchBox


class MainScreenShape(Screen[None]):
    options: AppOptions
    store: Store
    library: Library
    offline: bool
    demo: bool
    today: Callable[[], date]  # the Daily Papers day now; tests fix it
    spec: ViewSpec
    follow_latest: bool
    moved_since_open: bool
    _settle_timer: Timer | None  # the refresh of a view just opened, waiting
    state: CacheState
    refresh_tracker: RefreshTracker
    trending: TrendingRefresh
    new_since_visit: int
    search_state: LiveSearch | None  # the search being typed, if any
    highlight_terms: tuple[str, ...]
    for_you: ForYou | None  # the watches, matched (after the first sync)
    for_you_new: int
    source: RowSource | None  # the rows on screen
    linked: LinkedReposWatch
    hub_sync: BackgroundSync

    if TYPE_CHECKING:  # declared here, defined by MainScreen or one of its parts

        @property
        def services(self) -> AppServices: ...

        @property
        def period(self) -> Period | None: ...

        @property
        def papers(self) -> PaperList: ...

        @property
        def abstract(self) -> AbstractPane: ...

        @property
        def search_input(self) -> SearchBox: ...

        @property
        def header(self) -> HeaderLine: ...

        def open_view(
            self,
            spec: ViewSpec,
            *,
            keep_paper: str | None = None,
            follow_latest: bool = False,
            refresh: bool = True,
            settle: float | None = None,
        ) -> None: ...

        def _show(
            self, source: RowSource, *, keep_paper: str | None = None, keep_place: bool = False
        ) -> None: ...

        def _update_empty(self, count: int) -> None: ...

        def _toggle_special(self, spec: ViewSpec) -> None: ...

        def _back_to_feed(self) -> None: ...

        def update_state(self) -> None: ...

        def refresh_header(self) -> None: ...

        def reload_view(self) -> None: ...

        def check_library_changes(self) -> None: ...

        def fill_in_kept(self) -> Worker[None]: ...

        def current_paper(self) -> Paper | None: ...

        def show_paper(self, paper_id: str, *, listed_day: str | None = None) -> None: ...

        def _refresh_user(self, paper_id: str) -> None: ...

        def action_search(self) -> None: ...

        def copy_text(self, what: str, text: str) -> None: ...

        def open_url(self, url: str) -> Worker[None]: ...

        def go_to_paper(self, paper_id: str | None) -> None: ...

        def write_seen(self) -> None: ...

        def sync_watches(
            self, *, announce: bool = False, open_view: bool = False
        ) -> Worker[None]: ...

        def count_new(self) -> Worker[None]: ...
