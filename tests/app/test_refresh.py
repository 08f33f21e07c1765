"""Background refresh: success keeps the place, failures leave the app running and say so."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from app_support import header_text, seed, wait_for

from tui.app.widgets.paper_list import PaperList

FAST = {"max_tries": 2, "backoff_base": 0.01, "read_timeout": 0.5, "deadline": 0.3}


async def dripping(request: httpx.Request) -> httpx.Response:
    """A server that never finishes its answer (a byte now and then beats any read timeout)."""
    await asyncio.sleep(30)
    return httpx.Response(200, json=[])


async def test_first_run_fetches_and_shows_the_latest_papers(make_app, api):
    app = make_app(client_options=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        assert papers.count == 30
        assert "Fri 31 Jul 2026" in header_text(app)
        assert "updated just now" in header_text(app)
        assert any(r.url.params.get("limit") == "100" for r in api.requests)


async def test_empty_cache_says_it_is_fetching(make_app, api):
    gate = asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        await gate.wait()
        return httpx.Response(200, json=[])

    api.fault = None
    app = make_app(client_options=FAST)
    app.transport = httpx.MockTransport(slow)
    async with app.run_test(size=(120, 40)) as pilot:
        # Said while the answer is held back, however long the machine takes to start asking.
        await wait_for(pilot, lambda: "refreshing" in header_text(app), "the header's refreshing")
        message = str(app.screen.query_one("#list-message").render())
        assert "Fetching the latest papers" in message
        gate.set()
        await app.workers.wait_for_complete()


async def test_a_refresh_keeps_the_highlighted_paper_and_place(store, make_app, api):
    seed(store, "daily_papers__limit30__2026-07-31.json", view=None)  # stale: never fetched
    # The server's copy has new counts: one paper jumps to the top.
    api.entries = [dict(e) for e in api.entries]
    for entry in api.entries:
        entry["paper"] = dict(entry["paper"])
        if entry["paper"]["id"] == "2607.27958":
            entry["paper"]["upvotes"] = 999
    app = make_app(client_options=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j", "j", "j", "j")
        chosen = papers.current.id
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert papers.current.id == chosen
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert papers.current.id == chosen
        assert papers.source.row(0).id == "2607.27958"
        assert papers.source.row(0).upvotes == 999


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (lambda r: httpx.Response(500, json={"error": "boom"}), "HTTP 500"),
        (lambda r: httpx.Response(200, content=b'[{"paper": {"id": "2401.0'), "not JSON"),
        (lambda r: httpx.Response(200, json={"not": "a list"}), "bad response"),
        (lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=r)), "no answer"),
        (lambda r: (_ for _ in ()).throw(httpx.ConnectError("refused", request=r)), "offline"),
        (dripping, "answer took over 0.3 s"),
    ],
    ids=["500", "malformed-json", "not-a-list", "timeout", "no-network", "drip"],
)
async def test_a_failed_refresh_leaves_the_app_running_and_says_why(
    seeded, make_app, api, fault, words
):
    api.fault = fault
    app = make_app(client_options=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert words in header_text(app)
        assert "retry" in header_text(app)
        assert papers.count == 30  # the cache still shows
        await pilot.press("j")
        assert papers.cursor == 1  # keys still work


async def test_offline_never_touches_the_network(seeded, make_app, api):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "w", "m", "t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert api.requests == []
        assert "offline" in header_text(app)


async def test_offline_with_an_empty_cache_says_what_to_do(make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        message = str(app.screen.query_one("#list-message").render())
        assert "nothing is cached" in message
        assert "without --offline" in message


async def test_a_cache_damaged_while_open_is_rebuilt_and_refetched(
    seeded, make_app, api, library, monkeypatch
):
    from tui.app.screens import main
    from tui.core.db import StoreDamaged

    monkeypatch.setattr(main, "TICK", 0.1)
    library.add_bookmark("2607.28618", seeded.paper("2607.28618"))
    app = make_app(client_options=FAST)
    notes: list = []
    async with app.run_test(size=(120, 40), message_hook=notes.append) as pilot:
        await app.workers.wait_for_complete()
        original_rows = seeded.rows

        def damaged(*args, **kwargs):  # what a query meets on a broken page
            seeded.damaged = True
            raise StoreDamaged(
                "the database cache.db is damaged (database disk image is malformed)"
            )

        monkeypatch.setattr(seeded, "rows", damaged)
        app.screen.reload_view()  # the list is drawn with blank lines, nothing raises
        await pilot.pause()
        monkeypatch.setattr(seeded, "rows", original_rows)
        for _ in range(50):  # up to 5 s on a busy machine; usually well under one
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            if not seeded.damaged and app.screen.query_one(PaperList).count == 30:
                break
        shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
        assert any("The cache was damaged; it was moved aside" in text for text in shown)
        assert not seeded.damaged
        assert list(seeded.cache_path.parent.glob("cache.db.damaged-*"))
        assert app.screen.query_one(PaperList).count == 30  # fetched again
        assert seeded.paper("2607.28618") is not None


async def test_a_bookmark_with_only_its_id_gets_its_details_after_a_refresh(
    store, make_app, api, library
):
    from app_support import fixture_body

    library.add_bookmark("2605.06554")  # bookmarked offline: only the id is known
    paper_body = fixture_body("papers__2605.06554.json")
    entries = api.entries

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/papers/2605.06554":
            return httpx.Response(200, json=paper_body)
        if request.url.path == "/api/daily_papers" and request.url.params.get("p") == "0":
            return httpx.Response(200, json=entries)
        return httpx.Response(200, json=[])

    api.fault = answer
    app = make_app(client_options=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
    snapshot = library.snapshot("2605.06554")
    assert snapshot is not None and snapshot.title == paper_body["title"].strip()


async def test_with_nothing_cached_and_no_network_the_period_keys_still_move(make_app, api):
    api.fault = lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused"))
    app = make_app(client_options=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Daily · the latest papers" in header_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert "Week 2026-W31 (27 Jul–2 Aug) · 0 papers" in header_text(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "Week 2026-W30" in header_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert "Jul 2026 · 0 papers" in header_text(app)
        await app.workers.wait_for_complete()


async def test_holding_a_bracket_fetches_only_the_period_it_stops_on(
    seeded, make_app, api, monkeypatch
):
    from tui.app.screens import main

    monkeypatch.setattr(main, "SETTLE", 1.0)  # a key repeat is far quicker, even on a busy CI
    app = make_app(client_options=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = len(api.requests)
        await pilot.press("m", *["left_square_bracket"] * 10)  # a held key: one repeat each
        assert "Sep 2025" in header_text(app)  # each month painted from the cache at once
        await pilot.pause(1.2)
        await app.workers.wait_for_complete()
        asked = [r.url.params.get("month") for r in api.requests[before:]]
        assert asked and set(asked) == {"2025-09"}, asked
