"""The app's few words about a sync with the Hugging Face collection: the notification after it
and the header's state of the last one. No Textual."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..core.collection_models import NOTE_LIMIT
from ..core.sync_summary import SyncSummary, header_words

# What happened to a paper (collection_sync.py's words, by how they start) → the notice's words.
KINDS = (
    ("added to the collection", "added to the collection"),
    ("bookmarked from the collection", "bookmarked from it"),
    ("removed from the collection", "removed from it"),
    ("removed here", "removed here"),
    ("note", "note carried over"),
    ("not on Hugging Face yet", "kept here only (not on Hugging Face yet)"),
    ("refused by Hugging Face", "refused by Hugging Face"),
)
# The changes made to the library here: the view and its ★ marks are read again.
CHANGED_HERE = ("bookmarked from", "removed here", "note updated", "note kept")


def sync_notice(summary: SyncSummary) -> tuple[str, bool]:
    """``Synced: 2 added to the collection, 1 bookmarked from it.``, or the sentence saying
    why it stopped; and whether it is a warning."""
    made = ""
    if summary.created:
        made = f"Made the collection {summary.collection} (private). "
    if summary.error is not None:
        kept = f" ({len(summary.changes)} changes made first are kept)" if summary.changes else ""
        return f"{made}Sync stopped: {summary.error}{kept}", True
    counts: dict[str, int] = {}
    for _, words in summary.changes:
        said = next((said for start, said in KINDS if words.startswith(start)), None)
        if said is not None:
            counts[said] = counts.get(said, 0) + 1
    if not counts:
        noun = "bookmark" if summary.papers == 1 else "bookmarks"
        return f"{made}Synced: nothing to change, {summary.papers:,} {noun} in step.", False
    parts = ", ".join(f"{count:,} {plural(said, count)}" for said, count in counts.items())
    cut = ""
    if summary.notes_cut:  # said once, as the CLI does: the Hub keeps 500 characters
        notes = "note was" if summary.notes_cut == 1 else "notes were"
        cut = f" {summary.notes_cut:,} {notes} cut to {NOTE_LIMIT} characters there (whole here)."
    return f"{made}Synced: {parts}.{cut}", False


def plural(said: str, count: int) -> str:
    """``note carried over`` → ``notes carried over`` for more than one."""
    return said.replace("note ", "notes ", 1) if count != 1 else said


def changed_here(summary: SyncSummary) -> bool:
    """Whether the sync changed bookmarks or notes here (the view shows them again)."""
    return any(words.startswith(CHANGED_HERE) for _, words in summary.changes)


def sync_state_words(
    status: dict[str, Any] | None,
    *,
    running: bool,
    compact: bool,
    now: datetime | None = None,
) -> str | None:
    """``syncing…``, ``synced 2 min ago``, ``sync: offline, will retry``; ``compact``,
    ``synced`` and ``sync: offline`` (the view's name needs the room)."""
    if running:
        return "syncing…"
    words = header_words(status, now)
    if words is None or not compact:
        return words
    if words.startswith("synced"):
        return "synced"
    return words.removesuffix(", will retry")


def with_sync_words(state: str, words: list[str | None], *, room: int) -> str:
    """The cache's state, then the first of the sync's ``words`` (the longest first) that fits
    in ``room`` cells; none when none does: the cache's state says more about the view on
    screen, and words cut with "…" would say nothing."""
    for said in words:
        if not said:
            continue
        joined = f"{state} · {said}" if state else said
        if len(joined) <= room:
            return joined
    return state
