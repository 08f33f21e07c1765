"""The network part of refreshing the view on screen: fetch a period (or today's / the latest
batch), or find that a followed week or month has moved on. No Textual: the screen's worker
runs it and applies the :class:`ViewRefresh` it returns.

``tui.core.sync`` (and with it httpx) is imported on the first refresh, not at start-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..core.dates import Period
from ..core.errors import ApiError, DailyPapersError
from .refresh_tracker import followed_view_moves_to

if TYPE_CHECKING:
    from ..core.api import HFClient
    from ..core.store import Store
    from ..core.sync import RefreshResult


@dataclass(frozen=True)
class ViewRefresh:
    """What one refresh came to: what was fetched, why it failed, or where a followed view
    moves to (then nothing else was fetched: that view's own refresh fetches it)."""

    result: RefreshResult | None = None
    failure: Exception | None = None
    moved_to: Period | None = None

    @property
    def unexpected(self) -> bool:
        """A failure that is a bug rather than the network's or the cache's trouble."""
        return self.failure is not None and not isinstance(self.failure, DailyPapersError)


async def refresh_view(
    store: Store,
    get_client: Callable[[], Awaitable[HFClient]],
    period: Period | None,
    *,
    follow_latest: bool,
    today: date,
    is_empty: Callable[[], bool],
    still_shown: Callable[[], bool],
    on_retry: Callable[[int, int, ApiError], None],
    on_page: Callable[[int, int], None],
) -> ViewRefresh:
    """Fetch ``period`` (None: the latest) for the view on screen. ``on_retry(attempt,
    max_tries, error)`` and ``on_page(pages, count)`` report progress; a followed week or month
    whose newest day is elsewhere moves there while ``still_shown()`` (the user has not moved
    on) and ``is_empty()`` says whether it shows nothing. Never raises: a failure is returned."""
    from ..core.sync import refresh_latest, refresh_period

    try:
        client = await get_client()
        client.on_retry = lambda attempt, delay, error: on_retry(attempt, client.max_tries, error)
        if period is not None and follow_latest and period.kind != "day":
            # Which day is newest, first: when it is past this week or month, move there
            # (that view's own refresh then fetches the whole of it).
            latest = await refresh_latest(store, client, today=today)
            moved = followed_view_moves_to(period, latest.latest_day, is_empty=is_empty)
            if moved is not None and still_shown():
                return ViewRefresh(moved_to=moved)
        if period is None:
            result = await refresh_latest(store, client, today=today, on_page=on_page)
        else:
            result = await refresh_period(store, client, period, on_page=on_page)
    except Exception as error:  # never let a refresh take the app down
        return ViewRefresh(failure=error)
    return ViewRefresh(result=result)
