"""The user's own data: bookmarks, notes, tags and read marks, in ``library.db``.

Nothing here ever touches the cache, and nothing in the cache code can write here. Every change
is its own committed transaction with ``synchronous=FULL``: when a method returns, the change is
on disk, and a crash a second later loses nothing.

A paper that the user keeps something about (a bookmark, a note, tags) gets a snapshot of its
metadata here, so it still shows a title, authors and links when the cache is cleared or lost.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .connections import ThreadConnections
from .db import connect, is_busy, now_stamp, parse_stamp, prepare_library, translate
from .models import Paper
from .reading_position import ReadingPosition
from .text import clean_line, clean_paragraphs
from .watch import Watch

MAX_NOTE = 20_000
MAX_TAG = 40
_TAG_SPLIT = re.compile(r"[,\n]")
# Between the user's note and the text another window saved while the editor was open.
OTHER_WINDOW_LINE = "--- also saved from another window ---"
FREE_SPACE_NEEDED = 1_000_000  # bytes: less than this on the library's disk, and writes may fail


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags (``reading group, LLM`` is two tags), cleaned: trimmed, a leading
    ``#`` dropped, inner spaces kept, the case kept as typed; the first of two spellings that
    differ only in case is kept (tags match whatever the case)."""
    seen: dict[str, str] = {}
    for part in _TAG_SPLIT.split(text or ""):
        tag = (clean_line(part) or "").lstrip("#").strip()[:MAX_TAG].strip()
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def merge_note(opened: str | None, stored: str | None, mine: str | None) -> tuple[str | None, bool]:
    """The note to save when the editor opened on ``opened``, the library now holds ``stored``
    (another window may have saved since) and the user typed ``mine``; and whether the other
    window's text was kept beside the user's.

    Nobody else changed it, or the user did not: the newer text. Both did: neither text is
    lost, the user's first and the other below a separator line (or the other alone, when the
    user emptied the note)."""
    if (stored or None) in ((opened or None), (mine or None)) or not stored:
        return mine or None, False
    if (mine or None) == (opened or None):
        return stored, False  # the user left the note as it was: the newer text stands
    if not mine:
        return stored, True
    return f"{mine}\n\n{OTHER_WINDOW_LINE}\n{stored}"[:MAX_NOTE], True


def merge_tags(opened: Sequence[str], stored: Sequence[str], mine: Sequence[str]) -> list[str]:
    """The user's tags, plus those another window added since the editor opened."""
    before = {tag.casefold() for tag in opened}
    kept = {tag.casefold() for tag in mine}
    added = [tag for tag in stored if tag.casefold() not in before | kept]
    return [*mine, *added]


@dataclass(slots=True)
class UserData:
    """Everything the user keeps about one paper."""

    paper_id: str
    bookmarked_at: str | None = None
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    read_at: str | None = None

    @property
    def bookmarked(self) -> bool:
        return self.bookmarked_at is not None


@dataclass(slots=True)
class LibraryCounts:
    bookmarks: int = 0
    notes: int = 0
    tagged: int = 0  # papers with at least one tag
    read: int = 0
    positions: int = 0  # papers whose full text was opened: where the reader stopped

    def words(self) -> str:
        """``3 bookmarks, 2 notes, 5 tagged papers, 40 read marks, 2 reading positions``; what
        is none is left out."""
        parts = [
            _count(self.bookmarks, "bookmark"),
            _count(self.notes, "note"),
            _count(self.tagged, "tagged paper"),
            _count(self.read, "read mark"),
            _count(self.positions, "reading position"),
        ]
        return ", ".join(p for p in parts if p) or "no bookmarks, notes, tags or read marks yet"


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'s' if number != 1 else ''}" if number else ""


@dataclass(slots=True)
class ImportSummary:
    bookmarks_added: int = 0
    bookmarks_kept: int = 0
    notes_added: int = 0
    tags_added: int = 0
    reads_added: int = 0
    skipped: int = 0
    notes_cut: int = 0  # longer than MAX_NOTE: kept up to it
    tags_skipped: int = 0  # not text
    dates_dropped: int = 0  # not a date from 1990 to 2100: the time of the import instead
    positions_added: int = 0  # reading positions added or moved to a newer one


class Library:
    """Read and write user data. Safe to share between threads (one connection per thread)."""

    def __init__(self, path: Path, *, own_folder: bool = False) -> None:
        self.path = Path(path)
        self.notices: list[str] = []
        notice = prepare_library(self.path, own_folder=own_folder)
        if notice:
            self.notices.append(notice)
        self._threads = ThreadConnections(self.path, self._open)

    def _open(self) -> sqlite3.Connection:
        conn = connect(self.path, synchronous="FULL")
        conn.row_factory = sqlite3.Row
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        return self._threads.get()

    def close(self) -> None:
        """Close every connection. Only when no other thread is using the library (at exit)."""
        self._threads.close_all()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # A COMMIT that failed (a full disk) leaves the transaction open: every later
                # write on this connection would fail too, and a retry could never succeed.
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise translate(error, self.path) from None

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction on this thread's connection, for the tables kept beside the
        library's own (sync_state.py): committed whole, rolled back on any failure."""
        return self._write()

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a read on this thread's connection (a failure as a StoreError)."""
        return self._query(sql, params)

    def data_version(self) -> int:
        """A number that changes when another connection (another window, the writer thread,
        a CLI command) has committed to the library since this thread last asked: a cheap way
        to know the screen shows stale bookmarks."""
        return int(self._query("PRAGMA data_version")[0][0])

    def write_problem(self) -> str | None:
        """Why nothing can be saved in the library (read-only, a full disk), in one sentence;
        None when a write can be made (or another program holds it for now: busy is not
        broken). Writes nothing: the test write is rolled back."""
        try:
            free = shutil.disk_usage(self.path.parent).free
        except OSError:
            free = None
        if free is not None and free < FREE_SPACE_NEEDED:
            return (
                f"The disk holding your library ({self.path}) is almost full ({free // 1024} KB "
                "free): bookmarks, notes and read marks may fail to be saved until some space "
                "is freed."
            )
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                (version,) = conn.execute("PRAGMA user_version").fetchone()
                conn.execute(f"PRAGMA user_version = {int(version)}")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.Error as error:
            if is_busy(error):
                return None
            reason = "read-only" if "readonly" in str(error).lower() else "not writable"
            return (
                f"Your library ({self.path}) is {reason}: bookmarks, notes and read marks "
                f"cannot be saved ({error})."
            )
        return None

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as error:
            raise translate(error, self.path) from None

    @staticmethod
    def _snapshot(conn: sqlite3.Connection, paper: Paper | None) -> None:
        if paper is None:
            return
        conn.execute(
            "INSERT INTO paper_snapshots (paper_id, data, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (paper_id) DO UPDATE SET data = excluded.data,"
            " updated_at = excluded.updated_at",
            (paper.id, json.dumps(paper.to_json(), ensure_ascii=False), now_stamp()),
        )

    # --- bookmarks ----------------------------------------------------------------------------

    def is_bookmarked(self, paper_id: str) -> bool:
        """Whether the paper is bookmarked."""
        return bool(self._query("SELECT 1 FROM bookmarks WHERE paper_id = ?", [paper_id]))

    def add_bookmark(self, paper_id: str, paper: Paper | None = None) -> bool:
        """Bookmark a paper; True if it was not bookmarked before."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO bookmarks (paper_id, created_at) VALUES (?, ?)",
                (paper_id, now_stamp()),
            )
            self._snapshot(conn, paper)
            return cursor.rowcount > 0

    def remove_bookmark(self, paper_id: str) -> bool:
        """Remove a bookmark (its paper's note, tags and snapshot stay); True if there was one."""
        with self._write() as conn:
            cursor = conn.execute("DELETE FROM bookmarks WHERE paper_id = ?", (paper_id,))
            return cursor.rowcount > 0

    def toggle_bookmark(self, paper_id: str, paper: Paper | None = None) -> bool:
        """Flip the bookmark; returns whether the paper is bookmarked now."""
        if self.is_bookmarked(paper_id):
            self.remove_bookmark(paper_id)
            return False
        self.add_bookmark(paper_id, paper)
        return True

    def bookmark_ids(self, offset: int = 0, limit: int = 10_000_000) -> list[str]:
        """Bookmarked papers, the newest bookmark first."""
        rows = self._query(
            "SELECT paper_id FROM bookmarks ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return [r[0] for r in rows]

    def bookmark_count(self) -> int:
        """How many papers are bookmarked."""
        return int(self._query("SELECT count(*) FROM bookmarks")[0][0])

    def snapshot(self, paper_id: str) -> Paper | None:
        """The paper's details as kept with the user's data, if any (and readable)."""
        rows = self._query("SELECT data FROM paper_snapshots WHERE paper_id = ?", [paper_id])
        if not rows:
            return None
        try:
            return Paper.from_json(json.loads(rows[0][0]))
        except ValueError:
            return None

    def save_snapshot(self, paper: Paper) -> None:
        """Keep a paper's details (fetched for a bookmark that had only its id)."""
        with self._write() as conn:
            self._snapshot(conn, paper)

    def ids_without_details(self, limit: int = 50) -> list[str]:
        """Papers the user keeps something about whose snapshot is missing, only an id (a
        bookmark added offline, or imported without details) or only a title and authors (a
        BibTeX import: Hugging Face always gives a date), newest first."""
        rows = self._query(
            "SELECT k.paper_id FROM (SELECT paper_id, created_at FROM bookmarks"
            " UNION ALL SELECT paper_id, '' FROM notes UNION ALL SELECT paper_id, '' FROM tags) k"
            " LEFT JOIN paper_snapshots s ON s.paper_id = k.paper_id"
            " WHERE s.paper_id IS NULL OR json_extract(s.data, '$.title') IS NULL"
            " OR json_extract(s.data, '$.title') = k.paper_id"
            " OR (json_extract(s.data, '$.published') IS NULL"
            " AND json_extract(s.data, '$.listed_day') IS NULL"
            " AND json_extract(s.data, '$.abstract') IS NULL)"
            " GROUP BY k.paper_id ORDER BY max(k.created_at) DESC LIMIT ?",
            [limit],
        )
        return [r[0] for r in rows]

    # --- notes and tags ---------------------------------------------------------------------

    def set_note(
        self,
        paper_id: str,
        note: str,
        tags: Sequence[str],
        paper: Paper | None = None,
        *,
        opened: tuple[str | None, Sequence[str]] | None = None,
    ) -> bool:
        """Replace the note and the tags of a paper (an empty note or tag list removes them).

        ``opened``: the note and tags the editor showed. When another window saved a different
        note or tags since, both are kept (see :func:`merge_note`); returns True then."""
        text = (clean_paragraphs_keep(note) or "")[:MAX_NOTE]
        clean = parse_tags(",".join(tags))
        stamp = now_stamp()
        merged = False
        with self._write() as conn:
            if opened is not None:
                # Read inside the write transaction: no other window can save in between.
                row = conn.execute("SELECT note FROM notes WHERE paper_id = ?", (paper_id,))
                stored = (row.fetchone() or (None,))[0]
                merged_text, merged = merge_note(opened[0], stored, text)
                text = merged_text or ""
                tagged = conn.execute("SELECT tag FROM tags WHERE paper_id = ?", (paper_id,))
                stored_tags = [r[0] for r in tagged]
                merged_tags = merge_tags(opened[1], stored_tags, clean)
                merged = merged or merged_tags != clean
                clean = merged_tags
            if text:
                conn.execute(
                    "INSERT INTO notes (paper_id, note, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (paper_id) DO UPDATE SET note = excluded.note,"
                    " updated_at = excluded.updated_at",
                    (paper_id, text, stamp),
                )
            else:
                conn.execute("DELETE FROM notes WHERE paper_id = ?", (paper_id,))
            marks = ",".join("?" * len(clean))
            conn.execute(
                f"DELETE FROM tags WHERE paper_id = ? AND tag NOT IN ({marks})", (paper_id, *clean)
            )
            # A tag typed again in another case takes that case (and keeps its date).
            conn.executemany(
                "INSERT INTO tags (paper_id, tag, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (paper_id, tag) DO UPDATE SET tag = excluded.tag",
                [(paper_id, tag, stamp) for tag in clean],
            )
            if text or clean:
                self._snapshot(conn, paper)
        return merged

    def tags_of(self, paper_id: str) -> list[str]:
        """The paper's tags, alphabetically."""
        rows = self._query("SELECT tag FROM tags WHERE paper_id = ? ORDER BY tag", [paper_id])
        return [r[0] for r in rows]

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag with how many papers carry it, most used first."""
        rows = self._query("SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY 2 DESC, 1")
        return [(r[0], r[1]) for r in rows]

    def tag_ids(self, tag: str) -> list[str]:
        """The papers carrying ``tag``, in any case (the column compares without case)."""
        rows = self._query(
            "SELECT paper_id FROM tags WHERE tag = ? ORDER BY created_at DESC", [tag]
        )
        return [r[0] for r in rows]

    # --- read marks ---------------------------------------------------------------------------

    def set_read(self, paper_id: str, read: bool = True) -> None:
        """Mark the paper read (keeping the first time it was), or unread."""
        with self._write() as conn:
            if read:
                conn.execute(
                    "INSERT OR IGNORE INTO reads (paper_id, read_at) VALUES (?, ?)",
                    (paper_id, now_stamp()),
                )
            else:
                conn.execute("DELETE FROM reads WHERE paper_id = ?", (paper_id,))

    def is_read(self, paper_id: str) -> bool:
        """Whether the paper is marked read."""
        return bool(self._query("SELECT 1 FROM reads WHERE paper_id = ?", [paper_id]))

    # --- reading positions ------------------------------------------------------------------

    def reading_position(self, paper_id: str) -> ReadingPosition | None:
        """Where the user stopped reading the paper's full text; None if never opened."""
        rows = self._query(
            "SELECT block, fraction, updated_at FROM reading_positions WHERE paper_id = ?",
            [paper_id],
        )
        if not rows:
            return None
        block, fraction, updated_at = rows[0]
        return ReadingPosition(paper_id, int(block), float(fraction), str(updated_at))

    def set_reading_position(self, paper_id: str, block: int, fraction: float) -> None:
        """Remember the block at the top of the reader and how far down the paper it is."""
        fraction = min(max(float(fraction), 0.0), 1.0)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO reading_positions (paper_id, block, fraction, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET"
                " block = excluded.block, fraction = excluded.fraction,"
                " updated_at = excluded.updated_at",
                (paper_id, max(int(block), 0), fraction, now_stamp()),
            )

    def reading_fractions(self, paper_ids: Sequence[str]) -> dict[str, float]:
        """How far each of these papers has been read (0-1), for those ever opened."""
        found: dict[str, float] = {}
        ids = list(paper_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for paper_id, fraction in self._query(
                f"SELECT paper_id, fraction FROM reading_positions WHERE paper_id IN ({marks})",
                chunk,
            ):
                found[str(paper_id)] = float(fraction)
        return found

    # --- watches, seen marks, remembered values (watch_list.py, for_you.py) ---------------

    def watches(self) -> list[Watch]:
        """The watches kept here (not the config's), in the order they were made."""
        rows = self._query("SELECT name, query, created_at FROM watches ORDER BY created_at, rowid")
        return [Watch(str(name), str(query), str(at)) for name, query, at in rows]

    def save_watch(self, name: str, query: str, created_at: str | None = None) -> bool:
        """Add a watch, or give an existing one (by name, in any case) this query; True if it
        was new. The caller has checked the name and the query (watch_list.py)."""
        with self._write() as conn:
            existed = conn.execute("SELECT 1 FROM watches WHERE name = ?", (name,)).fetchone()
            if existed:
                conn.execute("UPDATE watches SET query = ? WHERE name = ?", (query, name))
            else:
                conn.execute(
                    "INSERT INTO watches (name, query, created_at) VALUES (?, ?, ?)",
                    (name, query, created_at or now_stamp()),
                )
            return existed is None

    def rename_watch(self, old: str, new: str) -> bool:
        """Rename a watch (its date kept); False when there is none called ``old``."""
        with self._write() as conn:
            cursor = conn.execute("UPDATE watches SET name = ? WHERE name = ?", (new, old))
            return cursor.rowcount > 0

    def remove_watch(self, name: str) -> bool:
        """Remove a watch; True if there was one."""
        with self._write() as conn:
            return conn.execute("DELETE FROM watches WHERE name = ?", (name,)).rowcount > 0

    def mark_seen(self, paper_ids: Sequence[str]) -> int:
        """Remember that these papers were shown in a list (no longer new for you); how many
        were not seen before."""
        stamp = now_stamp()
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO seen (paper_id, seen_at) VALUES (?, ?)",
                [(paper_id, stamp) for paper_id in dict.fromkeys(paper_ids)],
            )
            return conn.total_changes - before

    def seen_count(self) -> int:
        return int(self._query("SELECT count(*) FROM seen")[0][0])

    def remembered(self, key: str) -> str | None:
        """A value remembered under ``key`` (the last digest's time), or None."""
        rows = self._query("SELECT value FROM remembered WHERE key = ?", [key])
        return str(rows[0][0]) if rows else None

    def remember(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO remembered (key, value) VALUES (?, ?)", (key, value)
            )

    # --- everything about a paper -------------------------------------------------------------

    def user_data(self, paper_id: str) -> UserData:
        """Everything the user keeps about the paper (its bookmark, note, tags and read mark)."""
        rows = self._query(
            "SELECT (SELECT created_at FROM bookmarks WHERE paper_id = ?1),"
            " (SELECT note FROM notes WHERE paper_id = ?1),"
            " (SELECT read_at FROM reads WHERE paper_id = ?1)",
            [paper_id],
        )
        bookmarked_at, note, read_at = rows[0]
        return UserData(paper_id, bookmarked_at, note, self.tags_of(paper_id), read_at)

    # --- the whole library ----------------------------------------------------------------

    def counts(self) -> LibraryCounts:
        """How many bookmarks, notes, tagged papers and read marks the library holds."""
        row = self._query(
            "SELECT (SELECT count(*) FROM bookmarks), (SELECT count(*) FROM notes),"
            " (SELECT count(DISTINCT paper_id) FROM tags), (SELECT count(*) FROM reads),"
            " (SELECT count(*) FROM reading_positions)"
        )[0]
        return LibraryCounts(*row)

    # --- export and import --------------------------------------------------------------------

    def noted_ids(self) -> list[str]:
        """Papers with a note, a tag, a read mark or a reading position, the most recently
        changed first."""
        rows = self._query(
            "SELECT paper_id, max(at) FROM (SELECT paper_id, updated_at AS at FROM notes"
            " UNION ALL SELECT paper_id, created_at FROM tags"
            " UNION ALL SELECT paper_id, read_at FROM reads"
            " UNION ALL SELECT paper_id, updated_at FROM reading_positions)"
            " GROUP BY paper_id ORDER BY 2 DESC, 1"
        )
        return [r[0] for r in rows]

    def note_updated_at(self, paper_id: str) -> str | None:
        """When the paper's note was last saved; None when it has none."""
        rows = self._query("SELECT updated_at FROM notes WHERE paper_id = ?", [paper_id])
        return rows[0][0] if rows else None

    def tag_dates(self, paper_id: str) -> dict[str, str]:
        """When the paper got each of its tags, by tag, alphabetically."""
        rows = self._query(
            "SELECT tag, created_at FROM tags WHERE paper_id = ? ORDER BY tag", [paper_id]
        )
        return {r[0]: r[1] for r in rows}

    def export_records(self, *, everything: bool = False) -> list[dict[str, Any]]:
        """Every bookmark with its note, tags, read mark and paper snapshot, newest first.

        ``everything``: every paper the user keeps anything about (a bookmark, a note, a tag, a
        read mark, a reading position), bookmarks first, each record saying whether it is
        bookmarked and carrying the dates and reading position a bookmarks export leaves out,
        so that an import gives the library back."""
        ids = self.bookmark_ids()
        if everything:
            kept = set(ids)
            ids += [paper_id for paper_id in self.noted_ids() if paper_id not in kept]
        records = []
        for paper_id in ids:
            data = self.user_data(paper_id)
            snapshot = self.snapshot(paper_id)
            record: dict[str, Any] = {
                "id": paper_id,
                "bookmarked_at": data.bookmarked_at,
                "note": data.note,
                "tags": data.tags,
                "read_at": data.read_at,
                "paper": snapshot.to_json() if snapshot else None,
            }
            if everything:
                record["bookmarked"] = data.bookmarked
                record["note_updated_at"] = self.note_updated_at(paper_id)
                record["tagged_at"] = self.tag_dates(paper_id)
                position = self.reading_position(paper_id)
                record["reading_position"] = (
                    {
                        "block": position.block,
                        "fraction": position.fraction,
                        "updated_at": position.updated_at,
                    }
                    if position
                    else None
                )
            records.append(record)
        return records

    def import_records(self, records: Iterable[Any]) -> ImportSummary:
        """Merge exported records: nothing is duplicated, and nothing the user has is replaced.

        A bookmark keeps its earlier date; a note is added when the paper has none (a different
        existing note is kept, and the imported one appended below it); tags are united.

        Committed IMPORT_CHUNK records at a time: a long import held the library's write lock
        so long that a bookmark made in the app meanwhile failed. Each record merges the same
        way however often it is imported, so an import cut short is simply run again.
        """
        summary = ImportSummary()
        start = datetime.now(UTC)
        position = 0
        batch: list[Any] = []
        for record in records:
            batch.append(record)
            if len(batch) == IMPORT_CHUNK:
                self._import_chunk(batch, summary, start, position)
                position += len(batch)
                batch = []
        if batch:
            self._import_chunk(batch, summary, start, position)
        return summary

    def _import_chunk(
        self, records: list[Any], summary: ImportSummary, start: datetime, position: int
    ) -> None:
        """One transaction of an import; ``position``: how many records came before."""
        from .models import normalise_paper_id

        def stamp(value: object) -> str | None:
            """A date from the file, or None when it has none; a junk one is counted."""
            if value is None or value == "":
                return None
            valid = _stamp(value)
            summary.dates_dropped += valid is None
            return valid

        with self._write() as conn:
            for index, record in enumerate(records, position):
                if not isinstance(record, dict):
                    summary.skipped += 1
                    continue
                paper_id = normalise_paper_id(record.get("id"))
                if paper_id is None:
                    summary.skipped += 1
                    continue
                # An export lists the newest first (BibTeX and bare lists carry no date):
                # each a millisecond older than the one before keeps that order.
                in_order = now_stamp(start - timedelta(milliseconds=index))
                # A record of a library export that is not a bookmark (a note, a read mark).
                if record.get("bookmarked", True) is not False:
                    when = stamp(record.get("bookmarked_at")) or in_order
                    existed = conn.execute(
                        "SELECT 1 FROM bookmarks WHERE paper_id = ?", (paper_id,)
                    ).fetchone()
                    conn.execute(
                        "INSERT INTO bookmarks (paper_id, created_at) VALUES (?, ?)"
                        " ON CONFLICT (paper_id) DO UPDATE SET"
                        " created_at = min(created_at, excluded.created_at)",
                        (paper_id, when),
                    )
                    if existed:
                        summary.bookmarks_kept += 1
                    else:
                        summary.bookmarks_added += 1
                note = clean_paragraphs_keep(record.get("note"))
                if note:
                    summary.notes_cut += len(note) > MAX_NOTE
                    summary.notes_added += self._merge_note(
                        conn, paper_id, note[:MAX_NOTE], stamp(record.get("note_updated_at"))
                    )
                tags = record.get("tags")
                if isinstance(tags, list):
                    # Only text is a tag: a number, null or object in the list is not one.
                    texts = [t for t in tags if isinstance(t, str)]
                    summary.tags_skipped += len(tags) - len(texts)
                    dates = record.get("tagged_at")
                    dates = dates if isinstance(dates, dict) else {}
                    for tag in parse_tags(",".join(texts)):
                        cursor = conn.execute(
                            "INSERT OR IGNORE INTO tags (paper_id, tag, created_at)"
                            " VALUES (?, ?, ?)",
                            (paper_id, tag, stamp(dates.get(tag)) or now_stamp()),
                        )
                        summary.tags_added += cursor.rowcount
                read_at = record.get("read_at")
                if read_at:  # read, whenever that was: a junk date reads as the import's time
                    cursor = conn.execute(
                        "INSERT OR IGNORE INTO reads (paper_id, read_at) VALUES (?, ?)",
                        (paper_id, stamp(read_at) or now_stamp(start)),
                    )
                    summary.reads_added += cursor.rowcount
                summary.positions_added += _merge_position(
                    conn, paper_id, record.get("reading_position"), stamp
                )
                paper = Paper.from_json(record.get("paper") or {"id": paper_id})
                if paper is not None and record.get("paper"):
                    paper = _clean_snapshot(paper)
                    conn.execute(
                        "INSERT OR IGNORE INTO paper_snapshots (paper_id, data, updated_at)"
                        " VALUES (?, ?, ?)",
                        (paper_id, json.dumps(paper.to_json(), ensure_ascii=False), now_stamp()),
                    )

    @staticmethod
    def _merge_note(
        conn: sqlite3.Connection, paper_id: str, note: str, when: str | None = None
    ) -> int:
        row = conn.execute("SELECT note FROM notes WHERE paper_id = ?", (paper_id,)).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO notes (paper_id, note, updated_at) VALUES (?, ?, ?)",
                (paper_id, note, when or now_stamp()),
            )
            return 1
        if note in row[0]:
            return 0
        conn.execute(
            "UPDATE notes SET note = ?, updated_at = ? WHERE paper_id = ?",
            ((row[0] + "\n\n" + note)[:MAX_NOTE], now_stamp(), paper_id),
        )
        return 1


def _merge_position(
    conn: sqlite3.Connection,
    paper_id: str,
    value: object,
    stamp: Callable[[object], str | None],
) -> int:
    """An imported reading position, kept when the paper has none or an older one: an old
    export never moves the reader back. 1 when it was kept, else 0."""
    if not isinstance(value, dict):
        return 0
    block, given = value.get("block"), value.get("fraction")
    # A JSON number only (True is an int to Python; "0.5" is text): anything else is junk.
    if type(block) is not int or block < 0 or not isinstance(given, int | float):
        return 0
    if isinstance(given, bool):
        return 0
    fraction = float(given)
    if not math.isfinite(fraction):
        return 0
    when = stamp(value.get("updated_at"))
    row = conn.execute(
        "SELECT updated_at FROM reading_positions WHERE paper_id = ?", (paper_id,)
    ).fetchone()
    if row is not None:
        mine, theirs = _aware(parse_stamp(row[0])), _aware(parse_stamp(when))
        if mine is not None and (theirs is None or theirs <= mine):
            return 0
    conn.execute(
        "INSERT OR REPLACE INTO reading_positions (paper_id, block, fraction, updated_at)"
        " VALUES (?, ?, ?, ?)",
        (paper_id, block, min(max(fraction, 0.0), 1.0), when or now_stamp()),
    )
    return 1


def _aware(when: datetime | None) -> datetime | None:
    """A time without a zone (an imported date alone) is UTC, as _stamp reads it."""
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


IMPORT_CHUNK = 500  # records per transaction of an import
_OLDEST, _NEWEST = datetime(1990, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC)


def _stamp(value: object) -> str | None:
    """A date from an imported file, or None when it is none: an ISO 8601 date or time from
    1990 to 2100, and nothing else
    (``"9999-99-99\\x00"`` was stored, and its NUL later written into a CSV export)."""
    if not isinstance(value, str) or not 0 < len(value) <= 40 or not value.isascii():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # a date alone, or a time without a zone: UTC
    return value.strip() if _OLDEST <= when < _NEWEST else None  # as written: exports round-trip


def import_stamp(value: object) -> str | None:
    """A date from an imported file as kept (see _stamp), or None when it is not one."""
    return _stamp(value)


def clean_paragraphs_keep(value: object) -> str | None:
    """A user's note: control characters removed, but their line breaks kept as typed."""
    if not isinstance(value, str):
        return None
    from .text import strip_unsafe

    lines = [line.rstrip() for line in strip_unsafe(value).replace("\t", "    ").split("\n")]
    text = "\n".join(lines).strip("\n")
    return text if text.strip() else None


def _clean_snapshot(paper: Paper) -> Paper:
    """An imported snapshot is untrusted text too: clean it as if it came from the network."""
    from dataclasses import replace

    from .text import safe_url

    return replace(
        paper,
        title=clean_line(paper.title) or paper.id,
        abstract=clean_paragraphs(paper.abstract),
        authors=tuple(a for a in (clean_line(x) for x in paper.authors) if a),
        organization=clean_line(paper.organization),
        github_repo=safe_url(paper.github_repo),
        project_page=safe_url(paper.project_page),
        ai_summary=clean_paragraphs(paper.ai_summary),
        ai_keywords=tuple(k for k in (clean_line(x) for x in paper.ai_keywords) if k),
        submitter_avatar=safe_url(paper.submitter_avatar),
    )
