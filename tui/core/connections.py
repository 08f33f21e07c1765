"""One SQLite connection per thread, for the cache and for the library alike.

A sqlite3 connection must not be used by two threads at once, and one thread must never close
another's (a connection closed under a running query crashes the process). So each thread opens
its own on first use, and reopens it when the file it reads has been replaced.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from .db import translate


class ThreadConnections:
    """This thread's connection to one database file, and every thread's, to close at exit."""

    def __init__(self, path: Path, open_connection: Callable[[], sqlite3.Connection]) -> None:
        self.path = path  # named in the messages of a connection that cannot be opened
        self._open = open_connection
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Held while a thread opens its connection, and by whoever replaces the file (see
        # renew): no thread may open the new file while the old one's WAL is still beside it.
        self.opening = threading.RLock()
        self.generation = 0  # bumped when the file is replaced: threads reconnect

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened (or reopened on a replaced file) when needed."""
        local = self._local
        conn: sqlite3.Connection | None = getattr(local, "conn", None)
        if conn is None or local.generation != self.generation:
            with self.opening:
                if conn is not None:  # this thread's connection to a file since replaced
                    self._forget(conn)
                try:
                    conn = self._open()
                except sqlite3.Error as error:
                    local.conn = None
                    raise translate(error, self.path) from None
                local.conn, local.generation = conn, self.generation
                with self._lock:
                    self._connections.append(conn)
        return conn

    def renew(self) -> None:
        """Before the file is swapped: every thread reconnects when it next asks for its
        connection (each closes its own old one then; closing another thread's is unsafe)."""
        local = self._local
        old = getattr(local, "conn", None)
        if old is not None:
            self._forget(old)
            local.conn = None
        self.generation += 1

    def _forget(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            if conn in self._connections:
                self._connections.remove(conn)
        with contextlib.suppress(sqlite3.Error):
            conn.close()

    def close_all(self) -> None:
        """Close every thread's connection. Only when no other thread is using them (at exit)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()
