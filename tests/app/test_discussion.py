"""`c`: a paper's discussion against the fake Hub (tests/hubserver.py), read from the screen;
and the user's token in the app (sent to the endpoint only, a 401 said once)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from app_support import wait_for
from hubserver import (
    EXPIRED_TOKEN,
    HUB_REDIRECT,
    HUB_THREE,
    HubServer,
    entry,
    synthetic_entries,
)
from textual.geometry import Region

from tui.app.app import DailyPapersApp
from tui.app.options import app_options
from tui.core import api as api_module
from tui.core.hub_models import Comment, Discussion
from tui.core.library import Library
from tui.core.models import Paper
from tui.core.parse import parse_entries
from tui.core.store import Store

SIMILAR = "2604.04898"  # the first paper the librarian bot recommends for HUB_THREE


@pytest.fixture(scope="module")
def hub() -> Iterator[HubServer]:
    with HubServer() as server:
        yield server


@pytest.fixture
def hub_store(store: Store) -> Store:
    """The fake Hub's own papers, listed on 31 July 2026 (the day the app opens on)."""
    page = parse_entries(synthetic_entries())
    store.ingest(page.papers, page.listings, view="day:2026-07-31")
    return store


def hub_app(store: Store, library: Library, endpoint: str, **options: Any) -> DailyPapersApp:
    options.setdefault("offline", False)
    # No linked-repos fetch for the paper under the cursor: its request, running beside the
    # refresh's, would make the order of the requests these tests read a matter of chance.
    options.setdefault("links_rest", 3600.0)
    return DailyPapersApp(
        store,
        library,
        app_options(
            endpoint=endpoint,
            read_after=3600.0,
            today=lambda: date(2026, 8, 2),
            client_options={"max_tries": 1, "read_timeout": 2.0, "backoff_base": 0.0},
            **options,
        ),
    )


def _texts(app: Any) -> list[str]:
    size = app.screen.size
    from app_support import screen_strips

    return [strip.text for strip in screen_strips(app, Region(0, 0, size.width, size.height))]


def screen_text(app: Any) -> str:
    return "\n".join(line.rstrip() for line in _texts(app))


async def open_on(app: Any, pilot: Any, paper_id: str) -> None:
    papers = app.screen.query_one("#papers")
    papers.cursor = papers.source.index_of(paper_id)
    await pilot.press("c")
    await wait_for(pilot, lambda: not getattr(app.screen, "fetching", True), "the discussion")
    await pilot.pause()


async def test_c_shows_the_discussion_and_the_bot_papers_jump_to_the_list(
    hub: HubServer, hub_store: Store, library: Library
) -> None:
    hub_store.ingest([Paper(id=SIMILAR, title="QED-Nano, cached")], [])
    app = hub_app(hub_store, library, hub.url)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(app, pilot, HUB_THREE)
        shown = screen_text(app)
        # Threads in order, a reply indented under its parent, reactions, local short dates.
        assert " yaful · 15 May · edited · 👍 10 · 🔥 6 · ➕ 1\n   We have open-sourced" in shown
        assert "\n     replier · 31 Jul · 👍 1\n       Thanks, it works!" in shown
        assert "\n spammer · 31 Jul · 👍 1\n   hidden (Spam)" in shown
        assert "buy now" not in shown  # a hidden comment's text is not shown
        # Hostile text: the markup shown as typed, no escape reaches the screen.
        assert "Nice work [bold red]pwned[/] red evil [click](javascript:alert(1)) link" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        # The bot's comment folded into one line; Enter opens it into its papers.
        assert "▸ Similar papers (7) · librarian-bot" in shown
        assert "QED-Nano" not in shown
        options = app.screen.query_one("#discussion-options")
        options.highlighted = options.get_option_index("similar")
        await pilot.press("enter")
        shown = screen_text(app)
        assert "▾ Similar papers (7)" in shown
        assert f"    {SIMILAR}  QED-Nano, cached" in shown
        assert "    2604.18936  " in shown and "(not cached yet)" in shown
        # Enter on a cached one: back in the list, on it (found by id, as a search finds it).
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen", "the list")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#papers").current.id == SIMILAR
        assert app.screen.query_one("#search").value == SIMILAR


async def test_a_failed_fetch_is_one_sentence_and_the_cached_comments_stay(
    hub_store: Store, library: Library
) -> None:
    stale = Discussion(HUB_THREE, (Comment("c1", "alice", text="Kept from before."),), 7)
    hub_store.save_discussion(replace(stale, fetched_at="2026-07-01T00:00:00Z"))
    with HubServer(fault="status=503:9") as failing:
        app = hub_app(hub_store, library, failing.url)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_on(app, pilot, HUB_THREE)
            shown = screen_text(app).splitlines()
    assert shown[1].startswith(" Could not fetch the discussion: ")
    assert "answered HTTP 503" in shown[1]
    assert shown[2].strip().startswith("Showing the comments fetched ")
    assert shown[3:5] == [" alice", "   Kept from before."]


@pytest.fixture
def token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``token_file("hf_…")``: a token where `hf auth login` saves it (HF_HOME/token)."""
    monkeypatch.setattr(api_module, "_REJECTED", set())  # a refusal in another test is not ours

    def write(token: str) -> None:
        home = tmp_path / "hf"
        home.mkdir(exist_ok=True)
        (home / "token").write_text(token + "\n")
        monkeypatch.setenv("HF_HOME", str(home))

    return write


async def test_a_refused_token_is_said_once_and_the_app_goes_on_without_it(
    hub: HubServer, hub_store: Store, library: Library, token_file: Any
) -> None:
    token_file(EXPIRED_TOKEN)
    before = len(hub.auth_seen)
    app = hub_app(hub_store, library, hub.url)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_on(app, pilot, HUB_THREE)
        await pilot.press("escape")
        await open_on(app, pilot, "2607.90666")  # another discussion: nothing said again
        said = [str(n.message) for n in app._notifications]
        assert "hidden (Spam)" not in screen_text(app)
    refused = [words for words in said if "refused your token" in words]
    assert len(refused) == 1
    assert refused[0].startswith("Hugging Face refused your token from the token file ")
    assert refused[0].endswith(
        "(expired or revoked); going on without it. Run `hf auth login` to renew it."
    )
    assert EXPIRED_TOKEN not in " ".join(said)
    asked = list(zip(hub.paths[before:], hub.auth_seen[before:], strict=True))
    # The token on the first request only: refused, that request is made again without it,
    # and so is every one after (requests running at once may both have carried it).
    tried = [path for path, auth in asked if auth == f"Bearer {EXPIRED_TOKEN}"]
    assert tried and asked[0][1] == f"Bearer {EXPIRED_TOKEN}"
    assert all((path, None) in asked for path in tried)
    assert all(auth is None for _, auth in asked[len(tried) :])
    assert any("2607.90666" in path for path, _ in asked)


async def test_the_token_goes_to_the_endpoint_and_never_to_the_host_a_redirect_names(
    hub: HubServer, hub_store: Store, library: Library, token_file: Any
) -> None:
    token_file("hf_good")
    redirected = parse_entries([entry(HUB_REDIRECT, "Moved Elsewhere", 1)])
    hub_store.ingest(redirected.papers, redirected.listings, view="day:2026-07-31")
    before = len(hub.auth_seen)
    app = hub_app(hub_store, library, hub.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on(app, pilot, HUB_REDIRECT)
        shown = screen_text(app).splitlines()
    assert shown[1].startswith(" Could not fetch the discussion: ")
    assert "redirected to 127.0.0.1:" in shown[1] and "not followed" in shown[1]
    asked = list(zip(hub.paths[before:], hub.auth_seen[before:], strict=True))
    assert any(HUB_REDIRECT in path for path, _ in asked)
    assert all(auth == "Bearer hf_good" for _, auth in asked)
    assert hub.other.seen == []  # the other host was never asked, with or without the token
