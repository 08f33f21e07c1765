"""The cache file's lifecycle, a mixin of :class:`~.store.Store`: the integrity check, the repair
of a damaged file, clearing it, and seeding a new file with the papers the user keeps.

Replacing the file is the delicate part: other threads may be reading. No thread's connection is
closed by another (that crashes the process); each reconnects when it next asks for one, and the
swap holds the lock that opening a connection takes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .db import (
    StoreDamaged,
    StoreError,
    cache_rebuilt_notice,
    move_aside,
    now_stamp,
    parse_stamp,
    prepare_cache,
    quick_check,
)
from .models import Paper
from .sql import paper_values, upsert_papers

if TYPE_CHECKING:
    from .store import Store

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


class CacheFile:
    """Mixed into Store (``self`` is the store)."""

    def check(self: Store) -> str | None:
        """Run ``quick_check`` on the cache; repair it if it fails. Returns a notice or None."""
        if quick_check(self.cache_path):
            return None
        return self.repair()

    def check_if_due(self: Store, every: timedelta = timedelta(days=1)) -> str | None:
        """``check()`` at most once per ``every`` (it reads the whole file): before a refresh
        writes, and in the background of the app. Returns a notice if it had to repair."""
        rows = self.query("SELECT value FROM meta WHERE key = 'checked_at'")
        last = parse_stamp(rows[0][0]) if rows else None
        if last and datetime.now(UTC) - last < every:
            return None
        notice = self.check()
        with self._write_lock, self._errors():
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('checked_at', ?)", (now_stamp(),)
            )
        return notice

    def repair_if_damaged(self: Store) -> str | None:
        """``repair()`` once, however many threads saw the damage; None if nothing to do."""
        with self._write_lock, self._swap_lock:
            return self.repair() if self.damaged else None

    def repair(self: Store) -> str:
        """Move a damaged cache aside and rebuild it empty. User data is not touched."""
        with self._write_lock, self._swap_lock:
            self._replace_file()
            aside = move_aside(self.cache_path) if self.cache_path.exists() else None
            notice = prepare_cache(
                self.cache_path, own_folder=self.own_folder
            ) or cache_rebuilt_notice(self.cache_path, aside)
            self.damaged = False
            self._seed_from_library()
        self.notices.append(notice)
        return notice

    def clear(self: Store) -> None:
        """Delete every cached paper, listing, fetch record and snapshot. User data stays.

        In place, in one write transaction, rather than by deleting the file: another process
        (an open app, a backfill) may be writing to it, and its writes would go to a deleted
        file while it reported success. A busy cache raises StoreBusy, as any write does."""
        try:
            with self._transaction() as conn:
                (trigger,) = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                    " AND name = 'papers_fts_delete'"
                ).fetchone()
                # Row by row, the trigger would unindex 200,000 papers one at a time; the
                # index is emptied at once instead.
                conn.execute("DROP TRIGGER papers_fts_delete")
                for table in ("listings", "snapshots", "fetch_log", "papers"):
                    conn.execute(f"DELETE FROM {table}")
                conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('delete-all')")
                conn.execute(trigger)
        except StoreDamaged:
            self._clear_by_replacing()  # nothing in it is worth keeping, nor can it be edited
        else:
            self._shrink()
        self._seed_from_library()

    def _shrink(self: Store) -> None:
        """Give the emptied pages back to the disk; skipped while another process reads."""
        with self._write_lock, contextlib.suppress(StoreError), self._errors():
            self.conn.execute("VACUUM")

    def _clear_by_replacing(self: Store) -> None:
        with self._write_lock, self._swap_lock:
            self._replace_file()
            for suffix in ("-wal", "-shm", ""):  # the WAL first: never a new file beside it
                Path(str(self.cache_path) + suffix).unlink(missing_ok=True)
            notice = prepare_cache(self.cache_path, own_folder=self.own_folder)
            if notice:
                self.notices.append(notice)

    def _seed_from_library(self: Store) -> int:
        """Give a new (cleared, rebuilt or deleted) cache the papers the user keeps something
        about, from the library's snapshots: search and the archive find them again at once,
        before any refresh. Their counts are not upvote history, so no snapshot is taken."""
        rows = self.query(
            "SELECT data FROM lib.paper_snapshots WHERE paper_id NOT IN (SELECT id FROM papers)"
        )
        papers = []
        for (data,) in rows:
            try:
                papers.append(Paper.from_json(json.loads(data)))
            except (ValueError, TypeError):
                continue  # an unreadable snapshot stays in the library, just not in the cache
        if not papers:
            return 0
        stamp = now_stamp()
        with self._transaction() as conn:
            upsert_papers(conn, [paper_values(p, stamp, "library", False) for p in papers])
        return len(papers)

    def _replace_file(self: Store) -> None:
        """Before the cache file is swapped: every thread reconnects when it next asks for its
        connection (each closes its own old one then; closing another thread's is unsafe)."""
        local = self._local
        old = getattr(local, "conn", None)
        if old is not None:
            self._forget(old)
            local.conn = None
        self._generation += 1
