"""What the screen says after a sort or a note is saved: the words, how they are shown and
for how long. Plain functions, so the sentences are tested without an app."""

from __future__ import annotations

from . import navigation
from .refresh_outcome import Notice


def sorted_notice(label: str, skipped: str) -> tuple[str, float]:
    """(words, seconds shown) once ``s`` sorted the view by ``label`` (``skipped``: why
    rising was passed over, or "")."""
    if label == navigation.NO_RISING_HISTORY:
        skipped = (
            ": the cache has not watched these papers for a day yet, so nothing can be "
            "compared; +N fills in as refreshes come"
        )
    return f"Sorted {label}{skipped}.", 6 if skipped else 3


def note_saved_notice(kept_other: bool) -> Notice:
    """A note written; ``kept_other``: another window's text was kept below it."""
    if kept_other:
        return (
            "Note saved. It had been changed in another window since you opened it: "
            "that text is kept too, below yours (press n to see both).",
            "warning",
            10,
        )
    return "Note saved.", "information", 2
