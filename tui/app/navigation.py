"""Decisions about moving between views, as functions of what is known: the next sort, the
period a step lands on, the words of an empty view. No Textual, no store: the screen reads
what they need and says what they decide."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta

from ..core.dates import FIRST_DAY, Period
from ..core.views import SORTS, TRENDING_SORTS, ViewSpec

SORT_WORDS = {
    "upvotes": "by upvotes",
    "newest": "newest first",
    "rising": "rising: upvotes in 24 h",
    "trending": "by trending rank",
}
NO_RISING_HISTORY = "rising: no history yet"


def next_sort(cycle: list[str], sort: str) -> str:
    """The sort after ``sort`` in ``cycle`` (the first one when ``sort`` is not in it)."""
    return cycle[(cycle.index(sort) + 1) % len(cycle)] if sort in cycle else cycle[0]


def sort_after(spec: ViewSpec, today: date) -> tuple[str, str]:
    """(the sort ``s`` moves ``spec`` to, why rising was skipped, or "")."""
    if spec.kind == "trending":  # Hugging Face's order, then upvotes, then newest
        return next_sort(list(TRENDING_SORTS), spec.sort), ""
    cycle = list(SORTS)
    period = spec.period if spec.kind == "period" else None
    # Rising is upvotes gained in the last day: for the archive, or a period over for more
    # than a week (papers gather upvotes for a few days after their listing), it would be a
    # column of zeros.
    long_past = period is not None and period.last < today - timedelta(days=7)
    skipped = ""
    # Bookmarks and tags gather papers of any age, kept for good: what they gained today
    # says nothing about them, so there s is upvotes / newest only.
    if spec.kind != "period" or long_past:
        if next_sort(cycle, spec.sort) == "rising":
            if long_past:
                skipped = " (rising is for recent papers: these ended more than a week ago)"
            elif spec.kind == "archive":
                skipped = " (rising is for recent papers, not the whole archive)"
            else:
                skipped = " (rising is for a day, week or month of recent papers)"
        cycle.remove("rising")
    return next_sort(cycle, spec.sort), skipped


def sort_label(spec: ViewSpec, has_rising_history: Callable[[], bool]) -> str:
    """The header's words for the sort of ``spec``."""
    if spec.kind == "archive" and spec.sort == "newest":
        return "newest listing day first"
    if spec.sort == "rising" and spec.kind == "period" and not has_rising_history():
        return NO_RISING_HISTORY
    return SORT_WORDS.get(spec.sort, "")


def step_period(
    period: Period,
    delta: int,
    *,
    today: date,
    latest: str | None,
    day_counts: Callable[[str, str], Mapping[str, int]],
) -> Period | str:
    """The period ``delta`` steps from ``period`` (``[`` and ``]``), or a sentence saying why
    there is none. ``latest`` is the newest day with papers; ``day_counts(first, last)`` the
    cached papers per day around the target."""
    target = period.step(delta)
    if period.kind == "day":
        cached = day_counts(
            (target.first - timedelta(days=3)).isoformat(),
            (target.last + timedelta(days=3)).isoformat(),
        )
        # Weekends rarely have a batch: skip them unless the cache knows of papers there.
        while target.first.weekday() >= 5 and not cached.get(target.key):
            target = target.step(delta)
    past_latest = bool(delta > 0 and latest and target.first.isoformat() > latest)
    # The week or month of today can always be opened (its refresh fetches what it has);
    # a day past the newest batch would only be empty (the latest feed decides which day
    # is newest, and r asks it again).
    if target.first > today or (past_latest and period.kind == "day"):
        if period.kind == "day" and delta > 0 and latest:
            newest = Period("day", latest).label().replace("Daily · ", "")
            return f"{newest} is the latest day with papers. r looks for newer ones."
        return f"This is the latest {period.kind}."
    if target.last < FIRST_DAY:
        return "Daily Papers began on 4 May 2023."
    return target


def follows_latest(period: Period, latest: str | None) -> bool:
    """Whether a view of ``period`` follows the latest papers (it holds the newest day)."""
    return latest is None or period.contains(date.fromisoformat(latest))


def empty_view_text(
    spec: ViewSpec,
    *,
    offline: bool,
    follow_latest: bool,
    refreshing: bool,
    failure: str,
    count_with_read: Callable[[], int],
    anything_cached: Callable[[], bool],
    bookmark_count: Callable[[], int],
) -> str:
    """What an empty list says for ``spec`` (not a search: see live_search). The callables
    read the store or the library, only when the words depend on them."""
    if spec.hide_read and count_with_read():
        return "Every paper here is read, and read papers are hidden.\n\nPress H to show them."
    if spec.kind == "bookmarks":
        return "No bookmarks yet.\n\nPress b on a paper to bookmark it."
    if spec.kind == "tag":
        return "No papers have this tag any more.\n\nPress Esc to go back."
    if spec.kind == "archive":
        return "The cache is empty." + ("" if offline else "\n\nPress t, then r.")
    if spec.kind == "trending":
        return trending_empty_text(offline=offline, refreshing=refreshing, failure=failure)
    anything = anything_cached()
    if offline:
        if not anything:
            kept = bookmark_count()
            return (
                "Offline, and nothing is cached yet.\n\nRun dailypapers without --offline "
                "(or `dailypapers refresh`) once while online; after that the app works "
                "offline from its cache."
                + (f"\n\nYour {kept} bookmarks are here: press B." if kept else "")
            )
        return "No papers cached for this period.\n\nPress t for the latest cached day."
    if refreshing or (not anything and not failure):
        return "Fetching the latest papers…" if follow_latest else "Fetching…"
    if failure:
        return f"Could not fetch: {failure}\n\nPress r to try again."
    period = spec.period if spec.kind == "period" else None
    if period and period.kind == "day" and period.first.weekday() >= 5:
        return "No papers on this day (weekends usually have no batch).\n\nPress [ or ]."
    return "No papers listed for this period.\n\nPress [ or ] to move, t for the latest."


def trending_empty_text(*, offline: bool, refreshing: bool, failure: str) -> str:
    """What the trending view says with no snapshot to show."""
    if offline:
        return (
            "Offline, and the trending list was never fetched.\n\nOpen it once while online "
            "(or run `dailypapers trending`); after that it shows offline from the cache."
        )
    if failure and not refreshing:
        return f"Could not fetch the trending list: {failure}\n\nPress r to try again."
    return "Fetching Hugging Face's trending papers…"


def same_place(shown: ViewSpec, now: ViewSpec) -> bool:
    """Whether ``now`` lists the same papers as ``shown``, whatever their order or hiding: a
    refresh that ends after ``s`` (or ``H``) still updates the view (after ``s`` during the
    first fetch, the view stayed empty)."""
    return replace(shown, sort=now.sort, hide_read=now.hide_read) == now
