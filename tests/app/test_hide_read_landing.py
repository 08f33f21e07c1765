"""Where H leaves the cursor, and H again brings it back, without an app."""

from __future__ import annotations

from tui.app.hide_read_landing import HideReadLanding, nearest_unread
from tui.core.models import PaperRow


def row(index: int, read: bool) -> PaperRow:
    return PaperRow(index, f"p{index}", "t", 0, 0, None, None, bookmarked=False, read=read)


READ = {0, 1, 2, 4}
ROWS = [row(i, i in READ) for i in range(6)]  # unread: p3, p5


def row_at(index: int) -> PaperRow | None:
    return ROWS[index] if 0 <= index < len(ROWS) else None


def test_the_nearest_unread_paper_is_after_the_cursor_else_before_it() -> None:
    assert nearest_unread(row_at, 1, len(ROWS)) == "p3"
    assert nearest_unread(row_at, 4, len(ROWS)) == "p5"
    assert nearest_unread(row_at, 5, len(ROWS)) == "p3"
    assert nearest_unread(row_at, 0, len(ROWS), reach=2) is None  # out of reach


def test_hiding_a_read_paper_lands_on_an_unread_one_and_showing_again_returns() -> None:
    landing = HideReadLanding()
    assert landing.keep(True, ROWS[2], lambda: "p3") == "p3"
    assert landing.keep(False, ROWS[3], lambda: None) == "p2"  # not moved: back to it
    assert landing.unhide_to is None
    landing.keep(True, ROWS[2], lambda: "p3")
    assert landing.keep(False, ROWS[5], lambda: None) == "p5"  # moved on: stays there
    assert landing.keep(True, ROWS[3], lambda: "never") == "p3"  # an unread paper stays
