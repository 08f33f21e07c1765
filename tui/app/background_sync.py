"""When the app syncs the bookmarks with the Hugging Face collection, by itself or asked (S).

No Textual: the screen runs the sync in a thread and its timers, and asks this what to do. One
sync at a time: a change made while one runs is synced by another once it ends. A sync that
could not reach the Hub (offline, 429, 5xx) is tried again after a growing delay, reset by a
success; after a success the collection is looked at again every ``every`` seconds (a bookmark
made on another machine or the website comes without a key pressed here); a refusal that only
the user can mend (no token, a refused or read-only token, a deleted collection) pauses the
background sync, said once, until a sync asked for with S succeeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.sync_summary import worth_retrying


@dataclass(slots=True)
class SyncEnd:
    """What the screen does once a sync is over."""

    next_in: float | None = None  # seconds until the next sync by itself (a retry, or a look)
    again: bool = False  # a change came while it ran: sync it (after the usual wait)
    tell: bool = False  # say the outcome in a notification


@dataclass(slots=True)
class BackgroundSync:
    auto: bool = False  # the config's [sync] auto (and not --offline or --demo)
    retry_delays: tuple[float, ...] = (60.0, 120.0, 300.0, 600.0)  # 1, 2, 5, 10 min
    every: float = 15 * 60.0  # seconds between looks at the collection (changes made elsewhere)
    running: bool = False
    changed_meanwhile: bool = False
    failures: int = 0  # syncs in a row that could not reach the Hub
    paused: str | None = None  # the kind of refusal the background sync waits on the user for
    status: dict[str, Any] | None = None  # the last sync's outcome (SyncSummary.status)
    told: set[str] = field(default_factory=set)  # refusals already said by a background sync

    def begin(self) -> bool:
        """A sync may start now; False while one runs (the change is synced after it)."""
        if self.running:
            self.changed_meanwhile = True
            return False
        self.running = True
        return True

    def wants_change_synced(self) -> bool:
        """Whether a bookmark or note change should start a background sync soon."""
        if not self.auto or self.paused is not None:
            return False
        if self.running:
            self.changed_meanwhile = True
            return False
        return True

    def ended(self, status: dict[str, Any] | None, *, manual: bool, changed: bool) -> SyncEnd:
        """The sync is over with ``status`` (None: it could not read or write the library);
        ``changed``: it changed something here (a bookmark or a note)."""
        self.running = False
        again, self.changed_meanwhile = self.changed_meanwhile, False
        if status is not None:
            self.status = status
        kind = status.get("kind") if status else None
        if status is not None and kind is None:
            self.failures = 0
            self.paused = None
            self.told.clear()
            if not self.auto:
                return SyncEnd(tell=manual or changed)
            return SyncEnd(
                next_in=None if again else self.every, again=again, tell=manual or changed
            )
        if status is None or worth_retrying(status):  # None: the library was busy
            self.failures += 1
            if not self.auto:
                return SyncEnd(tell=manual)
            delays = self.retry_delays or (60.0,)
            delay = delays[min(self.failures, len(delays)) - 1]
            # The header says it ("sync: offline, will retry"): no notification but when asked.
            return SyncEnd(next_in=delay, tell=manual)
        # Refused: waits for the user, said once.
        words = str(kind)
        first = words not in self.told
        self.told.add(words)
        if self.auto:
            self.paused = words
        return SyncEnd(tell=manual or first)

    def retry_due(self) -> bool:
        """A retry timer fired: sync unless a refusal paused it meanwhile."""
        return self.auto and self.paused is None
