"""The cache file's lifecycle, as functions over a :class:`~.store.Store`: the integrity check, the
repair of a damaged file, and clearing it. (The store calls them: its ``repair()``, ``clear()``
and ``check()`` hand over to these, so this module knows the store only as the protocol below.)

Replacing the file is the delicate part: other threads may be reading. No thread's connection is
closed by another (that crashes the process); each reconnects when it next asks for one, and the
swap holds the lock that opening a connection takes.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from .cache_owner import CacheOwner
from .db import (
    StoreDamaged,
    StoreError,
    cache_rebuilt_notice,
    move_aside,
    prepare_cache,
    quick_check,
)

T = TypeVar("T")


def at_low_priority(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread of its own at the lowest CPU priority, and wait for it.

    For the app's daily check: ``quick_check`` works through the whole file (about 3 s of CPU at
    200,000 papers) and, at normal priority on a two-core machine, made each search keystroke
    four times slower while it ran. Niceness is per thread on Linux only; elsewhere the thread
    runs at normal priority. A thread of its own, because a pooled one would keep the niceness.
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="dailypapers-low-priority", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def check(store: CacheOwner) -> str | None:
    """Run ``quick_check`` on the cache; repair it if it fails. Returns a notice or None."""
    if quick_check(store.cache_path):
        return None
    return repair(store)


def check_if_due(store: CacheOwner, every: timedelta = timedelta(days=1)) -> str | None:
    """``check()`` at most once per ``every`` (it reads the whole file): before a refresh
    writes, and in the background of the app. Returns a notice if it had to repair."""
    last = store.checked_at()
    if last and datetime.now(UTC) - last < every:
        return None
    notice = check(store)
    store.mark_checked()
    return notice


def repair_if_damaged(store: CacheOwner) -> str | None:
    """``repair()`` once, however many threads saw the damage; None if nothing to do."""
    with store.file_locks():
        return repair(store) if store.damaged else None


def repair(store: CacheOwner) -> str:
    """Move a damaged cache aside and rebuild it empty. User data is not touched."""
    with store.file_locks():
        store.renew_connections()
        aside = move_aside(store.cache_path) if store.cache_path.exists() else None
        notice = prepare_cache(store.cache_path, own_folder=store.own_folder) or (
            cache_rebuilt_notice(store.cache_path, aside)
        )
        store.damaged = False
        store.seed_from_library()
    store.notices.append(notice)
    return notice


def clear(store: CacheOwner) -> None:
    """Delete every cached paper, listing, fetch record and snapshot. User data stays.

    In place, in one write transaction, rather than by deleting the file: another process
    (an open app, a backfill) may be writing to it, and its writes would go to a deleted
    file while it reported success. A busy cache raises StoreBusy, as any write does."""
    try:
        store.empty()
    except StoreDamaged:
        _clear_by_replacing(store)  # nothing in it is worth keeping, nor can it be edited
    else:
        _shrink(store)
    store.seed_from_library()


def _shrink(store: CacheOwner) -> None:
    """Give the emptied pages back to the disk; skipped while another process reads."""
    with contextlib.suppress(StoreError):
        store.vacuum()


def _clear_by_replacing(store: CacheOwner) -> None:
    with store.file_locks():
        store.renew_connections()
        for suffix in ("-wal", "-shm", ""):  # the WAL first: never a new file beside it
            Path(str(store.cache_path) + suffix).unlink(missing_ok=True)
        notice = prepare_cache(store.cache_path, own_folder=store.own_folder)
        if notice:
            store.notices.append(notice)
