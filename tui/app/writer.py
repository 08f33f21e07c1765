"""User-data writes, off the UI thread but in order, each one reported back.

A keypress (b, u, n) queues its write here. One thread does the writes one after another, so two
quick presses of ``b`` land as bookmark-then-unbookmark, never the other way round; each write is
committed (library.db runs ``synchronous=FULL``) within milliseconds. Each write's outcome goes
back to whoever asked (``report``): the screen says "Bookmarked" or "Note saved." only then, and
takes a change back when its write failed. ``flush`` waits for the queue, and the app calls it
before it exits.

A library busy behind another program's long write is tried again for up to ``patience``
seconds (saying so once) rather than failing after SQLite's few seconds of waiting.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

from ..core.db import StoreBusy, StoreError

Write = Callable[[], object]
# Called on the writer thread with (what the write returned, None) or (None, why it failed, in
# one sentence). It must not wait for the UI thread: post a message (the UI thread may itself
# be waiting for this queue, in flush).
Report = Callable[[object, str | None], None]

BUSY_PATIENCE = 30.0  # seconds a write keeps trying a busy library before it gives up
FIRST_PAUSE = 0.2  # seconds between tries, doubled each time up to MAX_PAUSE
MAX_PAUSE = 2.0


class Writer:
    def __init__(
        self,
        on_error: Callable[[str], None],
        on_busy: Callable[[str], None] | None = None,
        *,
        patience: float = BUSY_PATIENCE,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._queue: queue.Queue[tuple[Write, Report | None] | None] = queue.Queue()
        self._on_error = on_error  # for a failed write nobody asked to hear about
        self._on_busy = on_busy or (lambda message: None)
        self._patience = patience
        self._sleep = sleep
        self._clock = clock
        self._thread = threading.Thread(target=self._run, name="library-writer", daemon=True)
        self._thread.start()

    def submit(self, write: Write, report: Report | None = None) -> None:
        self._queue.put((write, report))

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                write, report = job
                value, error = self._attempt(write)
                if report is not None:
                    report(value, error)
                elif error is not None:
                    self._on_error(f"Could not save: {error}")
            except Exception as error:  # a report must never kill the writer
                self._on_error(f"Could not save: {type(error).__name__}: {error}")
            finally:
                self._queue.task_done()

    def _attempt(self, write: Write) -> tuple[object, str | None]:
        """Run one write, trying a busy library again until ``patience`` runs out."""
        deadline = self._clock() + self._patience
        pause = FIRST_PAUSE
        told = False
        while True:
            try:
                return write(), None
            except StoreBusy as error:
                if self._clock() + pause > deadline:
                    return None, str(error)
                if not told:
                    told = True
                    self._on_busy(
                        "Library busy (another dailypapers is writing to it): retrying for up "
                        f"to {self._patience:.0f} s…"
                    )
                self._sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)
            except StoreError as error:
                return None, str(error)
            except Exception as error:  # a write must never kill the writer
                return None, f"{type(error).__name__}: {error}"

    def flush(self) -> None:
        """Wait until every queued write is on disk (or has failed and been reported)."""
        self._queue.join()

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._thread.join(timeout=5)
