"""View decisions as functions: the next sort, where [ and ] land, what an empty view says."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tui.app.navigation import (
    NO_RISING_HISTORY,
    empty_view_text,
    follows_latest,
    next_sort,
    same_place,
    sort_after,
    sort_label,
    step_period,
)
from tui.core.dates import Period
from tui.core.views import ViewSpec

TODAY = date(2026, 8, 2)  # a Sunday after the 31 July batch
FRIDAY = Period("day", "2026-07-31")


def test_next_sort_wraps_and_starts_over_when_lost() -> None:
    assert next_sort(["upvotes", "newest"], "newest") == "upvotes"
    assert next_sort(["upvotes", "newest"], "rising") == "upvotes"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (ViewSpec(period=FRIDAY, sort="newest"), ("rising", "")),
        (ViewSpec(period=Period("day", "2024-04-08"), sort="newest"),
         ("upvotes", " (rising is for recent papers: these ended more than a week ago)")),
        (ViewSpec(kind="archive", sort="newest"),
         ("upvotes", " (rising is for recent papers, not the whole archive)")),
        (ViewSpec(kind="bookmarks", sort="newest"),
         ("upvotes", " (rising is for a day, week or month of recent papers)")),
        (ViewSpec(kind="bookmarks", sort="upvotes"), ("newest", "")),
    ],
)  # fmt: skip
def test_s_skips_rising_where_it_would_be_zeros(spec: ViewSpec, expected: tuple) -> None:
    assert sort_after(spec, TODAY) == expected


def test_sort_labels() -> None:
    assert sort_label(ViewSpec(kind="archive", sort="newest"), lambda: True) == (
        "newest listing day first"
    )
    rising = ViewSpec(period=FRIDAY, sort="rising")
    assert sort_label(rising, lambda: False) == NO_RISING_HISTORY
    assert sort_label(rising, lambda: True) == "rising: upvotes in 24 h"


def no_days(first: str, last: str) -> dict[str, int]:
    return {}


def test_a_step_skips_an_empty_weekend() -> None:
    monday = Period("day", "2026-07-27")
    assert step_period(monday, -1, today=TODAY, latest="2026-07-31", day_counts=no_days) == (
        Period("day", "2026-07-24")
    )
    saturday = lambda first, last: {"2026-07-25": 3}  # noqa: E731
    # a Saturday the cache has papers for is not skipped
    assert step_period(monday, -1, today=TODAY, latest="2026-07-31", day_counts=saturday) == (
        Period("day", "2026-07-25")
    )


def test_a_step_past_the_latest_or_before_the_first_day_says_why() -> None:
    assert step_period(FRIDAY, 1, today=TODAY, latest="2026-07-31", day_counts=no_days) == (
        "Fri 31 Jul 2026 is the latest day with papers. r looks for newer ones."
    )
    month = Period("month", "2026-08")
    assert step_period(month, 1, today=TODAY, latest=None, day_counts=no_days) == (
        "This is the latest month."
    )
    first = Period("day", "2023-05-04")
    assert step_period(first, -1, today=TODAY, latest=None, day_counts=no_days) == (
        "Daily Papers began on 4 May 2023."
    )


def test_a_period_holding_the_latest_day_follows_it() -> None:
    assert follows_latest(Period("month", "2026-07"), "2026-07-31")
    assert not follows_latest(Period("month", "2026-06"), "2026-07-31")
    assert follows_latest(Period("month", "2026-06"), None)


def empty(spec: ViewSpec, **facts: object) -> str:
    known: dict = dict(
        offline=False, follow_latest=False, refreshing=False, failure="",
        count_with_read=lambda: 0, anything_cached=lambda: True, bookmark_count=lambda: 0,
    )  # fmt: skip
    known.update(facts)
    return empty_view_text(spec, **known)


def test_the_empty_view_words() -> None:
    friday = ViewSpec(period=FRIDAY)
    assert empty(friday).startswith("No papers listed")
    assert "weekends" in empty(ViewSpec(period=Period("day", "2026-08-01")))
    assert empty(friday.with_hide_read(True), count_with_read=lambda: 4).startswith(
        "Every paper here is read"
    )
    assert empty(friday, refreshing=True, follow_latest=True) == "Fetching the latest papers…"
    assert empty(friday, failure="HTTP 503").startswith("Could not fetch: HTTP 503")
    assert empty(ViewSpec(kind="archive"), offline=True) == "The cache is empty."
    offline = empty(friday, offline=True, anything_cached=lambda: False,
                    bookmark_count=lambda: 2)  # fmt: skip
    assert offline.endswith("Your 2 bookmarks are here: press B.")


def test_the_empty_view_reads_the_library_only_when_it_says_so() -> None:
    def never() -> int:
        raise AssertionError("read without need")

    empty(ViewSpec(kind="bookmarks"), count_with_read=never, bookmark_count=never)


def test_a_view_resorted_or_with_read_papers_hidden_is_the_same_place() -> None:
    day = ViewSpec(kind="period", period=Period("day", "2026-07-31"), sort="upvotes")
    assert same_place(day, day.with_sort("newest"))
    assert same_place(day, day.with_hide_read(True))
    assert not same_place(day, replace(day, period=Period("day", "2026-07-30")))
    assert not same_place(day, ViewSpec(kind="bookmarks", sort="upvotes"))
