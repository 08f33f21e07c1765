"""What a sync with a Hugging Face collection did, paper by paper, in words the CLI prints and
the app shows; and the few words of the app's header for the last sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .collection_models import NOTE_LIMIT
from .dates import elapsed_text, now_utc
from .db import parse_stamp
from .errors import SyncError

# The header's words for a sync that stopped, by SyncError.kind.
HEADER_WORDS = {
    "no_token": "sync: no token",
    "token_refused": "sync: token refused",
    "read_only": "sync: token is read-only",
    "other_user": "sync: not your collection",
    "collection_gone": "sync: collection not found",
    "rate_limited": "sync: rate limited, will retry",
    "server": "sync: Hub error, will retry",
    "offline": "sync: offline, will retry",
    "refused": "sync: refused",
    "mass_removal": "sync: removals to confirm",
    "stopped": "sync: stopped, will retry",
}
RETRIED_KINDS = frozenset(
    {"rate_limited", "server", "offline", "stopped"}
)  # worth trying again by itself


@dataclass(slots=True)
class SyncSummary:
    """One sync's outcome. ``changes`` are (paper id, what happened to it) in the order done;
    ``error`` is why the sync stopped early (what was done before it is kept)."""

    collection: str | None = None  # the slug
    url: str | None = None
    created: bool = False  # the collection was made by this sync
    changes: list[tuple[str, str]] = field(default_factory=list)
    notes_cut: int = 0  # notes longer than the Hub keeps, sent cut
    error: SyncError | None = None
    requests: int = 0
    dry_run: bool = False
    synced_at: str | None = None
    papers: int = 0  # bookmarks both sides have after the sync

    def add(self, paper_id: str, words: str) -> None:
        self.changes.append((paper_id, words))

    @property
    def ok(self) -> bool:
        return self.error is None

    def lines(self) -> list[str]:
        """The summary as the CLI prints it: one line per paper changed, then a last line."""
        would = "Would change" if self.dry_run else "Changed"
        lines = [f"{paper_id}  {words}" for paper_id, words in self.changes]
        if self.notes_cut:
            lines.append(
                f"{self.notes_cut} note{'s' if self.notes_cut != 1 else ''} longer than "
                f"{NOTE_LIMIT} characters {'would be' if self.dry_run else 'were'} cut with "
                "“…” on Hugging Face; they stay whole here."
            )
        where = f"the collection {self.collection}" if self.collection else "the collection"
        if self.created:
            lines.insert(0, f"{'Would create' if self.dry_run else 'Created'} {where} (private).")
        if self.error is not None:
            done = f" ({len(self.changes)} changes made first are kept)" if self.changes else ""
            lines.append(f"Sync stopped: {self.error}{done}")
        elif not self.changes:
            lines.append(
                f"Nothing to change: {_count(self.papers, 'bookmark')} in step with {where}."
            )
        else:
            lines.append(f"{would} {_count(len(self.changes), 'paper')}; in step with {where}.")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "collection": self.collection,
            "url": self.url,
            "created": self.created,
            "dry_run": self.dry_run,
            "changes": [{"id": p, "what": w} for p, w in self.changes],
            "notes_cut": self.notes_cut,
            "bookmarks_in_step": self.papers,
            "error": str(self.error) if self.error else None,
            "error_kind": self.error.kind if self.error else None,
            "requests": self.requests,
            "synced_at": self.synced_at,
        }

    def status(self) -> dict[str, Any]:
        """What the library keeps of this sync for the app's header (sync_state.py)."""
        return {
            "at": self.synced_at,
            "kind": self.error.kind if self.error else None,
            "collection": self.collection,
        }


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def header_words(status: dict[str, Any] | None, now: datetime | None = None) -> str | None:
    """The app header's words for the last sync: "synced 2 min ago", "sync: offline, will
    retry", "sync: token refused"; None before any sync."""
    if not status:
        return None
    kind = status.get("kind")
    if kind:
        return HEADER_WORDS.get(str(kind), "sync: failed")
    when = parse_stamp(status.get("at"))
    if when is None:
        return None
    return f"synced {elapsed_text((now or now_utc()) - when)}"


def worth_retrying(status: dict[str, Any] | None) -> bool:
    """Whether the app's background sync should try again by itself (offline, 429, 5xx); a
    refused token or a deleted collection waits for the user."""
    return status is not None and str(status.get("kind")) in RETRIED_KINDS
