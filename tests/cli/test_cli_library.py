"""``dailypapers bookmarks``, ``digest``, ``cache`` and the global options."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tui import __version__
from tui.core.db import SQLITE_HEADER

SIGMA = "2607.27958"
FILESYSTEM = "2607.26637"
LIGHTHOUSE = "2605.06554"  # not in any daily fixture: only /api/papers/2605.06554 knows it


@pytest.fixture
def marked(cli: Any) -> Any:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    added = cli("bookmarks", "add", SIGMA, f"https://arxiv.org/abs/{FILESYSTEM}v2")
    assert added.exit_code == 0, added.output
    return cli


def test_bookmarks_add_from_the_cache(marked: Any) -> None:
    assert not any(r.path.startswith("/api/papers/") for r in marked.server.requests)
    listed = marked("bookmarks", "list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert {SIGMA, FILESYSTEM} == {re.search(r"\d{4}\.\d{5}", line).group(0) for line in lines}
    assert "Σ-Mem" in listed.stdout
    again = marked("bookmarks", "add", SIGMA)
    assert again.stdout.startswith(f"Already bookmarked: {SIGMA} Σ-Mem")
    assert marked("bookmarks").stdout == listed.stdout  # no subcommand: list


def test_bookmarks_add_fetches_unknown_papers(cli: Any) -> None:
    result = cli("bookmarks", "add", LIGHTHOUSE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Bookmarked: {LIGHTHOUSE} Long Context Pre-Training")
    assert [r.path for r in cli.server.requests] == [f"/api/papers/{LIGHTHOUSE}"]
    found = json.loads(cli("search", "lighthouse", "--json").stdout)
    assert [item["id"] for item in found] == [LIGHTHOUSE]


def test_bookmarks_add_a_paper_hf_does_not_know(cli: Any) -> None:
    result = cli("bookmarks", "add", "2601.99999")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Bookmarked: 2601.99999"
    assert "no page for it" in result.stderr
    assert "2601.99999" in cli("bookmarks", "list").stdout


def test_bookmarks_add_of_many_ids_uses_one_client(cli: Any, monkeypatch: Any) -> None:
    from fakeserver import DAY_0731, load_fixture

    from tui.core import api

    made = []

    class CountedClient(api.HFClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(api, "HFClient", CountedClient)
    known = [entry["paper"]["id"] for entry in load_fixture(DAY_0731)]
    unknown = [f"2601.{n:05d}" for n in range(1, 11)]
    ids = [*known, *unknown, known[0]]  # the last one a second time
    result = cli("bookmarks", "add", *ids)
    assert result.exit_code == 0, result.output
    assert len(made) == 1
    lines = result.stdout.splitlines()
    assert [re.search(r"\d{4}\.\d{5}", line).group(0) for line in lines] == ids  # in order
    assert lines[0].startswith(f"Bookmarked: {known[0]} ")
    assert lines[-1].startswith(f"Already bookmarked: {known[0]} ")
    assert result.stderr.count("Hugging Face has no page for it") == len(unknown)
    fetched = [r.path for r in cli.server.requests if r.path.startswith("/api/papers/")]
    assert len(fetched) == len(known) + len(unknown)  # each once


def test_bookmarks_add_offline_keeps_the_id(cli: Any) -> None:
    result = cli("--offline", "bookmarks", "add", "2601.99999")
    assert result.exit_code == 0
    assert "offline" in result.stderr
    assert cli.server.requests == []


def test_bookmarks_remove(marked: Any) -> None:
    removed = marked("bookmarks", "remove", SIGMA)
    assert removed.exit_code == 0
    assert removed.stdout.strip() == f"Removed bookmark: {SIGMA}"
    missing = marked("bookmarks", "remove", SIGMA)
    assert missing.exit_code == 1
    assert missing.stderr.strip() == f"Not bookmarked: {SIGMA}"
    assert SIGMA not in marked("bookmarks", "list").stdout


@pytest.mark.parametrize("fmt", ["bibtex", "markdown", "json", "csv", "atom"])
def test_bookmarks_export_to_a_file(marked: Any, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    result = marked("bookmarks", "export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote 2 bookmarks to {target} ({fmt})" in result.stderr
    text = target.read_text("utf-8")
    again = marked("bookmarks", "export", "--format", fmt).stdout
    stamp = re.compile(r'"exported_at": "[^"]*"')  # a second may pass between the two
    assert stamp.sub("", text) == stamp.sub("", again)
    if fmt == "bibtex":
        assert text.count("@misc{") == 2
        assert f"eprint        = {{{SIGMA}}}" in text
        assert "archivePrefix = {arXiv}" in text
    elif fmt == "markdown":
        assert f"(https://huggingface.co/papers/{SIGMA})" in text
        assert f"(https://huggingface.co/papers/{FILESYSTEM})" in text
    elif fmt == "json":
        ids = {r["id"] for r in json.loads(text)["bookmarks"]}
        assert ids == {SIGMA, FILESYSTEM}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {row["id"] for row in rows} == {SIGMA, FILESYSTEM}
        assert all(row["listed_day"] == "2026-07-31" for row in rows)
    else:
        root = ET.fromstring(text.encode())
        assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 2
    assert not list(tmp_path.glob(".*.tmp"))


def test_bookmarks_export_to_an_unwritable_place(marked: Any, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.bib"
    result = marked("bookmarks", "export", "--format", "bibtex", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("dailypapers: cannot write")
    assert len(result.stderr.strip().splitlines()) == 1


def test_bookmarks_import_merges(marked: Any, tmp_path: Path, monkeypatch: Any) -> None:
    exported = tmp_path / "bookmarks.json"
    assert marked("bookmarks", "export", "--format", "json", "-o", str(exported)).exit_code == 0
    other = tmp_path / "other" / "cache.db"
    monkeypatch.setenv("DAILYPAPERS_DB", str(other))
    first = marked("bookmarks", "import", str(exported))
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Imported 2 new bookmarks (0 already there)")
    second = marked("bookmarks", "import", str(exported))
    assert second.stdout.startswith("Imported 0 new bookmarks (2 already there), 0 notes, 0 tags")
    assert (other.parent / "library.db").exists()
    listed = marked("bookmarks", "list").stdout
    assert "Σ-Mem" in listed  # the title came with the export's paper snapshot
    assert len(listed.splitlines()) == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [("{not json", "is not a JSON file"), ('{"format": "x"}', "not a dailypapers bookmarks")],
)
def test_bookmarks_import_bad_files(cli: Any, tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "in.json"
    path.write_text(content)
    result = cli("bookmarks", "import", str(path))
    assert result.exit_code == 1
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    missing = cli("bookmarks", "import", str(tmp_path / "missing.json"))
    assert missing.exit_code == 1
    assert missing.stderr.startswith("dailypapers: cannot read")


# --- digest -----------------------------------------------------------------------------------


def test_digest_markdown_and_json(marked: Any) -> None:
    before = len(marked.server.requests)
    markdown = marked("digest", "--date", "2026-07-31", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# Hugging Face Daily Papers — Fri 31 Jul 2026")
    ranks = re.findall(r"^(\d+)\. \*\*\[", markdown.stdout, re.MULTILINE)
    assert ranks == [str(n) for n in range(1, 31)]
    data = json.loads(marked("digest", "--date", "2026-07-31", "--format", "json").stdout)
    assert data["day"] == "2026-07-31" and data["count"] == 30
    votes = [item["upvotes"] or 0 for item in data["papers"]]
    assert votes == sorted(votes, reverse=True)
    assert data["papers"][0]["id"] == "2607.28618"  # 292 upvotes
    assert len(marked.server.requests) == before  # fresh in the cache: no refetch


def test_digest_refreshes_a_day_it_lacks(cli: Any) -> None:
    result = cli("digest", "--date", "2026-06-12", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 30
    assert cli.server.requests[0].params["date"] == "2026-06-12"


def test_digest_without_network_uses_the_cache(marked: Any) -> None:
    marked.server.fail(500)
    cached = marked("digest", "--date", "2026-07-31", "--format", "json")
    assert cached.exit_code == 0
    assert json.loads(cached.stdout)["count"] == 30
    result = marked("digest", "--date", "2026-06-12", "--format", "json")
    assert result.exit_code == 1
    assert "could not refresh" in result.stderr
    assert (
        "2026-06-12 is not in the cache; fetch it with `dailypapers refresh --date 2026-06-12`"
        in result.stderr
    )
    assert result.stdout == ""


def test_digest_of_a_day_without_papers(cli: Any) -> None:
    result = cli("digest", "--date", "2026-08-01")  # a Saturday: fetched, and empty
    assert result.exit_code == 0, result.output
    assert "No papers were listed on this day." in result.stdout


def test_digest_of_an_empty_cache_offline(cli: Any) -> None:
    result = cli("--offline", "digest")
    assert result.exit_code == 1
    assert "no papers yet" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- cache ------------------------------------------------------------------------------------


def test_cache_clear_keeps_bookmarks(marked: Any) -> None:
    cleared = marked("cache", "clear")
    assert cleared.exit_code == 0
    assert cleared.stdout.startswith(
        "Cleared the cache (30 papers). Kept your library (2 bookmarks)"
    )
    # Only the bookmarked papers are left, and search still finds them.
    found = [r["id"] for r in json.loads(marked("search", "memory", "--json").stdout)]
    assert set(found) == {SIGMA, FILESYSTEM}  # "Filesystem-Based Memory …" too
    kept = [r["id"] for r in json.loads(marked("search", "is:bookmarked", "--json").stdout)]
    assert set(kept) == {SIGMA, FILESYSTEM}
    listed = marked("bookmarks", "list").stdout
    assert "Σ-Mem" in listed and FILESYSTEM in listed
    exported = json.loads(marked("bookmarks", "export", "--format", "json").stdout)
    titles = {r["id"]: r["paper"]["title"] for r in exported["bookmarks"]}
    assert titles[SIGMA].startswith("Σ-Mem")
    info = marked("cache", "info").stdout
    assert "papers:    2 (0 listings)" in info and "library:   2 bookmarks (" in info


def test_cache_info_and_check(marked: Any) -> None:
    info = marked("cache", "info")
    assert info.exit_code == 0
    assert "papers:    30 (30 listings)" in info.stdout
    assert "days:      2026-07-31 … 2026-07-31" in info.stdout
    assert marked("cache", "check").stdout.strip() == "The cache is fine."


def test_a_garbage_cache_is_rebuilt_and_said_so(marked: Any) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{marked.cache}{suffix}").unlink(missing_ok=True)
    marked.cache.write_bytes(SQLITE_HEADER + b"garbage" * 1000)  # garbled after its header
    listed = marked("bookmarks", "list")
    assert listed.exit_code == 0
    assert "was damaged" in listed.stderr
    assert "Σ-Mem" in listed.stdout


@pytest.mark.parametrize(
    "content", [b"my notes\n" * 100, b"\x89PNG\r\n\x1a\n" + bytes(300)], ids=["text", "png"]
)
def test_a_cache_db_that_was_never_sqlite_is_refused_and_left_alone(
    cli: Any, content: bytes
) -> None:
    cli.cache.parent.mkdir(parents=True)
    cli.cache.write_bytes(content)
    result = cli("bookmarks", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"dailypapers: {cli.cache} is not a dailypapers database (not an SQLite file); "
        "refusing to replace it: move it away, or choose another file with --db\n"
    )
    assert cli.cache.read_bytes() == content
    assert [p.name for p in cli.cache.parent.iterdir()] == ["cache.db"]


def test_a_cache_with_its_header_overwritten_is_ours_and_rebuilt(marked: Any) -> None:
    """No SQLite header, yet ours: with the header restored it lists our tables."""
    conn = sqlite3.connect(marked.cache)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    conn.close()
    with marked.cache.open("r+b") as handle:
        handle.write(b"\xff" * 16)
    listed = marked("bookmarks", "list")
    assert listed.exit_code == 0
    assert "The cache was damaged; it was moved aside" in listed.stderr
    assert "Σ-Mem" in listed.stdout


def test_a_device_as_the_database_is_refused_before_sqlite_opens_it(cli: Any) -> None:
    journal = Path("/dev/null-journal")
    existed = journal.exists()
    result = cli("--db", "/dev/null", "bookmarks", "list")
    assert result.exit_code == 1
    assert "/dev/null is not a regular file (a device or a pipe)" in result.stderr
    assert journal.exists() == existed  # SQLite made /dev/null-journal (0666)


# --- global options ---------------------------------------------------------------------------


def test_version(cli: Any) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dailypapers, version {__version__}"


def test_paths(cli: Any) -> None:
    result = cli("--paths")
    assert result.exit_code == 0
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert lines["cache"].strip() == str(cli.cache)
    assert lines["library"].strip() == str(cli.library)
    assert lines["config"].strip() == str(cli.root / "config.toml")
    assert lines["api"].strip() == cli.server.url
    assert not cli.cache.exists()  # printing paths creates nothing


def test_db_option(cli: Any, tmp_path: Path) -> None:
    custom = tmp_path / "elsewhere" / "papers.db"
    typo = cli("--db", str(custom), "search", "memory")  # a folder that is not there: a typo
    assert typo.exit_code == 1 and "elsewhere does not exist (from --db)" in typo.stderr
    assert not custom.parent.exists()
    custom.parent.mkdir()
    result = cli("--db", str(custom), "refresh", "--date", "2026-07-31")
    assert result.exit_code == 0, result.output
    assert custom.exists()
    assert (custom.parent / "papers.library.db").exists()
    assert not cli.cache.exists()
    assert "papers.library.db" in cli("--db", str(custom), "--paths").stdout
    found = json.loads(cli("--db", str(custom), "search", "memory", "--json").stdout)
    assert found
    assert json.loads(cli("search", "memory", "--json").stdout) == []


def test_help(cli: Any) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("refresh", "search", "bookmarks", "digest", "cache"):
        assert command in result.stdout
    groups = ("bookmarks", "cache", "library", "watch")
    for text in (result.stdout, *(cli(group, "--help").stdout for group in groups)):
        commands = text.split("Commands:")[1]
        assert "..." not in commands  # every short description whole


def test_search_by_id_names_a_paper_that_is_not_cached(marked: Any) -> None:
    found = marked("search", "arXiv:2607.27958v1", "--json")
    assert [p["id"] for p in json.loads(found.stdout)] == ["2607.27958"]
    missing = marked("search", "2607.99999")
    assert missing.exit_code == 1
    assert "2607.99999 is not in the cache; `dailypapers bookmarks add 2607.99999` fetches" in (
        missing.stderr
    )


def test_bookmarks_with_only_an_id_get_their_details_when_online(cli: Any, tmp_path: Any) -> None:
    added = cli("--offline", "bookmarks", "add", "2605.06554")  # a paper the API knows
    assert "offline: only the id is saved" in added.stderr
    exported = tmp_path / "ids.json"
    exported.write_text('{"bookmarks": [{"id": "2605.13301"}]}')  # imported without details
    imported = cli("bookmarks", "import", str(exported))
    assert imported.exit_code == 0, imported.output
    assert "Filled in the details of 2 bookmarked papers." in imported.stderr
    records = json.loads(cli("bookmarks", "export", "--format", "json").stdout)["bookmarks"]
    titles = {r["id"]: r["paper"]["title"] for r in records}
    assert all(title != paper_id for paper_id, title in titles.items())
    again = cli("refresh", "--date", "2026-07-31")
    assert "Filled in" not in again.stderr  # nothing left to fill in: no request for it
    assert not [r for r in cli.server.requests if r.path.startswith("/api/papers/2605")][2:]


def test_a_bookmark_hugging_face_does_not_know_is_not_asked_about_at_every_run(
    cli: Any,
) -> None:
    assert cli("--offline", "bookmarks", "add", "2401.00001").exit_code == 0  # unknown to HF
    for _ in range(3):
        assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    asked = [r for r in cli.server.requests if r.path == "/api/papers/2401.00001"]
    assert len(asked) == 1
    assert "2401.00001" in cli("bookmarks", "list").stdout  # kept all the same


def test_export_follows_a_link_and_writes_into_a_pipe(marked: Any, tmp_path: Path) -> None:
    import os
    import threading

    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = marked("bookmarks", "export", "--format", "json", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and json.loads(real.read_text())["bookmarks"]
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()))
    reader.start()
    result = marked("bookmarks", "export", "--format", "csv", "-o", str(pipe))
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert pipe.exists() and not pipe.is_file()  # still a pipe, not replaced by a file
    assert received and received[0].startswith("id,title,")
    folder = marked("bookmarks", "export", "--format", "csv", "-o", str(tmp_path))
    assert folder.exit_code == 1 and "it is a folder" in folder.stderr


def test_import_says_what_it_cut_or_left_out(cli: Any, tmp_path: Path) -> None:
    exported = tmp_path / "odd.json"
    record = {"id": "2607.27958", "note": "x" * 30_000, "tags": [1, None, {"a": 1}, "ok"]}
    exported.write_text(json.dumps({"bookmarks": [record]}))
    result = cli("--offline", "bookmarks", "import", str(exported))
    assert result.exit_code == 0, result.output
    assert "1 note was longer than 20,000 characters and kept up to there" in result.stderr
    assert "skipped 3 tags that were not text" in result.stderr
    records = json.loads(cli("bookmarks", "export", "--format", "json").stdout)["bookmarks"]
    assert records[0]["tags"] == ["ok"] and len(records[0]["note"]) == 20_000


# --- every export read back; the whole library ------------------------------------------------


def test_export_without_a_format_is_json(marked: Any) -> None:
    result = marked("bookmarks", "export")
    assert result.exit_code == 0, result.output
    assert {r["id"] for r in json.loads(result.stdout)["bookmarks"]} == {SIGMA, FILESYSTEM}
    assert "[default: json]" in marked("bookmarks", "export", "--help").stdout


@pytest.mark.parametrize("fmt", ["csv", "bibtex"])
def test_csv_and_bibtex_exports_import_into_an_empty_library(
    marked: Any, tmp_path: Path, monkeypatch: Any, fmt: str
) -> None:
    noted = marked("bookmarks", "import", "-")  # a note and tags on a bookmark, from stdin
    assert noted.exit_code != 0  # nothing on stdin: not an export, said plainly
    assert "import reads the JSON, CSV and BibTeX exports" in noted.stderr
    record = {"id": SIGMA, "note": "Read §3 & 50%\nthen §4", "tags": ["Reading Group", "memory"]}
    given = tmp_path / "given.json"
    given.write_text(json.dumps([record]))
    assert marked("bookmarks", "import", str(given)).exit_code == 0
    exported = tmp_path / "mine.export"  # a name that does not tell: the content does
    assert marked("bookmarks", "export", "--format", fmt, "-o", str(exported)).exit_code == 0
    before = json.loads(marked("bookmarks", "export").stdout)["bookmarks"]
    monkeypatch.setenv("DAILYPAPERS_DB", str(tmp_path / "empty" / "cache.db"))
    result = marked("--offline", "bookmarks", "import", str(exported))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 2 new bookmarks (0 already there), 1 note, 2 tags")
    after = json.loads(marked("bookmarks", "export").stdout)["bookmarks"]
    # Sorted: the two bookmarks of one `add` may share a millisecond, and so their order.
    assert sorted((r["id"], r["note"], r["tags"]) for r in after) == sorted(
        (r["id"], r["note"], r["tags"]) for r in before
    )
    assert {r["id"]: r["note"] for r in after}[SIGMA] == "Read §3 & 50%\nthen §4"
    assert "Σ-Mem" in marked("bookmarks", "list").stdout  # the title came with the file


@pytest.mark.parametrize(("fmt", "words"), [("markdown", "a Markdown export"), ("atom", "an Atom")])
def test_an_export_import_cannot_read_says_which_it_can(
    marked: Any, tmp_path: Path, fmt: str, words: str
) -> None:
    exported = tmp_path / f"mine.{fmt}"
    assert marked("bookmarks", "export", "--format", fmt, "-o", str(exported)).exit_code == 0
    result = marked("bookmarks", "import", str(exported))
    assert result.exit_code == 1
    assert result.stderr == (
        f"dailypapers: {exported} is {words}{' feed' * (fmt == 'atom')}, which cannot be read "
        "back: import reads the JSON, CSV and BibTeX exports\n"
    )


def test_import_refuses_what_is_not_a_regular_file_or_too_big(
    cli: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    import os

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # nobody writes to it: opening it the usual way would wait for ever
    device = "it is not a regular file (a device or a pipe)"
    for path, words in ((fifo, device), (Path("/dev/zero"), device), (tmp_path, "it is a folder")):
        result = cli("bookmarks", "import", str(path))
        assert result.exit_code == 1
        assert result.stderr == f"dailypapers: cannot read {path}: {words}\n"
    monkeypatch.setattr("tui.core.imports.MAX_IMPORT_BYTES", 100)
    big = tmp_path / "big.json"
    big.write_text(json.dumps([{"id": SIGMA, "note": "x" * 200}]))
    result = cli("bookmarks", "import", str(big))
    assert result.exit_code == 1
    assert "larger than" in result.stderr and "nothing was imported" in result.stderr
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"id,title\n\xff\xfe")
    result = cli("bookmarks", "import", str(binary))
    assert result.stderr == f"dailypapers: cannot read {binary}: it is not UTF-8 text\n"
    assert not cli.library.exists() or "2607" not in cli("bookmarks", "list").stdout


def test_an_export_to_a_full_disk_says_the_disk_is_full(
    marked: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    import errno

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    from tui.cli import files

    monkeypatch.setattr(files, "replace_file", full)
    target = tmp_path / "out.json"
    result = marked("bookmarks", "export", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"dailypapers: cannot write {target}: the disk is full; free some space and try again\n"
    )


def test_an_import_with_a_bom_and_junk_dates_is_read_and_said(cli: Any, tmp_path: Path) -> None:
    as_json = tmp_path / "with-bom.json"
    records = [{"id": SIGMA, "bookmarked_at": "9999-99-99\u0000", "tags": ["a"]}]
    as_json.write_bytes(b"\xef\xbb\xbf" + json.dumps({"bookmarks": records}).encode())
    result = cli("--offline", "bookmarks", "import", str(as_json))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 1 new bookmark (0 already there), 0 notes, 1 tag.\n"
    assert result.stderr == (
        "  note: 1 date was not a date from 1990 to 2100 and left out (the time of the import "
        "is used instead).\n"
    )
    as_csv = tmp_path / "with-bom.csv"
    as_csv.write_bytes(b"\xef\xbb\xbfid,bookmarked_at,note\r\n" + FILESYSTEM.encode() + b",,hi\r\n")
    result = cli("--offline", "bookmarks", "import", str(as_csv))
    assert result.stdout == "Imported 1 new bookmark (0 already there), 1 note, 0 tags.\n"
    exported = cli("bookmarks", "export", "--format", "csv").stdout
    assert "\x00" not in exported and "9999" not in exported


def test_the_whole_library_goes_out_and_comes_back(
    marked: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps({"format": "dailypapers-library", "papers": [
        {"id": "2607.26001", "bookmarked": False, "note": "not bookmarked", "tags": ["idea"]},
        {"id": "2607.26002", "bookmarked": False, "read_at": "2026-08-01T10:00:00.000Z"},
    ]}))  # fmt: skip
    imported = marked("--offline", "library", "import", str(notes))
    assert imported.stdout == (
        "Imported 0 new bookmarks (0 already there), 1 note, 1 tag, 1 read mark.\n"
    )
    cleared = marked("cache", "clear")
    assert cleared.stdout == (
        "Cleared the cache (30 papers). Kept your library (2 bookmarks, 1 note, 1 tagged paper, "
        f"1 read mark) in {marked.library}.\n"
    )
    info = marked("cache", "info").stdout
    assert f"library:   2 bookmarks, 1 note, 1 tagged paper, 1 read mark ({marked.library})" in info
    out = tmp_path / "library.json"
    written = marked("library", "export", "-o", str(out))
    assert written.stderr == (
        f"Wrote 2 bookmarks, 1 note, 1 tagged paper, 1 read mark to {out} (json).\n"
    )
    document = json.loads(out.read_text())
    assert [r["id"] for r in document["papers"]][2:] == ["2607.26001", "2607.26002"]  # newest
    assert marked("library", "export").stdout.count('"id"') >= 4  # stdout without -o
    monkeypatch.setenv("DAILYPAPERS_DB", str(tmp_path / "empty" / "cache.db"))
    back = marked("--offline", "bookmarks", "import", str(out))
    assert back.exit_code == 0, back.output
    again = tmp_path / "again.json"
    assert marked("library", "export", "-o", str(again)).exit_code == 0
    stamp = re.compile(r'"exported_at": "[^"]*"')
    assert stamp.sub("", again.read_text()) == stamp.sub("", out.read_text())


def test_damaged_caches_do_not_pile_up_and_cache_info_lists_them(marked: Any) -> None:
    said = []
    for _ in range(4):
        for suffix in ("-wal", "-shm"):  # a damaged cache's WAL goes with it, not left behind
            Path(f"{marked.cache}{suffix}").write_bytes(b"wal of a damaged cache")
        marked.cache.write_bytes(SQLITE_HEADER + b"garbage" * 1000)
        listed = marked("bookmarks", "list")
        assert listed.exit_code == 0 and "Σ-Mem" in listed.stdout
        said.append(listed.stderr)
    copies = sorted(p.name for p in marked.cache.parent.glob("cache.db.damaged-*"))
    assert len(copies) == 6  # the last two, each with its -wal and -shm
    named = re.compile(r"cache\.db\.damaged-\d{8}T\d{6}Z(-\d+)?(-wal|-shm)?")
    assert all(named.fullmatch(c) for c in copies)
    newest = [c for c in copies if not c.endswith(("-wal", "-shm"))]
    assert f"moved aside to {marked.cache.parent}/" in said[-1]  # where it is, in full
    assert "1 older damaged copy was deleted (the last 2 are kept)." in said[-1]
    assert "older" not in said[0] and "older" not in said[1]
    info = marked("cache", "info").stdout.splitlines()
    damaged = [line for line in info if line.startswith("damaged:")]
    assert len(damaged) == 2
    assert all("a damaged cache moved aside" in line for line in damaged)
    assert {line.split()[1] for line in damaged} == {str(marked.cache.parent / n) for n in newest}


def test_a_bibtex_import_gets_the_papers_details_once(
    marked: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """BibTeX carries a title and authors only: online, the rest is fetched, and only once."""
    exported = tmp_path / "mine.bib"
    assert marked("bookmarks", "export", "--format", "bibtex", "-o", str(exported)).exit_code == 0
    monkeypatch.setenv("DAILYPAPERS_DB", str(tmp_path / "empty" / "cache.db"))
    imported = marked("bookmarks", "import", str(exported))
    assert imported.exit_code == 0, imported.output
    assert "Filled in the details of 2 bookmarked papers." in imported.stderr
    listed = marked("bookmarks", "list").stdout
    assert "2026-07-31" in listed and "12▲" in listed  # its day and upvotes, from the API
    again = marked("refresh", "--date", "2024-04-10")
    assert again.exit_code == 0 and "Filled in" not in again.stderr


def test_search_json_gives_what_you_keep_and_your_notes_are_searched(marked: Any) -> None:
    from tui.core.library import Library

    library = Library(marked.cache.parent / "library.db")
    library.set_note(FILESYSTEM, "Check the zettelkasten idea", ["agents", "to-read"])
    library.set_read(SIGMA)
    library.close()
    found = {item["id"]: item for item in json.loads(marked("search", "memory", "--json").stdout)}
    mine = {key: found[FILESYSTEM][key] for key in ("bookmarked", "read", "tags", "note")}
    assert mine == {
        "bookmarked": True,
        "read": False,
        "tags": ["agents", "to-read"],
        "note": "Check the zettelkasten idea",
    }
    assert (found[SIGMA]["bookmarked"], found[SIGMA]["read"], found[SIGMA]["tags"]) == (
        True,
        True,
        [],
    )
    assert found[SIGMA]["note"] is None
    others = [item for item in found.values() if item["id"] not in (SIGMA, FILESYSTEM)]
    assert others and not any(item["bookmarked"] or item["tags"] for item in others)
    zettel = marked("search", "zettelkasten")  # a word of the note, and nowhere else
    assert zettel.exit_code == 0 and FILESYSTEM in zettel.stdout
    assert len(zettel.stdout.splitlines()) == 1


def test_an_export_never_writes_over_the_apps_own_files(
    marked: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    data = marked.library.parent
    before = marked.library.read_bytes()
    link = tmp_path / "innocent.md"
    link.symlink_to(marked.library)
    (tmp_path / "config.toml").write_text("")
    monkeypatch.chdir(data)
    targets = [
        "library.db",  # relative, from the data folder: as the user typed it
        str(marked.cache),
        str(data / "library.db-wal"),
        str(link),  # a link to the library
        str(tmp_path / "config.toml"),
    ]
    for target in targets:
        for command in (("bookmarks", "export", "--format", "markdown"), ("library", "export")):
            result = marked(*command, "-o", target)
            assert result.exit_code == 1, (target, result.output)
            assert "will not write over" in result.stderr and "own files" in result.stderr
    assert marked.library.read_bytes() == before
    assert len(json.loads(marked("bookmarks", "export").stdout)["bookmarks"]) == 2
    empty = marked("bookmarks", "export", "-o", "")
    assert empty.exit_code == 1 and "-o needs a file name" in empty.stderr


def test_the_apps_files_are_private_and_an_export_keeps_a_files_mode(
    marked: Any, tmp_path: Path
) -> None:
    import stat

    data = marked.library.parent
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("cache.db", "library.db"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    mine = tmp_path / "mine.json"
    mine.write_text("old")
    mine.chmod(0o640)
    assert marked("bookmarks", "export", "-o", str(mine)).exit_code == 0
    assert stat.S_IMODE(mine.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    assert marked("bookmarks", "export", "-o", str(fresh)).exit_code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / ".planted.json.tmp").symlink_to(victim)  # the old temporary's name
    assert marked("bookmarks", "export", "-o", str(tmp_path / "planted.json")).exit_code == 0
    assert victim.read_text() == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and p.is_file()
                and not p.is_symlink()]  # fmt: skip


def test_digest_writes_hostile_links_inertly(cli: Any) -> None:
    """Markdown meant for mail and chat: a server's links can start no link or HTML of their own."""
    hostile = {
        "2607.28618": "https://github.com/<img/src=x/onerror=alert(1)>",
        "2607.28568": "https://github.com/a)[click](javascript:alert(1)",
        "2607.23193": "https://github.com@evil.example/x",
    }
    for entry in cli.server.entries:
        if entry["paper"]["id"] in hostile:
            entry["paper"]["githubRepo"] = hostile[entry["paper"]["id"]]
    result = cli("digest", "--date", "2026-07-31")
    assert result.exit_code == 0, result.output
    assert "<https://github.com/%3Cimg/src=x/onerror=alert%281%29%3E>" in result.stdout
    assert "<https://github.com/a%29%5Bclick%5D%28javascript:alert%281%29>" in result.stdout
    assert "<img" not in result.stdout and "](javascript" not in result.stdout
    assert "evil.example" not in result.stdout
