"""Backfill: whole months and edge days, at most four at once, failures retried later, and a run
stopped half-way resumes without fetching again what it already has (sync.backfill)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from papers_transport import InProcessAPI

from tui.core.api import HFClient
from tui.core.dates import Period
from tui.core.store import Store
from tui.core.sync import backfill, plan_backfill

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # today's Daily Papers day: 2026-11-25


def entry(paper_id: str, day: str, upvotes: int = 1) -> dict:
    return {
        "paper": {
            "id": paper_id,
            "title": f"Paper {paper_id}",
            "summary": "Text.",
            "upvotes": upvotes,
            "publishedAt": f"{day}T00:00:00.000Z",
            "submittedOnDailyAt": f"{day}T00:00:00.000Z",
        },
        "numComments": 0,
    }


def dataset(first: date, last: date) -> dict[str, list[dict]]:
    """Three papers on every weekday from first to last."""
    days: dict[str, list[dict]] = {}
    day, number = first, 1
    while day <= last:
        if day.weekday() < 5:
            key = day.isoformat()
            yymm = day.strftime("%y%m")
            days[key] = [entry(f"{yymm}.{number + i:05d}", key) for i in range(3)]
            number += 3
        day += timedelta(days=1)
    return days


def fake_api(days: dict[str, list[dict]]) -> InProcessAPI:
    """The fake Papers API serving ``days`` by date or month, in pages; each answer takes
    10 ms, so that requests overlap and ``most_in_flight`` counts them."""
    api = InProcessAPI([e for _, es in sorted(days.items()) for e in es], delay=0.01)
    api.link_headers = False  # these tests page by short pages alone
    return api


class Stopped(Exception):
    """The run is stopped from outside (a Ctrl-C, a kill)."""


def client(server: InProcessAPI | Callable[[httpx.Request], httpx.Response]) -> HFClient:
    async def no_wait(seconds: float) -> None:
        return None

    return HFClient(
        "http://hf.test", transport=httpx.MockTransport(server), max_tries=2, sleep=no_wait
    )


def test_plan_uses_whole_past_months_and_single_days_at_the_edges() -> None:
    units = plan_backfill(date(2026, 8, 20), date(2026, 11, 25), date(2026, 11, 25))
    months = [u.key for u in units if u.kind == "month"]
    days = [u.key for u in units if u.kind == "day"]
    assert months == ["2026-10", "2026-09"]  # newest first
    assert days[0] == "2026-11-25" and "2026-11-01" in days and "2026-08-20" in days
    assert "2026-08-19" not in days and all(d[:7] in ("2026-08", "2026-11") for d in days)
    assert (
        plan_backfill(date(2020, 1, 1), date(2023, 5, 4), date(2026, 1, 1))[0].key == "2023-05-04"
    )


async def test_backfill_fetches_everything_politely_and_a_rerun_fetches_nothing(store) -> None:
    days = dataset(date(2026, 6, 1), date(2026, 11, 25))
    server = fake_api(days)
    async with client(server) as api:
        summary = await backfill(store, api, date(2026, 6, 1), now=NOW)
    papers = sum(len(v) for v in days.values())
    assert summary.failed == [] and summary.totals.new == papers
    assert store.stats()["papers"] == papers
    assert server.most_in_flight <= 4
    months = {r.url.params.get("month") for r in server.requests} - {None}
    assert months == {"2026-06", "2026-07", "2026-08", "2026-09", "2026-10"}
    before = len(server.requests)
    async with client(server) as api:
        again = await backfill(store, api, date(2026, 6, 1), now=NOW + timedelta(minutes=5))
    assert len(server.requests) == before  # everything is fresh: not one request
    assert again.skipped == again.planned


async def test_failures_are_reported_and_fetched_by_the_next_run(store) -> None:
    server = fake_api(dataset(date(2026, 7, 1), date(2026, 9, 30)))
    server.fail(503, times=2, params={"month": "2026-08"})  # both tries of the first run fail
    async with client(server) as api:
        first = await backfill(store, api, date(2026, 7, 1), date(2026, 9, 30), now=NOW)
    assert [p.key for p, _ in first.failed] == ["2026-08"]
    assert "503" in first.failed[0][1]
    assert store.day_counts("2026-08-01", "2026-08-31") == {}
    seen = len(server.requests)
    async with client(server) as api:
        second = await backfill(store, api, date(2026, 7, 1), date(2026, 9, 30), now=NOW)
    asked = {r.url.params.get("month") for r in server.requests[seen:]}
    assert asked == {"2026-08"} and second.done == 1
    assert len(store.day_counts("2026-08-01", "2026-08-31")) > 15


async def test_an_interrupted_backfill_resumes_where_it_stopped(store) -> None:
    days = dataset(date(2026, 1, 1), date(2026, 10, 31))
    server = fake_api(days)
    done: list[Period] = []

    def on_event(event) -> None:
        if event.kind == "done":
            done.append(event.period)
            if len(done) == 3:
                raise Stopped  # as a Ctrl-C would, half-way

    with pytest.raises(Stopped):
        async with client(server) as api:
            await backfill(
                store, api, date(2026, 1, 1), date(2026, 10, 31), on_event=on_event, now=NOW
            )
    fetched = {p.key for p in done}
    assert len(fetched) >= 3
    seen = len(server.requests)
    async with client(server) as api:
        resumed = await backfill(store, api, date(2026, 1, 1), date(2026, 10, 31), now=NOW)
    asked = {r.url.params.get("month") for r in server.requests[seen:]}
    assert not asked & fetched  # nothing fetched again
    assert resumed.skipped >= 3 and resumed.failed == []
    assert store.stats()["papers"] == sum(len(v) for v in days.values())


def test_threads_writing_at_once_queue_instead_of_failing_busy(tmp_path, monkeypatch) -> None:
    import threading

    from tui.core import db
    from tui.core.models import Listing, Paper

    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.01)  # SQLite alone would give up at once
    store = Store(tmp_path / "cache.db", tmp_path / "library.db")
    errors: list[BaseException] = []

    def write(month: int) -> None:
        papers = [Paper(id=f"26{month:02d}.{i:05d}", title=f"P {i}", abstract="word " * 200)
                  for i in range(1, 1500)]  # fmt: skip
        try:
            store.ingest(papers, [Listing(p.id, f"2026-{month:02d}-01") for p in papers])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(m,)) for m in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.stats()["papers"] == 4 * 1499
    store.close()


def test_may_2023_is_one_month_from_the_first_day() -> None:
    units = plan_backfill(date(2023, 5, 4), date(2023, 6, 30), date(2026, 1, 1))
    assert [(u.kind, u.key) for u in units] == [("month", "2023-06"), ("month", "2023-05")]


class RateLimited(InProcessAPI):
    """Says 429 to the first request, then counts how many are in flight at once."""

    def __init__(self, days: dict[str, list[dict]]) -> None:
        super().__init__(fake_api(days).entries, delay=0.01)
        self.link_headers = False
        self.limited = False
        self.most_after_429 = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if not self.limited:
            self.limited = True
            self.requests.append(request)
            return httpx.Response(429, headers={"Retry-After": "0"}, json={"error": "slow down"})
        if len(self.requests) > 1:
            self.most_after_429 = max(self.most_after_429, self.in_flight + 1)
        return await super().__call__(request)


async def test_a_429_slows_the_backfill_to_one_request_at_a_time(store) -> None:
    server = RateLimited(dataset(date(2026, 5, 1), date(2026, 10, 31)))
    async with client(server) as api:
        summary = await backfill(store, api, date(2026, 5, 1), date(2026, 10, 31), now=NOW)
    assert summary.failed == [] and summary.done == 6
    assert server.most_after_429 == 1


async def test_a_backfill_stops_asking_a_server_it_cannot_reach(store) -> None:
    requests: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        raise httpx.ConnectError("[Errno 111] Connection refused")

    async with client(refuse) as api:
        summary = await backfill(store, api, date(2026, 5, 1), date(2026, 11, 25), now=NOW)
    planned = summary.planned
    assert planned > 20
    # The first four units run at once and each gives up after two refusals; no more are tried.
    assert len(summary.failed) == 4 and summary.not_tried == planned - 4
    assert len(requests) == 8
    assert "connection refused (2 tries)" in summary.failed[0][1]


@pytest.mark.parametrize(("status", "most_failed"), [(500, 6 + 3), (429, 4)])
async def test_a_backfill_stops_when_the_server_keeps_failing(
    store, status: int, most_failed: int
) -> None:
    requests: list[httpx.Request] = []

    def failing(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(status, json={"error": "busy"}, headers={"Retry-After": "0"})

    async with client(failing) as api:
        summary = await backfill(store, api, date(2025, 1, 1), date(2026, 11, 25), now=NOW)
    assert summary.planned > 30 and summary.done == 0
    # The units already running when it gave up finish; the rest are left for the next run.
    assert len(summary.failed) <= most_failed
    assert summary.not_tried == summary.planned - len(summary.failed)
    assert len(requests) <= 2 * most_failed
