"""The bookmarks synced with a Hugging Face collection from the app: S, and the background sync
of [sync] auto, against the fake Hub of tests/hubserver.py on 127.0.0.1. What the header, the
notifications and the ★ marks show, and what the collection holds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from app_support import header_text, listed_ids, screen_rows, wait_for
from hubserver import HubServer

from tui.app.app import DailyPapersApp
from tui.app.options import app_options
from tui.app.widgets.paper_list import PaperList
from tui.core.library import Library
from tui.core.store import Store
from tui.core.sync_state import SyncState


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, client_defaults: Any) -> Iterator[HubServer]:
    monkeypatch.setenv("HF_TOKEN", "hf_alice_write")
    # One try, short waits: a Hub out of reach is said at once, not after backing off.
    client_defaults(max_tries=1, read_timeout=5.0, connect_timeout=0.5, backoff_base=0.0)
    with HubServer() as server:
        yield server


def sync_app(store: Store, library: Library, hub: HubServer, **options: Any) -> DailyPapersApp:
    options.setdefault("read_after", 3600.0)
    options.setdefault("links_rest", 3600.0)
    options.setdefault("today", lambda: date(2026, 8, 2))
    return DailyPapersApp(store, library, app_options(endpoint=hub.url, offline=False, **options))


def toasts(app: Any) -> str:
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


def list_row(app: Any, index: int) -> str:
    papers = app.screen.query_one(PaperList)
    return screen_rows(app, papers.scrollable_content_region)[index][0]


def collection(library: Library, hub: HubServer) -> list[str]:
    stored = SyncState(library).collection(hub.url)
    return hub.collections.papers(stored.slug) if stored is not None else []


async def test_s_syncs_says_what_changed_and_stars_a_paper_bookmarked_on_the_website(
    seeded: Store, library: Library, hub: HubServer
) -> None:
    app = sync_app(seeded, library, hub)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        first, second, third = listed_ids(app)[:3]
        library.add_bookmark(first)
        library.add_bookmark(second)
        assert "sync" not in header_text(app)  # no [sync] auto, no sync yet: nothing said
        await pilot.press("S")
        await wait_for(pilot, lambda: "Synced" in toasts(app), "the sync's notice")
        assert "Made the collection alice/dailypapers-" in toasts(app)
        assert "Synced: 2 added to the collection." in toasts(app)
        assert "synced just now" in header_text(app)
        assert sorted(collection(library, hub)) == sorted([first, second])

        stored = SyncState(library).collection(hub.url)
        assert stored is not None
        hub.collections.add_on_website(stored.slug, third)
        assert "★" not in list_row(app, 2)
        await pilot.press("S")
        await wait_for(pilot, lambda: "1 bookmarked from it" in toasts(app), "the second sync")
        await wait_for(pilot, lambda: "★" in list_row(app, 2), "the star of the website's paper")
        assert library.is_bookmarked(third)


async def test_auto_sync_says_offline_catches_up_and_keeps_a_bookmark_pressed_meanwhile(
    seeded: Store, library: Library, hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The adds of a sync wait until the test lets them go: a b is pressed while one waits.
    letting_go = threading.Event()
    held = threading.Event()
    answer = hub.collections.answer

    def held_adds(method: str, path: str, *args: Any) -> Any:
        if method == "POST" and path.endswith("/items"):
            held.set()
            letting_go.wait(10)
        return answer(method, path, *args)

    monkeypatch.setattr(hub.collections, "answer", held_adds)
    hub.go_away()
    app = sync_app(
        seeded,
        library,
        hub,
        sync_auto=True,
        sync_after_start=0.0,
        sync_debounce=0.1,
        sync_retry_delays=(0.5,),
    )
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        first, second = listed_ids(app)[:2]
        library.add_bookmark(second)  # made before the Hub comes back
        await wait_for(pilot, lambda: "sync: offline" in header_text(app), "offline said")
        assert not toasts(app)  # the header says it; no notification for a background sync
        await pilot.press("j", "k")  # the app goes on meanwhile

        hub.come_back()  # the next try (0.5 s later here) reaches it
        await wait_for(pilot, held.is_set, "the sync adding the bookmark made offline")
        assert "syncing…" in header_text(app)
        await pilot.press("b")  # on the first paper, while the sync waits for the Hub
        await wait_for(pilot, lambda: "Bookmarked" in toasts(app), "the bookmark written")
        letting_go.set()

        await wait_for(pilot, lambda: first in collection(library, hub), "the b synced too")
        assert second in collection(library, hub)
        await wait_for(pilot, lambda: "· synced" in header_text(app), "synced said")
        assert "★" in list_row(app, 0)  # neither lost nor taken back
        assert library.is_bookmarked(first) and library.is_bookmarked(second)
