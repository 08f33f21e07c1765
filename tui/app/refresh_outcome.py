"""What the screen does once a refresh of the view on screen has ended: move to a newer day,
point at it, and what a refresh asked for with ``r`` says. No Textual: the screen hands in
what it shows and does what these decide."""

from __future__ import annotations

from typing import Literal

from ..core.dates import Period
from .written_words import Severity

Notice = tuple[str, Severity, float | None]  # (words, severity, seconds shown or the default)


def newer_day_move(
    fetched_latest: bool,
    follow_latest: bool,
    new_day: str | None,
    shown: Period | None,
    *,
    stayed: bool,
) -> Literal["open", "tell"] | None:
    """After the latest feed was fetched (``fetched_latest``) for a view following it: a newer
    day than ``shown`` is opened, unless the user has moved in the list (``stayed`` false),
    where it is pointed at instead."""
    if not (fetched_latest and follow_latest and new_day and shown is not None):
        return None
    if new_day == shown.key:
        return None
    return "open" if stayed else "tell"


def newer_day_words(new_day: str) -> str:
    return f"Newer papers: {Period('day', new_day).label()} — press t."


def manual_refresh_notice(incomplete: str | None, count: int) -> Notice:
    """What ``r`` says once its refresh has come: how many papers, or what is missing."""
    if incomplete:
        words = f"Refresh incomplete: {incomplete}; showing the {count} papers that came."
        return words, "warning", None
    return f"Up to date: {count} papers.", "information", 2
