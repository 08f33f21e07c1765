"""The words said after a sort or a saved note, without an app."""

from __future__ import annotations

from tui.app.navigation import NO_RISING_HISTORY
from tui.app.notice_words import note_saved_notice, sorted_notice


def test_a_sort_says_its_order_and_why_rising_was_skipped_for_longer() -> None:
    assert sorted_notice("by upvotes", "") == ("Sorted by upvotes.", 3)
    assert sorted_notice("newest first", " (rising is for recent papers)") == (
        "Sorted newest first (rising is for recent papers).",
        6,
    )
    words, timeout = sorted_notice(NO_RISING_HISTORY, "")
    assert (
        words.startswith(f"Sorted {NO_RISING_HISTORY}: the cache has not watched") and timeout == 6
    )


def test_a_saved_note_says_when_another_windows_text_was_kept() -> None:
    assert note_saved_notice(False) == ("Note saved.", "information", 2)
    words, severity, timeout = note_saved_notice(True)
    assert words.startswith("Note saved. It had been changed in another window")
    assert (severity, timeout) == ("warning", 10)
