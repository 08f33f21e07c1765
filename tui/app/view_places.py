"""Where a view opens and what its header says, as functions of what the screen knows: the
latest day, the day a switch of period is centred on, the view a period key starts from.
No Textual: the screen reads the store and hands in the values (or a reader for them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..core.dates import Period
from ..core.views import ViewSpec

LatestDay = Callable[[str], str | None]  # the newest day with papers, on or before a day


def latest_spec(latest: str | None, today: date, sort: str) -> ViewSpec:
    """The day view of the newest batch (today's day when nothing is cached)."""
    return ViewSpec(period=Period("day", latest or today.isoformat()), sort=sort)


def anchor_day(
    period: Period | None, current_day: str | None, today: date, latest_day: LatestDay
) -> date:
    """The day a switch of period is centred on: the day being looked at (``current_day``:
    the listing day of the paper under the cursor)."""
    if period is None:
        if current_day:
            return date.fromisoformat(current_day)
        return date.fromisoformat(latest_day(today.isoformat()) or today.isoformat())
    if period.kind == "day":
        return period.first
    if current_day and period.contains(date.fromisoformat(current_day)):
        return date.fromisoformat(current_day)
    latest = latest_day(min(period.last, today).isoformat())
    if latest and period.contains(date.fromisoformat(latest)):
        return date.fromisoformat(latest)
    return min(period.last, today)


def is_latest(day: date, latest: str | None) -> bool:
    """Is ``day`` the newest day with papers, or past it (nothing cached: yes)?"""
    return latest is None or day.isoformat() >= latest


def feed_base(spec: ViewSpec, feed_spec: ViewSpec | None, default_sort: str) -> ViewSpec:
    """The feed view a change of period starts from: its sort and hide-read are the user's,
    not those of the archive, bookmarks, tag or search being left (``spec``: the view, or the
    one search was opened from)."""
    if spec.kind == "period":
        return spec
    return feed_spec or ViewSpec(sort=default_sort)


def view_label(
    spec: ViewSpec, count: int, follow_latest: bool, nothing_cached: Callable[[], bool]
) -> str:
    """The header's name for the view."""
    period = spec.period if spec.kind == "period" else None
    day = period is not None and period.kind == "day"
    if count == 0 and follow_latest and day and nothing_cached():
        return "Daily · the latest papers"  # which day that is, the first fetch will tell
    return spec.label()


def view_extra(spec: ViewSpec, sort_label: str) -> str:
    """The header's words after the count: the sort, and whether read papers are hidden."""
    return sort_label + (" · read papers hidden" if spec.hide_read else "")
