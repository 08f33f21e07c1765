"""``dailypapers trending``, ``info`` and what ``--paths`` says of the token, against the fake Hub
(tests/hubserver.py); and the cache-first answers the app uses (tui/core/paper_page.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hubserver import HUB_HOSTILE, HUB_MANY, HUB_NEVER_DAILY, HUB_THREE, HubServer

from tui.core import paper_page
from tui.core.api import HFClient
from tui.core.store import Store


@pytest.fixture(scope="module")
def hub() -> Iterator[HubServer]:
    with HubServer() as server:
        yield server


@pytest.fixture
def run(
    tmp_path: Path, hub: HubServer, monkeypatch: pytest.MonkeyPatch, client_defaults: Any
) -> Any:
    from tui.cli import main

    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("DAILYPAPERS_DB", str(tmp_path / "data" / "cache.db"))
    monkeypatch.setenv("DAILYPAPERS_CONFIG", str(tmp_path / "config.toml"))
    client_defaults(max_tries=1, read_timeout=0.5, connect_timeout=0.5, backoff_base=0.0)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), prog_name="dailypapers")


def test_trending_fetches_once_then_prints_the_cached_list_with_its_age(
    run: Any, hub: HubServer, tmp_path: Path
) -> None:
    first = run("trending", "-n", "4")
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert [line.split()[3] for line in lines] == [
        HUB_MANY,
        HUB_THREE,
        HUB_NEVER_DAILY,
        HUB_HOSTILE,
    ]
    assert "\x1b" not in first.output
    asked = len(hub.paths)
    again = run("trending", "--json", "-n", "2")
    assert len(hub.paths) == asked  # fresh: from the cache
    items = json.loads(again.stdout)
    assert [(i["rank"], i["id"]) for i in items] == [(1, HUB_MANY), (2, HUB_THREE)]
    assert "fetched just now (cached)" in again.stderr
    offline = run("--offline", "trending", "-n", "1")
    assert offline.exit_code == 0 and HUB_MANY in offline.stdout


def test_trending_with_nothing_cached_offline_says_so(run: Any) -> None:
    result = run("--offline", "trending")
    assert result.exit_code == 1
    assert "no trending list is cached yet" in result.stderr


def test_info_prints_the_linked_repos_and_works_offline_after(run: Any) -> None:
    first = run("info", HUB_MANY)
    assert first.exit_code == 0, first.output
    assert "Linked: 250 models · 12 datasets · 40 Spaces" in first.stdout
    assert "… and 247 more" in first.stdout
    offline = run("--offline", "info", HUB_MANY, "--json")
    data = json.loads(offline.stdout)
    assert data["linked"]["models"]["count"] == 250
    assert data["linked"]["models"]["top"][0]["url"].startswith("https://huggingface.co/org0/")
    missing = run("info", "2607.99999")
    assert missing.exit_code == 1 and "Hugging Face has no paper 2607.99999" in missing.stderr


def test_paths_says_where_the_token_is_and_never_the_token(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    none = run("--paths")
    assert "token:   none (looked in HF_TOKEN, HUGGING_FACE_HUB_TOKEN and" in none.stdout
    home = tmp_path / "hf"
    home.mkdir()
    (home / "token").write_text("hf_verysecret\n")
    monkeypatch.setenv("HF_HOME", str(home))
    found = run("--paths")
    assert f"token:   found in the token file {home / 'token'}" in found.stdout
    assert "hf_verysecret" not in found.output


async def test_comments_are_fetched_again_only_when_the_count_changes(
    hub: HubServer, tmp_path: Path
) -> None:
    store = Store(tmp_path / "cache.db", tmp_path / "library.db")
    try:
        async with HFClient(hub.url) as api:
            page = await api.trending(limit=5)
            store.save_trending(page)
            before = len(hub.paths)
            first = await paper_page.discussion(store, api, HUB_THREE)
            again = await paper_page.discussion(store, api, HUB_THREE)
            assert len(hub.paths) == before + 1 and again == first
            paper = store.paper(HUB_THREE)
            assert paper is not None and first is not None
            assert first.num_comments == paper.comments == 7
            # A listing now says 8 comments: the next look fetches them again.
            store.ingest([replace(paper, comments=8)])
            await paper_page.discussion(store, api, HUB_THREE)
            assert len(hub.paths) == before + 2
            offline = await paper_page.discussion(store, None, HUB_THREE)
            assert offline is not None and len(offline.comments) == 7
            links = await paper_page.paper_links(store, api, HUB_THREE)
            models = await paper_page.all_linked(store, api, HUB_THREE, "model")
            asked = len(hub.paths)
            assert await paper_page.paper_links(store, api, HUB_THREE) == links
            assert len(hub.paths) == asked  # within the day: from the cache
            assert links is not None and [m.id for m in models] == [
                r.id for r in links.top["model"]
            ]
    finally:
        store.close()
