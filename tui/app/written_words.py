"""What the screen says once a bookmark or read mark is written, or has failed to be."""

from __future__ import annotations

from typing import Literal

from .library_written import LibraryWritten

Severity = Literal["information", "warning", "error"]


def written_notice(
    message: LibraryWritten, *, read_failure_told: bool
) -> tuple[str, Severity, float | None] | None:
    """(words, severity, timeout) for the outcome of a bookmark or read-mark write, or None
    when nothing is said: a read mark the timer made (its failures are said once, when
    ``read_failure_told`` is still False) or a note (its editor speaks)."""
    what, error = message.what, message.error
    if what in ("bookmark", "unbookmark"):
        if error:
            doing = "bookmark" if what == "bookmark" else "remove the bookmark of"
            return f"Could not {doing} {message.title}: {error}", "error", None
        word = "Bookmarked" if what == "bookmark" else "Removed bookmark"
        return f"{word}: {message.title}", "information", 2
    if what in ("read", "unread"):
        if error and (message.told or not read_failure_told):
            return f"Could not mark {message.title} {what}: {error}", "error", None
        if not error and message.told:
            return f"Marked {what}.", "information", 2
    return None
