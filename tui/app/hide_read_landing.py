"""Where the cursor lands when H hides the read paper under it, and the way back: H again
without moving returns to that paper. No Textual: the screen hands in the rows and the cursor."""

from __future__ import annotations

from collections.abc import Callable

from ..core.models import PaperRow

NEAR = 300  # rows looked at on each side of the cursor: a page or two away


def nearest_unread(
    row_at: Callable[[int], PaperRow | None], cursor: int, count: int, reach: int = NEAR
) -> str | None:
    """The first unread paper after the cursor, else before it (a page or two away)."""
    after = range(cursor + 1, min(count, cursor + 1 + reach))
    before = range(cursor - 1, max(-1, cursor - 1 - reach), -1)
    for index in (*after, *before):
        row = row_at(index)
        if row is not None and not row.read:
            return row.id
    return None


class HideReadLanding:
    def __init__(self) -> None:
        # After H hid the paper under the cursor: (that paper, where the cursor went instead).
        self.unhide_to: tuple[str, str | None] | None = None

    def keep(
        self, hide: bool, current: PaperRow | None, nearest: Callable[[], str | None]
    ) -> str | None:
        """The paper the cursor stays on once H (``hide``: read papers are to be hidden) is
        applied, with ``current`` under the cursor."""
        keep = current.id if current else None
        if hide and current is not None and current.read:
            # The paper under the cursor goes: stay where it was, on the next unread paper,
            # and come back to it if H is pressed again without moving.
            landing = nearest()
            self.unhide_to = (current.id, landing)
            return landing
        if not hide and current is not None and self.unhide_to is not None:
            if self.unhide_to[1] == current.id:
                keep = self.unhide_to[0]
            self.unhide_to = None
        return keep
