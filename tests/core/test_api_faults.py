"""Network faults: one plain ApiError sentence, bounded retries, and an untouched cache.

Every fault goes through ``tui.core.sync.refresh_period`` into a real Store holding an earlier
successful fetch; a full dump of the cache tables must be identical afterwards, apart from the
one "error" row the fetch log gains.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fakeserver import (
    DAY_0612,
    MONTH_P0,
    SUBSET_0731,
    FakeHF,
    ScriptedTransport,
    fixture_bytes,
    load_fixture,
    respond,
)

from tui.core import api as api_module
from tui.core.api import ApiError, HFClient
from tui.core.dates import Period
from tui.core.store import Store
from tui.core.sync import refresh_period

DAY = Period("day", "2026-06-12")


class Clock:
    """A fake monotonic clock; ``sleep`` records each wait and advances the clock."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(
        api_module, "time", SimpleNamespace(monotonic=fake.monotonic, time=time.time)
    )
    return fake


def client(script: ScriptedTransport, clock: Clock, **kwargs: Any) -> HFClient:
    return HFClient("http://hf.test", transport=script.transport, sleep=clock.sleep, **kwargs)


def assert_sentence(message: str) -> None:
    assert message
    assert "\n" not in message
    assert "Traceback" not in message
    assert len(message) < 300


async def fill(store: Store, clock: Clock) -> None:
    script = ScriptedTransport(respond(body=load_fixture(DAY_0612)))
    async with client(script, clock) as api:
        await refresh_period(store, api, DAY)
    clock.sleeps.clear()


async def failing_refresh(
    store: Store, script: ScriptedTransport, clock: Clock, dump: Callable[..., Any], **kwargs: Any
) -> ApiError:
    """Run a refresh that must fail; check the cache is untouched and the failure logged."""
    await fill(store, clock)
    before = dump(store.cache_path, exclude=("fetch_log",))
    log_before = store.conn.execute("SELECT count(*) FROM fetch_log").fetchall()[0][0]
    async with client(script, clock, **kwargs) as api:
        with pytest.raises(ApiError) as caught:
            await refresh_period(store, api, DAY)
    assert dump(store.cache_path, exclude=("fetch_log",)) == before
    log = store.conn.execute("SELECT view, outcome, message FROM fetch_log ORDER BY id").fetchall()
    assert len(log) == log_before + 1
    assert tuple(log[-1]) == ("day:2026-06-12", "error", str(caught.value))
    record = store.last_fetch("day:2026-06-12")
    assert record is not None and record.outcome == "error"
    assert store.last_fetch("day:2026-06-12", outcome="ok") is not None
    assert_sentence(str(caught.value))
    return caught.value


# --- rate limiting ----------------------------------------------------------------------------


async def test_429_retry_after_is_waited_exactly(store: Store, clock: Clock, cache_dump) -> None:
    script = ScriptedTransport(respond(429, {"error": "slow down"}, headers={"Retry-After": "7"}))
    error = await failing_refresh(store, script, clock, cache_dump, max_tries=3)
    assert len(script.requests) == 3
    assert clock.sleeps == [7.0, 7.0]
    assert error.retryable
    assert "rate limiting" in str(error) and "429" in str(error)
    assert "(3 tries)" in str(error)


async def test_429_then_success(store: Store, clock: Clock) -> None:
    script = ScriptedTransport(
        respond(429, headers={"Retry-After": "2"}), respond(body=load_fixture(SUBSET_0731))
    )
    async with client(script, clock) as api:
        result = await refresh_period(store, api, Period("day", "2026-07-31"))
    assert clock.sleeps == [2.0]
    assert result.summary.papers == 5
    assert (
        store.conn.execute("SELECT count(*) FROM listings WHERE day = '2026-07-31'").fetchall()[0][
            0
        ]
        == 5
    )


async def test_ratelimit_header_exhausted_waits_reset_plus_one(clock: Clock) -> None:
    script = ScriptedTransport(
        respond(429, headers={"RateLimit": '"api";r=0;t=5', "Retry-After": "30"}),
        respond(body=[]),
    )
    async with client(script, clock) as api:
        await api.daily_papers(DAY)
    assert clock.sleeps == [6.0]


async def test_ratelimit_header_not_exhausted_falls_back_to_retry_after(clock: Clock) -> None:
    script = ScriptedTransport(
        respond(429, headers={"RateLimit": '"api";r=3;t=5', "Retry-After": "4"}),
        respond(body=[]),
    )
    async with client(script, clock) as api:
        await api.daily_papers(DAY)
    assert clock.sleeps == [4.0]


async def test_retry_after_as_http_date(clock: Clock) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    script = ScriptedTransport(respond(503, headers={"Retry-After": when}), respond(body=[]))
    async with client(script, clock) as api:
        await api.daily_papers(DAY)
    assert len(clock.sleeps) == 1
    assert 15 <= clock.sleeps[0] <= 21


async def test_a_wait_longer_than_max_wait_fails_at_once(clock: Clock) -> None:
    script = ScriptedTransport(respond(429, headers={"Retry-After": "600"}))
    async with client(script, clock, max_wait=60) as api:
        with pytest.raises(ApiError) as caught:
            await api.daily_papers(DAY)
    assert len(script.requests) == 1
    assert clock.sleeps == []
    assert caught.value.status == 429
    assert "10 min" in str(caught.value)
    assert_sentence(str(caught.value))


async def test_429_without_hint_backs_off(clock: Clock) -> None:
    script = ScriptedTransport(respond(429), respond(429), respond(body=[]))
    async with client(script, clock, backoff_base=1.0) as api:
        await api.daily_papers(DAY)
    assert len(clock.sleeps) == 2
    assert 0.5 <= clock.sleeps[0] <= 1.0
    assert 1.0 <= clock.sleeps[1] <= 2.0


async def test_a_server_wait_pauses_every_request(clock: Clock) -> None:
    script = ScriptedTransport(respond(429, headers={"Retry-After": "9"}), respond(body=[]))
    retries: list[tuple[int, float, str]] = []

    def on_retry(attempt: int, delay: float, error: ApiError) -> None:
        retries.append((attempt, delay, str(error)))

    async with client(script, clock, on_retry=on_retry) as api:
        await api.daily_papers(DAY)
    assert retries == [(1, 9.0, "hf.test is rate limiting requests (HTTP 429)")]
    assert clock.sleeps == [9.0]  # slept once; the shared pause had passed by then


# --- server errors, timeouts, hangs -------------------------------------------------------


async def test_500_is_retried_then_fails(store: Store, clock: Clock, cache_dump) -> None:
    script = ScriptedTransport(respond(500, {"error": "boom"}))
    error = await failing_refresh(store, script, clock, cache_dump, max_tries=4)
    assert len(script.requests) == 4
    assert len(clock.sleeps) == 3
    for attempt, delay in enumerate(clock.sleeps, 1):
        assert 0.5 * 2 ** (attempt - 1) <= delay <= 2 ** (attempt - 1)
    assert str(error) == "hf.test answered HTTP 500 Internal Server Error: boom (4 tries)"
    assert error.retryable


async def test_503_then_success(clock: Clock) -> None:
    script = ScriptedTransport(respond(503), respond(502), respond(body=load_fixture(SUBSET_0731)))
    async with client(script, clock) as api:
        result = await api.daily_papers(Period("day", "2026-07-31"))
    assert len(result.papers) == 5
    assert len(clock.sleeps) == 2


async def test_read_timeout(store: Store, clock: Clock, cache_dump) -> None:
    script = ScriptedTransport(httpx.ReadTimeout("timed out"))
    error = await failing_refresh(store, script, clock, cache_dump, max_tries=2, read_timeout=7)
    assert len(script.requests) == 2
    assert str(error) == "hf.test did not answer within 7 s (2 tries)"


async def test_a_refused_connection_is_tried_twice_not_four_times(
    store: Store, clock: Clock, cache_dump
) -> None:
    script = ScriptedTransport(*[httpx.ConnectError("[Errno 111] Connection refused")] * 4)
    error = await failing_refresh(store, script, clock, cache_dump, max_tries=4)
    assert len(script.requests) == 2
    assert str(error) == "cannot reach hf.test: connection refused (2 tries)"
    assert error.unreachable


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("http://127.0.0.1:99999", "whose port is not a number from 1 to 65535"),
        ("http://example.com:80:81", "whose port is not a number from 1 to 65535"),
        ("http://exa[mple.com", "which is not a valid URL"),
        ("http://", "which is not an http(s) URL"),
        ("file:///etc/passwd", "which is not an http(s) URL"),
        ("http://host/mirror?x=1#y", "which ends in a ?query or #fragment"),
        ("http://host/mirror#y", "which ends in a ?query or #fragment"),
    ],
)
def test_an_endpoint_that_cannot_work_is_named_before_any_request(
    endpoint: str, problem: str
) -> None:
    with pytest.raises(ApiError) as raised:
        HFClient(endpoint)
    assert str(raised.value).startswith(f"HF_ENDPOINT is {endpoint!r}, {problem}")
    assert not raised.value.retryable


async def test_connection_refused(store: Store, clock: Clock, cache_dump) -> None:
    script = ScriptedTransport(httpx.ConnectError("[Errno 111] Connection refused"))
    error = await failing_refresh(store, script, clock, cache_dump, max_tries=1)
    assert str(error) == "cannot reach hf.test: connection refused"


async def test_a_hanging_server_times_out(
    store: Store, cache_dump: Callable[..., Any], clock: Clock
) -> None:
    await fill(store, clock)
    before = cache_dump(store.cache_path, exclude=("fetch_log",))
    with FakeHF() as server:
        server.hang()
        started = time.monotonic()
        async with HFClient(server.url, read_timeout=0.3, max_tries=2, sleep=clock.sleep) as api:
            with pytest.raises(ApiError) as caught:
                await refresh_period(store, api, DAY)
        elapsed = time.monotonic() - started
        assert len(server.requests) == 2
    assert elapsed < 5
    assert str(caught.value).endswith("did not answer within 0.3 s (2 tries)")
    assert_sentence(str(caught.value))
    assert cache_dump(store.cache_path, exclude=("fetch_log",)) == before


# --- bad payloads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"{not json", "not valid JSON"),
        (fixture_bytes(DAY_0612)[: len(fixture_bytes(DAY_0612)) // 2], "not valid JSON"),
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"<html>502 Bad Gateway</html>", "not valid JSON"),
        (b'{"papers": []}', "expected a list of papers, got an object"),
        (b'{"error": "Invalid date"}', "got an error: Invalid date"),
        (b'"just a string"', "expected a list of papers, got str"),
        (b"null", "expected a list of papers"),
    ],
    ids=["malformed", "truncated", "empty", "binary", "html", "object", "error", "str", "null"],
)
async def test_bad_payload(
    store: Store, clock: Clock, cache_dump: Callable[..., Any], raw: bytes, words: str
) -> None:
    script = ScriptedTransport(respond(raw=raw))
    error = await failing_refresh(store, script, clock, cache_dump)
    assert words in str(error)
    assert str(error).startswith("hf.test ")
    assert len(script.requests) == 1


async def test_a_later_page_failing_stores_nothing(
    store: Store, clock: Clock, cache_dump: Callable[..., Any]
) -> None:
    await fill(store, clock)
    before = cache_dump(store.cache_path, exclude=("fetch_log",))
    script = ScriptedTransport(respond(body=load_fixture(MONTH_P0)), respond(raw=b"[{"))
    async with client(script, clock) as api:
        with pytest.raises(ApiError, match="not valid JSON"):
            await refresh_period(store, api, Period("month", "2024-04"))
    assert len(script.requests) == 2
    assert cache_dump(store.cache_path, exclude=("fetch_log",)) == before


async def test_an_entry_without_id_is_skipped_and_the_rest_stored(
    store: Store, clock: Clock
) -> None:
    body = load_fixture(SUBSET_0731)
    body.insert(1, {"paper": {"title": "I have no id"}, "numComments": 1})
    body.append("not an entry")
    script = ScriptedTransport(respond(body=body))
    async with client(script, clock) as api:
        result = await refresh_period(store, api, Period("day", "2026-07-31"))
    assert result.summary.skipped == 2
    assert result.summary.papers == 5
    assert store.conn.execute("SELECT count(*) FROM papers").fetchall()[0][0] == 5
    assert store.conn.execute("SELECT count(*) FROM listings").fetchall()[0][0] == 5
    log = store.conn.execute("SELECT outcome, papers, skipped FROM fetch_log").fetchall()
    assert [tuple(r) for r in log] == [("ok", 5, 2)]


# --- error bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "detail"),
    [
        (respond(400, {"error": "x"}), "x"),
        (
            respond(400, {"errors": [{"message": "bad date"}, {"message": "bad p"}]}),
            "bad date; bad p",
        ),
        (respond(400, raw=b"nope", headers={"X-Error-Message": "Invalid week"}), "Invalid week"),
        (respond(400, {"error": "line one\nline two \x1b[31mred"}), "line one line two red"),
        (
            respond(
                400, raw=b"nope", headers={"X-Error-Message": b"bad \x9b31m\x1b]52;c;eA==\x07week"}
            ),
            "bad week",
        ),
        (respond(400, raw=b"nope", headers={"X-Error-Message": "w" * 1000}), "w" * 199 + "…"),
    ],
    ids=["error", "errors", "x-error-message", "hostile", "hostile-header", "huge-header"],
)
async def test_error_bodies_become_the_message(
    store: Store, clock: Clock, cache_dump: Callable[..., Any], step: Any, detail: str
) -> None:
    script = ScriptedTransport(step)
    error = await failing_refresh(store, script, clock, cache_dump, max_tries=4)
    assert str(error) == f"hf.test answered HTTP 400 Bad Request: {detail}"
    assert error.status == 400
    assert not error.retryable
    assert len(script.requests) == 1  # a 400 is not retried
    assert clock.sleeps == []


async def test_max_tries_is_bounded(clock: Clock) -> None:
    script = ScriptedTransport(respond(503))
    async with client(script, clock, max_tries=0) as api:
        with pytest.raises(ApiError) as caught:
            await api.daily_papers(DAY)
    assert len(script.requests) == 1
    assert "tries" not in str(caught.value)


@pytest.mark.parametrize(
    ("retry_after", "words"),
    [("999999999", "wait more than a day"), ("36000", "wait 10 h"), ("3600", "wait 60 min")],
)
async def test_a_huge_retry_after_reads_in_plain_words(
    clock: Clock, retry_after: str, words: str
) -> None:
    script = ScriptedTransport(respond(429, headers={"Retry-After": retry_after}))
    async with client(script, clock, max_wait=60) as api:
        with pytest.raises(ApiError) as caught:
            await api.daily_papers(DAY)
    assert words in str(caught.value)
    assert_sentence(str(caught.value))
