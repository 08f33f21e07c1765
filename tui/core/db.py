"""Opening the two SQLite files safely: pragmas, migrations, damage and lock handling.

A cache file that is not a database, or that fails ``PRAGMA quick_check``, is moved aside with a
timestamp and rebuilt empty (it only holds what the network can give again). The library file
holds the user's own data and is never thrown away: when it is damaged, it is moved aside too and
everything still readable in it is copied into a fresh file.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..paths import private_file, private_folder
from .schema import CACHE_MIGRATIONS, LIBRARY_MIGRATIONS, SchemaTooNew, migrate

BUSY_TIMEOUT_SECONDS = 3.0
LIBRARY_TABLES = ("bookmarks", "notes", "tags", "reads", "paper_snapshots")


class StoreError(Exception):
    """A database problem, with a message in one plain sentence."""


class StoreBusy(StoreError):
    """Another process held the database for longer than we are willing to wait."""


class StoreDamaged(StoreError):
    """The cache file is damaged; :meth:`Store.repair` moves it aside and rebuilds it."""


def is_damage(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and any(
        s in text for s in ("malformed", "not a database", "disk image", "encrypted", "corrupt")
    )


def is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """A sqlite3 error as a StoreError that says what happened and what to do."""
    if is_busy(error):
        return StoreBusy(
            f"the database {path.name} is busy (another dailypapers is writing to it); "
            "try again in a moment"
        )
    if is_damage(error):
        return StoreDamaged(f"the database {path} is damaged ({error})")
    text = str(error)
    if "unable to open" in text.lower() or "readonly" in text.lower():
        return StoreError(
            f"cannot write the database {path}: {text}; check the folder exists "
            "and is writable, or choose another with --db"
        )
    return StoreError(f"database error in {path.name}: {text}")


def now_stamp(when: datetime | None = None) -> str:
    """UTC, to the millisecond: two bookmarks made in one second still sort in order. ``when``
    (aware) for a stamp other than now, to compare with stored ones."""
    return (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_stamp(text: str | None) -> datetime | None:
    """A stamp written by :func:`now_stamp` (or any ISO time) back to a datetime; None if not."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def connect(path: Path, *, synchronous: str = "NORMAL") -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread."""
    conn = sqlite3.connect(
        str(path),
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _refuse_foreign_schema(
    conn: sqlite3.Connection, path: Path, marker: str, name: str, known: int
) -> None:
    """Another program's SQLite database (or our cache given as the library, or the other way
    round) is refused before anything is written to it: a cache clear would delete it."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version > known:
        return  # a newer dailypapers wrote it: migrate() says so
    tables = {
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    }
    if (version == 0 and tables) or (version > 0 and marker not in tables):
        raise StoreError(
            f"{path} is an SQLite database, but not {name} of dailypapers; it was left "
            "untouched: choose another file with --db"
        )


def _prepare(path: Path, migrations: list, name: str, synchronous: str, marker: str) -> None:
    """Create or migrate a database file; raises sqlite3 errors as they are."""
    private_folder(path.parent)
    private_file(path)
    conn = connect(path, synchronous=synchronous)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # "file is not a database" shows here
        _refuse_foreign_schema(conn, path, marker, name, len(migrations))
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for a refresh
        migrate(conn, migrations, name)
    finally:
        conn.close()


def move_aside(path: Path) -> Path:
    """Rename a database (and its -wal/-shm files) to ``<name>.damaged-<timestamp>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    # The WAL and shared memory first: a database opened at ``path`` meanwhile must never find
    # the old WAL beside a new, empty file.
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            with contextlib.suppress(OSError):
                os.replace(side, Path(str(target) + suffix))
    os.replace(path, target)
    return target


KEEP_DAMAGED_CACHES = 2  # the newest; a cache holds nothing the network cannot give again
_DAMAGED = re.compile(r"\.damaged-(\d{8}T\d{6}Z)(?:-(\d+))?")


def damaged_copies(path: Path) -> list[Path]:
    """The copies of ``path`` that :func:`move_aside` made, newest first (their -wal and -shm
    files go with them and are not listed)."""
    found = []
    for copy in path.parent.glob(glob.escape(path.name) + ".damaged-*"):
        match = _DAMAGED.fullmatch(copy.name[len(path.name) :])
        if match and copy.is_file():
            found.append(((match.group(1), int(match.group(2) or 1)), copy))
    return [copy for _, copy in sorted(found, reverse=True)]


def prune_damaged(path: Path, keep: int = KEEP_DAMAGED_CACHES) -> int:
    """Delete all but the newest ``keep`` damaged copies of a cache, each with its -wal and
    -shm; how many copies were deleted. Never for the library: its copies are the user's."""
    removed = 0
    for copy in damaged_copies(path)[keep:]:
        for suffix in ("-wal", "-shm", ""):
            with contextlib.suppress(FileNotFoundError):
                Path(str(copy) + suffix).unlink()
        removed += 1
    return removed


def cache_rebuilt_notice(path: Path, aside: Path | None) -> str:
    """Where the damaged cache went, and that older copies were deleted (the count kept low)."""
    removed = prune_damaged(path)
    older = (
        f" {removed} older damaged {'copy was' if removed == 1 else 'copies were'} deleted"
        f" (the last {KEEP_DAMAGED_CACHES} are kept)."
        if removed
        else ""
    )
    return (
        f"The cache was damaged; it was moved aside to {aside or '(gone)'} and rebuilt empty "
        f"(bookmarks, notes, tags and read marks are kept apart and are safe).{older}"
    )


SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".cache")


def refuse_foreign_file(path: Path) -> None:
    """A file that is neither an SQLite database nor named like one is someone else's (say
    ``--db notes.json``): refuse it, rather than move it aside as a damaged cache."""
    if path.suffix.lower() in DATABASE_SUFFIXES or not path.is_file():
        return
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError:
        return  # opening it will say what is wrong
    if head and head != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a dailypapers cache (not an SQLite database); it was left "
            "untouched: choose another file with --db"
        )


def check_cache_file(path: Path) -> None:
    """Refuse a cache path that holds someone else's file, SQLite or not, touching nothing."""
    refuse_foreign_file(path)
    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error:
        return  # opening it for real will say what is wrong
    try:
        _refuse_foreign_schema(conn, path, "papers", "the cache", len(CACHE_MIGRATIONS))
    except sqlite3.Error:
        pass  # damaged, busy: prepare_cache deals with it
    finally:
        conn.close()


def prepare_cache(path: Path) -> str | None:
    """Make the cache usable. Returns a notice for the user if it had to be rebuilt."""
    try:
        _prepare(path, CACHE_MIGRATIONS, "the cache", "NORMAL", "papers")
        return None
    except SchemaTooNew as error:
        raise StoreError(str(error)) from None
    except sqlite3.Error as error:
        if not is_damage(error):
            raise translate(error, path) from None
    aside = move_aside(path)
    try:
        _prepare(path, CACHE_MIGRATIONS, "the cache", "NORMAL", "papers")
    except sqlite3.Error as error:
        raise translate(error, path) from None
    return cache_rebuilt_notice(path, aside)


def prepare_library(path: Path) -> str | None:
    """Make the library usable, salvaging what can be read if the file is damaged."""
    try:
        _prepare(path, LIBRARY_MIGRATIONS, "the library", "FULL", "bookmarks")
        # The library is small: check all of it at every start, so damage inside a table is
        # found now (and its readable rows saved), not when a bookmark is read.
        if quick_check(path):
            return None
    except SchemaTooNew as error:
        raise StoreError(str(error)) from None
    except sqlite3.Error as error:
        if not is_damage(error):
            raise translate(error, path) from None
    aside = move_aside(path)
    try:
        _prepare(path, LIBRARY_MIGRATIONS, "the library", "FULL", "bookmarks")
    except sqlite3.Error as error:
        raise translate(error, path) from None
    saved = salvage_library(aside, path)
    return (
        f"Your library file was damaged; it was kept as {aside.name}, and {saved} "
        "readable records were copied into a new library."
    )


def salvage_library(damaged: Path, fresh: Path) -> int:
    """Copy every row still readable from a damaged library into a fresh one."""
    saved = 0
    try:
        source = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    target = connect(fresh, synchronous="FULL")
    try:
        for table in LIBRARY_TABLES:
            try:
                cursor = source.execute(f"SELECT * FROM {table}")
                columns = [d[0] for d in cursor.description]
            except sqlite3.Error:
                continue
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            while True:
                try:
                    row = cursor.fetchone()
                except sqlite3.Error:
                    break
                if row is None:
                    break
                try:
                    target.execute(sql, row)
                    saved += 1
                except sqlite3.Error:
                    continue
    finally:
        source.close()
        target.close()
    return saved


def quick_check(path: Path) -> bool:
    """True when ``PRAGMA quick_check`` passes (reads the whole file: run it off the UI thread)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        return rows == [("ok",)]
    except sqlite3.Error as error:
        return is_busy(error)  # busy: not known to be damaged; a later check will tell
    finally:
        conn.close()
