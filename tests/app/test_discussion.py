"""`c`: a paper's discussion against the fake Hub (tests/hubserver.py), read from the screen;
and the user's token in the app (sent to the endpoint only, a 401 said once)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from app_support import wait_for
from hubserver import EXPIRED_TOKEN, HUB_REDIRECT, HUB_THREE, HubServer, synthetic_entries
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
        assert "    2604.18936  " in shown and "(not cached: fetched on Enter)" in shown
        # Enter on a cached one: back in the list, on it (found by id, as a search finds it).
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MainScreen", "the list")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#papers").current.id == SIMILAR
        assert app.screen.query_one("#search").value == SIMILAR
