"""Where the user stopped reading a paper's full text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadingPosition:
    """``block``: the index of the block at the top of the reader; ``fraction``: 0-1."""

    paper_id: str
    block: int
    fraction: float
    updated_at: str


def percent_read(fraction: float) -> int:
    """``fraction`` as a whole percent, as the reader's status line and the list show it: 100
    only at the very end (three lines short of the end of a long paper rounds up to it)."""
    percent = min(100, max(0, round(fraction * 100)))
    return 99 if percent == 100 and fraction < 1.0 else percent
