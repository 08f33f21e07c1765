"""What is said once a bookmark or read mark is written, or failed to be."""

from __future__ import annotations

from tui.app.library_written import LibraryWritten
from tui.app.written_words import written_notice


def written(what: str, error: str | None = None, told: bool = True) -> LibraryWritten:
    return LibraryWritten("2607.26637", what, "Memory", error=error, told=told)


def test_bookmarks_are_said_once_written_and_failures_as_errors() -> None:
    assert written_notice(written("bookmark"), read_failure_told=False) == (
        "Bookmarked: Memory",
        "information",
        2,
    )
    assert written_notice(written("unbookmark", "disk full"), read_failure_told=True) == (
        "Could not remove the bookmark of Memory: disk full",
        "error",
        None,
    )


def test_the_read_timers_marks_are_quiet_and_their_failure_said_once() -> None:
    assert written_notice(written("read", told=False), read_failure_told=False) is None
    failed = written("read", "disk full", told=False)
    assert written_notice(failed, read_failure_told=False) == (
        "Could not mark Memory read: disk full",
        "error",
        None,
    )
    assert written_notice(failed, read_failure_told=True) is None
    assert written_notice(written("unread"), read_failure_told=True) == (
        "Marked unread.",
        "information",
        2,
    )
    assert written_notice(written("note"), read_failure_told=False) is None
