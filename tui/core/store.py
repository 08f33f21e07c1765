"""The local cache: papers, listings, fetch log and upvote snapshots, read a page at a time.

``cache.db`` is opened with the user's ``library.db`` attached read-only as ``lib``, so that a
view can show bookmark and read marks and filter on them in one query, while nothing in this
module can write user data (that is library.py's job, on its own connection).

Every method that feeds a view reads one page (``LIMIT``/``OFFSET`` over an index), never a whole
table. Each thread gets its own connection; WAL lets readers go on while a refresh writes.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from . import cachefile, full_texts, hub_cache, search_sql
from .connections import ThreadConnections
from .db import (
    StoreDamaged,
    StoreError,
    check_cache_file,
    connect,
    is_damage,
    now_stamp,
    parse_stamp,
    prepare_cache,
    prepare_library,
    translate,
)
from .fetch_result import FetchResult
from .hub_models import Discussion, LinkedRepo, PaperLinks, TrendingSnapshot
from .models import Listing, Paper, PaperRow
from .reader.normalise import normalise
from .reader.stored_text import StoredText
from .schema import HUB_TABLES, RELATED_DELETE_TRIGGER, RELATED_INDEX, WATCH_TABLES
from .sql import ROW_COLUMNS, paper_from_row, paper_values, row_from_sql, upsert_papers
from .view_sql import count_select, rising_history_sql, rows_select
from .views import ViewSpec

# A paper's upvotes are snapshotted when they change, and at least this often while it is being
# refreshed: enough points for a sparkline and a 24 h "rising" delta, without one row per refresh.
SNAPSHOT_EVERY = timedelta(hours=6)
T = TypeVar("T")
_CHUNK = 500  # host parameters per IN (...) list; SQLite allows 32766, this keeps plans simple


@dataclass(slots=True)
class IngestSummary:
    papers: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    listings: int = 0

    def add(self, other: IngestSummary) -> None:
        self.papers += other.papers
        self.new += other.new
        self.updated += other.updated
        self.skipped += other.skipped
        self.listings += other.listings


@dataclass(frozen=True, slots=True)
class FetchRecord:
    view: str
    finished_at: datetime
    outcome: str
    message: str | None


def _changed(paper: Paper, before: tuple[Any, ...]) -> bool:
    """Whether a fetched paper tells anything new about a cached one (what users would call an
    update: counts, title, stars, links, an AI summary that arrived). Missing values never
    erase known ones (see sql.UPSERT), so they are not changes either."""
    fetched = (
        paper.upvotes,
        paper.comments,
        paper.title if paper.title != paper.id else None,
        paper.github_stars,
        True if paper.ai_summary else None,
        paper.github_repo,
        paper.project_page,
    )
    known = (before[0], before[1], before[3], before[4], bool(before[5]), before[6], before[7])
    return any(new is not None and new != old for new, old in zip(fetched, known, strict=True))


def _newest_listings(papers: Sequence[Paper], known: dict[str, tuple[Any, ...]]) -> dict[str, str]:
    """The newest listing day of each paper: of this fetch (a month may list a paper twice)
    or of the cache."""
    newest = {paper_id: before[8] for paper_id, before in known.items() if before[8]}
    for paper in papers:
        if paper.listed_day and paper.listed_day > newest.get(paper.id, ""):
            newest[paper.id] = paper.listed_day
    return newest


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Store:
    """The cache (with the library attached read-only). Safe to share between threads.

    Every statement the app and the CLI run on the cache is one method here."""

    def __init__(self, cache_path: Path, library_path: Path, *, own_folder: bool = False) -> None:
        self.cache_path = Path(cache_path)
        self.own_folder = own_folder  # the app's data folder, not a path the user chose
        self.library_path = Path(library_path)
        self.notices: list[str] = []  # things the user must be told (a rebuilt cache, ...)
        self._threads = ThreadConnections(self.cache_path, self._open)
        # One writer at a time within this process: threads queue here instead of spinning on
        # SQLite's busy timeout (a backfill writes four months at once). Other processes still
        # meet the busy timeout, and then a plain "busy" message.
        self._write_lock = threading.RLock()
        # Held while the cache file is replaced (repair, clear) and while a thread opens its
        # connection: no thread may open the new file while the old one's WAL is still beside
        # it (that reads as "malformed"), nor keep writing to the old one.
        self._swap_lock = self._threads.opening
        self._writes = 0  # bumped by every write through this Store
        self.search_memory: object = None  # search.py keeps what it learned here
        self.damaged = False  # a query met damage in the cache file: repair() it
        self._prepare()

    def _prepare(self) -> None:
        check_cache_file(self.cache_path, own_folder=self.own_folder)
        existed = self.cache_path.exists() and self.cache_path.stat().st_size > 0
        rebuilt = False
        # The cache first: a --db file that is not ours is refused before a library is made.
        for notice in (
            prepare_cache(self.cache_path, own_folder=self.own_folder),
            prepare_library(self.library_path, own_folder=self.own_folder),
        ):
            if notice:
                self.notices.append(notice)
                rebuilt = True
        if rebuilt or not existed:
            self.seed_from_library()

    # --- connections ----------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        conn = connect(self.cache_path)
        conn.row_factory = sqlite3.Row
        library = self.library_path.resolve().as_uri() + "?mode=ro"
        try:
            conn.execute("ATTACH DATABASE ? AS lib", (library,))
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        return self._threads.get()

    def close(self) -> None:
        """Close every connection. Only when no other thread is using the store (at exit): a
        connection closed under a running query crashes the process."""
        self._threads.close_all()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            translated = translate(error, self.cache_path)
            if isinstance(translated, StoreDamaged):
                self.damaged = True  # the app and the CLI repair() it when they see this
            raise translated from None

    def data_version(self) -> tuple[int, int, int]:
        """Changes whenever the cache's content may have changed, by us or another process."""
        rows = self._query("PRAGMA data_version")
        return (self._threads.generation, self._writes, rows[0][0])

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Any statement: what every named read runs it through (its errors translated)."""
        with self._errors():
            rows: list[sqlite3.Row] = self.conn.execute(sql, tuple(params)).fetchall()
            return rows

    def _value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row of a statement that always returns one."""
        return self._query(sql, params)[0][0]

    # --- the cache file's lifecycle (cachefile.py) -------------------------------------------

    def check(self) -> str | None:
        """Run ``quick_check`` on the cache; repair it if it fails. Returns a notice or None."""
        return cachefile.check(self)

    def check_if_due(self, every: timedelta = timedelta(days=1)) -> str | None:
        """``check()`` at most once per ``every``. Returns a notice if it had to repair."""
        return cachefile.check_if_due(self, every)

    def repair_if_damaged(self) -> str | None:
        """``repair()`` once, however many threads saw the damage; None if nothing to do."""
        return cachefile.repair_if_damaged(self)

    def repair(self) -> str:
        """Move a damaged cache aside and rebuild it empty. User data is not touched."""
        return cachefile.repair(self)

    def clear(self) -> None:
        """Delete every cached paper, listing, fetch record and snapshot. User data stays."""
        cachefile.clear(self)

    @contextmanager
    def file_locks(self) -> Iterator[None]:
        """Hold off every writer of this process and every thread opening a connection."""
        with self._write_lock, self._swap_lock:
            yield

    def renew_connections(self) -> None:
        """Have every thread reconnect when it next asks: the file is about to be replaced."""
        self._threads.renew()

    def checked_at(self) -> datetime | None:
        """When the whole file was last checked (cachefile.check_if_due)."""
        rows = self._query("SELECT value FROM meta WHERE key = 'checked_at'")
        return parse_stamp(rows[0][0]) if rows else None

    def mark_checked(self) -> None:
        """Record that the whole file was checked now."""
        with self._write_lock, self._errors():
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('checked_at', ?)", (now_stamp(),)
            )

    def empty(self) -> None:
        """Delete every row of the cache in one write transaction (StoreDamaged if it cannot)."""
        with self._transaction() as conn:
            # Row by row, the delete triggers would unindex 200,000 papers one at a time; the
            # indexes are emptied at once instead.
            triggers = [
                sql
                for (sql,) in conn.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
                    ("papers_fts_delete", RELATED_DELETE_TRIGGER),
                )
            ]
            conn.execute("DROP TRIGGER papers_fts_delete")
            conn.execute(f"DROP TRIGGER {RELATED_DELETE_TRIGGER}")
            for table in (
                "listings",
                "snapshots",
                "fetch_log",
                "papers",
                *HUB_TABLES,
                *WATCH_TABLES,
            ):
                conn.execute(f"DELETE FROM {table}")
            full_texts.delete_unkept(conn)
            conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('delete-all')")
            conn.execute(f"INSERT INTO {RELATED_INDEX} ({RELATED_INDEX}) VALUES ('delete-all')")
            for trigger in triggers:
                conn.execute(trigger)

    def vacuum(self) -> None:
        """Give the cache's empty pages back to the disk (StoreBusy while another reads)."""
        with self._write_lock, self._errors():
            self.conn.execute("VACUUM")

    def seed_from_library(self) -> int:
        """Give a new (cleared, rebuilt or deleted) cache the papers the user keeps something
        about, from the library's snapshots: search and the archive find them again at once,
        before any refresh. Their counts are not upvote history, so no snapshot is taken."""
        rows = self._query(
            "SELECT data FROM lib.paper_snapshots WHERE paper_id NOT IN (SELECT id FROM papers)"
        )
        papers = []
        for (data,) in rows:
            try:
                paper = Paper.from_json(json.loads(data))
            except (ValueError, TypeError):
                continue  # an unreadable snapshot stays in the library, just not in the cache
            if paper is not None:
                papers.append(paper)
        if not papers:
            return 0
        stamp = now_stamp()
        with self._transaction() as conn:
            upsert_papers(conn, [paper_values(p, stamp, "library", False) for p in papers])
        return len(papers)

    # --- full texts -------------------------------------------------------------------------

    def full_text(self, paper_id: str) -> StoredText | None:
        """The paper's stored full text, normalised again first when the normaliser has changed
        since it was stored; None when none is stored."""
        with self._errors():
            found = full_texts.load(self.conn, paper_id)
        if found is None:
            return None
        stored, current = found
        if current:
            return stored
        raw = self.raw_text(paper_id) or ""
        # The stored title may be one an older normaliser got wrong: the API's title, when the
        # paper is known, else the text's own as the normaliser reads it now.
        paper = self.paper(paper_id)
        document = normalise(raw, paper_id, paper.title if paper is not None else "")
        # A read must not fail for want of a write: the new Document is used either way.
        with contextlib.suppress(StoreError), self._transaction() as conn:
            full_texts.save_document(conn, document)
        return replace(stored, document=document)

    def raw_text(self, paper_id: str) -> str | None:
        """The paper's full text as the server sent it; None when none is stored."""
        with self._errors():
            return full_texts.load_raw(self.conn, paper_id)

    def save_full_text(
        self, paper_id: str, raw: str, title: str = "", fetched_at: str | None = None
    ) -> StoredText:
        """Normalise a fetched full text and store both, with its search rows, in one
        transaction. ``title``: the title the API gave, preferred to the text's own."""
        document = normalise(raw, paper_id, title)
        stamp = fetched_at or now_stamp()
        with self._transaction() as conn:
            full_texts.save(conn, raw, document.source_url, stamp, document)
        return StoredText(document, stamp, len(raw.encode("utf-8", "replace")), document.source_url)

    def full_text_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these papers have a stored full text."""
        with self._errors():
            return full_texts.stored_ids(self.conn, ids)

    # --- the paper page beyond the abstract (hub_cache.py) -----------------------------------

    def save_trending(self, result: FetchResult, *, started_at: str | None = None) -> None:
        """Store a fetched trending list: its papers upserted like any others (so they show
        like others, with their listing days when they have one), then its order, with the
        fetch logged as the view "trending" (its time is the snapshot's)."""
        self.ingest(
            result.papers.values(),
            result.listings,
            source="trending",
            skipped=result.skipped,
        )
        with self._transaction() as conn:
            hub_cache.save_trending(conn, list(result.papers))
            self._log(conn, "trending", started_at or now_stamp(), "ok", None, None, result.pages)

    def trending(self) -> TrendingSnapshot:
        """The trending ids as last fetched, rank 1 first, and when."""
        with self._errors():
            ids = hub_cache.trending_ids(self.conn)
        fetched = self.last_success(["trending"])
        return TrendingSnapshot(tuple(ids), now_stamp(fetched) if fetched else None)

    def trending_fetched_at(self) -> datetime | None:
        """When the trending list was last fetched well (None: never)."""
        return self.last_success(["trending"])

    def save_links(
        self, links: PaperLinks, whole: dict[str, list[LinkedRepo]] | None = None
    ) -> PaperLinks:
        """Store a paper's linked-repo counts and top lists, and every list that came whole;
        returns ``links`` stamped with the time it was stored (when it had none)."""
        stamp = links.fetched_at or now_stamp()
        if not links.fetched_at:
            links = replace(links, fetched_at=stamp)
        with self._transaction() as conn:
            hub_cache.save_links(conn, links)
            for kind, repos in (whole or {}).items():
                hub_cache.save_linked_repos(conn, links.paper_id, kind, repos, stamp)
        return links

    def links(self, paper_id: str) -> PaperLinks | None:
        """A paper's stored linked-repo counts and top lists; None when never fetched."""
        with self._errors():
            return hub_cache.load_links(self.conn, paper_id)

    def save_linked_repos(self, paper_id: str, kind: str, repos: Sequence[LinkedRepo]) -> None:
        """Store every linked repo of a kind (most liked first), replacing the last list."""
        with self._transaction() as conn:
            hub_cache.save_linked_repos(conn, paper_id, kind, repos, now_stamp())

    def linked_repos(self, paper_id: str, kind: str) -> tuple[list[LinkedRepo], str] | None:
        """(every stored repo of a kind, most liked first; when fetched); None if never."""
        with self._errors():
            return hub_cache.load_linked_repos(self.conn, paper_id, kind)

    def save_discussion(self, discussion: Discussion) -> Discussion:
        """Store a paper's comments (stamped now when unstamped); returns what was stored."""
        if not discussion.fetched_at:
            discussion = replace(discussion, fetched_at=now_stamp())
        with self._transaction() as conn:
            hub_cache.save_discussion(conn, discussion)
        return discussion

    def set_comment_count(self, paper_id: str, count: int) -> None:
        """A paper's comment count as its discussion just said (the list shows it)."""
        with self._transaction() as conn:
            conn.execute("UPDATE papers SET comments = ? WHERE id = ?", (count, paper_id))

    def discussion(self, paper_id: str) -> Discussion | None:
        """A paper's stored comments; None when never fetched."""
        with self._errors():
            return hub_cache.load_discussion(self.conn, paper_id)

    # --- writing ----------------------------------------------------------------------------

    # --- watches and related papers (watch_hits.py, related_sql.py hold the statements) ---

    def run_read(self, statement: Callable[..., T], *args: Any) -> T:
        """Run one read of watch_hits.py or related_sql.py on this thread's connection."""
        with self._errors():
            return statement(self.conn, *args)

    def run_write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` (watch_hits.py's writes) in one write transaction."""
        with self._transaction() as conn:
            return work(conn)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it does. Writers queue here."""
        conn = self.conn
        with self._write_lock, self._errors():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
                self._writes += 1
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def ingest(
        self,
        papers: Iterable[Paper],
        listings: Iterable[Listing] = (),
        *,
        source: str = "daily",
        view: str | None = None,
        started_at: str | None = None,
        skipped: int = 0,
        requests: int = 0,
        outcome: str = "ok",
        message: str | None = None,
    ) -> IngestSummary:
        """Write a whole fetch in one transaction: all of it lands, or none of it does.

        ``outcome`` "partial" logs a fetch that was cut short: its papers are kept, but the view
        does not count as fetched (only "ok" does)."""
        papers = list(papers)
        listings = list(listings)
        stamp = now_stamp()
        now = parse_stamp(stamp) or datetime.now(UTC)
        summary = IngestSummary(papers=len(papers), skipped=skipped, listings=len(listings))
        with self._transaction() as conn:
            known = self._known(conn, [p.id for p in papers])
            newest = _newest_listings(papers, known)
            rows, snapshots = [], []
            for paper in papers:
                before = known.get(paper.id)
                if paper.listed_day and paper.listed_day < newest.get(paper.id, ""):
                    # One upvote history per paper: a paper listed on two days has its counts
                    # from its newest listing; an older listing's (stale, or just different)
                    # would make the series zig-zag between the two.
                    paper = replace(paper, upvotes=None, comments=None)
                take = paper.upvotes is not None and (
                    before is None
                    or (paper.upvotes, paper.comments) != (before[0], before[1])
                    or (parse_stamp(before[2]) or now - SNAPSHOT_EVERY) <= now - SNAPSHOT_EVERY
                )
                if before is None:
                    summary.new += 1
                elif _changed(paper, before):
                    summary.updated += 1
                rows.append(paper_values(paper, stamp, source, take))
                if take:
                    snapshots.append((paper.id, stamp, paper.upvotes, paper.comments))
            upsert_papers(conn, rows)
            conn.executemany(
                "INSERT OR IGNORE INTO listings (day, paper_id) VALUES (?, ?)",
                [(listing.day, listing.paper_id) for listing in listings],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO snapshots (paper_id, taken_at, upvotes, comments)"
                " VALUES (?, ?, ?, ?)",
                snapshots,
            )
            if view:
                self._log(conn, view, started_at or stamp, outcome, message, summary, requests)
        return summary

    @staticmethod
    def _known(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """(upvotes, comments, snapshot_at, the fields _changed compares, last_listed) of cached
        ids."""
        known: dict[str, tuple[Any, ...]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                "SELECT id, upvotes, comments, snapshot_at, title, github_stars,"
                " ai_summary IS NOT NULL, github_repo, project_page, last_listed"
                f" FROM papers WHERE id IN ({marks})",
                tuple(chunk),
            ):
                known[row[0]] = tuple(row[1:])
        return known

    @staticmethod
    def _log(
        conn: sqlite3.Connection,
        view: str,
        started_at: str,
        outcome: str,
        message: str | None,
        summary: IngestSummary | None,
        requests: int,
    ) -> None:
        s = summary or IngestSummary()
        conn.execute(
            "INSERT INTO fetch_log (view, started_at, finished_at, outcome, message, papers, new,"
            " updated, skipped, requests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                view,
                started_at,
                now_stamp(),
                outcome,
                message,
                s.papers,
                s.new,
                s.updated,
                s.skipped,
                requests,
            ),
        )

    def log_fetch(
        self,
        view: str,
        *,
        started_at: str,
        outcome: str,
        message: str | None = None,
        requests: int = 0,
    ) -> None:
        """Record a fetch that wrote no papers (a failure, or an empty day)."""
        with self._write_lock, self._errors():
            self._log(self.conn, view, started_at, outcome, message, None, requests)

    # --- the fetch log --------------------------------------------------------------------------

    def last_fetch(self, view: str, *, outcome: str | None = None) -> FetchRecord | None:
        """The newest fetch of a view (with this outcome)."""
        sql = "SELECT view, finished_at, outcome, message FROM fetch_log WHERE view = ?"
        params: list[Any] = [view]
        if outcome:
            sql += " AND outcome = ?"
            params.append(outcome)
        rows = self._query(sql + " ORDER BY finished_at DESC, id DESC LIMIT 1", params)
        if not rows:
            return None
        row = rows[0]
        when = parse_stamp(row["finished_at"])
        if when is None:
            return None
        return FetchRecord(row["view"], when, row["outcome"], row["message"])

    def last_success(self, views: Sequence[str]) -> datetime | None:
        """When any of these views (e.g. a day, its week and its month) was last fetched well."""
        marks = ",".join("?" * len(views))
        rows = self._query(
            f"SELECT max(finished_at) FROM fetch_log WHERE outcome = 'ok' AND view IN ({marks})",
            views,
        )
        return parse_stamp(rows[0][0]) if rows else None

    # --- reading views ----------------------------------------------------------------------

    def count(self, spec: ViewSpec) -> int:
        """How many rows a view has."""
        select = count_select(spec)
        return int(self._value(select.sql(), select.params))

    def rows(
        self, spec: ViewSpec, offset: int, limit: int, *, now: datetime | None = None
    ) -> list[PaperRow]:
        """One page of a view, in its order."""
        select = rows_select(spec, offset, limit, now)
        return [row_from_sql(r) for r in self._query(select.sql(), select.params)]

    def has_rising_history(self, spec: ViewSpec, *, now: datetime | None = None) -> bool:
        """Whether any paper of a period view has upvotes to compare with a day ago (a cache
        that has not watched them for a day yet has none: every paper would rise by 0)."""
        if spec.kind != "period":
            return False
        return bool(self._value(*rising_history_sql(spec, now)))

    def rows_by_ids(self, ids: Sequence[str]) -> list[PaperRow]:
        """Rows for these ids, in the given order (ids not cached are left out)."""
        found: dict[str, PaperRow] = {}
        columns = ROW_COLUMNS.format(day="p.last_listed")
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for r in self._query(f"SELECT {columns} FROM papers p WHERE p.id IN ({marks})", chunk):
                found[r["id"]] = row_from_sql(r)
        return [found[i] for i in ids if i in found]

    def user_marks(self, ids: Sequence[str]) -> tuple[set[str], set[str]]:
        """Which of these papers are bookmarked, and which are read, as the library says now."""
        bookmarked: set[str] = set()
        read: set[str] = set()
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for table, found in (("bookmarks", bookmarked), ("reads", read)):
                rows = self._query(
                    f"SELECT paper_id FROM lib.{table} WHERE paper_id IN ({marks})", chunk
                )
                found.update(r[0] for r in rows)
        return bookmarked, read

    def notes_of(self, ids: Sequence[str]) -> dict[str, str]:
        """The library's note of each of these papers that has one."""
        notes: dict[str, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT paper_id, note FROM lib.notes WHERE paper_id IN ({marks})"
            notes.update((paper_id, note) for paper_id, note in self._query(sql, chunk))
        return notes

    def tags_of(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        """(paper id, tag) of each tag of these papers, each paper's in the order it got them."""
        tags: list[tuple[str, str]] = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT paper_id, tag FROM lib.tags WHERE paper_id IN ({marks})"
                " ORDER BY created_at, tag"
            )
            tags.extend((paper_id, tag) for paper_id, tag in self._query(sql, chunk))
        return tags

    def reading_fractions(self, ids: Sequence[str]) -> dict[str, float]:
        """How far each of these papers' full texts has been read (0-1), for those opened."""
        found: dict[str, float] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT paper_id, fraction FROM lib.reading_positions WHERE paper_id IN ({marks})"
            )
            found.update((paper_id, float(f)) for paper_id, f in self._query(sql, chunk))
        return found

    def user_texts(self) -> list[tuple[str, str]]:
        """(paper id, text) of every note and every tag in the library."""
        rows = self._query(
            "SELECT paper_id, note FROM lib.notes UNION ALL SELECT paper_id, tag FROM lib.tags"
        )
        return [(paper_id, text) for paper_id, text in rows]

    # --- search (search.py decides which to run; search_sql.py builds the dynamic ones) ---

    def fts_count(self, expression: str, cap: int) -> int:
        """How many papers match an FTS5 expression, counted up to ``cap``."""
        return int(
            self._value(
                "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)",
                [expression, cap],
            )
        )

    def newest_titles_and_keywords(self, limit: int) -> list[tuple[str, str | None]]:
        """(title, keywords) of the ``limit`` newest papers, newest first."""
        rows = self._query(
            "SELECT title, keywords_text FROM papers ORDER BY rowid DESC LIMIT ?", [limit]
        )
        return [(title, keywords) for title, keywords in rows]

    def listed_after(self, until: str, below: int | None) -> list[int]:
        """Rowids of papers whose newest day is after ``until`` (and below a rowid)."""
        return [row[0] for row in self._query(*search_sql.listed_after_rowids(until, below))]

    def listed_in_range(self, ids: list[str], until: str, since: str | None) -> list[str]:
        """Which of these papers were listed on a day up to ``until`` (and from ``since``)."""
        found: list[str] = []
        for chunk in _chunks(ids):
            statement = search_sql.listed_in_range(list(chunk), until, since)
            found.extend(row[0] for row in self._query(*statement))
        return found

    def matching_among(self, expression: str, rowids: list[int]) -> set[int]:
        """Which of these rowids match an FTS5 expression."""
        return {
            row[0] for row in self._query(*search_sql.rowids_matching_among(expression, rowids))
        }

    def newest_passing(self, where: list[str], params: list[Any], limit: int) -> list[str]:
        """Ids of the papers that pass search conditions, newest first, up to ``limit``."""
        return [row[0] for row in self._query(*search_sql.newest_passing(where, params, limit))]

    def ids_passing(self, ids: list[str], where: list[str], params: list[Any]) -> set[str]:
        """Which of these paper ids pass search conditions."""
        passed: set[str] = set()
        for chunk in _chunks(ids):
            statement = search_sql.ids_passing(list(chunk), where, params)
            passed.update(row[0] for row in self._query(*statement))
        return passed

    def newest_matches(
        self, expression: str, below: int | None, above: int | None, limit: int
    ) -> list[int]:
        """Rowids matching an FTS5 expression, newest first (between ``above`` and ``below``)."""
        statement = search_sql.newest_matches(expression, below, above, limit)
        return [row[0] for row in self._query(*statement)]

    def newest_matches_passing(
        self,
        expression: str,
        below: int | None,
        above: int | None,
        walk: int,
        where: list[str],
        params: list[Any],
        limit: int,
    ) -> list[int]:
        """Of the ``walk`` newest matches (below, above), those passing search conditions."""
        statement = search_sql.newest_matches_passing(
            expression, below, above, walk, where, params, limit
        )
        return [row[0] for row in self._query(*statement)]

    def newest_matches_count(
        self, expression: str, below: int | None, above: int | None, walk: int
    ) -> int:
        """How many matches the ``walk`` newest matches (below, above) hold."""
        statement = search_sql.newest_matches_count(expression, below, above, walk)
        return int(self._value(*statement))

    def bm25_scores(
        self, expression: str, lowest: int, where: list[str], params: list[Any]
    ) -> list[tuple[int, float]]:
        """(rowid, bm25 score) of the matches from rowid ``lowest`` on passing the conditions."""
        statement = search_sql.bm25_scores(expression, lowest, where, params)
        return [(rowid, score) for rowid, score in self._query(*statement)]

    def ids_and_upvotes(self, rowids: list[int]) -> dict[int, tuple[str, int | None]]:
        """rowid → (paper id, upvotes), in one read per 900 rowids."""
        found: dict[int, tuple[str, int | None]] = {}
        for start in range(0, len(rowids), 900):
            statement = search_sql.ids_and_upvotes(rowids[start : start + 900])
            for rowid, paper_id, upvotes in self._query(*statement):
                found[rowid] = (paper_id, upvotes)
        return found

    def text_matches(self, expression: str, limit: int) -> list[int]:
        """Rowids of stored texts' blocks matching an FTS5 expression, newest paper first."""
        statement = search_sql.text_matches(expression, limit)
        return [row[0] for row in self._query(*statement)]

    def text_block_places(self, rowids: list[int]) -> dict[int, tuple[str, int]]:
        """rowid -> (paper id, block index) of these search rows of stored texts."""
        found: dict[int, tuple[str, int]] = {}
        for start in range(0, len(rowids), 900):
            statement = search_sql.text_block_places(rowids[start : start + 900])
            found.update((row[0], (row[1], row[2])) for row in self._query(*statement))
        return found

    def text_block(self, paper_id: str, block: int) -> str | None:
        """The searched text of one block of a stored full text; None when there is none."""
        rows = self._query(
            "SELECT text FROM text_blocks WHERE paper_id = ? AND block = ?", [paper_id, block]
        )
        return str(rows[0][0]) if rows else None

    def has_tag_starting(self, tag: str) -> bool:
        """Whether a tag of yours is ``tag`` or begins with it (in any case)."""
        return bool(
            self._query(
                "SELECT 1 FROM lib.tags"
                " WHERE tag = ? OR substr(tag, 1, ?) = ? COLLATE NOCASE LIMIT 1",
                [tag, len(tag), tag],
            )
        )

    def has_notes(self) -> bool:
        """Whether you wrote any note."""
        return bool(self._query("SELECT 1 FROM lib.notes LIMIT 1"))

    def has_tags(self) -> bool:
        """Whether you tagged any paper."""
        return bool(self._query("SELECT 1 FROM lib.tags LIMIT 1"))

    def has_bookmarks(self) -> bool:
        """Whether you bookmarked any paper."""
        return bool(self._query("SELECT 1 FROM lib.bookmarks LIMIT 1"))

    def has_reads(self) -> bool:
        """Whether any paper is marked read."""
        return bool(self._query("SELECT 1 FROM lib.reads LIMIT 1"))

    def new_papers_since(self, visit: str, day: str) -> int:
        """How many papers are new to the user since a visit: first seen after it (a stamp),
        listed on or after its Daily Papers ``day``, and not read."""
        return int(
            self._value(
                "SELECT count(*) FROM papers p WHERE p.first_seen > ? AND p.last_listed >= ?"
                " AND NOT EXISTS (SELECT 1 FROM lib.reads r WHERE r.paper_id = p.id)",
                [visit, day],
            )
        )

    def paper(self, paper_id: str) -> Paper | None:
        """Everything known about a paper: the cache's row, else the library's snapshot (its
        ``listed_day`` is the newest day it was listed on)."""
        rows = self._query("SELECT * FROM papers WHERE id = ?", [paper_id])
        if rows:
            return paper_from_row(rows[0])
        rows = self._query("SELECT data FROM lib.paper_snapshots WHERE paper_id = ?", [paper_id])
        if rows:
            try:
                return Paper.from_json(json.loads(rows[0][0]))
            except ValueError:
                return None
        return None

    def is_cached(self, paper_id: str) -> bool:
        """Whether the cache holds this paper as fetched (not only the library's snapshot)."""
        return bool(self._query("SELECT 1 FROM papers WHERE id = ?", [paper_id]))

    def latest_day(self, upto: str | None = None) -> str | None:
        """The newest Daily Papers day with cached papers (on or before ``upto``)."""
        if upto:
            rows = self._query("SELECT max(day) FROM listings WHERE day <= ?", [upto])
        else:
            rows = self._query("SELECT max(day) FROM listings")
        return rows[0][0] if rows else None

    def day_counts(self, first: str, last: str) -> dict[str, int]:
        """How many papers each day from ``first`` to ``last`` lists (days with none left out)."""
        rows = self._query(
            "SELECT day, count(*) FROM listings WHERE day BETWEEN ? AND ? GROUP BY day",
            [first, last],
        )
        return {r[0]: r[1] for r in rows}

    def snapshots(self, paper_id: str, limit: int = 60) -> list[tuple[datetime, int]]:
        """The newest upvote snapshots of a paper, oldest first."""
        rows = self._query(
            "SELECT taken_at, upvotes FROM snapshots WHERE paper_id = ? AND upvotes IS NOT NULL"
            " ORDER BY taken_at DESC LIMIT ?",
            [paper_id, limit],
        )
        points = [(parse_stamp(r[0]), r[1]) for r in reversed(rows)]
        return [(when, value) for when, value in points if when is not None]

    def mark_unknown(self, paper_id: str) -> None:
        """Hugging Face answered 404 for this id (a bookmark of a paper it never listed)."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (f"unknown:{paper_id}", now_stamp()),
            )

    def recently_unknown(self, paper_ids: list[str], days: int = 7) -> set[str]:
        """Which of these ids Hugging Face said it did not know, within ``days``."""
        if not paper_ids:
            return set()
        since = now_stamp(datetime.now(UTC) - timedelta(days=days))
        keys = [f"unknown:{i}" for i in paper_ids]
        rows = self._query(
            f"SELECT key FROM meta WHERE key IN ({','.join('?' * len(keys))}) AND value >= ?",
            [*keys, since],
        )
        return {row[0].removeprefix("unknown:") for row in rows}

    def stats(self) -> dict[str, Any]:
        """What ``dailypapers cache`` shows: counts, the days covered, the last fetch, the size."""
        rows = self._query(
            "SELECT (SELECT count(*) FROM papers), (SELECT count(*) FROM listings),"
            " (SELECT min(day) FROM listings), (SELECT max(day) FROM listings),"
            " (SELECT max(finished_at) FROM fetch_log WHERE outcome = 'ok'),"
            " (SELECT count(*) FROM paper_texts),"
            " (SELECT coalesce(sum(raw_bytes), 0) FROM paper_texts),"
            " (SELECT coalesce(sum(length(raw) + length(doc)), 0) FROM paper_texts)"
        )
        papers, listings, first, last, fetched, texts, text_bytes, text_stored = rows[0]
        size = sum(
            Path(str(self.cache_path) + s).stat().st_size
            for s in ("", "-wal")
            if Path(str(self.cache_path) + s).exists()
        )
        return {
            "papers": papers,
            "listings": listings,
            "first_day": first,
            "last_day": last,
            "last_fetch": fetched,
            "bytes": size,
            "texts": texts,  # full texts stored, their size as served, and compressed
            "text_bytes": text_bytes,
            "text_stored_bytes": text_stored,
        }


__all__ = ["FetchRecord", "IngestSummary", "Store", "StoreDamaged", "StoreError", "is_damage"]
