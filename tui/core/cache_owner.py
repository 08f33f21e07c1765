"""What cache-file maintenance (cachefile.py) needs of the store that owns the file."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Protocol


class CacheOwner(Protocol):
    """A :class:`~.store.Store`, as cachefile.py sees it: a protocol, so that cachefile.py need
    not import store.py, which imports it (the store's ``repair()`` and ``clear()`` call it)."""

    cache_path: Path
    own_folder: bool
    notices: list[str]
    damaged: bool

    def file_locks(self) -> AbstractContextManager[None]:
        """Hold off every writer and every thread opening a connection."""

    def renew_connections(self) -> None:
        """Have every thread reconnect when it next asks: the file is about to be replaced."""

    def checked_at(self) -> datetime | None:
        """When the whole file was last checked."""

    def mark_checked(self) -> None:
        """Record that the whole file was checked now."""

    def empty(self) -> None:
        """Delete every row of the cache in one write transaction."""

    def vacuum(self) -> None:
        """Give the cache's empty pages back to the disk."""

    def seed_from_library(self) -> int:
        """Fill a new cache with the papers the user keeps something about."""
