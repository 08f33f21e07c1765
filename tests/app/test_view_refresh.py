"""The network part of refreshing the view on screen, without an app: a fake API in-process."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
from app_support import fixture_body
from papers_transport import InProcessAPI

from tui.app.view_refresh import refresh_view
from tui.core.api import HFClient
from tui.core.dates import Period
from tui.core.store import Store

TODAY = date(2026, 8, 2)  # a Sunday after the 31 July batch


def api() -> InProcessAPI:
    served = InProcessAPI(fixture_body("daily_papers__limit30__2026-07-31.json"))
    served.link_headers = False
    return served


async def run(store: Store, served: InProcessAPI, period: Period | None, **given: Any) -> Any:
    client = HFClient("http://hf.test", transport=served.transport,
                      max_tries=2, backoff_base=0.0)  # fmt: skip
    said: list[tuple[Any, ...]] = []

    async def get_client() -> HFClient:
        return client

    given.setdefault("follow_latest", True)
    given.setdefault("still_shown", lambda: True)
    fetched = await refresh_view(
        store,
        get_client,
        period,
        today=TODAY,
        is_empty=lambda: True,
        on_retry=lambda attempt, tries, error: said.append(("retry", attempt, tries)),
        on_page=lambda pages, count: said.append(("page", pages, count)),
        **given,
    )
    await client.aclose()
    return fetched, said


async def test_the_latest_is_fetched_and_its_newest_day_said(store: Store) -> None:
    fetched, said = await run(store, api(), None)
    assert fetched.failure is None and fetched.moved_to is None
    assert fetched.result.latest_day == "2026-07-31"
    assert ("page", 1, 30) in said


async def test_a_followed_month_moves_to_the_newest_day_unless_the_user_moved_on(
    store: Store,
) -> None:
    june = Period("month", "2026-06")
    fetched, _ = await run(store, api(), june)
    assert fetched.moved_to == Period("month", "2026-07") and fetched.result is None
    fetched, _ = await run(store, api(), june, still_shown=lambda: False)
    assert fetched.moved_to is None and fetched.result is not None  # June itself was fetched


async def test_a_failure_is_returned_and_retries_are_reported(store: Store) -> None:
    served = api()
    served.fault = lambda request: httpx.Response(503)
    fetched, said = await run(store, served, Period("day", "2026-07-31"))
    assert fetched.result is None and fetched.failure is not None
    assert not fetched.unexpected  # the network's trouble, not a bug
    assert ("retry", 1, 2) in said
