"""``dailypapers sync``: two data folders standing for two machines and one fake Hub
(tests/hubserver.py with its collections API)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fake_collections import FakeCollections
from hubserver import HubServer

A, B = "2607.00001", "2607.00002"


@pytest.fixture(scope="module")
def hub() -> Iterator[HubServer]:
    with HubServer() as server:
        yield server


@pytest.fixture
def machine(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch, client_defaults: Any
) -> Any:
    """``machine("a", "sync", …)``: dailypapers with its data folder ``a``."""
    from tui.cli import main

    hub.collections = FakeCollections()
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("HF_TOKEN", "hf_alice_write")
    monkeypatch.setenv("DAILYPAPERS_CONFIG", str(tmp_path / "config.toml"))
    client_defaults(max_tries=1, read_timeout=2.0, connect_timeout=0.5, backoff_base=0.0)
    runner = CliRunner()

    def run(name: str, *args: str) -> Any:
        monkeypatch.setenv("DAILYPAPERS_DB", str(tmp_path / name / "cache.db"))
        return runner.invoke(main, ["--offline", *args] if args[0] == "bookmarks" else list(args))

    return run


def test_a_bookmark_made_on_one_machine_reaches_the_other_and_a_removal_on_the_web_both(
    machine: Any, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert machine("a", "bookmarks", "add", A, B).exit_code == 0
    dry = machine("a", "sync", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would create the collection alice/dailypapers (private)." in dry.stdout
    assert f"{A}  would be added to the collection" in dry.stdout
    assert hub.collections.collections == {}  # nothing made
    first = machine("a", "sync")
    assert first.exit_code == 0, first.output
    assert f"{A}  added to the collection" in first.stdout
    where = machine("a", "--paths").stdout
    assert "sync:    alice/dailypapers-" in where and "(synced just now)" in where
    other = machine("b", "sync", "--json")
    data = json.loads(other.stdout)
    assert {c["id"]: c["what"] for c in data["changes"]} == {
        A: "bookmarked from the collection",
        B: "bookmarked from the collection",
    }
    assert "hf_alice_write" not in first.output + other.output
    hub.collections.remove_on_website(data["collection"], A)
    assert machine("a", "cache", "clear").exit_code == 0  # the sync state is user data
    for name in ("a", "b"):
        result = machine(name, "sync")
        assert f"{A}  removed here (removed on the Hub)" in result.stdout
        listed = machine(name, "bookmarks", "list")
        assert A not in listed.stdout and B in listed.stdout
    again = machine("a", "sync")
    assert "Nothing to change: 1 bookmark in step" in again.stdout
    monkeypatch.delenv("HF_TOKEN")
    refused = machine("a", "sync")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("dailypapers: No Hugging Face token found")
    assert refused.stderr.count("\n") == 1
