"""The user's library: bookmarks, notes, tags, read marks, export/import, salvage (library.py)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tui.core import library as library_module
from tui.core.db import SQLITE_HEADER, StoreError, salvage_library
from tui.core.db import now_stamp as real_stamp
from tui.core.export import export, library_json, to_json
from tui.core.imports import detect_format, read_records, records_from_json
from tui.core.library import OTHER_WINDOW_LINE, Library, merge_note, parse_tags
from tui.core.models import Paper


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A library clock that advances one second per call, so "newest first" is well defined."""
    state = {"n": 0}

    def stamp(when: object = None) -> str:
        if when is not None:  # a given time, not now: as the library's own clock writes it
            return real_stamp(when)  # type: ignore[arg-type]
        state["n"] += 1
        return f"2026-08-01T10:{state['n'] // 60:02d}:{state['n'] % 60:02d}Z"

    monkeypatch.setattr(library_module, "now_stamp", stamp)
    yield


# --- bookmarks --------------------------------------------------------------------------------


def test_add_remove_toggle(library: Library, paper_factory: Callable[..., Paper]) -> None:
    assert not library.is_bookmarked("2607.27958")
    assert library.add_bookmark("2607.27958", paper_factory("2607.27958")) is True
    assert library.add_bookmark("2607.27958") is False  # already there
    assert library.is_bookmarked("2607.27958")
    assert library.bookmark_count() == 1
    assert library.remove_bookmark("2607.27958") is True
    assert library.remove_bookmark("2607.27958") is False
    assert library.toggle_bookmark("2607.00002") is True
    assert library.is_bookmarked("2607.00002")
    assert library.toggle_bookmark("2607.00002") is False
    assert not library.is_bookmarked("2607.00002")
    assert library.bookmark_count() == 0


def test_bookmarks_newest_first(library: Library, ticking: None) -> None:
    for paper_id in ("2607.00001", "2607.00003", "2607.00002"):
        library.add_bookmark(paper_id)
    assert library.bookmark_ids() == ["2607.00002", "2607.00003", "2607.00001"]
    assert library.bookmark_ids(offset=1, limit=1) == ["2607.00003"]


def test_a_bookmark_keeps_a_snapshot(library: Library, paper_factory: Callable[..., Paper]) -> None:
    paper = paper_factory("2607.27958", title="Kept Title", github_repo="https://github.com/a/b")
    library.add_bookmark(paper.id, paper)
    assert library.snapshot(paper.id) == paper
    assert library.snapshot("2607.00009") is None
    removed_then_kept = library.remove_bookmark(paper.id)
    assert removed_then_kept and library.snapshot(paper.id) == paper


# --- notes and tags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Foo, bar ,#baz, foo,, ", ["Foo", "bar", "baz"]),  # case kept; the first spelling
        ("one\ntwo,three", ["one", "two", "three"]),
        ("reading group, Multi Word Tag, multi word tag", ["reading group", "Multi Word Tag"]),
        ("LLM, llm, Äpfel, äPFEL", ["LLM", "Äpfel"]),
        ("  ,  , ", []),
        ("", []),
        ("x" * 100, ["x" * 40]),
        ("evil\x1b[31m,\u202etag", ["evil", "tag"]),
    ],
)
def test_parse_tags(text: str, tags: list[str]) -> None:
    assert parse_tags(text) == tags


def test_notes_and_tags(library: Library, paper_factory: Callable[..., Paper]) -> None:
    paper = paper_factory("2607.27958")
    library.set_note(paper.id, "Line one\n\n  indented line two\x1b[2J", ["ML", "agents "], paper)
    data = library.user_data(paper.id)
    assert data.note == "Line one\n\n  indented line two"
    assert data.tags == ["agents", "ML"]  # as typed
    assert not data.bookmarked
    assert library.snapshot(paper.id) == paper  # a note keeps metadata too
    library.set_note(paper.id, "changed", ["ml", "new"])
    assert library.user_data(paper.id).note == "changed"
    assert library.tags_of(paper.id) == ["ml", "new"]  # typed again in another case: taken
    library.set_note("2607.00002", "", ["ml"])
    assert library.all_tags() == [("ml", 2), ("new", 1)]
    assert set(library.tag_ids("ML")) == {paper.id, "2607.00002"}
    library.set_note(paper.id, "   ", [])
    data = library.user_data(paper.id)
    assert data.note is None and data.tags == []


def test_tags_keep_their_case_and_match_any_case(library: Library) -> None:
    library.set_note("2607.00001", "", parse_tags("reading group, LLM"))
    library.set_note("2607.00002", "", parse_tags("llm"))
    assert library.tags_of("2607.00001") == ["LLM", "reading group"]  # one tag with a space
    assert library.tags_of("2607.00002") == ["llm"]
    assert dict(library.all_tags()).keys() <= {"LLM", "llm", "reading group"}
    assert sorted(count for _, count in library.all_tags()) == [1, 2]  # LLM and llm: one tag
    assert set(library.tag_ids("Llm")) == {"2607.00001", "2607.00002"}
    assert library.tag_ids("READING GROUP") == ["2607.00001"]
    summary = library.import_records([{"id": "2607.00002", "tags": ["LLM", "New"]}])
    assert summary.tags_added == 1  # LLM is the llm it has; its spelling stays
    assert library.tags_of("2607.00002") == ["llm", "New"]


def test_read_marks(library: Library) -> None:
    assert not library.is_read("2607.27958")
    library.set_read("2607.27958")
    library.set_read("2607.27958")
    assert library.is_read("2607.27958")
    first = library.user_data("2607.27958").read_at
    assert first is not None
    library.set_read("2607.27958", False)
    assert not library.is_read("2607.27958")
    assert library.user_data("2607.27958").read_at is None


def test_a_note_saved_in_another_window_meanwhile_is_kept_beside_yours(library: Library) -> None:
    other = Library(library.path)  # a second dailypapers on the same library
    try:
        library.set_note("2607.00001", "first", ["ml"])
        seen = library.user_data("2607.00001")  # this window's editor opens
        opened = (seen.note, seen.tags)
        other.set_note("2607.00001", "theirs", ["ml", "agents"])  # the other window saves
        assert library.set_note("2607.00001", "mine", ["ml", "new"], opened=opened) is True
        data = library.user_data("2607.00001")
        assert data.note == f"mine\n\n{OTHER_WINDOW_LINE}\ntheirs"
        assert data.tags == ["agents", "ml", "new"]
        # Nobody else saved since the editor opened: the note is simply replaced.
        seen = library.user_data("2607.00001")
        opened = (seen.note, seen.tags)
        assert library.set_note("2607.00001", "clean", ["ml"], opened=opened) is False
        assert library.user_data("2607.00001").note == "clean"
        assert library.tags_of("2607.00001") == ["ml"]
    finally:
        other.close()


@pytest.mark.parametrize(
    ("opened", "stored", "mine", "kept"),
    [
        ("a", "a", "b", ("b", False)),  # nobody else changed it
        ("a", "b", "b", ("b", False)),  # both typed the same
        ("a", "b", "a", ("b", False)),  # only the other window changed it: theirs stands
        (None, "theirs", None, ("theirs", False)),  # opened empty, left empty: theirs stands
        ("a", "theirs", None, ("theirs", True)),  # emptied here, changed there: theirs kept
        ("a", None, "mine", ("mine", False)),  # deleted there, typed here: nothing lost
    ],
)
def test_merge_note(opened: str | None, stored: str | None, mine: str | None, kept: tuple) -> None:
    assert merge_note(opened, stored, mine) == kept


def test_data_version_tells_when_another_connection_changed_the_library(
    library: Library,
) -> None:
    other = Library(library.path)
    try:
        version = library.data_version()
        library.is_bookmarked("2607.00001")
        assert library.data_version() == version  # reading changes nothing
        other.add_bookmark("2607.00001")
        changed = library.data_version()
        assert changed != version
        assert library.data_version() == changed  # asked again, no change: the same number
    finally:
        other.close()


def test_write_problem_says_when_nothing_can_be_saved(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert library.write_problem() is None
    library.close()

    def read_only(path: Path, synchronous: str = "NORMAL") -> sqlite3.Connection:
        # A read-only file, as a user other than root meets it (the tests may run as root).
        uri = f"file:{path}?mode=ro"
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)

    monkeypatch.setattr(library_module, "connect", read_only)
    problem = library.write_problem()
    assert problem is not None and "is read-only: bookmarks, notes and read marks" in problem
    library.close()
    monkeypatch.undo()
    full = SimpleNamespace(total=10**9, used=10**9 - 1000, free=1000)
    monkeypatch.setattr(library_module.shutil, "disk_usage", lambda path: full)
    assert "is almost full (0 KB free)" in (library.write_problem() or "")


# --- export / import --------------------------------------------------------------------------


@pytest.fixture
def filled(library: Library, paper_factory: Callable[..., Paper], ticking: None) -> Library:
    for n in range(1, 6):
        paper_id = f"2607.0000{n}"
        library.add_bookmark(paper_id, paper_factory(paper_id, title=f"Paper number {n}"))
    library.set_note("2607.00001", "first note", ["alpha", "beta"])
    library.set_note("2607.00002", "", ["alpha"])
    library.set_read("2607.00003")
    library.add_bookmark("2607.00009")  # no snapshot
    return library


def test_export_records(filled: Library) -> None:
    records = filled.export_records()
    assert [r["id"] for r in records][:2] == ["2607.00009", "2607.00005"]  # newest first
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == 6
    assert by_id["2607.00001"]["note"] == "first note"
    assert by_id["2607.00001"]["tags"] == ["alpha", "beta"]
    assert by_id["2607.00003"]["read_at"] is not None
    assert by_id["2607.00004"]["paper"]["title"] == "Paper number 4"
    assert by_id["2607.00009"]["paper"] is None


def comparable(records: list[dict]) -> list[tuple]:
    return sorted(
        (r["id"], r["bookmarked_at"], r["note"], tuple(r["tags"]), r["read_at"], repr(r["paper"]))
        for r in records
    )


def test_json_round_trip_into_an_empty_library(filled: Library, tmp_path: Path) -> None:
    text = to_json(filled.export_records())
    other = Library(tmp_path / "other" / "library.db")
    try:
        summary = other.import_records(records_from_json(text))
        assert (summary.bookmarks_added, summary.bookmarks_kept, summary.skipped) == (6, 0, 0)
        assert summary.notes_added == 1 and summary.tags_added == 3
        assert comparable(other.export_records()) == comparable(filled.export_records())
        again = other.import_records(records_from_json(text))
        assert (again.bookmarks_added, again.bookmarks_kept) == (0, 6)
        assert (again.notes_added, again.tags_added) == (0, 0)
        assert comparable(other.export_records()) == comparable(filled.export_records())
        conn = sqlite3.connect(other.path)
        counts = [
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("bookmarks", "notes", "tags", "reads", "paper_snapshots")
        ]
        conn.close()
        assert counts == [6, 1, 3, 1, 5]
    finally:
        other.close()


def test_import_merges_without_replacing(filled: Library) -> None:
    records = [
        {
            "id": "2607.00001",
            "bookmarked_at": "2020-01-01T00:00:00Z",
            "note": "imported note",
            "tags": ["gamma", "ALPHA"],
        },
        {"id": "2607.00001", "note": "imported note", "tags": ["gamma"]},  # a duplicate record
        {"id": "2607.00077v2", "tags": ["#new"], "paper": {"id": "2607.00077", "title": "New"}},
        {"id": "not an id"},
        "not a record",
        {"no": "id"},
    ]
    summary = filled.import_records(records)
    assert summary.skipped == 3
    assert summary.bookmarks_added == 1
    data = filled.user_data("2607.00001")
    assert data.note == "first note\n\nimported note"  # the user's note is kept, the new appended
    assert data.tags == ["alpha", "beta", "gamma"]
    assert data.bookmarked_at == "2020-01-01T00:00:00Z"  # the earlier date wins
    assert filled.is_bookmarked("2607.00077")
    assert filled.tags_of("2607.00077") == ["new"]
    snapshot = filled.snapshot("2607.00077")
    assert snapshot is not None and snapshot.title == "New"


def test_imported_snapshots_are_cleaned(library: Library) -> None:
    hostile = {
        "id": "2607.27958",
        "paper": {
            "id": "2607.27958",
            "title": "Evil \x1b]52;c;SGVsbG8=\x07title\u202e",
            "authors": ["A\x1b[31m B", 7],
            "github_repo": "javascript:alert(1)",
            "project_page": "file:///etc/passwd",
            "upvotes": "many",
        },
    }
    library.import_records([hostile])
    paper = library.snapshot("2607.27958")
    assert paper is not None
    assert paper.title == "Evil title"
    assert paper.authors == ("A B", "7")
    assert paper.github_repo is None and paper.project_page is None
    assert paper.upvotes is None


def test_records_from_json_errors() -> None:
    with pytest.raises(ValueError, match="not a JSON file"):
        records_from_json("{oops")
    with pytest.raises(ValueError, match="bookmarks"):
        records_from_json('{"format": "something else"}')
    with pytest.raises(ValueError):
        records_from_json("42")
    assert records_from_json('[{"id": "2607.27958"}]') == [{"id": "2607.27958"}]


# --- damage -----------------------------------------------------------------------------------


def build_library(path: Path, papers: int = 300) -> None:
    """A library of ``papers`` bookmarks, each with a long note, a tag and a snapshot."""
    Library(path).close()  # the schema
    conn = sqlite3.connect(path)
    with conn:
        for n in range(papers):
            paper_id = f"2601.{n:05d}"
            snapshot = json.dumps(Paper(id=paper_id, title="T" * 200).to_json())
            conn.execute("INSERT INTO bookmarks VALUES (?, ?)", (paper_id, f"2026-01-01T00:{n}"))
            conn.execute("INSERT INTO notes VALUES (?, ?, 'x')", (paper_id, "words " * 100))
            conn.execute("INSERT INTO tags VALUES (?, 'tag', 'x')", (paper_id,))
            conn.execute("INSERT INTO paper_snapshots VALUES (?, ?, 'x')", (paper_id, snapshot))
    conn.close()


def damage_a_page_of(path: Path, table: str) -> None:
    """Overwrite one leaf page of ``table`` (not its root) with garbage."""
    conn = sqlite3.connect(path)
    pages = [
        row[0]
        for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        )
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert len(pages) > 4
    with path.open("r+b") as handle:
        handle.seek((pages[len(pages) // 2] - 1) * page_size)
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 4))


def test_salvage_copies_every_readable_row(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    build_library(damaged)
    damage_a_page_of(damaged, "notes")
    fresh = tmp_path / "fresh.db"
    Library(fresh).close()
    saved = salvage_library(damaged, fresh)
    conn = sqlite3.connect(fresh)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 300
        assert conn.execute("SELECT count(*) FROM tags").fetchone()[0] == 300
        assert conn.execute("SELECT count(*) FROM paper_snapshots").fetchone()[0] == 300
        notes = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
        assert 0 < notes < 300
        assert saved == {"bookmarks": 300, "tags": 300, "paper_snapshots": 300, "notes": notes}
    finally:
        conn.close()


def test_a_garbled_library_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    path.write_bytes(SQLITE_HEADER + b"\x00garbage, not sqlite" * 1000)
    library = Library(path)
    try:
        aside = list(tmp_path.glob("library.db.damaged-*"))
        assert len(aside) == 1
        assert aside[0].read_bytes().startswith(SQLITE_HEADER + b"\x00garbage")
        assert len(library.notices) == 1 and str(aside[0]) in library.notices[0]
        assert "nothing in it could be read" in library.notices[0]
        assert library.add_bookmark("2607.27958")
        assert library.bookmark_ids() == ["2607.27958"]
    finally:
        library.close()


def test_damaged_libraries_are_never_deleted_and_many_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    older = [tmp_path / f"library.db.damaged-2026010{n}T000000Z" for n in range(1, 5)]
    for copy in older:
        copy.write_bytes(b"an older damaged library")
    path.write_bytes(SQLITE_HEADER + b"garbled" * 1000)
    library = Library(path)
    library.close()
    assert all(copy.exists() for copy in older)
    assert "There are 5 damaged copies of your library beside it" in library.notices[0]


@pytest.mark.parametrize(
    "content",
    [b"# my notes\n" * 1000, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40],
    ids=["text", "png"],
)
def test_a_file_that_was_never_a_database_is_refused_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "library.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"is not a dailypapers database .* refusing to replace"):
        Library(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


def test_a_library_with_a_damaged_page_is_salvaged_on_open(tmp_path: Path) -> None:
    """A bad page inside the notes table: opening must notice, keep the file aside, and copy
    everything still readable into a fresh library (db.py: "the library file ... is never thrown
    away: when it is damaged, it is moved aside too and everything still readable in it is
    copied into a fresh file")."""
    path = tmp_path / "library.db"
    build_library(path)
    damage_a_page_of(path, "notes")
    library = Library(path)
    try:
        assert list(tmp_path.glob("library.db.damaged-*")), "the damaged file was not moved aside"
        assert library.notices and "damaged" in library.notices[0]
        assert library.bookmark_count() == 300
        records = library.export_records()  # must not raise StoreDamaged
        assert len(records) == 300
    finally:
        library.close()


def a_library_of_several_pages(path: Path) -> dict[str, set[tuple]]:
    """A library made by the real code (bookmarks, notes, tags, read marks) spanning a dozen
    pages, checkpointed into its file; every row of each table."""
    library = Library(path)
    for n in range(16):
        paper_id = f"2601.{n:05d}"
        library.add_bookmark(paper_id, Paper(id=paper_id, title=f"Paper {n} " + "t" * 150))
        library.set_note(paper_id, f"note {n} " + "words " * 40, [f"tag {n % 5}"])
        library.set_read(paper_id)
    library.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert 40_000 < path.stat().st_size < 120_000  # (the watch tables: six pages more)
    return rows_of(path)


def rows_of(path: Path) -> dict[str, set[tuple]]:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    found: dict[str, set[tuple]] = {}
    try:
        for table in ("bookmarks", "notes", "tags", "reads"):
            found[table] = set()
            try:
                cursor = conn.execute(f"SELECT * FROM {table}")
            except sqlite3.DatabaseError:
                continue  # its root page is gone
            while True:  # row by row: a page past the end ends the table, not the test
                try:
                    row = cursor.fetchone()
                except sqlite3.DatabaseError:
                    break
                if row is None:
                    break
                found[table].add(tuple(row))
    finally:
        conn.close()
    return found


def test_a_library_with_its_header_overwritten_comes_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    before = a_library_of_several_pages(path)
    with path.open("r+b") as handle:
        handle.write(b"\xff" * 16)
    library = Library(path)
    library.close()
    assert rows_of(path) == before
    (aside,) = tmp_path.glob("library.db.damaged-*")
    assert library.notices == [
        "Your library file was damaged; 16 bookmarks, 16 notes, 16 tags and 16 read marks "
        f"were recovered. The damaged file is kept as {aside}; to go back to it, quit and "
        "rename it to library.db."
    ]


def test_a_truncated_library_gives_back_every_row_on_its_remaining_pages(
    tmp_path: Path,
) -> None:
    path = tmp_path / "library.db"
    before = a_library_of_several_pages(path)
    size = path.stat().st_size
    kept = path.read_bytes()[:20_000]
    path.write_bytes(kept)
    # What is left: the rows readable once the missing pages read as zeros.
    padded = tmp_path / "padded.db"
    padded.write_bytes(kept + bytes(size - len(kept)))
    expected = rows_of(padded)
    padded.unlink()
    library = Library(path)
    library.close()
    after = rows_of(path)
    assert after == expected
    assert after["bookmarks"] == before["bookmarks"]
    assert "16 bookmarks" in library.notices[0] and "were recovered" in library.notices[0]


def test_an_emptied_library_is_said_to_be_empty(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    path.write_bytes(b"")
    os.utime(path, (1_700_000_000, 1_700_000_000))  # emptied a while ago, not being created
    library = Library(path)
    library.close()
    assert library.notices == [
        f"Your library file {path} was empty (0 bytes); a new library was started."
    ]
    assert Library(path).notices == []  # said once: it is a library now


# --- reading every export back ------------------------------------------------------------------


@pytest.fixture
def rich_library(library: Library, paper_factory: Callable[..., Paper], ticking: None) -> Library:
    """Bookmarks with notes and tags that exports find hard, and a note on a paper that is not
    bookmarked, and a read mark alone."""
    for n in range(1, 5):
        paper_id = f"2607.0000{n}"
        library.add_bookmark(paper_id, paper_factory(paper_id, title=f"Paper {n}: 2D \\& 3D"))
    library.set_note(
        "2607.00001", "=SUM(A1) & 50%\n\n  '-indented {braces} \\textbf{x} ~^_$#", ["Reading Group"]
    )
    library.set_note("2607.00002", "-starts like a formula", ["LLM", "to read, later"])
    orphan = paper_factory("2607.00077")
    library.set_note(orphan.id, "a note, no bookmark", ["orphan tag"], orphan)
    library.set_read("2607.00003")
    library.set_read("2607.00088")  # read, nothing else
    library.add_bookmark("2607.00009")  # no snapshot
    return library


def kept(library: Library, *, dates: bool = True) -> list[tuple]:
    """What a user sees of each bookmark, in order: id, note, tags (and its dates)."""
    return [
        (r["id"], r["note"], tuple(r["tags"]), *((r["bookmarked_at"], r["read_at"]) * dates))
        for r in library.export_records()
    ]


@pytest.mark.parametrize("fmt", ["json", "csv", "bibtex"])
def test_an_export_read_back_into_an_empty_library_gives_the_same_bookmarks(
    rich_library: Library, tmp_path: Path, fmt: str
) -> None:
    text = export(rich_library.export_records(), fmt)
    assert detect_format(text, "") == fmt  # by its content, whatever the file is called
    other = Library(tmp_path / "other" / "library.db")
    try:
        summary = other.import_records(read_records(text, f"mine.{fmt}"))
        assert (summary.bookmarks_added, summary.skipped) == (5, 0)
        # BibTeX carries no dates: the same bookmarks, notes and tags, in the same order.
        assert kept(other, dates=fmt != "bibtex") == kept(rich_library, dates=fmt != "bibtex")
        again = other.import_records(read_records(text, ""))
        assert (again.bookmarks_added, again.notes_added, again.tags_added) == (0, 0, 0)
        assert other.snapshot("2607.00004").title == "Paper 4: 2D & 3D" or fmt != "bibtex"
    finally:
        other.close()


def test_the_library_export_gives_back_everything(rich_library: Library, tmp_path: Path) -> None:
    text = library_json(rich_library.export_records(everything=True))
    other = Library(tmp_path / "other" / "library.db")
    try:
        summary = other.import_records(read_records(text, "library.json"))
        assert (summary.bookmarks_added, summary.reads_added) == (5, 2)
        assert library_dump(other.path) == library_dump(rich_library.path)
        assert not other.is_bookmarked("2607.00077")  # a note alone stays a note alone
        assert other.user_data("2607.00077").note == "a note, no bookmark"
        assert other.counts() == rich_library.counts()
        assert rich_library.counts().words() == (
            "5 bookmarks, 3 notes, 3 tagged papers, 2 read marks"
        )
    finally:
        other.close()


def test_bookmarks_import_takes_a_reference_managers_bibtex(library: Library) -> None:
    text = r"""% exported by a reference manager
@comment{jabref-meta: databaseType:bibtex;}
@article{smith2024,
  title = "A {Quoted} Title",
  author = {Smith, Ada and {Tom and Jerry Lab}},
  journal = {arXiv preprint arXiv:2404.01258},
  keywords = {diffusion; Reading Group},
}
@misc{x, title={By link}, url={https://arxiv.org/abs/2404.01259v2}, annote={Kept \& read}}
@misc{y, title={By DOI}, doi = {10.48550/arXiv.2404.01260}, year = 2024}
@book{z, title={A book, not a preprint}, isbn={978-0-00-000000-0}}
@misc{broken, title = {unclosed
"""
    summary = library.import_records(read_records(text, "refs.bib"))
    assert (summary.bookmarks_added, summary.skipped) == (3, 2)
    assert set(library.bookmark_ids()) == {"2404.01258", "2404.01259", "2404.01260"}
    assert library.tags_of("2404.01258") == ["diffusion", "Reading Group"]
    assert library.user_data("2404.01259").note == "Kept & read"
    paper = library.snapshot("2404.01258")
    assert paper is not None and paper.title == "A {Quoted} Title"  # LaTeX, as written
    assert paper.authors == ("Smith, Ada", "Tom and Jerry Lab")


@pytest.mark.parametrize(
    ("fmt", "words"),
    [("markdown", "a Markdown export"), ("atom", "an Atom feed")],
)
def test_formats_import_cannot_read_are_named_with_those_it_can(
    filled: Library, fmt: str, words: str
) -> None:
    text = export(filled.export_records(), fmt)
    with pytest.raises(ValueError) as raised:
        read_records(text, "export.txt")
    assert str(raised.value) == (
        f"{words}, which cannot be read back: import reads the JSON, CSV and BibTeX exports"
    )
    with pytest.raises(ValueError, match="not an export that import reads: import reads the"):
        read_records("just some words", "notes.txt")


def test_a_damaged_export_never_crashes_the_reader(rich_library: Library, tmp_path: Path) -> None:
    """Every cut of every readable export, and some noise: records, or a ValueError; and the
    records, whatever they are, import without an error."""
    other = Library(tmp_path / "other" / "library.db")
    try:
        for fmt in ("json", "csv", "bibtex"):
            text = export(rich_library.export_records(), fmt)
            for n, end in enumerate(range(0, len(text), 7)):
                for piece in (text[:end], text[end:], text[:end] + '\x00{"@' + text[end:]):
                    try:
                        records = read_records(piece, f"x.{fmt}")
                    except ValueError:
                        continue
                    assert isinstance(records, list)
                    if n % 40 == 0:
                        other.import_records(records)
    finally:
        other.close()
    with pytest.raises(ValueError):
        read_records("id,title\n" + '"' + "x" * 200_000 + '"\n', "big.csv")  # a huge cell


def library_dump(path: Path) -> dict[str, list[tuple]]:
    """Every row the user keeps (a snapshot's own date aside: it says when it was taken)."""
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
            for table, columns in (
                ("bookmarks", "*"),
                ("notes", "*"),
                ("tags", "*"),
                ("reads", "*"),
                ("paper_snapshots", "paper_id, data"),
            )
        }
    finally:
        conn.close()


def test_a_full_disk_says_the_disk_is_full(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite says "database or disk is full"; the user read "disk I/O error" before."""

    class FullDisk:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def execute(self, sql: str, *args: Any) -> Any:
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.conn.execute(sql, *args)

        @property
        def in_transaction(self) -> bool:
            return self.conn.in_transaction

    full = FullDisk(library.conn)
    monkeypatch.setattr(Library, "conn", property(lambda self: full))
    with pytest.raises(StoreError) as raised:
        library.add_bookmark("2607.27958")
    assert str(raised.value) == (
        "the disk is full: library.db cannot be written; free some space and try again"
    )


# --- what an import lets in -------------------------------------------------------------------


def test_an_import_drops_dates_that_are_not_dates_and_counts_them(library: Library) -> None:
    summary = library.import_records(
        [
            {
                "id": "2607.00001",
                "bookmarked_at": "9999-99-99\u0000",
                "note": "a note",
                "note_updated_at": "yesterday",
                "tags": ["x", "y"],
                "tagged_at": {"x": "2200-01-01", "y": "2024-05-01"},
                "read_at": "1970-01-01T00:00:00Z",
            },
            {"id": "2607.00002", "bookmarked_at": "2024-05-01T10:00:00Z"},
        ]
    )
    assert summary.dates_dropped == 4 and summary.bookmarks_added == 2
    stamps = [
        value
        for table, column in (
            ("bookmarks", "created_at"),
            ("notes", "updated_at"),
            ("tags", "created_at"),
            ("reads", "read_at"),
        )
        for (value,) in library.conn.execute(f"SELECT {column} FROM {table}")
    ]
    assert len(stamps) == 6 and "2024-05-01T10:00:00Z" in stamps and "2024-05-01" in stamps
    assert all("1990" <= value[:4] <= "2100" and value.isprintable() for value in stamps)
    assert library.is_read("2607.00001")  # read, though not when the file said


def test_an_import_commits_in_chunks_and_adds_nothing_twice(library: Library) -> None:
    records = [{"id": f"2601.{n:05d}", "note": f"note {n}", "tags": ["t"]} for n in range(1_200)]
    commits: list[str] = []
    library.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    first = library.import_records(iter(records[:700]))  # cut short, say, then run whole
    assert (first.bookmarks_added, len(commits)) == (700, 2)
    again = library.import_records(records)
    assert (again.bookmarks_added, again.bookmarks_kept, again.notes_added) == (500, 700, 500)
    assert len(commits) == 2 + 3  # 500 records a transaction: the lock is let go between
    once_more = library.import_records(records)
    assert (once_more.bookmarks_added, once_more.notes_added, once_more.tags_added) == (0, 0, 0)
    assert library.counts().words() == "1,200 bookmarks, 1,200 notes, 1,200 tagged papers"


def test_an_imported_note_and_tag_carry_no_escape_sequence(library: Library) -> None:
    osc52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveCB8IHNo\x07"
    summary = library.import_records(
        [{"id": "2607.00001", "note": f"read{osc52} this\x9b2J", "tags": [f"to{osc52}do"]}]
    )
    assert (summary.notes_added, summary.tags_added) == (1, 1)
    data = library.user_data("2607.00001")
    assert (data.note, data.tags) == ("read this", ["todo"])


def test_garbage_in_the_apps_own_folder_is_ours_kept_aside_and_started_over(
    tmp_path: Path,
) -> None:
    """No --db: nothing but the app writes cache.db and library.db in its data folder, so a
    fully garbled pair is damage to keep aside and rebuild, not a stranger's file to refuse
    (refusing would stop the app from starting at all)."""
    from tui.core.store import Store

    garbage = os.urandom(40_000)
    cache, library = tmp_path / "cache.db", tmp_path / "library.db"
    cache.write_bytes(garbage)
    library.write_bytes(garbage)
    with pytest.raises(StoreError, match="not a dailypapers database"):
        Store(cache, library)  # a path the user chose: left alone
    store = Store(cache, library, own_folder=True)
    try:
        assert store.conn.execute("SELECT count(*) FROM papers").fetchall()[0][0] == 0
        assert any("cache was damaged" in notice for notice in store.notices)
        assert any("library file was damaged" in notice for notice in store.notices)
    finally:
        store.close()
    kept = sorted(p.name for p in tmp_path.iterdir() if ".damaged-" in p.name)
    assert [name.split(".damaged-")[0] for name in kept] == ["cache.db", "library.db"]
    assert all((tmp_path / name).read_bytes() == garbage for name in kept)
