"""What the command line says when it is asked for something it cannot do: one plain line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def test_a_future_period_is_refused_without_asking_the_api(cli: Any) -> None:
    for args in (
        ("--date", "2099-12-25"),
        ("--month", "2099-01"),
        ("--week", "2099-W02"),
    ):
        result = cli("refresh", *args)
        assert result.exit_code == 2, result.output
        assert "is in the future" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    digest = cli("digest", "--date", "2099-12-25")
    assert digest.exit_code == 2 and "is in the future" in digest.stderr
    assert cli.server.requests == []


def test_before_the_first_day_is_refused_or_clamped(cli: Any) -> None:
    result = cli("refresh", "--date", "2020-01-01")
    assert result.exit_code == 2
    assert "before the first Daily Papers day (2023-05-04)" in result.stderr
    backfill = cli("refresh", "--since", "2020-01-01", "--until", "2023-05-05")
    assert "Daily Papers began on 2023-05-04; starting there." in backfill.stderr
    days = sorted(r.params.get("date") for r in cli.server.requests)
    assert days == ["2023-05-04", "2023-05-05"]


@pytest.mark.parametrize(
    ("since", "until", "words"),
    [
        ("2022-01-01", "2022-01-03", "2022-01-01 to 2022-01-03 is before the first Daily"),
        ("2022-01-01", "2022-13-03", "'2022-13-03' is not a date"),
        ("2022-01-05", "2022-01-03", "--until is before --since"),
        ("2022-01-01", "2099-01-01", "2099-01-01 is in the future"),
    ],
)
def test_a_backfill_range_is_checked_whole_before_anything_is_said(
    cli: Any, since: str, until: str, words: str
) -> None:
    result = cli("refresh", "--since", since, "--until", until)
    assert result.exit_code == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # no "starting there" before it
    assert cli.server.requests == []


def test_search_takes_no_misspelt_options_and_names_misread_filters(cli: Any) -> None:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    typo = cli("search", "memory", "--jsn")
    assert typo.exit_code == 2
    assert "No such option '--jsn'" in typo.stderr
    excluded = cli("search", "memory", "-agents")  # -word still excludes
    assert excluded.exit_code == 0
    misread = cli("search", "memory", "since:2026-13-01", "upvotes>lots", "since:yesterday")
    # As grep with a pattern it cannot read: what is wrong, nothing searched, exit 2.
    assert misread.exit_code == 2 and misread.stdout == ""
    assert misread.stderr.splitlines() == [
        "dailypapers: since: 2026-13-01 is not a real date (since:2026-13-01);"
        " nothing was searched",
        "dailypapers: upvotes compares with a whole number, e.g. upvotes>50 (upvotes>lots);"
        " nothing was searched",
        "dailypapers: since: takes a date as YYYY-MM-DD, e.g. since:2026-07-01 (since:yesterday);"
        " nothing was searched",
    ]
    empty = cli("search", "memory", "author:")
    assert empty.exit_code == 2
    assert "author: needs a name, e.g. author:LeCun (author:)" in empty.stderr
    long = cli("search", "memory " * 200)
    assert long.exit_code == 0
    assert "note: the query is 1,400 characters; the first 1,000 are used" in long.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("search", "zzzqqq"), "No cached paper matches “zzzqqq”. Fetch more"),
        (
            ("search", "is:bookmarked"),
            "None of your papers matches “is:bookmarked”. is:bookmarked keeps your bookmarks:"
            " you have no bookmarks yet (b adds one).",
        ),
        (
            ("search", "has:github", "upvotes>100000"),
            "No cached paper matches “has:github upvotes>100000”. has:github keeps papers with"
            " a GitHub repository.",
        ),
        (("search", ""), "Nothing to search for"),
    ],
)
def test_search_says_why_nothing_matched(cli: Any, args: tuple[str, ...], words: str) -> None:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    result = cli(*args)
    assert result.exit_code == 1
    assert words in " ".join(result.stderr.split())


def test_search_of_an_empty_cache_says_it_is_empty(cli: Any) -> None:
    result = cli("--offline", "search", "memory")
    assert "the cache is empty" in result.stderr


def test_bookmarks_add_names_every_bad_id_and_changes_nothing(cli: Any) -> None:
    result = cli("--offline", "bookmarks", "add", "2607.27958", "javascript:x", "12")
    assert result.exit_code == 2
    assert "'javascript:x', '12' are not arXiv ids" in result.stderr
    assert "nothing was changed" in result.stderr
    listed = cli("bookmarks", "list")
    assert "No bookmarks yet" in listed.stderr


def test_ids_with_impossible_months_are_not_ids(cli: Any) -> None:
    result = cli("--offline", "bookmarks", "add", "9999.99999")
    assert result.exit_code == 2
    assert "is not an arXiv id" in result.stderr


def test_usage_errors_are_one_line_and_a_bare_group_shows_its_help(cli: Any) -> None:
    export = cli("bookmarks", "export", "--format", "pdf")
    assert export.exit_code == 2
    assert export.stderr.strip().count("\n") == 0
    assert "'pdf' is not one of 'bibtex', 'markdown', 'json', 'csv', 'atom'" in export.stderr
    group = cli("cache")
    assert group.exit_code == 0
    assert "Commands:" in group.stdout and "clear" in group.stdout
    assert group.stderr == ""


def test_an_endpoint_that_is_not_a_url_is_named(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "notaurl")
    result = cli("refresh", "--date", "2026-07-31")
    assert result.exit_code == 1
    assert "HF_ENDPOINT is 'notaurl', which is not an http(s) URL" in result.stderr
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:99999")
    backfill = cli("refresh", "--since", "2026-07-01")
    assert backfill.exit_code == 1
    assert "unexpected" not in backfill.stderr
    assert "backfill failed: HF_ENDPOINT is 'http://127.0.0.1:99999', whose port" in (
        backfill.stderr
    )
    added = cli("bookmarks", "add", "2404.01258")
    assert added.exit_code == 0 and "Bookmarked: 2404.01258" in added.stdout
    assert "its details could not be fetched (HF_ENDPOINT is" in added.stderr
    assert "2404.01258" in cli("bookmarks", "list").stdout


def test_counts_in_words_are_singular_when_one(cli: Any, tmp_path: Any) -> None:
    exported = tmp_path / "one.json"
    exported.write_text('{"bookmarks": [{"id": "2607.27958", "note": "n", "tags": ["x"]}]}')
    result = cli("bookmarks", "import", str(exported))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 1 new bookmark (0 already there), 1 note, 1 tag.")


def damage_inside(cache: Any) -> None:
    """A valid SQLite header, broken pages inside: what a crash or a bad disk leaves."""
    import sqlite3

    conn = sqlite3.connect(cache)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = cache.stat().st_size
    with cache.open("r+b") as handle:
        for offset in range(2 * 4096, size - 4096, 2 * 4096):
            handle.seek(offset)
            handle.write(b"\xde\xad\xbe\xef" * 1024)


def test_a_cache_damaged_inside_is_rebuilt_and_the_command_runs_again(cli: Any) -> None:
    assert cli("refresh", "--month", "2024-04").exit_code == 0
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    assert cli("bookmarks", "add", "2607.27958").exit_code == 0
    damage_inside(cli.cache)
    result = cli("--offline", "digest", "--date", "2024-04-10")
    assert f"The cache was damaged; it was moved aside to {cli.cache}.damaged-" in result.stderr
    # Run again on the rebuilt cache: the day is gone, and the command says so plainly.
    assert "2024-04-10 is not in the cache; fetch it with" in result.stderr
    assert result.exit_code == 1
    assert list(cli.cache.parent.glob("cache.db.damaged-*"))
    found = cli("search", "is:bookmarked", "--json")
    assert '"2607.27958"' in found.stdout


def test_a_db_path_that_is_someone_elses_file_is_left_alone(cli: Any, tmp_path: Any) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}')
    result = cli("--db", str(notes), "search", "memory")
    assert result.exit_code == 1
    assert "is not a dailypapers cache (not an SQLite database); it was left untouched" in (
        result.stderr
    )
    assert notes.read_text() == '{"mine": true}'
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == [
        "notes.json"
    ]


def test_another_programs_sqlite_file_given_as_db_is_left_alone(cli: Any, tmp_path: Any) -> None:
    import sqlite3

    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE albums (name TEXT)")
    conn.execute("INSERT INTO albums VALUES ('summer')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for args in (("search", "memory"), ("bookmarks", "add", "2404.01258")):
        result = cli("--db", str(other), *args)
        assert result.exit_code == 1
        assert "is an SQLite database, but not the cache of dailypapers" in result.stderr
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("photos")) == [
        "photos.db"
    ]


def test_a_backfill_names_months_and_days(cli: Any) -> None:
    result = cli("refresh", "--since", "2024-03-28", "--until", "2024-04-30")
    assert result.exit_code == 0, result.output
    assert "Backfill: 1 month and 4 days to look at" in result.stdout


def test_cache_check_exits_1_when_it_had_to_rebuild(cli: Any) -> None:
    assert cli("refresh", "--month", "2024-04").exit_code == 0
    fine = cli("cache", "check")
    assert fine.exit_code == 0 and fine.stdout.strip() == "The cache is fine."
    damage_inside(cli.cache)
    checked = cli("cache", "check")
    assert checked.exit_code == 1
    assert "The cache was damaged; it was moved aside" in checked.output
    assert "fine" not in checked.output


def test_demo_with_a_command_is_refused_rather_than_touching_the_users_cache(cli: Any) -> None:
    assert cli("refresh", "--date", "2026-07-31").exit_code == 0
    result = cli("--demo", "search", "memory")
    assert result.exit_code == 2
    assert "--demo only opens the app on the bundled sample" in result.stderr
    assert result.stdout == ""


def test_an_empty_period_option_is_refused_not_read_as_today(cli: Any) -> None:
    for option in ("--date", "--month", "--since"):
        result = cli("refresh", option, "")
        assert result.exit_code == 2
        assert f"{option} needs a value" in result.stderr
    assert cli.server.requests == []


def test_credentials_in_hf_endpoint_are_never_printed_or_stored(
    cli: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://someone:s3cret@127.0.0.1:{port}")
    paths = cli("--paths")
    assert f"api:     http://127.0.0.1:{port}" in paths.stdout
    failed = cli("refresh", "--date", "2026-07-31")
    assert failed.exit_code == 1
    assert f"127.0.0.1:{port}" in failed.stderr
    monkeypatch.setenv("HF_ENDPOINT", "http://someone:s3cret@not a host")
    refused = cli("refresh", "--date", "2026-07-31")
    for result in (paths, failed, refused):
        assert "s3cret" not in result.output and "someone" not in result.output
    for file in cli.cache.parent.iterdir():
        assert b"s3cret" not in file.read_bytes(), file


def test_an_empty_db_option_is_refused_not_read_as_the_default(cli: Any) -> None:
    for args in (("--db", "", "bookmarks", "list"), ("--db", " ", "--paths")):
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert "--db needs a file name" in result.stderr
    assert not cli.cache.exists()


@pytest.mark.parametrize("kind", ["StoreBusy", "ApiError", "PayloadError", "SchemaTooNew"])
def test_every_expected_error_is_said_in_its_own_words_not_as_unexpected(
    cli: Any, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The funnel catches the one base of the project's errors, whichever escapes a command."""
    from tui.core import errors
    from tui.core.store import Store

    sentence = "the database cache.db is busy (another dailypapers is writing to it); try again"

    def stats(self: Store) -> dict[str, Any]:
        raise getattr(errors, kind)(sentence)

    monkeypatch.setattr(Store, "stats", stats)
    result = cli("cache", "info")
    assert result.exit_code == 1
    assert result.stderr == f"dailypapers: {sentence}\n"
