"""A full text as the cache holds it."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Document


@dataclass(frozen=True, slots=True)
class StoredText:
    """``fetched_at`` is a stamp of db.now_stamp; ``raw_bytes`` the size of the text as served."""

    document: Document
    fetched_at: str
    raw_bytes: int
    source_url: str
