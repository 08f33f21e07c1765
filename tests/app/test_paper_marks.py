"""The user's marks, written through a queue and reported back, without an app."""

from __future__ import annotations

from pathlib import Path

from tui.app.library_written import LibraryWritten
from tui.app.paper_marks import PaperMarks
from tui.core.library import Library
from tui.core.models import Paper


def test_marks_are_written_and_their_outcome_reported(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.db")
    queued = []
    marks = PaperMarks(library, lambda write, outcome: queued.append((write, outcome)))
    reports: list[LibraryWritten] = []
    paper = Paper(id="2607.26637", title="Memory")
    marks.set_bookmark(paper.id, paper.title, paper, True, reports.append)
    marks.set_read(paper.id, paper.title, True, told=False, report=reports.append)
    marks.set_note(paper, "a note", "llm, to read", (None, []), reports.append)
    assert reports == [] and not library.is_bookmarked(paper.id)  # queued, not yet written
    for write, outcome in queued:
        outcome(write(), None)
    assert [(r.what, r.error) for r in reports] == [
        ("bookmark", None),
        ("read", None),
        ("note", None),
    ]
    assert library.is_bookmarked(paper.id)
    user = library.user_data(paper.id)
    assert (user.note, sorted(user.tags)) == ("a note", ["llm", "to read"])
    library.close()


def test_a_failed_timer_read_mark_is_said_once_and_u_keeps_a_paper_unread(tmp_path: Path) -> None:
    marks = PaperMarks(Library(tmp_path / "library.db"), lambda write, outcome: None)
    failed = LibraryWritten("2607.26637", "read", "Memory", error="disk full", told=False)
    assert marks.notice(failed) == ("Could not mark Memory read: disk full", "error", None)
    assert marks.notice(failed) is None
    assert marks.may_mark_read("2607.26637")
    marks.chose_read("2607.26637", read=False)
    assert not marks.may_mark_read("2607.26637")
    marks.chose_read("2607.26637", read=True)
    assert marks.may_mark_read("2607.26637")
    marks.library.close()
