"""User-data writes, off the UI thread but in order.

A keypress (b, u, n) changes what the screen shows at once and queues the write here. One thread
does the writes one after another, so two quick presses of ``b`` land as bookmark-then-unbookmark,
never the other way round; each write is committed (library.db runs ``synchronous=FULL``) within
milliseconds. ``flush`` waits for the queue, and the app calls it before it exits.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from ..core.db import StoreError

Write = Callable[[], object]


class Writer:
    def __init__(self, on_error: Callable[[str], None]) -> None:
        self._queue: queue.Queue[Write | None] = queue.Queue()
        self._on_error = on_error
        self._thread = threading.Thread(target=self._run, name="library-writer", daemon=True)
        self._thread.start()

    def submit(self, write: Write) -> None:
        self._queue.put(write)

    def _run(self) -> None:
        while True:
            write = self._queue.get()
            try:
                if write is None:
                    return
                write()
            except StoreError as error:
                self._on_error(f"Could not save: {error}")
            except Exception as error:  # a write must never kill the writer
                self._on_error(f"Could not save: {type(error).__name__}: {error}")
            finally:
                self._queue.task_done()

    def flush(self) -> None:
        """Wait until every queued write is on disk."""
        self._queue.join()

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._thread.join(timeout=5)
