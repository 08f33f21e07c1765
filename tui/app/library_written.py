"""The message a library write sends back to the screen that asked for it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class LibraryWritten(Message, bubble=False):
    """Posted by the writer thread once a paper's bookmark, read mark or note is on disk, or
    has failed to get there (``error``, one sentence). The screen shows a change as saved only
    on this message, and takes it back when the write failed.

    A message, not ``call_from_thread``: that waits for the UI thread, and the UI thread may
    itself be waiting for the writer (``flush`` before n, B or H) — a deadlock, seen as an app
    that froze after b then n."""

    paper_id: str
    what: str  # "bookmark", "unbookmark", "read", "unread" or "note"
    title: str
    error: str | None = None
    value: object = None  # what the write returned (for a note: whether it kept another's text)
    told: bool = True  # whether the user asked for it (u) or the app did (the read timer)
