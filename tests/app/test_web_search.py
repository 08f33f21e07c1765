"""The web's part of a search, without an app: what is asked, stored, and added."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from app_support import seed

from tui.app.live_search import LiveSearch
from tui.app.web_search import WebSearch
from tui.core.dates import Period
from tui.core.models import Paper
from tui.core.store import Store
from tui.core.views import ViewSpec

DAY = ViewSpec(period=Period("day", "2026-07-31"))
NEW = Paper(id="2401.99999", title="Kazakh speech from the web")


class FakeClient:
    def __init__(self, found: list[Paper]) -> None:
        self.found = found
        self.asked: list[str] = []

    async def search(self, words: str) -> Any:
        self.asked.append(words)
        return SimpleNamespace(papers={p.id: p for p in self.found})

    async def paper(self, paper_id: str) -> Paper | None:
        self.asked.append(f"id:{paper_id}")
        return Paper(id=paper_id, title="Fetched by id")


def web_search(store: Store, client: FakeClient) -> WebSearch:
    async def get_client() -> FakeClient:
        return client

    return WebSearch(store, get_client, clock=lambda: 100.0)


def test_the_webs_new_papers_are_stored_and_added_after_the_local_ones(store: Store) -> None:
    seed(store, "daily_papers__limit30__2026-07-31.json")
    client = FakeClient([NEW])
    search, state = web_search(store, client), LiveSearch(DAY, None, follow=True)
    sequence = state.typed("kazakh")
    found = asyncio.run(search.run(state, sequence, "kazakh"))
    assert found is not None
    _local, web_ids = found
    assert web_ids == [NEW.id] and state.from_web == {NEW.id}
    assert store.paper(NEW.id) is not None
    # the same words again within minutes: the web is not asked again
    asyncio.run(search.run(state, state.typed("kazakh"), "kazakh"))
    assert client.asked == ["kazakh"]


def test_the_web_is_not_asked_for_bookmarks_or_filters_alone(store: Store) -> None:
    client = FakeClient([NEW])
    search = web_search(store, client)
    bookmarks = LiveSearch(ViewSpec(kind="bookmarks", sort="newest"), None, follow=False)
    assert asyncio.run(search.run(bookmarks, bookmarks.typed("kazakh"), "kazakh")) is None
    state = LiveSearch(DAY, None, follow=True)
    assert asyncio.run(search.run(state, state.typed("upvotes>50"), "upvotes>50")) is None
    assert client.asked == []


def test_a_pasted_id_the_cache_lacks_is_fetched_as_that_paper(store: Store) -> None:
    client = FakeClient([])
    search, state = web_search(store, client), LiveSearch(DAY, None, follow=True)
    text = "https://arxiv.org/abs/2401.12345"
    found = asyncio.run(search.run(state, state.typed(text), text))
    assert found is not None and found[1] == ["2401.12345"]
    assert client.asked == ["id:2401.12345"]
