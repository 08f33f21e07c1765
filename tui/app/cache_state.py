"""What the header says about the cache of the view on screen, in plain words (no Textual).

Built by the refresh tracker (refresh_tracker.py), written by the header (widgets/header.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..core.dates import elapsed_text


def age_text(then: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "3 min ago", "2 h ago", "3 days ago"."""
    if then is None:
        return "never"
    return elapsed_text((now or datetime.now(UTC)) - then)


def wait_text(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} s"
    if seconds <= 2 * 3600:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h" if seconds <= 24 * 3600 else "over a day"


COMPACT_ROOM = 24  # cells of a narrow state that still leave room for "12 new · "


def news_before(state: str, news: str, short_news: str, *, compact: bool) -> str:
    """``12 new since your last visit · updated just now``; narrow, the short words, and only
    while the state is short: at 80 columns a failure or a refresh in progress needs the room,
    and the news comes back once the state is short again ("updated just now")."""
    if compact and len(state) > COMPACT_ROOM:
        return state
    said = short_news if compact else news
    return f"{said} · {state}" if state else said


@dataclass(slots=True)
class CacheState:
    """What the header says about the cache of the current view."""

    fetched_at: datetime | None = None  # last successful fetch of this view
    refreshing: bool = False
    progress: str = ""  # "page 2", "retrying in 3 s: HTTP 503"
    failure: str | None = None  # the last refresh's error, in words
    failure_narrow: str | None = None  # the same on a narrow terminal ("HTTP 500")
    incomplete: bool = False  # ``failure`` says how a refresh was cut short, not that it failed
    cannot_connect: bool = False  # the failure was the network itself: "offline"
    retry_at: datetime | None = None
    offline: bool = False  # --offline
    demo: bool = False  # --demo: a bundled sample
    new: int = 0  # papers that arrived since the last visit
    fetchable: bool = True  # archive, bookmarks, search: nothing to fetch for this view
    # The view shows papers though it was never fetched whole: a week whose days were fetched
    # one by one, a day a search or a bookmark brought in.
    has_papers: bool = False

    def text(self, now: datetime | None = None, *, compact: bool = False) -> str:
        """The state in words; ``compact`` for narrow terminals."""
        state = self._state(now or datetime.now(UTC), compact)
        if self.new > 0:
            news = f"{self.new:,} new since your last visit"
            return news_before(state, news, f"{self.new:,} new", compact=compact)
        return state

    def _state(self, now: datetime, compact: bool) -> str:
        if self.demo:
            return "demo, offline" if compact else "demo — a bundled sample, offline"
        if self.fetched_at:
            age = age_text(self.fetched_at, now)
            cached = age if compact else f"showing cache from {age}"
        else:
            cached = "cached papers" if self.has_papers else "nothing cached"
            if compact:  # "offline — no cache · retry 27 s" fits beside the view at 80 columns
                cached = "cached" if self.has_papers else "no cache"
        if self.offline and not self.fetchable:
            return "offline"
        if self.offline:
            # Narrow: "offline · 2 h ago", as when the network is gone (below).
            return f"offline · {cached}" if compact and self.fetched_at else f"offline — {cached}"
        if self.refreshing:
            # Narrow: "try 2 of 3", without the reason (the view's name needs the room).
            progress = self.progress.split(":")[0] if compact else self.progress
            return f"refreshing… {progress}".rstrip()
        if self.failure:
            retry = ""
            if self.retry_at:
                wait = wait_text((self.retry_at - now).total_seconds())
                retry = f" · retry {wait}" if compact else f", retrying in {wait}"
            if self.cannot_connect:
                if compact and self.fetched_at:
                    return f"offline · {age_text(self.fetched_at, now)}{retry}"
                return f"offline — {cached}{retry}"
            if self.incomplete:  # what came is shown: "failed" would say nothing came
                return f"{self.failure}{retry}" if compact else f"refresh {self.failure}{retry}"
            if compact:  # "server error (HTTP 500)" → "HTTP 500": the view's name needs the room
                return f"failed: {self.failure_narrow or self.failure}{retry}"
            return f"refresh failed: {self.failure}{retry}"
        if not self.fetchable:
            return f"latest fetch {age_text(self.fetched_at, now)}" if self.fetched_at else ""
        if self.fetched_at is None:
            if self.has_papers:
                return "cached, not refreshed" if compact else "cached papers, not refreshed yet"
            return "not fetched yet"
        return f"updated {age_text(self.fetched_at, now)}"
