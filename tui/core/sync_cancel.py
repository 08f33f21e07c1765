"""Stopping a sync that runs on its own event loop in another thread (the app's worker), from
the UI thread: the app quitting must not wait for a Hub that does not answer (two tries of a
10-second read timeout held the exit for 20 s). The sync commits each change as it goes, so a
sync stopped anywhere loses nothing and the next one completes it."""

from __future__ import annotations

import asyncio
import threading


class SyncCancel:
    """Handed to ``run_sync``; ``cancel()`` from any thread stops it at its next await."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[object] | None = None
        self.cancelled = False

    def attach(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[object]) -> None:
        """The sync's loop and task, once it runs (cancelled at once if asked before)."""
        with self._lock:
            self._loop, self._task = loop, task
            if self.cancelled:
                task.cancel()

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            loop, task = self._loop, self._task
            if loop is not None and task is not None and not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(task.cancel)
                except RuntimeError:  # the loop closed meanwhile: the sync is over
                    pass
