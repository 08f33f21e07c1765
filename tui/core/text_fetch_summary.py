"""What fetching the texts of many papers came to (``dailypapers read --bookmarks``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TextFetchSummary:
    """``failed``: (paper id, why) for each paper whose text could not be fetched; ``stopped``:
    why the run ended before the last paper (the server asked to wait too long, or cannot be
    reached), "" when it went to the end."""

    stored: int = 0
    stored_bytes: int = 0
    not_indexed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    stopped: str = ""
