"""When a view is stale: how long a fetched day, week or month counts as fresh (PRODUCT.md §3).

Apart from sync.py so that the app can decide whether to refresh without importing the API
client (httpx alone costs ~60 ms of start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .dates import Period, daily_today, month_key, now_utc, week_key

if TYPE_CHECKING:
    from .store import Store

# Papers listed more than this long before a fetch have settled: their counts hardly move, and a
# backfill does not fetch them again just because a day has passed.
SETTLED_AFTER = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Freshness:
    current: timedelta = timedelta(minutes=15)  # a view covering today or yesterday
    past: timedelta = timedelta(hours=24)


DEFAULT_FRESHNESS = Freshness()


def covering_views(period: Period) -> list[str]:
    """The fetch-log views whose success also covers this period."""
    if period.kind == "day":
        day = period.first
        return [period.view_key, f"week:{week_key(day)}", f"month:{month_key(day)}"]
    if period.kind == "week" and month_key(period.first) == month_key(period.last):
        return [period.view_key, f"month:{month_key(period.first)}"]
    return [period.view_key]


def is_current(period: Period, today: date | None = None) -> bool:
    today = today or daily_today()
    return period.last >= today - timedelta(days=1)


def last_fetched(store: Store, period: Period) -> datetime | None:
    return store.last_success(covering_views(period))


def is_stale(
    store: Store,
    period: Period,
    *,
    now: datetime | None = None,
    freshness: Freshness = DEFAULT_FRESHNESS,
) -> bool:
    now = now or now_utc()
    fetched = last_fetched(store, period)
    if fetched is None:
        return True
    today = daily_today(now)
    ttl = freshness.current if is_current(period, today) else freshness.past
    return now - fetched > ttl


def is_settled(store: Store, period: Period) -> bool:
    """Fetched at least SETTLED_AFTER after the period ended: a backfill can skip it."""
    fetched = last_fetched(store, period)
    if fetched is None:
        return False
    end = datetime.combine(period.last + timedelta(days=1), datetime.min.time(), fetched.tzinfo)
    return fetched - end >= SETTLED_AFTER
