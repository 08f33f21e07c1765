"""The trending view (h), linked repos under the abstract, and their list (L), against the fake
Hub on 127.0.0.1 (tests/hubserver.py): what the screen shows, and what the server was asked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from app_support import abstract_text, header_text, screen_line, wait_for
from hubserver import HUB_MANY, HUB_THREE, HubServer
from textual.widgets import OptionList

from tui.app import browser, clipboard
from tui.app.app import DailyPapersApp
from tui.app.options import app_options
from tui.app.screens.linked_screen import LinkedReposScreen
from tui.core.library import Library
from tui.core.store import Store


@pytest.fixture
def hub() -> Iterator[HubServer]:
    with HubServer() as server:
        yield server


def hub_app(store: Store, library: Library, hub: HubServer, **options: Any) -> DailyPapersApp:
    options.setdefault("offline", False)
    options.setdefault("read_after", 3600.0)
    options.setdefault("today", lambda: date(2026, 8, 2))
    options.setdefault("links_rest", 0.3)
    client = {"read_timeout": 5.0, "max_tries": 1}
    return DailyPapersApp(
        store, library, app_options(endpoint=hub.url, client_options=client, **options)
    )


def details(hub: HubServer) -> list[str]:
    """The details of the fake Hub's own papers the server was asked for (linked repos come
    with them): not those of the day's first paper, which the cursor rests on before `h`."""
    return [p for p in hub.paths if p.startswith("/api/papers/2607.9") and "search" not in p]


def list_lines(app: Any, count: int) -> list[str]:
    return [screen_line(app, y) for y in range(1, count + 1)]


async def test_trending_opens_in_its_order_sorts_leaves_and_shows_offline_from_the_cache(
    seeded: Store, library: Library, hub: HubServer
) -> None:
    app = hub_app(seeded, library, hub)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        await wait_for(pilot, lambda: "#1 ▲ 900 Many Linked" in screen_line(app, 1), "trending")
        assert "Trending · 100 papers" in header_text(app)
        assert "by trending rank" in header_text(app) and "updated just now" in header_text(app)
        lines = list_lines(app, 3)
        assert "#2 ▲ 300 Three Models" in lines[1] and "#3 ▲   0 An Old Paper" in lines[2]
        await pilot.press("j", "j")  # the paper never on Daily Papers says so
        await pilot.pause()
        assert "Published 2024-06-01 · not on Daily Papers" in abstract_text(app)
        await pilot.press("k", "k")
        await pilot.press("j", "s")  # by upvotes, on the same paper, ranks kept
        await pilot.pause()
        assert "by upvotes" in header_text(app)
        assert app.screen.papers.current.id == HUB_THREE
        assert "#3 " not in screen_line(app, 3)  # the old paper's 0 upvotes sank
        await pilot.press("escape")  # back to the feed it came from
        await pilot.pause()
        assert "Daily" in header_text(app)
    offline = hub_app(seeded, library, hub, offline=True)
    async with offline.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert "#1 ▲ 900 Many Linked" in screen_line(offline, 1)
        assert "offline" in header_text(offline)


async def test_linked_repos_come_once_the_cursor_rests_and_not_for_papers_passed_over(
    seeded: Store, library: Library, hub: HubServer
) -> None:
    # A rest longer than a burst of keys takes on a loaded machine (0.3 s was not, once).
    app = hub_app(seeded, library, hub, links_rest=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        await wait_for(pilot, lambda: "250 models · 12 datasets · 40 Spaces" in abstract_text(app),
                       "the first paper's linked repos")  # fmt: skip
        assert details(hub) == [f"/api/papers/{HUB_MANY}"]
        await pilot.press("j", "j", "j", "j", "k", "k", "k")  # a burst, ending on #2
        assert details(hub) == [f"/api/papers/{HUB_MANY}"]  # nothing for papers passed over
        await wait_for(pilot, lambda: "3 models · 1 dataset · 2 Spaces" in abstract_text(app),
                       "the resting paper's linked repos")  # fmt: skip
        assert details(hub) == [f"/api/papers/{HUB_MANY}", f"/api/papers/{HUB_THREE}"]
        text = abstract_text(app)
        assert "Models    org0/model-2607-90003-000  ♥ 1,000" in text
        await pilot.press("k")  # back on the first: from the cache, no request
        await pilot.pause(0.4)
        assert "250 models" in abstract_text(app) and len(details(hub)) == 2


async def test_l_lists_all_250_models_scrolls_to_the_last_opens_and_copies(
    seeded: Store, library: Library, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clipboard, "deliver", lambda text: [])
    opened: list[str] = []
    monkeypatch.setattr(browser, "open_url", lambda url: opened.append(url))
    app = hub_app(seeded, library, hub, links_rest=60.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        await wait_for(pilot, lambda: "Many Linked" in screen_line(app, 1), "trending")
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkedReposScreen), "the list")
        options = app.screen.query_one(OptionList)
        await wait_for(pilot, lambda: options.option_count == 302, "the whole lists")
        assert not any("fetching" in screen_line(app, y) for y in range(40))
        await pilot.press("end")
        await pilot.pause()
        box = app.screen.query_one("#linked-box").region
        shown = [screen_line(app, y) for y in range(box.y, box.bottom)]
        assert any("Space   org4/space-2607-90250-039" in line for line in shown[-3:])
        assert "250 models · 12 datasets · 40 Spaces" in shown[-1]
        await pilot.press("y", "enter")
        await wait_for(pilot, lambda: opened, "the browser")
        url = "https://huggingface.co/spaces/org4/space-2607-90250-039"
        assert app.clipboard == url and opened == [url]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinkedReposScreen)
