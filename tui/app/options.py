"""What the app is started with: the config, the command line's flags and the last session's
view, gathered once into one frozen object that goes from the launch to the screen.

A new setting is one field here and one line in :func:`app_options`, not an argument threaded
through the app and the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..config import Settings
from ..core.dates import daily_today
from ..core.freshness import DEFAULT_FRESHNESS, Freshness
from ..core.views import ViewSpec
from ..session import Session

READ_AFTER = 1.5  # seconds a paper stays highlighted before it counts as read
REMOTE_PAUSE = 0.4  # seconds of no typing before the web is asked
LINKS_REST = 0.5  # seconds the cursor rests on a paper before its linked repos are fetched
SYNC_AFTER_START = 2.0  # seconds after the first frame before the background sync (auto)
SYNC_DEBOUNCE = 5.0  # seconds after the last bookmark or note change before it is synced
SYNC_RETRY_DELAYS = (60.0, 120.0, 300.0, 600.0)  # waits after failures in a row (offline, 5xx)


@dataclass(frozen=True, slots=True)
class AppOptions:
    offline: bool = False  # --offline (and the demo): the cache only, no network
    demo: bool = False  # --demo: a bundled sample in a throw-away folder
    endpoint: str | None = None  # the Hugging Face site, None: the default (or HF_ENDPOINT)
    client_options: Mapping[str, Any] = field(default_factory=dict)  # HFClient's keywords
    freshness: Freshness = DEFAULT_FRESHNESS  # when a view is refreshed on opening
    periodic: float = 15 * 60.0  # seconds between looks at an open view of today
    trending_max_age: timedelta = timedelta(hours=1)  # the config's trending_minutes
    keymap: Mapping[str, str] = field(default_factory=dict)  # the config's [keys]: id → keys
    theme: str | None = None  # --theme
    config_theme: str | None = None  # the config's theme
    default_sort: str = "upvotes"
    hide_read: bool = False  # for the latest day at start, as the last session left it
    initial: ViewSpec | None = None  # the view to open; None: the latest day
    initial_paper: str | None = None  # the paper to highlight in it
    follow_latest: bool | None = None  # None: follow when no view was asked for
    read_after: float = READ_AFTER
    remote_pause: float = REMOTE_PAUSE
    links_rest: float = LINKS_REST
    today: Callable[[], date] = daily_today  # the Daily Papers day now; tests fix it
    problems: tuple[str, ...] = ()  # config trouble, one plain sentence each
    watches: Mapping[str, str] = field(default_factory=dict)  # the config's [watch]: name → query
    sync_collection: str | None = None  # the config's [sync] collection; None: your own
    sync_auto: bool = False  # the config's [sync] auto: sync in the background
    sync_after_start: float = SYNC_AFTER_START
    sync_debounce: float = SYNC_DEBOUNCE
    sync_retry_delays: tuple[float, ...] = SYNC_RETRY_DELAYS
    sync_every: float = 15 * 60.0  # seconds between background syncs (auto), changes or not


def app_options(
    settings: Settings | None = None,
    session: Session | None = None,
    **overrides: Any,
) -> AppOptions:
    """The options of a run from the config's ``settings`` and the last ``session`` (the
    sort and hide-read of the latest day, the paper to highlight); ``overrides`` are the
    command line's flags and the view chosen at launch (tests set any field this way)."""
    settings = settings or Settings()
    session = session or Session()
    sort, hide_read = session.latest_options(settings.sort)
    options = AppOptions(
        freshness=settings.freshness,
        periodic=settings.every_minutes * 60,
        trending_max_age=settings.trending_max_age,
        keymap=dict(settings.keys),
        config_theme=settings.theme,
        default_sort=sort,
        hide_read=hide_read,
        initial_paper=session.paper,
        problems=tuple(settings.problems),
        watches=dict(settings.watches),
        sync_collection=settings.sync_collection,
        sync_auto=settings.sync_auto,
        sync_every=settings.every_minutes * 60,
    )
    if "problems" in overrides:
        overrides["problems"] = tuple(overrides["problems"])
    return replace(options, **overrides)
