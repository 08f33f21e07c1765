"""The Hugging Face Papers JSON API client (httpx, async; no Textual).

Endpoints: ``/api/daily_papers`` (a day, an ISO week, a month, or the latest feed; paged with
``limit=100`` and ``p``), ``/api/papers/search`` and ``/api/papers/{id}`` (API.md §1, §3, §4).

Politeness and resilience: connect and read timeouts; retries with exponential backoff and jitter
on 408, 429, 5xx, timeouts and dropped connections, honouring ``Retry-After`` and the ``RateLimit``
header; a bounded number of tries; at most four requests in flight, and every request pauses
while the server has asked us to wait. Every failure ends as one :class:`ApiError` whose text is a
plain sentence a user can act on.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from .. import __version__
from .dates import Period
from .models import Listing, Paper, ParsedPage
from .parse import PayloadError, error_text, parse_entries, parse_paper
from .text import clean_line

DEFAULT_ENDPOINT = "https://huggingface.co"
PAGE_SIZE = 100  # the API's maximum
MAX_PAGES = 30  # a month has at most ~600 entries (6 pages); anything beyond is a server loop
SEARCH_QUERY_MAX = 250
SEARCH_LIMIT_MAX = 120
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_CONCURRENCY = 4
MAX_TIMEOUTS = 2  # tries a request gets when the server hangs or refuses to connect
CALM_SECONDS = 60.0  # after a 429, requests go one at a time for this long

RetryHook = Callable[[int, float, str], None]
"""Called before each retry with (attempt just failed, seconds to wait, the reason in words)."""


def endpoint_from_env() -> str:
    return _endpoint_as_given().rstrip("/")


def _endpoint_as_given() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()


def user_agent() -> str:
    python = ".".join(map(str, sys.version_info[:2]))
    return f"dailypapers/{__version__} httpx/{httpx.__version__} python/{python}"


class ApiError(Exception):
    """A request that failed for good, with a message in one plain sentence."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retryable: bool = True,
        unreachable: bool = False,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retryable = retryable  # worth trying again later (network, 5xx, 429)
        self.unreachable = unreachable  # no connection, or no answer at all: stop asking

    def __str__(self) -> str:
        return self.message


@dataclass(slots=True)
class FetchResult:
    """All pages of one view, merged: each paper once, every (paper, day) listing kept."""

    papers: dict[str, Paper] = field(default_factory=dict)
    listings: set[Listing] = field(default_factory=set)
    skipped: int = 0
    skipped_reasons: list[str] = field(default_factory=list)
    pages: int = 0
    entries: int = 0

    def add(self, page: ParsedPage) -> int:
        """Merge one page; returns how many papers were new to this result."""
        added = 0
        for paper in page.papers:
            known = self.papers.get(paper.id)
            if known is None:
                added += 1
            if known is None or (paper.listed_day or "") >= (known.listed_day or ""):
                self.papers[paper.id] = paper
        self.listings.update(page.listings)
        self.skipped += page.skipped
        self.skipped_reasons.extend(page.skipped_reasons[:5])
        self.entries += len(page.papers) + page.skipped
        return added


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: ``RateLimit`` (when exhausted) or ``Retry-After``."""
    ratelimit = response.headers.get("RateLimit")
    if ratelimit:
        remaining = re.search(r"\br\s*=\s*(\d+)", ratelimit)
        reset = re.search(r"\bt\s*=\s*(\d+)", ratelimit)
        if remaining and reset and int(remaining.group(1)) == 0:
            return float(reset.group(1)) + 1.0
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _connect_reason(error: Exception) -> str:
    text = str(error).lower()
    if "refused" in text or "all connection attempts failed" in text:
        return "connection refused"
    if any(s in text for s in ("name or service", "nodename", "name resolution", "getaddrinfo")):
        return "no network or the name does not resolve"
    if "unreachable" in text:
        return "network unreachable"
    if "ssl" in text or "certificate" in text:
        return "a TLS/certificate error"
    return "the connection failed"


def _server_words(text: str | None, limit: int) -> str | None:
    """A header's words as a message may quote them: one line, no control, escape or bidi
    character (an X-Error-Message with C1 controls and a right-to-left override reached the
    CLI's stderr and the app's notice as is), at most ``limit`` characters."""
    words = clean_line(text)
    if words is None:
        return None
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _waited(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds <= 2 * 3600:
        return f"{seconds / 60:.0f} min"
    # Retry-After: 999999999 read "wait 16666666 min"; past a day the number says nothing.
    return f"{seconds / 3600:.0f} h" if seconds <= 24 * 3600 else "more than a day"


def without_userinfo(url: str) -> str:
    """``url`` as it may be shown, logged or stored: ``http://user:pass@host/`` loses its
    ``user:pass@`` (credentials in HF_ENDPOINT were printed in every error, by --paths, and
    kept in the cache's fetch log)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rpartition("@")[2] if "@" in url else url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _endpoint_problem(endpoint: str) -> str | None:
    """Why ``endpoint`` is not a usable http(s) base URL (a port out of range, stray
    brackets, no host), or None: the mistake is named before any request is tried."""
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        return "which is not a valid URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "which is not an http(s) URL"
    try:
        port = parts.port
        httpx.URL(endpoint)
    except (ValueError, httpx.InvalidURL):
        port = 0
    if port == 0:
        return "whose port is not a number from 1 to 65535"
    if any(c in parts.hostname for c in '[]{}<>|\\^` "%'):
        return "whose host name is not valid"
    return None


class HFClient:
    """Async client for the Papers API. Use as ``async with HFClient() as client``."""

    def __init__(
        self,
        endpoint: str | None = None,
        *,
        token: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        max_tries: int = 4,
        max_wait: float = 60.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_retry: RetryHook | None = None,
    ) -> None:
        given = (endpoint or _endpoint_as_given()).strip()  # as typed, for the message
        self.endpoint = given.rstrip("/")
        problem = _endpoint_problem(self.endpoint)
        if problem:
            raise ApiError(
                f"HF_ENDPOINT is {without_userinfo(given)!r}, {problem} (like {DEFAULT_ENDPOINT})",
                retryable=False,
            )
        self.host = urlsplit(without_userinfo(self.endpoint)).netloc  # what messages name
        self.read_timeout = read_timeout
        self.max_tries = max(1, max_tries)
        self.max_wait = max_wait
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.on_retry = on_retry
        self.requests = 0  # requests sent, for summaries and benchmarks
        self._sleep = sleep
        self._slots = asyncio.Semaphore(MAX_CONCURRENCY)
        self._resume_at = 0.0  # monotonic time before which no request is sent (after a 429)
        self._calm_until = 0.0  # monotonic time until which requests go one at a time
        self._one_at_a_time = asyncio.Lock()
        headers = {"User-Agent": user_agent(), "Accept": "application/json"}
        token = token if token is not None else os.environ.get("HF_TOKEN")
        if token:
            headers["Authorization"] = f"Bearer {token.strip()}"
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._http = httpx.AsyncClient(
            base_url=self.endpoint,
            headers=headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=True,
            trust_env=True,
        )

    async def __aenter__(self) -> HFClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- requests -------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
        return ceiling * random.uniform(0.5, 1.0)  # jitter, so parallel clients spread out

    async def _pause_if_asked(self) -> None:
        delay = self._resume_at - time.monotonic()
        if delay > 0:
            await self._sleep(delay)

    async def get_json(
        self, path: str, params: dict[str, str] | None = None
    ) -> tuple[Any, httpx.Response]:
        """GET and decode JSON, retrying what is worth retrying. Raises ApiError."""
        failure = ""
        status: int | None = None
        timeouts = unreachable = 0
        for attempt in range(1, self.max_tries + 1):
            await self._pause_if_asked()
            server_delay: float | None = None
            status = None
            try:
                response = await self._send(path, params)
            except httpx.TimeoutException:
                failure = f"{self.host} did not answer within {self.read_timeout:g} s"
                timeouts += 1
            except httpx.ConnectError as error:
                failure = f"cannot reach {self.host}: {_connect_reason(error)}"
                unreachable += 1
            except httpx.TransportError as error:
                failure = f"cannot reach {self.host}: {_connect_reason(error)}"
            except (httpx.InvalidURL, ValueError) as error:
                raise ApiError(
                    f"cannot ask {self.host}: the request URL is invalid ({error})",
                    retryable=False,
                ) from None
            else:
                if response.status_code == 200:
                    return self._decode(response), response
                detail = error_text(self._try_json(response)) or _server_words(
                    response.headers.get("X-Error-Message"), 200
                )
                status = response.status_code
                reason = f"HTTP {response.status_code}"
                if phrase := _server_words(response.reason_phrase, 60):
                    reason += f" {phrase}"
                failure = f"{self.host} answered {reason}" + (f": {detail}" if detail else "")
                if response.status_code not in RETRY_STATUSES:
                    raise ApiError(failure, status=response.status_code, retryable=False)
                server_delay = _retry_after(response)
                if response.status_code == 429:
                    failure = f"{self.host} is rate limiting requests (HTTP 429)"
                    if server_delay is not None and server_delay > self.max_wait:
                        raise ApiError(
                            f"{failure}; it asks to wait {_waited(server_delay)}, try again then",
                            status=429,
                        )
            # A server that hangs costs the whole timeout each time, and one that refuses the
            # connection will refuse it again a second later: two tries say enough.
            if attempt == self.max_tries or max(timeouts, unreachable) >= MAX_TIMEOUTS:
                break
            delay = server_delay if server_delay is not None else self._backoff(attempt)
            delay = min(delay, self.max_wait)
            if server_delay is not None:
                # Everyone waits, not just this request: the server asked the client to slow down.
                self._resume_at = max(self._resume_at, time.monotonic() + delay)
            if self.on_retry:
                self.on_retry(attempt, delay, failure)
            await self._sleep(delay)
        tries = f" ({attempt} tries)" if attempt > 1 else ""
        raise ApiError(failure + tries, status=status, unreachable=status is None)

    async def _send(self, path: str, params: dict[str, str] | None) -> httpx.Response:
        """One request, within the concurrency limit: four at once, or one at a time for a
        while after the server said 429 (a backfill slows down, not just waits)."""
        async with self._slots:
            if time.monotonic() < self._calm_until:
                async with self._one_at_a_time:
                    self.requests += 1
                    response = await self._http.get(path, params=params)
            else:
                self.requests += 1
                response = await self._http.get(path, params=params)
        if response.status_code == 429:
            self._calm_until = time.monotonic() + CALM_SECONDS
        return response

    @staticmethod
    def _try_json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            return None

    def _decode(self, response: httpx.Response) -> Any:
        try:
            return json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            size = len(response.content)
            raise ApiError(
                f"{self.host} sent a response that is not valid JSON ({size} bytes, "
                "perhaps cut short)",
                retryable=True,
            ) from None

    # --- endpoints ------------------------------------------------------------------------

    async def daily_papers(
        self,
        period: Period | None = None,
        *,
        on_page: Callable[[int, int], None] | None = None,
    ) -> FetchResult:
        """Every page of a day, week or month (or the latest feed when ``period`` is None).

        Pages are followed until one comes back short or empty, or the server's ``Link`` header
        says there is no next page. ``on_page(pages done, entries so far)`` reports progress.
        """
        params = {"limit": str(PAGE_SIZE)}
        requested_day = None
        period_days = None
        if period is not None:
            params.update(period.api_params)
            if period.kind == "day":
                requested_day = period.key
            else:
                period_days = frozenset(period.days())
        result = FetchResult()
        speaks_link = False  # once the server sends Link headers, a page without rel=next ends
        for page_number in range(MAX_PAGES):
            body, response = await self.get_json(
                "/api/daily_papers", {**params, "p": str(page_number)}
            )
            try:
                page = parse_entries(
                    body, requested_day=requested_day, period_days=period_days, base=self.endpoint
                )
            except PayloadError as error:
                raise ApiError(f"{self.host} sent an unexpected response: {error}") from None
            added = result.add(page)
            result.pages += 1
            if on_page:
                on_page(result.pages, len(result.papers))
            if len(body) < PAGE_SIZE or (page.papers and added == 0):
                break  # short page, or a server that ignores p and repeats itself
            speaks_link = speaks_link or "link" in response.headers
            if speaks_link and "next" not in response.links:
                break
        return result

    async def search(self, query: str, limit: int = SEARCH_LIMIT_MAX) -> FetchResult:
        """Remote search; the query is cut to the API's 250 characters."""
        text = " ".join(query.split())[:SEARCH_QUERY_MAX]
        limit = max(1, min(SEARCH_LIMIT_MAX, limit))
        result = FetchResult()
        if not text:
            return result
        body, _ = await self.get_json("/api/papers/search", {"q": text, "limit": str(limit)})
        try:
            result.add(parse_entries(body, base=self.endpoint))
        except PayloadError as error:
            raise ApiError(f"{self.host} sent an unexpected search response: {error}") from None
        result.pages = 1
        return result

    async def paper(self, paper_id: str) -> Paper | None:
        """One paper's page data; None when Hugging Face has not indexed it (404)."""
        try:
            body, _ = await self.get_json(f"/api/papers/{paper_id}")
        except ApiError as error:
            if error.status == 404:
                return None
            raise
        try:
            return parse_paper(body, base=self.endpoint)
        except PayloadError as error:
            raise ApiError(f"{self.host} sent an unexpected paper response: {error}") from None
