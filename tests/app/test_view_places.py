"""Where views open, and the header's words for them, without an app."""

from __future__ import annotations

from datetime import date

from tui.app.feed_return import FeedReturn
from tui.app.view_places import (
    anchor_day,
    feed_base,
    is_latest,
    latest_spec,
    view_extra,
    view_label,
)
from tui.core.dates import Period
from tui.core.views import ViewSpec

TODAY = date(2026, 8, 2)  # a Sunday after the 31 July batch
FRIDAY = "2026-07-31"


def latest_friday(day: str) -> str | None:
    return FRIDAY if day >= FRIDAY else "2026-07-24"


def test_the_latest_spec_is_the_newest_batch_or_today() -> None:
    assert latest_spec(FRIDAY, TODAY, "upvotes") == ViewSpec(period=Period("day", FRIDAY))
    assert latest_spec(None, TODAY, "newest").period == Period("day", "2026-08-02")


def test_a_switch_of_period_centres_on_the_day_being_looked_at() -> None:
    july = Period("month", "2026-07")
    assert anchor_day(Period("day", "2026-07-15"), None, TODAY, latest_friday) == date(2026, 7, 15)
    assert anchor_day(july, "2026-07-10", TODAY, latest_friday) == date(2026, 7, 10)
    assert anchor_day(july, "2026-06-30", TODAY, latest_friday) == date(2026, 7, 31)
    assert anchor_day(None, "2025-01-02", TODAY, latest_friday) == date(2025, 1, 2)
    assert anchor_day(None, None, TODAY, lambda day: None) == TODAY
    august = Period("month", "2026-08")  # nothing cached in it yet: today
    assert anchor_day(august, None, TODAY, latest_friday) == TODAY


def test_is_latest_and_the_feed_a_period_key_starts_from() -> None:
    assert is_latest(date(2026, 7, 31), FRIDAY) and is_latest(TODAY, None)
    assert not is_latest(date(2026, 7, 30), FRIDAY)
    week = ViewSpec(period=Period("week", "2026-W31"), sort="newest", hide_read=True)
    assert feed_base(week, None, "upvotes") is week
    tag = ViewSpec(kind="tag", tag="llm", sort="newest")
    assert feed_base(tag, week, "upvotes") is week
    assert feed_base(tag, None, "upvotes") == ViewSpec(sort="upvotes")


def test_the_header_names_a_latest_day_not_yet_known() -> None:
    day = ViewSpec(period=Period("day", "2026-08-02"))
    assert view_label(day, 0, True, lambda: True) == "Daily · the latest papers"
    assert view_label(day, 0, True, lambda: False) == day.label()
    assert view_label(day, 3, True, lambda: True) == day.label()
    assert view_extra(day.with_hide_read(True), "by upvotes") == "by upvotes · read papers hidden"


def test_the_feed_to_return_to_is_a_period_and_takes_h_along() -> None:
    feed = FeedReturn()
    latest = ViewSpec(period=Period("day", FRIDAY))
    assert feed.target(latest) == (latest, None, True)  # none remembered: the latest papers
    week = ViewSpec(period=Period("week", "2026-W30"))
    feed.leaving(week, False, "2607.1")
    feed.leaving(ViewSpec(kind="bookmarks", sort="newest"), True, "2607.2")  # not a feed
    feed.hide_read(True)
    assert feed.target(latest) == (week.with_hide_read(True), "2607.1", False)
