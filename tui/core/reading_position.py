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
