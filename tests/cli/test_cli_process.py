"""End to end: ``python -m tui`` in its own process, against the fake API on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fakeserver import FakeHF


@pytest.fixture
def run(tmp_path: Path, fake_hf: FakeHF) -> Any:
    env = {
        **os.environ,
        "HF_ENDPOINT": fake_hf.url,
        "DAILYPAPERS_DB": str(tmp_path / "cache.db"),
        "DAILYPAPERS_CONFIG": str(tmp_path / "config.toml"),
        "PYTHONIOENCODING": "utf-8",
    }

    def go(*args: str | bytes) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tui", *args],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
        )

    return go


def test_refresh_then_search_in_real_processes(run: Any, fake_hf: FakeHF) -> None:
    refreshed = run("refresh", "--date", "2026-07-31")
    assert refreshed.returncode == 0, refreshed.stderr
    assert refreshed.stdout.startswith("2026-07-31: 30 papers: 30 new")
    assert fake_hf.requests[0].headers["User-Agent"].startswith("dailypapers/")
    fake_hf.stop()
    found = run("search", "memory", "agents", "--json")
    assert found.returncode == 0, found.stderr
    ids = [item["id"] for item in json.loads(found.stdout)]
    assert "2607.27958" in ids and "2607.26637" in ids


def test_a_refused_refresh_is_one_line_without_traceback(run: Any, fake_hf: FakeHF) -> None:
    fake_hf.fail(400, body=b'{"error": "\\"date\\" must be a valid date"}')
    result = run("refresh", "--date", "2026-07-31")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"dailypapers: refresh of 2026-07-31 failed: 127.0.0.1:{fake_hf.url.rsplit(':', 1)[1]}"
        ' answered HTTP 400 Bad Request: "date" must be a valid date. The cache is unchanged.'
    ]
    assert result.stdout == ""


def test_a_non_utf8_search_argument_is_just_text(run: Any) -> None:
    """A shell can pass bytes that are not UTF-8 (Python hands them over as lone surrogates)."""
    assert run("refresh", "--date", "2026-07-31").returncode == 0
    result = run("search", os.fsencode("memory r\udcffeliability"))
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1), result.stderr  # 1: nothing matched


def test_a_reader_that_stops_early_ends_the_output_quietly(run: Any, tmp_path: Path) -> None:
    assert run("refresh", "--date", "2026-07-31").returncode == 0
    env = {**os.environ, "DAILYPAPERS_DB": str(tmp_path / "cache.db"), "PYTHONIOENCODING": "utf-8"}
    # `| head -1`: the reader closes the pipe after the first line.
    for command in ("search the -n 1000", "search the -n 1000 --json", "--offline digest"):
        piped = subprocess.run(
            f"{sys.executable} -m tui {command} | head -1; exit ${{PIPESTATUS[0]}}",
            shell=True,
            executable="/bin/bash",
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert piped.stdout.count("\n") == 1
        assert piped.stderr == ""
        assert piped.returncode == 0  # as `seq 1000000 | head -1` does, not an error


def test_a_reader_gone_before_bookmarks_add_ends_loses_none(
    run: Any, fake_hf: FakeHF, tmp_path: Path
) -> None:
    """`bookmarks add ID… | head -1`: the reader leaves after a line; every id is still added.
    Here the reader is gone before the first line, so that the test does not race head."""
    from fakeserver import DAY_0731, load_fixture

    ids = [entry["paper"]["id"] for entry in load_fixture(DAY_0731)]
    env = {
        **os.environ,
        "HF_ENDPOINT": fake_hf.url,
        "DAILYPAPERS_DB": str(tmp_path / "cache.db"),  # as run() has it
        "DAILYPAPERS_CONFIG": str(tmp_path / "config.toml"),
    }
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        added = subprocess.run(
            [sys.executable, "-m", "tui", "bookmarks", "add", *ids],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert added.stderr == ""  # no traceback, no complaint about the pipe
    assert added.returncode == 0  # the work asked for was done
    listed = run("bookmarks", "list").stdout.splitlines()
    assert len(listed) == len(ids)


def test_a_full_disk_is_one_plain_line(run: Any, tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    assert run("refresh", "--date", "2026-07-31").returncode == 0
    env = {**os.environ, "DAILYPAPERS_DB": str(tmp_path / "cache.db"), "PYTHONIOENCODING": "utf-8"}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tui", "search", "memory"],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr == (
        "dailypapers: cannot write the output: the disk is full; free some space and try again\n"
    )


@pytest.mark.parametrize("flags", [(), ("--demo",)])
def test_the_app_without_a_terminal_says_how_to_use_it_and_fails(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    # Piped or redirected (a cron job, `dailypapers > out.txt`): no screen full of escape codes,
    # no app waiting for keys, no visit counted; a sentence pointing at --help, and status 2.
    env = {
        **os.environ,
        "HF_ENDPOINT": "http://127.0.0.1:9",
        "DAILYPAPERS_DB": str(tmp_path / "cache.db"),
        "DAILYPAPERS_CONFIG": str(tmp_path / "config.toml"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tui", *flags],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "\x1b" not in result.stderr
    assert result.stderr.startswith("dailypapers: the app needs a terminal")
    assert "dailypapers --help" in result.stderr
    assert not (tmp_path / "state.json").exists()
    assert not (tmp_path / "cache.db").exists()
