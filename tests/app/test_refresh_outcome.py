"""What follows a refresh of the view on screen, without an app."""

from __future__ import annotations

from tui.app.refresh_outcome import manual_refresh_notice, newer_day_move, newer_day_words
from tui.core.dates import Period

FRIDAY = Period("day", "2026-07-31")


def test_a_newer_day_is_opened_unless_the_user_moved_then_it_is_pointed_at() -> None:
    assert newer_day_move(True, True, "2026-08-03", FRIDAY, stayed=True) == "open"
    assert newer_day_move(True, True, "2026-08-03", FRIDAY, stayed=False) == "tell"
    assert newer_day_move(True, True, "2026-07-31", FRIDAY, stayed=True) is None  # same day
    assert newer_day_move(True, False, "2026-08-03", FRIDAY, stayed=True) is None  # not followed
    assert newer_day_move(False, True, "2026-08-03", FRIDAY, stayed=True) is None  # a period
    assert newer_day_move(True, True, None, FRIDAY, stayed=True) is None
    assert newer_day_move(True, True, "2026-08-03", None, stayed=True) is None
    assert newer_day_words("2026-08-03").startswith("Newer papers: ")
    assert newer_day_words("2026-08-03").endswith(" — press t.")


def test_r_says_how_many_papers_came_or_what_is_missing() -> None:
    assert manual_refresh_notice(None, 30) == ("Up to date: 30 papers.", "information", 2)
    assert manual_refresh_notice("cut after 10 pages", 1000) == (
        "Refresh incomplete: cut after 10 pages; showing the 1000 papers that came.",
        "warning",
        None,
    )
