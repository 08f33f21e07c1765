"""HFClient: pagination, merging, request parameters and headers (tui/core/api.py)."""

from __future__ import annotations

import pytest
from fakeserver import (
    DAY_0731,
    MONTH_P0,
    MONTH_P1,
    PAPER_FILES,
    SEARCH_KAZAKH,
    ScriptedTransport,
    load_fixture,
    respond,
)

from tui import __version__
from tui.core.api import DEFAULT_ENDPOINT, HFClient, endpoint_from_env, user_agent
from tui.core.dates import Period
from tui.core.store import Store
from tui.core.sync import refresh_period
from tui.core.views import ViewSpec

APRIL = Period("month", "2024-04")
LINK_NEXT = {"Link": '<http://hf.test/api/daily_papers?month=2024-04&p=1>; rel="next"'}
LINK_PREV = {"Link": '<http://hf.test/api/daily_papers?month=2024-04&p=0>; rel="prev"'}


def client(script: ScriptedTransport, **kwargs: object) -> HFClient:
    return HFClient("http://hf.test", transport=script.transport, **kwargs)  # type: ignore[arg-type]


async def test_pages_are_followed_until_an_empty_page() -> None:
    script = ScriptedTransport(
        respond(body=load_fixture(MONTH_P0)), respond(body=load_fixture(MONTH_P1)), respond(body=[])
    )
    async with client(script) as api:
        result = await api.daily_papers(APRIL)
    assert script.params("p") == ["0", "1", "2"]
    assert script.params("limit") == ["100", "100", "100"]
    assert script.params("month") == ["2024-04"] * 3
    assert result.pages == 3
    assert result.entries == 200
    assert len(result.papers) == 199  # 2404.03648 is on both pages
    assert len(result.listings) == 200
    assert result.skipped == 0
    days = sorted(listing.day for listing in result.listings if listing.paper_id == "2404.03648")
    assert days == ["2024-04-05", "2024-04-08"]
    assert result.papers["2404.03648"].listed_day == "2024-04-08"  # the newest listing wins


async def test_a_short_page_ends_the_paging() -> None:
    short = load_fixture(MONTH_P1)[:37]
    script = ScriptedTransport(respond(body=load_fixture(MONTH_P0)), respond(body=short))
    async with client(script) as api:
        result = await api.daily_papers(APRIL)
    assert script.params("p") == ["0", "1"]
    assert short[0]["paper"]["id"] == "2404.03648"  # also on page 0
    assert len(result.papers) == 100 + 37 - 1


async def test_an_empty_first_page_is_an_empty_result() -> None:
    script = ScriptedTransport(respond(body=[]))
    async with client(script) as api:
        result = await api.daily_papers(Period("day", "2026-08-01"))
    assert len(script.requests) == 1
    assert script.params("date") == ["2026-08-01"]
    assert result.papers == {} and result.listings == set()


async def test_link_without_rel_next_ends_the_paging() -> None:
    # Page 1 is full, but the server speaks Link headers and gives no rel="next": stop.
    script = ScriptedTransport(
        respond(body=load_fixture(MONTH_P0), headers=LINK_NEXT),
        respond(body=load_fixture(MONTH_P1)),
        respond(body=[]),
    )
    async with client(script) as api:
        result = await api.daily_papers(APRIL)
    assert script.params("p") == ["0", "1"]
    assert len(result.papers) == 199


async def test_link_with_only_rel_prev_ends_the_paging() -> None:
    script = ScriptedTransport(
        respond(body=load_fixture(MONTH_P0), headers=LINK_NEXT),
        respond(body=load_fixture(MONTH_P1), headers=LINK_PREV),
        respond(body=[]),
    )
    async with client(script) as api:
        await api.daily_papers(APRIL)
    assert script.params("p") == ["0", "1"]


async def test_link_rel_next_on_first_page_only_does_not_stop_early() -> None:
    script = ScriptedTransport(
        respond(body=load_fixture(MONTH_P0), headers=LINK_NEXT), respond(body=[])
    )
    async with client(script) as api:
        result = await api.daily_papers(APRIL)
    assert script.params("p") == ["0", "1"]
    assert len(result.papers) == 100


async def test_a_server_that_ignores_p_does_not_loop() -> None:
    script = ScriptedTransport(respond(body=load_fixture(MONTH_P0)))
    async with client(script) as api:
        result = await api.daily_papers(APRIL)
    assert len(script.requests) == 2  # the second page repeated the first: stop
    assert len(result.papers) == 100


async def test_a_paper_repeated_on_two_pages_of_one_day_has_one_listing() -> None:
    page0 = load_fixture(DAY_0731) * 4  # 120 entries = 100 + 20, the same 30 papers
    script = ScriptedTransport(respond(body=page0[:100]), respond(body=page0[100:]))
    async with client(script) as api:
        result = await api.daily_papers(Period("day", "2026-07-31"))
    assert len(result.papers) == 30
    assert len(result.listings) == 30


async def test_repeated_paper_is_stored_once_with_both_listings(store: Store) -> None:
    script = ScriptedTransport(
        respond(body=load_fixture(MONTH_P0)), respond(body=load_fixture(MONTH_P1)), respond(body=[])
    )
    async with client(script) as api:
        result = await refresh_period(store, api, APRIL)
    assert result.summary.papers == 199
    assert result.summary.new == 199
    assert result.summary.listings == 200
    assert store.conn.execute("SELECT count(*) FROM papers").fetchall()[0][0] == 199
    assert store.conn.execute("SELECT count(*) FROM listings").fetchall()[0][0] == 200
    rows = store.conn.execute(
        "SELECT day FROM listings WHERE paper_id = '2404.03648' ORDER BY day"
    ).fetchall()
    assert [r[0] for r in rows] == ["2024-04-05", "2024-04-08"]
    paper = store.paper("2404.03648")
    assert paper is not None and paper.listed_day == "2024-04-08"
    for day in ("2024-04-05", "2024-04-08"):
        ids = [row.id for row in store.rows(ViewSpec(period=Period("day", day)), 0, 500)]
        assert ids.count("2404.03648") == 1
    month = [row.id for row in store.rows(ViewSpec(period=APRIL), 0, 500)]
    assert len(month) == 199 and len(set(month)) == 199


# --- request parameters and headers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "param", "value"),
    [
        (Period("day", "2026-07-31"), "date", "2026-07-31"),
        (Period("week", "2026-W31"), "week", "2026-W31"),
        (Period("month", "2026-07"), "month", "2026-07"),
    ],
)
async def test_period_parameters(period: Period, param: str, value: str) -> None:
    script = ScriptedTransport(respond(body=[]))
    async with client(script) as api:
        await api.daily_papers(period)
    request = script.requests[0]
    assert request.url.path == "/api/daily_papers"
    assert dict(request.url.params) == {param: value, "limit": "100", "p": "0"}


async def test_latest_feed_sends_only_limit_and_p() -> None:
    script = ScriptedTransport(respond(body=load_fixture(DAY_0731)))
    async with client(script) as api:
        result = await api.daily_papers(None)
    assert dict(script.requests[0].url.params) == {"limit": "100", "p": "0"}
    assert {listing.day for listing in result.listings} == {"2026-07-31"}


async def test_user_agent_and_accept_headers() -> None:
    script = ScriptedTransport(respond(body=[]))
    async with client(script) as api:
        await api.daily_papers(Period("day", "2026-07-31"))
    headers = script.requests[0].headers
    assert headers["User-Agent"].startswith("dailypapers/")
    assert headers["User-Agent"].startswith(f"dailypapers/{__version__} ")
    assert headers["User-Agent"] == user_agent()
    assert headers["Accept"] == "application/json"
    assert "Authorization" not in headers


async def test_hf_token_is_sent_as_bearer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_secret123")
    script = ScriptedTransport(respond(body=[]))
    async with client(script) as api:
        await api.daily_papers(Period("day", "2026-07-31"))
    assert script.requests[0].headers["Authorization"] == "Bearer hf_secret123"


async def test_explicit_token_wins_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    script = ScriptedTransport(respond(body=[]))
    async with client(script, token="hf_arg") as api:
        await api.daily_papers(None)
    assert script.requests[0].headers["Authorization"] == "Bearer hf_arg"


async def test_hf_endpoint_trailing_slash_is_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://mirror.test:8080/")
    assert endpoint_from_env() == "http://mirror.test:8080"
    script = ScriptedTransport(respond(body=[]))
    async with HFClient(transport=script.transport) as api:
        assert api.endpoint == "http://mirror.test:8080"
        await api.daily_papers(Period("day", "2026-07-31"))
    url = script.requests[0].url
    assert (url.scheme, url.host, url.port, url.path) == (
        "http",
        "mirror.test",
        8080,
        "/api/daily_papers",
    )
    assert "//api" not in str(url)


def test_default_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    assert endpoint_from_env() == DEFAULT_ENDPOINT == "https://huggingface.co"
    monkeypatch.setenv("HF_ENDPOINT", "")
    assert endpoint_from_env() == DEFAULT_ENDPOINT


async def test_relative_avatars_resolve_against_the_endpoint() -> None:
    script = ScriptedTransport(respond(body=load_fixture(DAY_0731)))
    async with client(script) as api:
        result = await api.daily_papers(Period("day", "2026-07-31"))
    avatar = result.papers["2607.27958"].submitter_avatar
    assert avatar == "http://hf.test/avatars/9483c8350b529aa223d1a55fd0baadd9.svg"


# --- search and paper -------------------------------------------------------------------------


async def test_search_request_and_parse() -> None:
    script = ScriptedTransport(respond(body=load_fixture(SEARCH_KAZAKH)))
    async with client(script) as api:
        result = await api.search("  kazakh\n  language ", limit=500)
    request = script.requests[0]
    assert request.url.path == "/api/papers/search"
    assert dict(request.url.params) == {"q": "kazakh language", "limit": "120"}
    assert len(result.papers) == 9
    assert result.listings == set()


async def test_search_query_is_cut_to_250_characters_and_empty_sends_nothing() -> None:
    script = ScriptedTransport(respond(body=[]))
    async with client(script) as api:
        await api.search("x" * 400)
        empty = await api.search("   ")
    assert len(script.requests) == 1
    assert len(script.requests[0].url.params["q"]) == 250
    assert empty.papers == {}


async def test_requests_are_counted() -> None:
    script = ScriptedTransport(respond(body=load_fixture(MONTH_P0)), respond(body=[]))
    async with client(script) as api:
        await api.daily_papers(APRIL)
        assert api.requests == 2


async def test_paper_detail_and_404() -> None:
    body = load_fixture(PAPER_FILES[0])
    script = ScriptedTransport(
        respond(body=body), respond(404, {"error": "Paper not found"}, headers={})
    )
    async with client(script) as api:
        paper = await api.paper("2605.06554")
        missing = await api.paper("1234.56789")
    assert paper is not None and paper.id == "2605.06554"
    assert missing is None
    assert [r.url.path for r in script.requests] == [
        "/api/papers/2605.06554",
        "/api/papers/1234.56789",
    ]
