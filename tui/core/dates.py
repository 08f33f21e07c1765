"""Daily Papers days, ISO weeks and months: what "today" is, and how periods step.

"Today" follows the website (API.md §1.4): the Daily Papers day is the day in New York, and it
advances at 21:30 New York time, when the next batch goes up. It is never later than today in UTC,
because the API refuses a ``date`` in the future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIRST_DAY = date(2023, 5, 4)  # the first Daily Papers day
_NEW_YORK = ZoneInfo("America/New_York")
_FLIP = time(21, 30)

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE | re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)


def now_utc() -> datetime:
    return datetime.now(UTC)


def daily_today(now: datetime | None = None) -> date:
    """The current Daily Papers day (New York, flipping at 21:30 ET, clamped to the UTC date)."""
    now = now or now_utc()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    in_new_york = now.astimezone(_NEW_YORK)
    day = in_new_york.date()
    if in_new_york.time() >= _FLIP:
        day += timedelta(days=1)
    return min(day, now.astimezone(UTC).date())


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` (or ``today`` / ``yesterday``) to a date; ValueError in plain words."""
    value = text.strip().lower()
    if value == "today":
        return daily_today()
    if value == "yesterday":
        return daily_today() - timedelta(days=1)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-07-31") from None


def parse_week(text: str) -> tuple[int, int]:
    """``YYYY-Www`` to (ISO year, week); ValueError in plain words."""
    match = _WEEK.fullmatch(text.strip())
    if match:
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
            return year, week
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not an ISO week; use YYYY-Www, e.g. 2026-W31")


def parse_month(text: str) -> tuple[int, int]:
    """``YYYY-MM`` to (year, month); ValueError in plain words."""
    match = _MONTH.fullmatch(text.strip())
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    raise ValueError(f"{text!r} is not a month; use YYYY-MM, e.g. 2026-07")


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True, slots=True)
class Period:
    """A day, an ISO week or a month of Daily Papers. ``key`` is what the API's parameter takes."""

    kind: str  # "day" | "week" | "month"
    key: str  # "2026-07-31" | "2026-W31" | "2026-07"

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        if kind == "week":
            return cls("week", week_key(day))
        if kind == "month":
            return cls("month", month_key(day))
        return cls("day", day.isoformat())

    @property
    def first(self) -> date:
        if self.kind == "week":
            year, week = parse_week(self.key)
            return date.fromisocalendar(year, week, 1)
        if self.kind == "month":
            year, month = parse_month(self.key)
            return date(year, month, 1)
        return date.fromisoformat(self.key)

    @property
    def last(self) -> date:
        if self.kind == "week":
            return self.first + timedelta(days=6)
        if self.kind == "month":
            first = self.first
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return following - timedelta(days=1)
        return self.first

    def days(self) -> list[str]:
        first, last = self.first, self.last
        return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]

    def step(self, delta: int) -> Period:
        """The period ``delta`` steps away (-1 previous, +1 next)."""
        if self.kind == "month":
            index = self.first.year * 12 + self.first.month - 1 + delta
            return Period("month", f"{index // 12}-{index % 12 + 1:02d}")
        span = 7 if self.kind == "week" else 1
        return Period.of(self.kind, self.first + timedelta(days=span * delta))

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def api_params(self) -> dict[str, str]:
        return {{"day": "date"}.get(self.kind, self.kind): self.key}

    @property
    def view_key(self) -> str:
        return f"{self.kind}:{self.key}"

    def label(self) -> str:
        """What the header shows: "Daily · Tue 24 Nov 2026", "Week 2026-W48", "Nov 2026"."""
        if self.kind == "week":
            first, last = self.first, self.last
            start = (
                f"{first.day} {first.strftime('%b')}" if first.month != last.month else first.day
            )
            return f"Week {self.key} ({start}–{last.day} {last.strftime('%b')})"
        if self.kind == "month":
            return self.first.strftime("%b %Y")
        day = self.first
        return f"Daily · {day.strftime('%a')} {day.day} {day.strftime('%b %Y')}"


def check_fetchable(period: Period, now: datetime | None = None) -> None:
    """ValueError, in plain words, for a period the API has nothing for: wholly in the future
    (it refuses dates past today in UTC) or wholly before the first Daily Papers day."""
    today = (now or now_utc()).astimezone(UTC).date()
    if period.first > today:
        raise ValueError(
            f"{period.key} is in the future (today is {today.isoformat()}); "
            "there are no papers for it yet"
        )
    if period.last < FIRST_DAY:
        raise ValueError(
            f"{period.key} is before the first Daily Papers day ({FIRST_DAY.isoformat()})"
        )


def parse_period(text: str) -> Period:
    """A view key as stored (``day:2026-07-31``) or a bare day, week or month."""
    kind, _, key = text.partition(":")
    if not key:
        key, kind = kind, ""
    if kind == "week" or (not kind and "W" in key.upper()):
        year, week = parse_week(key)
        return Period("week", f"{year}-W{week:02d}")
    if kind == "month" or (not kind and len(key.strip()) <= 7):
        year, month = parse_month(key)
        return Period("month", f"{year}-{month:02d}")
    return Period("day", parse_day(key).isoformat())


def elapsed_text(elapsed: timedelta) -> str:
    """ "just now", "3 min ago", "2 h ago", "3 days ago": how the app and the command line say
    how old something fetched is."""
    seconds = max(0.0, elapsed.total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"
