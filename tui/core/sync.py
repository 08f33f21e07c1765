"""The refresh engine: fetch a view whole, validate it, then write it in one transaction.

A failure at any point (network, HTTP status, a bad payload) leaves the cache exactly as it was
and is recorded in the fetch log, so the app can say "refresh failed: …" and try again later.

Staleness (PRODUCT.md §3): a view that covers today (or yesterday: the latest batch on a weekend
morning) is stale after 15 minutes, a past one after 24 hours; both are configurable. A day also
counts as fetched when its week or its month was fetched, so a backfilled month is not fetched
again day by day.

A backfill splits a date range into whole past months (one request per 100 papers) and single
days (the current month, and the edges of the range), fetches at most four at once, skips what is
fresh, and commits each piece on its own: stop it at any point, and the next run resumes where it
stopped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .api import MAX_CONCURRENCY, PAGE_SIZE, FetchResult, HFClient
from .dates import FIRST_DAY, Period, daily_today, now_utc
from .db import now_stamp
from .errors import ApiError, StoreBusy
from .freshness import (
    DEFAULT_FRESHNESS,
    Freshness,
    is_settled,
    is_stale,
)
from .library import Library
from .store import IngestSummary, Store


@dataclass(slots=True)
class RefreshResult:
    period: Period | None
    summary: IngestSummary
    requests: int
    latest_day: str | None = None  # for the latest feed: the newest day with papers
    # Why the view is not whole, when the server offered more pages than MAX_PAGES.
    incomplete: str | None = None
    incomplete_header_words: str | None = None  # the same, as the app's header says it


def _incomplete(result: FetchResult) -> str | None:
    if not result.truncated:
        return None
    return f"stopped after {result.pages} pages while the server offered more"


def _incomplete_header_words(result: FetchResult) -> str | None:
    return f"incomplete after {result.pages} pages" if result.truncated else None


async def _fetch_and_store(
    store: Store,
    client: HFClient,
    period: Period | None,
    view: str,
    on_page: Callable[[int, int], None] | None,
) -> tuple[FetchResult, IngestSummary, int]:
    started = now_stamp()
    before = client.requests
    try:
        result = await client.daily_papers(period, on_page=on_page)
    except ApiError as error:
        requests = client.requests - before
        await asyncio.to_thread(
            store.log_fetch,
            view,
            started_at=started,
            outcome="error",
            message=str(error),
            requests=requests,
        )
        raise
    requests = client.requests - before
    summary = await asyncio.to_thread(
        store.ingest,
        list(result.papers.values()),
        sorted(result.listings, key=lambda listing: (listing.day, listing.paper_id)),
        view=view,
        started_at=started,
        skipped=result.skipped,
        requests=requests,
        # What came is kept, but the view is not logged as fetched: it stays stale, and the
        # next refresh tries it whole again.
        outcome="partial" if result.truncated else "ok",
        message=_incomplete(result),
    )
    return result, summary, requests


async def refresh_period(
    store: Store,
    client: HFClient,
    period: Period,
    *,
    on_page: Callable[[int, int], None] | None = None,
) -> RefreshResult:
    """Fetch every page of a day, week or month and store it in one transaction."""
    result, summary, requests = await _fetch_and_store(
        store, client, period, period.view_key, on_page
    )
    return RefreshResult(
        period,
        summary,
        requests,
        incomplete=_incomplete(result),
        incomplete_header_words=_incomplete_header_words(result),
    )


async def refresh_latest(
    store: Store,
    client: HFClient,
    *,
    today: date | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> RefreshResult:
    """Refresh today's batch; when today has none yet (a weekend, an early morning), the latest.

    The latest feed (no ``date``) comes newest first; its newest day is complete when the
    response also reaches into an older day, and is then logged as fetched too.
    """
    today = today or daily_today()
    period = Period.of("day", today)
    result, summary, requests = await _fetch_and_store(
        store, client, period, period.view_key, on_page
    )
    if result.papers:
        return RefreshResult(
            period,
            summary,
            requests,
            latest_day=today.isoformat(),
            incomplete=_incomplete(result),
            incomplete_header_words=_incomplete_header_words(result),
        )
    latest, more, more_requests = await _fetch_and_store(store, client, None, "latest", on_page)
    summary.add(more)
    days = sorted({listing.day for listing in latest.listings if listing.day <= today.isoformat()})
    newest = days[-1] if days else None
    # The feed is newest first: its newest day is complete when an older day follows it, or
    # when the whole feed fitted on one page.
    if newest and not latest.truncated and (len(days) > 1 or latest.entries < PAGE_SIZE):
        await asyncio.to_thread(
            store.log_fetch, f"day:{newest}", started_at=now_stamp(), outcome="ok"
        )
    newest_period = Period("day", newest) if newest else period
    return RefreshResult(
        newest_period,
        summary,
        requests + more_requests,
        latest_day=newest,
        incomplete=_incomplete(latest),
        incomplete_header_words=_incomplete_header_words(latest),
    )


async def fill_in_kept_papers(
    store: Store, library: Library, client: HFClient, *, limit: int = 20
) -> int:
    """Details for papers the user keeps that have only an id (bookmarked offline, imported
    without details): from the cache when it has them, else ``/api/papers/{id}``. Returns how
    many were filled in; a paper Hugging Face does not know stays as it is."""
    filled = 0
    candidates = await asyncio.to_thread(library.ids_without_details, limit * 5)
    # A paper Hugging Face said it does not know is asked about again after a week, not at
    # every refresh; the others behind it get their turn.
    unknown = await asyncio.to_thread(store.recently_unknown, candidates)
    for paper_id in [i for i in candidates if i not in unknown][:limit]:
        paper = await asyncio.to_thread(store.paper, paper_id)
        # The cache may hold only what the library gave it (a BibTeX import's title and
        # authors): the same test as ids_without_details, or it would be "filled in" forever.
        if (
            paper is None
            or paper.title == paper.id
            or not (paper.published or paper.listed_day or paper.abstract)
        ):
            paper = await client.paper(paper_id)
            if paper is None:
                await asyncio.to_thread(store.mark_unknown, paper_id)
                continue
            await asyncio.to_thread(store.ingest, [paper], source="paper")
        await asyncio.to_thread(library.save_snapshot, paper)
        filled += 1
    return filled


# --- backfill ---------------------------------------------------------------------------------


@dataclass(slots=True)
class BackfillEvent:
    kind: str  # planned | skipped | done | failed | not_tried
    period: Period | None = None
    summary: IngestSummary | None = None
    message: str | None = None
    total: int = 0
    units: tuple[Period, ...] = ()  # with "planned": what will be looked at


@dataclass(slots=True)
class BackfillSummary:
    planned: int = 0
    skipped: int = 0
    done: int = 0
    failed: list[tuple[Period, str]] = field(default_factory=list)
    not_tried: int = 0  # units left alone once the server could not be reached at all
    incomplete: int = 0  # units done but cut at MAX_PAGES: fetched again by the next run
    totals: IngestSummary = field(default_factory=IngestSummary)
    requests: int = 0


def plan_backfill(since: date, until: date, today: date) -> list[Period]:
    """Whole past months where the range covers them, single days elsewhere; newest first."""
    since = max(since, FIRST_DAY)
    until = min(until, today)
    units: list[Period] = []
    month = Period.of("month", since)
    while month.first <= until:
        # May 2023 is whole from its first Daily Papers day (the 4th): one request, not 28.
        starts = max(month.first, FIRST_DAY)
        whole = starts >= since and month.last <= until and month.last < today
        if whole:
            units.append(month)
        else:
            first, last = max(month.first, since), min(month.last, until)
            units.extend(
                Period.of("day", first + timedelta(days=i)) for i in range((last - first).days + 1)
            )
        month = month.step(1)
    units.reverse()
    return units


GIVE_UP_AFTER = 6  # units failing one after another: the server is in trouble, stop asking


async def backfill(
    store: Store,
    client: HFClient,
    since: date,
    until: date | None = None,
    *,
    freshness: Freshness = DEFAULT_FRESHNESS,
    on_event: Callable[[BackfillEvent], None] | None = None,
    concurrency: int = MAX_CONCURRENCY,
    now: datetime | None = None,
    force: bool = False,
) -> BackfillSummary:
    """Fetch every Daily Papers day from ``since`` to ``until``; safe to stop and run again."""
    now = now or now_utc()
    today = daily_today(now)
    units = plan_backfill(since, until or today, today)
    summary = BackfillSummary(planned=len(units))
    emit = on_event or (lambda event: None)
    emit(BackfillEvent("planned", total=len(units), units=tuple(units)))
    todo: list[Period] = []
    for unit in units:
        fresh = not force and (
            not is_stale(store, unit, now=now, freshness=freshness) or is_settled(store, unit)
        )
        if fresh:
            summary.skipped += 1
            emit(BackfillEvent("skipped", unit, total=len(units)))
        else:
            todo.append(unit)
    slots = asyncio.Semaphore(max(1, min(concurrency, MAX_CONCURRENCY)))
    before = client.requests

    stopped = False
    failures_in_a_row = 0

    async def run(unit: Period) -> None:
        nonlocal stopped, failures_in_a_row
        async with slots:
            if stopped:
                # Forty more units would each wait out the same refused connection, silent
                # server, rate limit or outage, and add to the load; the next run tries them.
                summary.not_tried += 1
                emit(BackfillEvent("not_tried", unit, total=len(units)))
                return
            try:
                result = await refresh_period(store, client, unit)
            except (ApiError, StoreBusy) as error:  # another process writing: next run
                failures_in_a_row += 1
                stopped = stopped or (
                    getattr(error, "unreachable", False)
                    or getattr(error, "status", None) == 429  # still limited after its tries
                    or failures_in_a_row >= GIVE_UP_AFTER
                )
                summary.failed.append((unit, str(error)))
                emit(BackfillEvent("failed", unit, message=str(error), total=len(units)))
                return
            failures_in_a_row = 0
            summary.done += 1
            summary.totals.add(result.summary)
            if result.incomplete:
                summary.incomplete += 1
            emit(BackfillEvent("done", unit, summary=result.summary, message=result.incomplete,
                               total=len(units)))  # fmt: skip

    try:
        await asyncio.gather(*(run(unit) for unit in todo))
    finally:
        summary.requests = client.requests - before
    return summary
