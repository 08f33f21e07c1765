"""User data (library.db) survives everything that can happen to the cache (PRODUCT.md §5)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakeserver import DAY_0731, ScriptedTransport, load_fixture, respond

from tui.core.api import ApiError, HFClient
from tui.core.dates import Period
from tui.core.db import SQLITE_HEADER, StoreError
from tui.core.library import Library
from tui.core.models import Listing, Paper
from tui.core.parse import parse_entries
from tui.core.schema import CACHE_MIGRATIONS, LIBRARY_MIGRATIONS
from tui.core.search import search
from tui.core.store import Store
from tui.core.sync import refresh_period
from tui.core.views import ViewSpec

SIGMA = "2607.27958"
FILESYSTEM = "2607.26637"
LIBRARY_TABLES = ("bookmarks", "notes", "tags", "reads", "paper_snapshots")


def library_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in LIBRARY_TABLES}
    finally:
        conn.close()


@pytest.fixture
def kept(store: Store, library: Library) -> Library:
    """A cache with 2026-07-31, and a library with bookmarks, a note, tags and a read mark."""
    page = parse_entries(load_fixture(DAY_0731))
    store.ingest(page.papers, page.listings, view="day:2026-07-31")
    library.add_bookmark(SIGMA, store.paper(SIGMA))
    library.add_bookmark(FILESYSTEM, store.paper(FILESYSTEM))
    library.set_note(SIGMA, "Read section 3.\nCompare with MemGPT.", ["memory", "agents"])
    library.set_read(FILESYSTEM)
    return library


def assert_library_intact(library: Library) -> None:
    assert set(library.bookmark_ids()) == {SIGMA, FILESYSTEM}
    data = library.user_data(SIGMA)
    assert data.note == "Read section 3.\nCompare with MemGPT."
    assert data.tags == ["agents", "memory"]
    assert library.is_read(FILESYSTEM)


def assert_only_kept_papers(store: Store) -> None:
    """A new cache holds just the papers the user keeps something about, found by search."""
    ids = {row[0] for row in store.conn.execute("SELECT id FROM papers").fetchall()}
    assert ids == {SIGMA, FILESYSTEM}
    assert store.conn.execute("SELECT count(*) FROM listings").fetchall()[0][0] == 0
    assert (
        store.conn.execute("SELECT count(*) FROM snapshots").fetchall()[0][0] == 0
    )  # not upvote history
    assert SIGMA in search(store, "reliability memory").ids
    assert set(search(store, "is:bookmarked").ids) == {SIGMA, FILESYSTEM}


def assert_metadata_from_snapshot(store: Store) -> None:
    paper = store.paper(SIGMA)
    assert paper is not None
    assert paper.title == "Σ-Mem: An Online Reliability Memory for LLM-based Multi-Agent Systems"
    assert paper.authors == ("Peilin Feng", "Suorong Yang", "Soujanya Poria")
    assert paper.github_repo == "https://github.com/declare-lab/sigma-mem"
    rows = store.rows(ViewSpec(kind="bookmarks"), 0, 10)
    assert {row.id for row in rows} == {SIGMA, FILESYSTEM}
    assert all(row.title != row.id for row in rows)


async def test_user_data_survives_refreshes(
    store: Store, kept: Library, db_paths: tuple[Path, Path]
) -> None:
    before = library_dump(db_paths[1])
    body = load_fixture(DAY_0731)
    for entry in body:
        entry["paper"]["upvotes"] += 10
    good = ScriptedTransport(respond(body=body))
    async with HFClient("http://hf.test", transport=good.transport) as api:
        await refresh_period(store, api, Period("day", "2026-07-31"))
    bad = ScriptedTransport(respond(500))
    async with HFClient("http://hf.test", transport=bad.transport, max_tries=1) as api:
        with pytest.raises(ApiError):
            await refresh_period(store, api, Period("day", "2026-07-31"))
    assert library_dump(db_paths[1]) == before
    assert_library_intact(kept)
    sigma = store.paper(SIGMA)
    assert sigma is not None and sigma.upvotes == 12 + 10


def test_user_data_survives_store_clear(
    store: Store, kept: Library, db_paths: tuple[Path, Path]
) -> None:
    before = library_dump(db_paths[1])
    store.clear()
    assert_only_kept_papers(store)
    assert store.conn.execute("SELECT count(*) FROM fetch_log").fetchall()[0][0] == 0
    assert library_dump(db_paths[1]) == before
    assert_library_intact(kept)
    assert_metadata_from_snapshot(store)


def test_a_clear_does_not_swallow_what_another_process_writes_next(
    store: Store, kept: Library, db_paths: tuple[Path, Path]
) -> None:
    """Another process (an open app, a backfill) keeps its connection across our clear: what it
    writes afterwards must land in the cache, not in a deleted file."""
    other = Store(*db_paths)
    try:
        assert other.conn.execute("SELECT count(*) FROM papers").fetchall()[0][0] > 0
        store.clear()
        assert (
            other.conn.execute("SELECT count(*) FROM listings").fetchall()[0][0] == 0
        )  # it sees the clear
        page = parse_entries(load_fixture(DAY_0731))
        other.ingest(page.papers, page.listings)
        assert store.conn.execute("SELECT count(*) FROM listings").fetchall()[0][0] == len(
            page.listings
        )
        assert search(store, "memory").ids  # the index is whole again
        with sqlite3.connect(db_paths[0]) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')")
    finally:
        other.close()


def test_user_data_survives_a_deleted_cache_file(
    store: Store, kept: Library, db_paths: tuple[Path, Path]
) -> None:
    cache_path, library_path = db_paths
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{cache_path}{suffix}").unlink(missing_ok=True)
    reopened = Store(cache_path, library_path)
    try:
        assert_only_kept_papers(reopened)
        assert_library_intact(kept)
        assert_metadata_from_snapshot(reopened)
    finally:
        reopened.close()


def test_a_garbage_cache_file_is_moved_aside_and_rebuilt(
    store: Store, kept: Library, db_paths: tuple[Path, Path]
) -> None:
    cache_path, library_path = db_paths
    store.close()
    kept.close()
    # Garbled after its header: a cache of ours, damaged (a file that was never SQLite is
    # refused instead: test_store.py).
    cache_path.write_bytes(SQLITE_HEADER + b"this is not a database\x00\xff" * 4096)
    for suffix in ("-wal", "-shm"):
        Path(f"{cache_path}{suffix}").unlink(missing_ok=True)
    reopened = Store(cache_path, library_path)
    try:
        aside = sorted(cache_path.parent.glob("cache.db.damaged-*"))
        assert len(aside) == 1
        assert aside[0].read_bytes().startswith(SQLITE_HEADER + b"this is not a database")
        assert len(reopened.notices) == 1
        assert "damaged" in reopened.notices[0]
        assert aside[0].name in reopened.notices[0]
        assert_only_kept_papers(reopened)
        assert_metadata_from_snapshot(reopened)
        assert_library_intact(Library(library_path))
        # The rebuilt cache works: a refresh can land in it.
        page = parse_entries(load_fixture(DAY_0731))
        reopened.ingest(page.papers, page.listings)
        assert SIGMA in search(reopened, "reliability memory").ids
    finally:
        reopened.close()


def test_damaged_pages_are_found_by_check_and_repaired(
    store: Store, kept: Library, db_paths: tuple[Path, Path], paper_factory: Callable[..., Paper]
) -> None:
    cache_path, library_path = db_paths
    store.ingest([paper_factory(f"2601.{n:05d}", abstract="filler " * 200) for n in range(400)])
    store.close()
    size = cache_path.stat().st_size
    assert size > 200_000
    with cache_path.open("r+b") as handle:
        for offset in range(8 * 4096, size - 4096, 16 * 4096):
            handle.seek(offset)
            handle.write(b"\xde\xad\xbe\xef" * 1024)
    reopened = Store(cache_path, library_path)
    try:
        notice = reopened.check()
        assert notice is not None and "damaged" in notice
        assert list(cache_path.parent.glob("cache.db.damaged-*"))
        assert reopened.check() is None
        assert_only_kept_papers(reopened)
        assert_library_intact(kept)
        assert_metadata_from_snapshot(reopened)
    finally:
        reopened.close()


# --- migrations -------------------------------------------------------------------------------


def first_schema(path: Path, migrations: list[Any]) -> sqlite3.Connection:
    """A database built by the first migration only, at user_version 1."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations[0](conn)
    conn.execute("PRAGMA user_version = 1")
    return conn


def test_a_first_schema_library_opens_with_its_data(tmp_path: Path) -> None:
    library_path = tmp_path / "library.db"
    conn = first_schema(library_path, LIBRARY_MIGRATIONS)
    conn.execute("INSERT INTO bookmarks VALUES ('2404.03648', '2024-04-08T10:00:00Z')")
    conn.execute("INSERT INTO notes VALUES ('2404.03648', 'old note', '2024-04-08T10:00:00Z')")
    conn.execute("INSERT INTO tags VALUES ('2404.03648', 'legacy', '2024-04-08T10:00:00Z')")
    conn.execute("INSERT INTO reads VALUES ('2404.03648', '2024-04-08T10:00:00Z')")
    snapshot = '{"id": "2404.03648", "title": "An old paper", "authors": ["A. Author"]}'
    conn.execute("INSERT INTO paper_snapshots VALUES ('2404.03648', ?, 'x')", (snapshot,))
    conn.close()
    library = Library(library_path)
    store = Store(tmp_path / "cache.db", library_path)
    try:
        assert library.notices == [] and store.notices == []
        data = library.user_data("2404.03648")
        assert data.bookmarked_at == "2024-04-08T10:00:00Z"
        assert (data.note, data.tags, data.read_at) == (
            "old note",
            ["legacy"],
            "2024-04-08T10:00:00Z",
        )
        paper = store.paper("2404.03648")
        assert paper is not None and paper.title == "An old paper"
        # Tags match whatever the case since the second schema: the old ones too.
        assert library.tag_ids("LEGACY") == ["2404.03648"]
        assert store.count(ViewSpec(kind="tag", tag="Legacy")) == 1
        version = sqlite3.connect(library_path).execute("PRAGMA user_version").fetchone()[0]
        assert version == len(LIBRARY_MIGRATIONS)
    finally:
        store.close()
        library.close()


def test_a_first_schema_cache_opens_with_its_data(tmp_path: Path) -> None:
    cache_path = tmp_path / "cache.db"
    conn = first_schema(cache_path, CACHE_MIGRATIONS)
    conn.execute(
        "INSERT INTO papers (rowid, id, title, abstract, authors, n_authors, authors_text,"
        " upvotes, last_listed, sort_day, source, first_seen, updated_at) VALUES"
        " (240403648, '2404.03648', 'An Old Cached Wombat Paper', 'Abstract.', '[\"A\"]', 1, 'A',"
        " 7, '2024-04-08', '2024-04-08', 'daily', 'x', 'x')"
    )
    conn.execute("INSERT INTO listings VALUES ('2024-04-08', '2404.03648')")
    conn.close()
    store = Store(cache_path, tmp_path / "library.db")
    try:
        assert store.notices == []
        paper = store.paper("2404.03648")
        assert paper is not None and paper.title == "An Old Cached Wombat Paper"
        assert search(store, "wombat").ids == ["2404.03648"]
        assert [r.id for r in store.rows(ViewSpec(period=Period("day", "2024-04-08")), 0, 5)] == [
            "2404.03648"
        ]
    finally:
        store.close()


def test_a_zig_zag_history_of_a_paper_listed_twice_starts_again_at_its_newest_point(
    tmp_path: Path,
) -> None:
    cache_path = tmp_path / "cache.db"
    conn = sqlite3.connect(cache_path, isolation_level=None)
    for migration in CACHE_MIGRATIONS[:3]:
        migration(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.executemany(
        "INSERT INTO listings VALUES (?, ?)",
        [("2024-04-05", "2404.03648"), ("2024-04-08", "2404.03648"), ("2024-04-08", "2404.07965")],
    )
    points = [(f"2026-08-01T1{n}:00:00.000Z", 29 if n % 2 == 0 else 12) for n in range(5)]
    for paper_id in ("2404.03648", "2404.07965"):
        conn.executemany(
            "INSERT INTO snapshots VALUES (?, ?, ?, 0)", [(paper_id, *p) for p in points]
        )
    conn.close()
    store = Store(cache_path, tmp_path / "library.db")
    try:
        assert [v for _, v in store.snapshots("2404.03648")] == [29]  # listed twice: its newest
        assert [v for _, v in store.snapshots("2404.07965")] == [29, 12, 29, 12, 29]  # untouched
    finally:
        store.close()


@pytest.mark.parametrize("which", ["cache", "library"])
def test_a_database_from_a_newer_version_is_refused_not_touched(tmp_path: Path, which: str) -> None:
    path = tmp_path / f"{which}.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("INSERT INTO future VALUES ('precious')")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as caught:
        Store(tmp_path / "cache.db", tmp_path / "library.db")
    message = str(caught.value)
    assert "newer dailypapers" in message and "\n" not in message
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("future",)]
    assert conn.execute("SELECT x FROM future").fetchall() == [("precious",)]
    conn.close()
    assert not list(tmp_path.glob("*.damaged-*"))


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    for _ in range(2):
        store = Store(tmp_path / "cache.db", tmp_path / "library.db")
        store.ingest([Paper(id="2607.27958", title="T")], [Listing("2607.27958", "2026-07-31")])
        store.close()
    conn = sqlite3.connect(tmp_path / "cache.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(CACHE_MIGRATIONS)
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 1
    conn.close()


def test_the_store_reads_what_the_library_keeps_about_some_papers(
    store: Store, library: Library
) -> None:
    library.set_note("2607.00001", "a note", ["b tag", "a tag"])
    library.set_note("2607.00002", "", ["only"])
    library.add_bookmark("2607.00002")
    library.set_read("2607.00003")
    ids = ["2607.00001", "2607.00002", "2607.00003", "2607.00004"]
    assert store.notes_of(ids) == {"2607.00001": "a note"}
    assert store.tags_of(ids) == [
        ("2607.00001", "a tag"),
        ("2607.00001", "b tag"),
        ("2607.00002", "only"),
    ]
    assert store.user_marks(ids) == ({"2607.00002"}, {"2607.00003"})


def test_new_papers_since_a_visit_are_first_seen_after_it_listed_since_its_day_and_unread(
    store: Store, library: Library, paper_factory: Callable[..., Paper]
) -> None:
    store.ingest([paper_factory("2607.00001", listed_day="2026-07-30")])
    store.conn.execute("UPDATE papers SET first_seen = '2026-07-30T12:00:00.000Z'")
    visit = "2026-07-30T13:00:00.000Z"  # seen before the visit: not new
    store.ingest(
        [
            paper_factory("2607.00002", listed_day="2026-07-31"),
            paper_factory("2607.00003", listed_day="2026-07-31"),
            paper_factory("2607.00004", listed_day="2026-07-29"),  # an old day, opened now
        ]
    )
    library.set_read("2607.00003")
    assert store.new_papers_since(visit, "2026-07-30") == 1
    assert store.new_papers_since(visit, "2026-07-29") == 2
