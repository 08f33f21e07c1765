"""The marks the user puts on papers from the screen: read, bookmarked, a note and tags.

Each write is queued on the app's single writer thread, in order, and its outcome comes back
as a :class:`LibraryWritten` (with the value or the error filled in) through ``report``: the
screen says a change is saved only then. No Textual here: the screen hands in how to queue
a write and where an outcome goes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..core.library import Library, parse_tags
from ..core.models import Paper
from .library_written import LibraryWritten
from .written_words import Severity, written_notice

Write = Callable[[], object]
Outcome = Callable[[object, str | None], None]  # (what the write returned, why it failed)
Report = Callable[[LibraryWritten], object]  # e.g. a screen's post_message


class PaperMarks:
    def __init__(self, library: Library, submit: Callable[[Write, Outcome], None]) -> None:
        self.library = library
        self.submit = submit  # the writer's queue
        self.kept_unread: set[str] = set()  # marked unread with u: not marked read by the timer
        self.read_failure_told = False  # the read timer's failed writes: said once

    def write(self, message: LibraryWritten, write: Write, report: Report) -> None:
        """Queue ``write``; ``message``, its outcome filled in, goes to ``report`` once it is
        written or failed."""

        def outcome(value: object, error: str | None) -> None:
            report(replace(message, value=value, error=error))

        self.submit(write, outcome)

    def set_read(
        self, paper_id: str, title: str, read: bool, *, told: bool, report: Report
    ) -> None:
        """``told``: the user asked (u) and hears of it; the read timer's marks are quiet."""
        message = LibraryWritten(paper_id, "read" if read else "unread", title, told=told)
        self.write(message, lambda: self.library.set_read(paper_id, read), report)

    def chose_read(self, paper_id: str, read: bool) -> None:
        """The user marked a paper (u): marked unread, the timer leaves it alone from now on
        (a refresh or H re-highlights it, which would undo the u)."""
        if read:
            self.kept_unread.discard(paper_id)
        else:
            self.kept_unread.add(paper_id)

    def may_mark_read(self, paper_id: str) -> bool:
        """Whether the read timer may mark this paper read."""
        return paper_id not in self.kept_unread

    def set_bookmark(self, paper_id: str, title: str, paper: Paper | None, keep: bool,
                     report: Report) -> None:  # fmt: skip
        message = LibraryWritten(paper_id, "bookmark" if keep else "unbookmark", title)
        if keep:
            self.write(message, lambda: self.library.add_bookmark(paper_id, paper), report)
        else:
            self.write(message, lambda: self.library.remove_bookmark(paper_id), report)

    def set_note(self, paper: Paper, note: str, tags: str, opened: tuple[str | None, list[str]],
                 report: Report) -> None:  # fmt: skip
        """Save a note and tags as typed; ``opened`` is what the editor showed, so a note saved
        meanwhile in another window is kept rather than overwritten."""
        self.write(
            LibraryWritten(paper.id, "note", paper.title),
            lambda: self.library.set_note(paper.id, note, parse_tags(tags), paper, opened=opened),
            report,
        )

    def notice(self, message: LibraryWritten) -> tuple[str, Severity, float | None] | None:
        """What to say of a written (or failed) bookmark or read mark, if anything."""
        notice = written_notice(message, read_failure_told=self.read_failure_told)
        if notice is not None and message.what in ("read", "unread") and notice[1] == "error":
            self.read_failure_told = True
        return notice
