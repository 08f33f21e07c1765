"""The header's short words for every kind of failed refresh ("HTTP 500", "no answer in 10 s"),
and whether the header calls it "offline": the words a user sees, kept byte-identical."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest

from tui.core import api as api_module
from tui.core.api import ApiError, HFClient
from tui.core.dates import Period
from tui.core.store import Store
from tui.core.sync import refresh_period

HOST = "hf.test"
DAY = Period("day", "2026-07-31")
LIMIT = 1024 * 1024  # "sent more than 1 MB"
FAST: dict[str, Any] = {"max_tries": 1, "read_timeout": 0.5, "backoff_base": 0.0}


def header_words(error: ApiError) -> str:
    return error.header_words


def header_offline(error: ApiError) -> bool:
    return error.cannot_connect


def answer(*args: Any, **kwargs: Any) -> Any:
    return lambda request: httpx.Response(*args, **kwargs)


def fail_with(error: type[httpx.TransportError], text: str) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error(text, request=request)

    return handler


async def hang(request: httpx.Request) -> httpx.Response:
    await asyncio.sleep(5)
    return httpx.Response(200, json=[])


def redirect_to(location: str) -> Any:
    return answer(302, headers={"Location": location})


FAILURES = {
    "http-500": (answer(500, json={"error": "down"}), "server error (HTTP 500)", False),
    "http-503": (answer(503), "server error (HTTP 503)", False),
    "http-404": (answer(404), "HTTP 404", False),
    "http-401-with-words": (
        answer(401, headers={"X-Error-Message": "Invalid credentials"}),
        "HTTP 401",
        False,
    ),
    "rate-limited": (answer(429), "rate limited (HTTP 429)", False),
    "rate-limited-long-wait": (
        answer(429, headers={"Retry-After": "999999"}),
        "rate limited (HTTP 429)",
        False,
    ),
    "timeout": (fail_with(httpx.ReadTimeout, "timed out"), "no answer in 0.5 s", False),
    "refused": (
        fail_with(httpx.ConnectError, "Connection refused"),
        f"cannot reach {HOST}",
        True,
    ),
    "no-dns": (
        fail_with(httpx.ConnectError, "Name or service not known"),
        f"cannot reach {HOST}",
        True,
    ),
    "dropped": (
        fail_with(httpx.RemoteProtocolError, "peer closed connection"),
        f"cannot reach {HOST}",
        True,
    ),
    "deadline": (hang, "answer took over 0.05 s", False),
    "too-large": (answer(200, content=b"[" + b" " * LIMIT + b"]"), "answer too large", False),
    "redirect-elsewhere": (redirect_to("http://evil.test/"), "redirected elsewhere", False),
    "redirect-loop": (
        redirect_to(f"http://{HOST}/api/daily_papers"),
        "redirected elsewhere",
        False,
    ),
    # httpx fails on the address itself, as on a dropped connection
    "redirect-invalid": (redirect_to("http://[::1"), f"cannot reach {HOST}", True),
    "not-json": (answer(200, content=b"<html>"), "bad response (not JSON)", False),
    "object": (answer(200, json={"papers": []}), "bad response", False),
    "nested": (answer(200, content=b"[" * 50_000 + b"]" * 50_000), "bad response", False),
}


@pytest.mark.parametrize(("handler", "words", "offline"), FAILURES.values(), ids=FAILURES.keys())
async def test_each_failure_has_its_short_header_words(handler: Any, words: str, offline: bool):
    transport = httpx.MockTransport(handler)
    async with HFClient(
        f"http://{HOST}", transport=transport, deadline=0.05, max_bytes=LIMIT, **FAST
    ) as client:
        with pytest.raises(ApiError) as raised:
            await client.daily_papers(DAY)
    assert header_words(raised.value) == words
    assert header_offline(raised.value) is offline
    # Narrow, "server error (HTTP 500)" is "HTTP 500": the view's name needs the room.
    status = re.search(r"\((HTTP \d{3})\)", words)
    assert raised.value.narrow_header_words == (status.group(1) if status else words)


async def test_a_failed_search_or_paper_answer_is_shortened_to_60_characters() -> None:
    transport = httpx.MockTransport(answer(200, json={"papers": []}))
    async with HFClient(f"http://{HOST}", transport=transport, **FAST) as client:
        with pytest.raises(ApiError) as raised:
            await client.search("agents")
    assert (
        header_words(raised.value) == f"{HOST} sent an unexpected search response: expected a list…"
    )
    transport = httpx.MockTransport(answer(200, json=[1]))
    async with HFClient(f"http://{HOST}", transport=transport, **FAST) as client:
        with pytest.raises(ApiError) as raised:
            await client.paper("2607.00001")
    assert (
        header_words(raised.value) == f"{HOST} sent an unexpected paper response: expected a paper…"
    )


def test_a_bad_endpoint_or_token_is_shortened_to_60_characters(monkeypatch) -> None:
    with pytest.raises(ApiError) as raised:
        HFClient("ftp://hf.test")
    assert (
        header_words(raised.value) == "HF_ENDPOINT is 'ftp://hf.test', which is not an http(s) URL…"
    )
    assert not header_offline(raised.value)
    monkeypatch.setenv("HF_TOKEN", "hf_é")
    with pytest.raises(ApiError) as raised:
        HFClient("http://hf.test")
    assert (
        header_words(raised.value) == "HF_TOKEN contains a character that is not ASCII; set it to …"
    )


async def test_each_retry_has_its_short_progress_words() -> None:
    answers = iter([httpx.Response(503), httpx.Response(429)])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        try:
            return next(answers)
        except StopIteration:
            raise httpx.ConnectError("Connection refused", request=request) from None

    async def no_wait(seconds: float) -> None:
        pass

    transport = httpx.MockTransport(handler)
    async with HFClient(
        f"http://{HOST}", transport=transport, max_tries=4, sleep=no_wait,
        on_retry=lambda attempt, delay, reason: seen.append(header_words(reason)),
    ) as client:  # fmt: skip
        with pytest.raises(ApiError) as raised:
            await client.daily_papers(DAY)
    assert seen == [
        "server error (HTTP 503)", "rate limited (HTTP 429)", f"cannot reach {HOST}"
    ]  # fmt: skip
    assert header_words(raised.value) == f"cannot reach {HOST}"
    assert header_offline(raised.value)


def endless_pages(request: httpx.Request) -> httpx.Response:
    page = int(request.url.params["p"])
    entries = [
        {"paper": {"id": f"2607.{page * 100 + i:05d}", "submittedOnDailyAt": DAY.key}}
        for i in range(100)
    ]
    return httpx.Response(200, json=entries)


async def test_a_view_cut_at_the_page_limit_says_so_in_short(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(api_module, "MAX_PAGES", 2)
    transport = httpx.MockTransport(endless_pages)
    async with HFClient(f"http://{HOST}", transport=transport, **FAST) as client:
        result = await refresh_period(store, client, DAY)
    assert result.incomplete is not None
    assert result.incomplete_header_words == "incomplete after 2 pages"


def test_every_expected_error_shares_one_base_that_words_it_whole() -> None:
    from tui.core.errors import (
        BodyError,
        DailyPapersError,
        PayloadError,
        SchemaTooNew,
        StoreBusy,
        StoreDamaged,
        StoreError,
    )

    kinds = (ApiError, BodyError, PayloadError, SchemaTooNew, StoreBusy, StoreDamaged, StoreError)
    assert all(issubclass(kind, DailyPapersError) for kind in kinds)
    assert issubclass(PayloadError, ValueError)  # parsing callers catch ValueError too
    busy = StoreBusy("the database cache.db is busy (another dailypapers is writing); try again")
    assert busy.header_words == busy.narrow_header_words == str(busy)  # the header shows it all
    long = ApiError("x" * 80, status=None)
    assert long.header_words == "x" * 59 + "…"
    retold = long.retold("y" * 80 + " (2 tries)")
    assert (retold.status, retold.unreachable, retold.header_words) == (None, False, "y" * 59 + "…")
