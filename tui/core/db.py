"""Opening the two SQLite files safely: pragmas, migrations, damage and lock handling.

A cache file that is not a database, or that fails ``PRAGMA quick_check``, is moved aside with a
timestamp and rebuilt empty (it only holds what the network can give again). The library file
holds the user's own data and is never thrown away: when it is damaged, it is moved aside too and
everything still readable in it is copied into a fresh file.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..paths import private_file, private_folder

# StoreError and its kinds are re-exported: importers that predate errors.py
from .errors import SchemaTooNew
from .errors import StoreBusy as StoreBusy
from .errors import StoreDamaged as StoreDamaged
from .errors import StoreError as StoreError
from .schema import CACHE_MIGRATIONS, LIBRARY_MIGRATIONS, Migration, migrate

BUSY_TIMEOUT_SECONDS = 3.0
LIBRARY_TABLES = ("bookmarks", "notes", "tags", "reads", "paper_snapshots")


def is_damage(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and any(
        s in text for s in ("malformed", "not a database", "disk image", "encrypted", "corrupt")
    )


def is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


FULL_DISK_BYTES = 1024 * 1024  # less free space than this: a write error means a full disk


def is_disk_full(error: BaseException, path: Path | None = None) -> bool:
    """SQLITE_FULL ("database or disk is full"); or a "disk I/O error" while the disk beside
    ``path`` has next to no free space (a write that fails in its WAL reads that way)."""
    if not isinstance(error, sqlite3.Error):
        return False
    text = str(error).lower()
    if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in text:
        return True
    if path is None or "disk i/o error" not in text:
        return False
    try:
        return shutil.disk_usage(path.parent).free < FULL_DISK_BYTES
    except OSError:
        return False


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
    if is_disk_full(error, path):
        return StoreError(
            f"the disk is full: {path.name} cannot be written; free some space and try again"
        )
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
    # One statement, one snapshot: read apart, another dailypapers creating the file could
    # commit its tables in between, and a version of 0 beside them read as someone else's.
    version, names = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT json_group_array(name) FROM sqlite_master WHERE type = 'table')"
    ).fetchone()
    if version > known:
        return  # a newer dailypapers wrote it: migrate() says so
    tables = {name for name in json.loads(names) if not name.startswith("sqlite_")}
    if (version == 0 and tables) or (version > 0 and marker not in tables):
        raise StoreError(
            f"{path} is an SQLite database, but not {name} of dailypapers; it was left "
            "untouched: choose another file with --db"
        )


def _prepare(
    path: Path, migrations: list[Migration], name: str, synchronous: str, marker: str
) -> None:
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


def check_cache_file(path: Path, *, own_folder: bool = False) -> None:
    """Refuse a cache path that holds someone else's file, SQLite or not, touching nothing."""
    refuse_unusable_path(path)
    refuse_foreign_file(path)
    refuse_never_ours(path, "papers", own_folder=own_folder)
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


def refuse_unusable_path(path: Path) -> None:
    """A path SQLite must not be given: a device, a pipe or a folder (``--db /dev/null`` made
    ``/dev/null-journal`` and then said "disk I/O error"), or a file in a folder where its
    journal cannot be written. Checked before SQLite touches anything."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise StoreError(f"cannot use {path}: {error.strerror or error}") from None
    if mode is not None and not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or a pipe)"
        raise StoreError(
            f"{path} is {what}; a database must be a regular file: choose another with --db"
        )
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"cannot write in the folder {folder} (SQLite keeps its journal beside {path.name}); "
            "choose another place with --db"
        )


def prepare_cache(path: Path, *, own_folder: bool = False) -> str | None:
    """Make the cache usable. Returns a notice for the user if it had to be rebuilt."""
    refuse_unusable_path(path)
    try:
        _prepare(path, CACHE_MIGRATIONS, "the cache", "NORMAL", "papers")
        return None
    except SchemaTooNew as error:
        raise StoreError(str(error)) from None
    except sqlite3.Error as error:
        if not is_damage(error):
            raise translate(error, path) from None
    refuse_never_ours(path, "papers", own_folder=own_folder)
    aside = move_aside(path)
    try:
        _prepare(path, CACHE_MIGRATIONS, "the cache", "NORMAL", "papers")
    except sqlite3.Error as error:
        raise translate(error, path) from None
    return cache_rebuilt_notice(path, aside)


# A 0-byte library younger than this may be one another dailypapers has just created and is
# about to fill (commands started together): only an older one is said to have been emptied.
EMPTIED_AFTER_SECONDS = 10.0


def _emptied(path: Path) -> bool:
    """Whether ``path`` is an existing 0-byte file, old enough not to be one being created."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return info.st_size == 0 and time.time() - info.st_mtime > EMPTIED_AFTER_SECONDS


def prepare_library(path: Path, *, own_folder: bool = False) -> str | None:
    """Make the library usable, salvaging what can be read if the file is damaged."""
    refuse_unusable_path(path)
    # An empty file holds nothing to keep aside; but the user must hear that their library
    # (a truncating shell redirect, a full disk) was empty rather than find it empty.
    emptied = (
        f"Your library file {path} was empty (0 bytes); a new library was started."
        if _emptied(path)
        else None
    )
    try:
        _prepare(path, LIBRARY_MIGRATIONS, "the library", "FULL", "bookmarks")
        # The library is small: check all of it at every start, so damage inside a table is
        # found now (and its readable rows saved), not when a bookmark is read.
        if quick_check(path):
            return emptied
    except SchemaTooNew as error:
        raise StoreError(str(error)) from None
    except sqlite3.Error as error:
        if not is_damage(error):
            raise translate(error, path) from None
    refuse_never_ours(path, "bookmarks", own_folder=own_folder)
    aside = move_aside(path)
    try:
        _prepare(path, LIBRARY_MIGRATIONS, "the library", "FULL", "bookmarks")
    except sqlite3.Error as error:
        raise translate(error, path) from None
    return library_salvaged_notice(path, aside, salvage_library(aside, path))


_RECORD_WORDS = {"bookmarks": "bookmark", "notes": "note", "tags": "tag", "reads": "read mark"}
MANY_DAMAGED_LIBRARIES = 3


def library_salvaged_notice(path: Path, aside: Path, recovered: dict[str, int]) -> str:
    """What was recovered, where the damaged file is, and how to go back to it."""
    counts = [
        f"{recovered[t]:,} {word}{'s' if recovered[t] != 1 else ''}"
        for t, word in _RECORD_WORDS.items()
        if recovered.get(t)
    ]
    if counts:
        said = counts[0] if len(counts) == 1 else ", ".join(counts[:-1]) + " and " + counts[-1]
        total = sum(recovered.get(table, 0) for table in _RECORD_WORDS)
        what = f"{said} {'was' if total == 1 else 'were'} recovered"
    else:
        what = "nothing in it could be read"
    copies = len(damaged_copies(path))
    many = (
        f" There are {copies} damaged copies of your library beside it; delete the ones you "
        "no longer need."
        if copies > MANY_DAMAGED_LIBRARIES
        else ""
    )
    return (
        f"Your library file was damaged; {what}. The damaged file is kept as {aside}; to go "
        f"back to it, quit and rename it to {path.name}.{many}"
    )


# --- salvage ----------------------------------------------------------------------------------

DEFAULT_PAGE_SIZE = 4096
PROBE_BYTES = 1024 * 1024  # enough of a file to read its schema from (pages past it read as 0)


def _page_size(header: bytes | bytearray) -> int | None:
    """The page size in a database header (offset 16, big-endian; 1 means 65536), or None
    when it is no power of two from 512 to 65536."""
    value = int.from_bytes(header[16:18], "big")
    size = 65536 if value == 1 else value
    return size if 512 <= size <= 65536 and size & (size - 1) == 0 else None


def _repaired_copy(source: Path, target: Path, *, pad: bool, limit: int | None = None) -> bool:
    """Copy ``source`` (its first ``limit`` bytes) to ``target`` with its header made sane:
    the 16-byte magic restored, a nonsense page size replaced by the default, the WAL flags
    cleared (a copy has no WAL beside it); with ``pad``, zero bytes appended up to the page
    count the header gives (a file cut short). False when that changes nothing."""
    with source.open("rb") as reader, target.open("wb") as writer:
        header = bytearray(reader.read(100))
        if len(header) < 100:
            return False
        original = bytes(header)
        header[:16] = SQLITE_HEADER
        page_size = _page_size(header)
        if page_size is None:
            page_size = DEFAULT_PAGE_SIZE
            header[16:18] = page_size.to_bytes(2, "big")
        header[18:20] = b"\x01\x01"
        writer.write(header)
        remaining = None if limit is None else max(0, limit - 100)
        while remaining is None or remaining > 0:
            chunk = reader.read(1 << 20 if remaining is None else min(1 << 20, remaining))
            if not chunk:
                break
            writer.write(chunk)
            if remaining is not None:
                remaining -= len(chunk)
        size = writer.tell()
        expected = page_size * int.from_bytes(header[28:32], "big")
        padded = pad and size < expected <= size + 64 * 1024 * 1024
        if padded:
            writer.truncate(expected)
    changed_header = bytes(header[:20]) != original[:20]
    return changed_header or padded


def _uri(path: Path, *, immutable: bool = False) -> str:
    return path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def _tables(path: Path) -> set[str]:
    """The tables a database file lists, or none when it cannot be read as one."""
    try:
        conn = sqlite3.connect(_uri(path, immutable=True), uri=True)
    except sqlite3.Error:
        return set()
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error:
        return set()
    finally:
        conn.close()


def never_ours(path: Path, marker: str) -> bool:
    """Whether a file that SQLite cannot open was never a dailypapers database at all (a text
    file or a picture given as --db), rather than one of ours that was damaged.

    The rule: it has content, does not start with SQLite's header, is not all zero bytes
    (what a crash can leave of a file), and even with its header restored lists no ``marker``
    table. A database whose first bytes were overwritten still lists its tables once the
    header is back, so it is salvaged; anything else was someone else's file and is left
    alone, where moving it aside would have hidden it from its owner."""
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    if not head or head.startswith(SQLITE_HEADER) or not head.strip(b"\x00"):
        return False
    with tempfile.TemporaryDirectory(prefix="dailypapers-") as folder:
        probe = Path(folder) / "probe.db"
        try:
            _repaired_copy(path, probe, pad=False, limit=PROBE_BYTES)
        except OSError:
            return False
        return marker not in _tables(probe)


def refuse_never_ours(path: Path, marker: str, *, own_folder: bool = False) -> None:
    """Refuse a file that was never ours, where the user chose the path (--db,
    DAILYPAPERS_DB). In the app's own data folder no one else writes ``cache.db`` or
    ``library.db``: whatever is there is ours, however garbled, and is moved aside (kept)
    and rebuilt or salvaged as before, rather than stopping the app from starting."""
    if not own_folder and never_ours(path, marker):
        raise StoreError(
            f"{path} is not a dailypapers database (not an SQLite file); refusing to replace "
            "it: move it away, or choose another file with --db"
        )


def _readable_rows(source: Path, *, immutable: bool) -> dict[str, tuple[list[str], list[Any]]]:
    """Every row still readable in each library table of ``source``, table by table and row
    by row (a bad page ends its table, not the others)."""
    found: dict[str, tuple[list[str], list[Any]]] = {}
    try:
        conn = sqlite3.connect(_uri(source, immutable=immutable), uri=True)
    except sqlite3.Error:
        return found
    try:
        for table in LIBRARY_TABLES:
            try:
                cursor = conn.execute(f"SELECT * FROM {table}")
                columns = [d[0] for d in cursor.description]
            except sqlite3.Error:
                continue
            rows = []
            while True:
                try:
                    row = cursor.fetchone()
                except sqlite3.Error:
                    break
                if row is None:
                    break
                rows.append(row)
            found[table] = (columns, rows)
    finally:
        conn.close()
    return found


def salvage_library(damaged: Path, fresh: Path) -> dict[str, int]:
    """Copy every row still readable from a damaged library into a fresh one; how many rows
    of each table were copied.

    Cheap repairs are tried first, each on a copy: the header restored (its first bytes
    overwritten), then zero pages appended up to the size the header gives (the file cut
    short). The version that reads the most rows is the one copied."""
    best = _readable_rows(damaged, immutable=False)
    with tempfile.TemporaryDirectory(prefix="dailypapers-") as folder:
        for pad in (False, True):
            copy = Path(folder) / f"repaired-{pad}.db"
            try:
                if not _repaired_copy(damaged, copy, pad=pad):
                    continue
            except OSError:
                continue
            rows = _readable_rows(copy, immutable=True)
            if _total(rows) > _total(best):
                best = rows
    copied: dict[str, int] = {}
    target = connect(fresh, synchronous="FULL")
    try:
        target.execute("BEGIN IMMEDIATE")
        for table, (columns, found) in best.items():
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            for row in found:
                try:
                    copied[table] = copied.get(table, 0) + target.execute(sql, row).rowcount
                except sqlite3.Error:
                    continue
        target.execute("COMMIT")
    finally:
        target.close()
    return copied


def _total(rows: dict[str, tuple[list[str], list[Any]]]) -> int:
    return sum(len(found) for _, found in rows.values())


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
