"""The Hugging Face Papers JSON API client (httpx, async; no Textual).

Endpoints: ``/api/daily_papers`` (a day, an ISO week, a month, or the latest feed; paged with
``limit=100`` and ``p``), ``/api/papers/search`` and ``/api/papers/{id}`` (API.md §1, §3, §4).

Politeness and resilience: connect and read timeouts and an overall deadline per request;
retries with exponential backoff and jitter on 408, 429, 5xx, timeouts and dropped connections,
honouring ``Retry-After`` and the ``RateLimit`` header; a bounded number of tries; at most four
requests in flight, and every request pauses while the server has asked us to wait. Bodies are
streamed with a cap on their decompressed size, and redirects are followed only within
``HF_ENDPOINT``'s origin. Every failure ends as one :class:`ApiError` whose text is a plain
sentence a user can act on.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from .. import __version__
from .body import ACCEPT_ENCODING, read_body
from .dates import Period
from .endpoint import DEFAULT_ENDPOINT as DEFAULT_ENDPOINT  # re-exported, as before the split
from .endpoint import (
    DEFAULT_PORTS,
    endpoint_as_given,
    endpoint_problem,
    origin,
    token_problem,
)
from .endpoint import endpoint_from_env as endpoint_from_env
from .endpoint import without_userinfo as without_userinfo
from .errors import ApiError as ApiError  # re-exported: importers that predate errors.py
from .errors import BodyError, PayloadError, shortened
from .fetch_result import FetchResult as FetchResult
from .http_ask import Ask
from .hub_models import KIND_PATHS, Discussion, LinkedRepo, PaperLinks
from .hub_parse import parse_discussion, parse_links, parse_listing
from .hub_token import FoundToken, find_token
from .models import Paper, ParsedPage
from .parse import error_text, parse_entries, parse_paper
from .text import clean_line

PAGE_SIZE = 100  # the API's maximum
MAX_PAGES = 30  # a month has at most ~600 entries (6 pages); anything beyond is a server loop
SEARCH_QUERY_MAX = 250
SEARCH_LIMIT_MAX = 120
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_CONCURRENCY = 4
# The paper page's calls (trending, details, linked repos, comments) run in the background for
# whatever the cursor rests on: at most this many at once, beside a refresh's.
HUB_CONCURRENCY = 2
# Background calls wait for the next rate-limit window when this few requests are left in it
# (API2.md §7.3: keep some for what the user asks for).
BUCKET_RESERVE = 10
TRENDING_PAGES_MAX = 10  # 1,000 papers: far past what anyone scrolls
LISTING_PAGE = 100
LISTING_PAGES_MAX = 20  # 2,000 repos of a kind; Llama 3 has a few hundred
MAX_TIMEOUTS = 2  # tries a request gets when the server hangs or refuses to connect
CALM_SECONDS = 60.0  # after a 429, requests go one at a time for this long
# Decompressed; a page of 100 entries is far under 5 MB (a full text would pass ~20 MB).
JSON_LIMIT = 8 * 1024 * 1024
# A paper's full text is 50-400 KB (READER.md); 5 MB ones exist. Past this it is not a paper.
FULL_TEXT_LIMIT = 20 * 1024 * 1024
ERROR_BODY_LIMIT = 64 * 1024  # an error body only gives a message a few words
DEADLINE = 25.0  # seconds one try may take, answer and body; a page takes well under one
MAX_REDIRECTS = 5
RetryHook = Callable[[int, float, ApiError], None]
"""Called before each retry with (attempt just failed, seconds to wait, why it failed: its
``str()`` is the reason in words)."""

# The header's words for kinds of failure known before their message is written.
REDIRECT_WORDS = "redirected elsewhere"
BAD_RESPONSE_WORDS = "bad response"


def user_agent() -> str:
    python = ".".join(map(str, sys.version_info[:2]))
    return f"dailypapers/{__version__} httpx/{httpx.__version__} python/{python}"


def _status_words(status: int) -> str:
    """An HTTP status as the app's header says it: "server error (HTTP 503)"."""
    if status == 429:
        return "rate limited (HTTP 429)"
    return f"server error (HTTP {status})" if 500 <= status < 600 else f"HTTP {status}"


def _status_error(message: str, status: int, *, retryable: bool = True) -> ApiError:
    return ApiError(
        message,
        status=status,
        retryable=retryable,
        header_words=_status_words(status),
        narrow_header_words=f"HTTP {status}",
    )


def _cannot_connect(host: str, error: Exception) -> ApiError:
    return ApiError(
        f"cannot reach {host}: {_connect_reason(error)}",
        unreachable=True,
        cannot_connect=True,
        header_words=f"cannot reach {host}",
    )


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


def rate_limit_bucket(response: httpx.Response) -> str | None:
    """The bucket a ``RateLimit`` header speaks of (``"api";r=…``): api, pages or resolvers."""
    match = re.match(r'\s*"?([A-Za-z]+)"?\s*;', response.headers.get("RateLimit") or "")
    return match.group(1).lower() if match else None


def token_rejected_words(found: FoundToken | None) -> str:
    """What a 401 for the user's token says, once (API2.md §4.3): where it came from, never
    the token."""
    where = f" from {found.where()}" if found else ""
    return (
        f"Hugging Face refused your token{where} (expired or revoked); going on without it. "
        "Run `hf auth login` to renew it."
    )


def rate_limit(response: httpx.Response) -> tuple[int, float] | None:
    """The ``RateLimit`` header Hugging Face sends on every answer (``"pages";r=97;t=240``):
    (requests left in the window, seconds until it resets); None when absent or unreadable."""
    value = response.headers.get("RateLimit")
    remaining = re.search(r"\br\s*=\s*(\d+)", value or "")
    reset = re.search(r"\bt\s*=\s*(\d+)", value or "")
    if not (remaining and reset):
        return None
    return int(remaining.group(1)), float(reset.group(1))


def _json_or_none(content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError):
        return None


def _place(url: httpx.URL) -> str:
    """Where a refused redirect led, as a message may name it: the host (punycode, no
    userinfo) for http(s), else the kind of address (``a file: address``)."""
    if url.scheme in DEFAULT_PORTS and url.raw_host:
        host = url.raw_host.decode("ascii", errors="replace")
        if url.port is not None:
            host += f":{url.port}"
        return _server_words(host, 80) or "another host"
    return f"a {_server_words(url.scheme, 20) or 'non-web'}: address"


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
    return None if words is None else shortened(words, limit)


def _waited(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds <= 2 * 3600:
        return f"{seconds / 60:.0f} min"
    # Retry-After: 999999999 read "wait 16666666 min"; past a day the number says nothing.
    return f"{seconds / 3600:.0f} h" if seconds <= 24 * 3600 else "more than a day"


# Tokens refused with a 401 in this run, by their digest (never the token): a new client does
# not send one again.
_REJECTED: set[str] = set()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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
        on_token_refused: Callable[[str], None] | None = None,
        deadline: float = DEADLINE,
        max_bytes: int = JSON_LIMIT,
    ) -> None:
        given = (endpoint or endpoint_as_given()).strip()  # as typed, for the message
        self.endpoint = given.rstrip("/")
        problem = endpoint_problem(self.endpoint)
        if problem:
            raise ApiError(
                f"HF_ENDPOINT is {without_userinfo(given)!r}, {problem} (like {DEFAULT_ENDPOINT})",
                retryable=False,
            )
        self.host = urlsplit(without_userinfo(self.endpoint)).netloc  # what messages name
        self.read_timeout = read_timeout
        # The read timeout is per read: a server dripping a byte every few seconds never hit it.
        self.deadline = deadline
        self.max_bytes = max_bytes
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
        # The last answer's RateLimit header: (requests left, monotonic time the window resets).
        # A bulk job reads it to leave the small "pages" bucket some room before it runs dry.
        self.rate_limit: tuple[int, float] | None = None
        headers = {
            "User-Agent": user_agent(),
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,  # what body.read_body can inflate within a cap
        }
        # The user's token (API2.md §4): given, else found as huggingface_hub finds it. It is
        # put on each request bound for the endpoint's origin (never in the client's default
        # headers, so nothing built for another host can carry it).
        self.token_found: FoundToken | None = None
        if token is not None:
            token = token.strip()
        else:
            found = find_token()
            if found is not None and found.sendable:
                self.token_found = found
                token = found.value
        if token:
            if problem := token_problem(token):
                raise ApiError(problem, retryable=False)
            if _digest(token) in _REJECTED:
                token = None  # refused earlier in this run: not tried again
        self._token: str | None = token or None
        # Set once when Hugging Face refused the token (401): the client goes on without it,
        # and the app or the CLI says so once (take_token_notice).
        self.token_rejected = False
        self._token_notice: str | None = None
        # The app says the refusal as it happens (a notification), whichever request met it.
        self.on_token_refused = on_token_refused
        self._hub_slots = asyncio.Semaphore(HUB_CONCURRENCY)
        # Each rate-limit bucket's last word: name -> (requests left, monotonic reset time).
        self.buckets: dict[str, tuple[int, float]] = {}
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        # Redirects are followed by _exchange, within the endpoint's origin only: httpx would
        # follow them to any host, and papers served by another host were ingested.
        self._http = httpx.AsyncClient(
            base_url=self.endpoint,
            headers=headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            trust_env=True,
        )
        self._origin = origin(self._http.base_url)

    @property
    def has_token(self) -> bool:
        """Whether requests carry the user's token (found, sendable, not refused)."""
        return self._token is not None

    def _reject_token(self) -> None:
        if self._token is not None:
            _REJECTED.add(_digest(self._token))
        self._token = None
        if not self.token_rejected:
            self.token_rejected = True
            self._token_notice = token_rejected_words(self.token_found)
            if self.on_token_refused is not None:
                self.on_token_refused(self.take_token_notice() or "")

    def take_token_notice(self) -> str | None:
        """The sentence saying the token was refused, the first time it is asked for after
        the refusal; None otherwise (the app and the CLI say it once)."""
        notice, self._token_notice = self._token_notice, None
        return notice

    async def __aenter__(self) -> HFClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- requests -------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** (attempt - 1))
        return ceiling * random.uniform(0.5, 1.0)  # jitter, so parallel clients spread out

    async def _pause_if_asked(self) -> None:
        delay = self._resume_at - time.monotonic()
        if delay > 0:
            await self._sleep(delay)

    def _listing_page(
        self,
        body: Any,
        what: str,
        *,
        requested_day: str | None = None,
        period_days: frozenset[str] | None = None,
    ) -> ParsedPage:
        """One page of a paper listing, or what was wrong with it in the header's words."""
        try:
            return parse_entries(
                body, requested_day=requested_day, period_days=period_days, base=self.endpoint
            )
        except PayloadError as error:
            raise ApiError(
                f"{self.host} sent an unexpected {what}: {error}", header_words=BAD_RESPONSE_WORDS
            ) from None

    async def get_json(
        self, path: str, params: dict[str, str] | None = None, *, max_bytes: int | None = None
    ) -> tuple[Any, httpx.Response]:
        """GET and decode JSON, retrying what is worth retrying. Raises ApiError.

        ``max_bytes`` caps the decompressed body (default: the client's ``max_bytes``, sized
        for a page of JSON)."""
        content, response = await self.get_body(path, params, max_bytes=max_bytes)
        return self._decode(content), response

    async def get_body(
        self,
        path: str,
        params: dict[str, str] | None = None,
        *,
        max_bytes: int | None = None,
        accept: str | None = None,
    ) -> tuple[bytes, httpx.Response]:
        """GET a 200 answer's body, retrying what is worth retrying. Raises ApiError."""
        return await self._answer(Ask("GET", path, params, accept=accept), max_bytes)

    async def send_json(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        attempts: int | None = None,
    ) -> tuple[Any, httpx.Response]:
        """A write (POST, PATCH, DELETE) with a JSON body, for the user's collections: sent
        only with the token and only to the endpoint (a redirect is never followed: a write
        must not land elsewhere), retried like a read (at most ``attempts`` tries for one that
        must not be repeated blindly). The decoded answer (None when empty). Raises ApiError."""
        if self._token is None:
            raise ApiError(
                "no Hugging Face token to send; run `hf auth login` or set HF_TOKEN",
                status=401,
                retryable=False,
            )
        ask = Ask(method, path, None, body=json.dumps(body).encode() if body is not None else None)
        content, response = await self._answer(ask, None, attempts=attempts)
        return (self._decode(content) if content.strip() else None), response

    async def _answer(
        self, ask: Ask, max_bytes: int | None, *, attempts: int | None = None
    ) -> tuple[bytes, httpx.Response]:
        limit = max_bytes or self.max_bytes
        failure: ApiError | None = None
        timeouts = unreachable = 0
        max_tries = max(1, min(attempts or self.max_tries, self.max_tries))
        for attempt in range(1, max_tries + 1):
            await self._pause_if_asked()
            server_delay: float | None = None
            try:
                response, content = await self._send(ask, limit)
            except httpx.TimeoutException:
                failure = ApiError(
                    f"{self.host} did not answer within {self.read_timeout:g} s",
                    unreachable=True,
                    header_words=f"no answer in {self.read_timeout:g} s",
                )
                timeouts += 1
            except httpx.ConnectError as error:
                failure = _cannot_connect(self.host, error)
                unreachable += 1
            except httpx.TransportError as error:
                failure = _cannot_connect(self.host, error)
            except (httpx.InvalidURL, ValueError) as error:
                raise ApiError(
                    f"cannot ask {self.host}: the request URL is invalid ({error})",
                    retryable=False,
                ) from None
            else:
                if response.status_code == 200 or (
                    ask.is_write and 200 < response.status_code < 300
                ):
                    return content, response
                detail = error_text(_json_or_none(content)) or _server_words(
                    response.headers.get("X-Error-Message"), 200
                )
                status = response.status_code
                reason = f"HTTP {status}"
                if phrase := _server_words(response.reason_phrase, 60):
                    reason += f" {phrase}"
                answered = f"{self.host} answered {reason}" + (f": {detail}" if detail else "")
                if status not in RETRY_STATUSES:
                    raise _status_error(answered, status, retryable=False)
                failure = _status_error(answered, status)
                server_delay = _retry_after(response)
                if status == 429:
                    limited = f"{self.host} is rate limiting requests (HTTP 429)"
                    failure = _status_error(limited, 429)
                    if server_delay is not None and server_delay > self.max_wait:
                        raise failure.retold(
                            f"{limited}; it asks to wait {_waited(server_delay)}, try again then"
                        )
            # A server that hangs costs the whole timeout each time, and one that refuses the
            # connection will refuse it again a second later: two tries say enough.
            if attempt == max_tries or max(timeouts, unreachable) >= MAX_TIMEOUTS:
                break
            delay = server_delay if server_delay is not None else self._backoff(attempt)
            delay = min(delay, self.max_wait)
            if server_delay is not None:
                # Everyone waits, not just this request: the server asked the client to slow down.
                self._resume_at = max(self._resume_at, time.monotonic() + delay)
            if self.on_retry:
                self.on_retry(attempt, delay, failure)
            await self._sleep(delay)
        assert failure is not None  # the loop ran at least once, and only a failure ends it
        tries = f" ({attempt} tries)" if attempt > 1 else ""
        raise failure.retold(failure.message + tries)

    async def _send(self, ask: Ask, limit: int) -> tuple[httpx.Response, bytes]:
        """One request and its body, within the concurrency limit: four at once, or one at a
        time for a while after the server said 429 (a backfill slows down, not just waits)."""
        async with self._slots:
            if time.monotonic() < self._calm_until:
                async with self._one_at_a_time:
                    response, content = await self._within_deadline(ask, limit)
            else:
                response, content = await self._within_deadline(ask, limit)
        if response.status_code == 429:
            self._calm_until = time.monotonic() + CALM_SECONDS
        if (limit_now := rate_limit(response)) is not None:
            self.rate_limit = (limit_now[0], time.monotonic() + limit_now[1])
            bucket = rate_limit_bucket(response) or "api"
            self.buckets[bucket] = self.rate_limit
        return response, content

    async def _within_deadline(self, ask: Ask, limit: int) -> tuple[httpx.Response, bytes]:
        self.requests += 1
        try:
            async with asyncio.timeout(self.deadline):
                response, content = await self._exchange(ask, limit)
                if response.status_code == 401 and "Authorization" in response.request.headers:
                    # An expired or revoked token: the same request again without it, and
                    # every later one too (API2.md §4.3). A write without it is pointless.
                    self._reject_token()
                    if not ask.is_write:
                        self.requests += 1
                        response, content = await self._exchange(ask, limit)
                return response, content
        except TimeoutError:
            # Not tried again at once: a server this slow once is as slow the next time, and
            # each try would cost the whole deadline (the app and a backfill try later).
            raise ApiError(
                f"{self.host} did not finish answering within {self.deadline:g} s",
                unreachable=True,
                header_words=f"answer took over {self.deadline:g} s",
            ) from None

    async def _exchange(self, ask: Ask, limit: int) -> tuple[httpx.Response, bytes]:
        """Send, follow redirects within the endpoint's origin (a read's only), and read the
        final body."""
        headers = {"Accept": ask.accept} if ask.accept else {}
        if ask.body is not None:
            headers["Content-Type"] = "application/json"
        request = self._http.build_request(
            ask.method, ask.path, params=ask.params, headers=headers, content=ask.body
        )
        for _ in range(MAX_REDIRECTS + 1):
            if self._token and origin(request.url) == self._origin:
                request.headers["Authorization"] = f"Bearer {self._token}"
            response = await self._http.send(request, stream=True)
            try:
                if not response.has_redirect_location:
                    return response, await self._body(response, limit)
                if ask.is_write:
                    raise ApiError(
                        f"{self.host} redirected a change elsewhere; not followed",
                        retryable=False,
                        header_words=REDIRECT_WORDS,
                    )
                target = self._redirect_target(response)
                request = self._http.build_request("GET", target, headers=headers)
            finally:
                await response.aclose()
        raise ApiError(
            f"{self.host} redirected more than {MAX_REDIRECTS} times in a row; not followed",
            retryable=False,
            header_words=REDIRECT_WORDS,
        )

    def _redirect_target(self, response: httpx.Response) -> httpx.URL:
        """Where a redirect leads, if it stays on the endpoint's scheme, host and port (so
        neither HF_TOKEN nor trust goes to another host); else ApiError in plain words."""
        try:
            target = response.request.url.join(response.headers["Location"])
        except (httpx.InvalidURL, ValueError):
            raise ApiError(
                f"{self.host} redirected to an invalid address; not followed",
                retryable=False,
                header_words=REDIRECT_WORDS,
            ) from None
        if origin(target) != self._origin:
            raise ApiError(
                f"{self.host} redirected to {_place(target)}; not followed",
                retryable=False,
                header_words=REDIRECT_WORDS,
            )
        return target

    async def _body(self, response: httpx.Response, limit: int) -> bytes:
        """The body under its cap; an error's body only needs to be short."""
        if not 200 <= response.status_code < 300:
            try:
                return await read_body(response, ERROR_BODY_LIMIT)
            except BodyError:
                return b""  # the status alone says what went wrong
        try:
            return await read_body(response, limit)
        except BodyError as error:
            raise ApiError(
                f"{self.host} {error}",
                retryable=False,
                header_words="answer too large" if error.too_large else None,
            ) from None

    def _decode(self, content: bytes) -> Any:
        # Invalid UTF-8 in one title refused the whole page as "perhaps cut short": bad bytes
        # become U+FFFD instead, and the rest of the page is kept.
        text = content.decode("utf-8", errors="replace").removeprefix("\ufeff")
        try:
            return json.loads(text)
        except ValueError:
            raise ApiError(
                f"{self.host} sent a response that is not valid JSON ({len(content)} bytes, "
                "perhaps cut short)",
                retryable=True,
                header_words=f"{BAD_RESPONSE_WORDS} (not JSON)",
            ) from None
        except RecursionError:
            raise ApiError(
                f"{self.host} sent an unexpected response: JSON nested too deeply",
                retryable=False,
                header_words=BAD_RESPONSE_WORDS,
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
        says there is no next page; past MAX_PAGES the result is marked ``truncated``.
        ``on_page(pages done, entries so far)`` reports progress.
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
            page = self._listing_page(
                body, "response", requested_day=requested_day, period_days=period_days
            )
            added = result.add(page)
            result.pages += 1
            if on_page:
                on_page(result.pages, len(result.papers))
            if len(body) < PAGE_SIZE or (page.papers and added == 0):
                break  # short page, or a server that ignores p and repeats itself
            speaks_link = speaks_link or "link" in response.headers
            if speaks_link and "next" not in response.links:
                break
        else:
            result.truncated = True
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

    async def full_text(self, paper_id: str) -> str | None:
        """The paper's full text as Markdown (``/papers/{id}.md``, counted in the small "pages"
        rate-limit bucket: ask for one when the user wants it, never in bulk); None when
        Hugging Face has not indexed the paper (404). Bad UTF-8 becomes U+FFFD."""
        try:
            content, _ = await self.get_body(
                f"/papers/{paper_id}.md",
                max_bytes=FULL_TEXT_LIMIT,
                accept="text/markdown, text/plain;q=0.9, */*;q=0.1",
            )
        except ApiError as error:
            if error.status == 404:
                return None
            raise
        return content.decode("utf-8", errors="replace").removeprefix("\ufeff")

    # --- the paper page beyond the abstract (API2.md §1, §2, §5) ---------------------------

    async def _wait_for_room(self, bucket: str = "api") -> None:
        """Background calls leave the last few requests of a rate-limit window to the user:
        when BUCKET_RESERVE or fewer are left, wait for the window to reset (at most
        ``max_wait``)."""
        known = self.buckets.get(bucket)
        if known is None:
            return
        left, reset_at = known
        delay = reset_at - time.monotonic()
        if left <= BUCKET_RESERVE and delay > 0:
            await self._sleep(min(delay, self.max_wait))

    async def _hub_json(self, path: str, params: dict[str, str] | None = None) -> tuple[Any, Any]:
        """A paper-page call: at most HUB_CONCURRENCY at once, after the bucket has room."""
        async with self._hub_slots:
            await self._wait_for_room("api")
            return await self.get_json(path, params)

    async def trending(self, *, limit: int = PAGE_SIZE) -> FetchResult:
        """Hugging Face's trending papers (``sort=trending``, no date filters: the server
        ignores them and they would only confuse a cache), up to ``limit``, in its order: the
        order of ``FetchResult.papers`` is the rank. Pages are followed while the server sends
        ``Link: rel=next``, the page is full and more are wanted."""
        limit = max(1, min(limit, PAGE_SIZE * TRENDING_PAGES_MAX))
        size = min(PAGE_SIZE, limit)  # the same on every page: p counts pages of this size
        result = FetchResult()
        for page_number in range(TRENDING_PAGES_MAX):
            params = {"sort": "trending", "limit": str(size), "p": str(page_number)}
            body, response = await self._hub_json("/api/daily_papers", params)
            page = self._listing_page(body, "trending response")
            added = result.add(page)
            result.pages += 1
            if len(result.papers) >= limit or len(body) < size or added == 0:
                break
            if "link" in response.headers and "next" not in response.links:
                break
        # A paper listed twice in the ranking keeps its first (best) place.
        result.papers = dict(list(result.papers.items())[:limit])
        return result

    async def paper_links(self, paper_id: str) -> tuple[PaperLinks, dict[str, list[LinkedRepo]]]:
        """The repos linked to a paper, from ``/api/papers/{id}``: counts and the top three of
        each kind, and the whole list of each kind that came whole (hub_parse.parse_links).
        Raises ApiError (status 404 when Hugging Face has not indexed the paper)."""
        body, _ = await self._hub_json(f"/api/papers/{paper_id}")
        try:
            return parse_links(body, paper_id)
        except PayloadError as error:
            raise ApiError(f"{self.host} sent an unexpected paper response: {error}") from None

    async def linked_repos(
        self, paper_id: str, kind: str, *, limit: int = LISTING_PAGE * LISTING_PAGES_MAX
    ) -> list[LinkedRepo]:
        """Every ``kind`` (model, dataset, space) citing a paper, most liked first: the Hub's
        ``/api/{kind}s?filter=arxiv:{id}&sort=likes`` listing, paged by its ``Link`` header
        (relative or on the endpoint's origin only) up to ``limit``."""
        path = f"/api/{KIND_PATHS[kind]}"
        params: dict[str, str] | None = {
            "filter": f"arxiv:{paper_id}",
            "sort": "likes",
            "limit": str(min(LISTING_PAGE, limit)),
        }
        repos: dict[str, LinkedRepo] = {}
        for _ in range(LISTING_PAGES_MAX):
            body, response = await self._hub_json(path, params)
            try:
                page = parse_listing(body, kind)
            except PayloadError as error:
                raise ApiError(f"{self.host} sent an unexpected listing: {error}") from None
            before = len(repos)
            for repo in page:
                repos.setdefault(repo.id, repo)
            following = response.links.get("next", {}).get("url")
            if len(repos) >= limit or not page or len(repos) == before or not following:
                break
            target = response.request.url.join(following)
            if origin(target) != self._origin:
                break  # a next page elsewhere is not followed (nor given the token)
            path, params = str(target), None  # absolute: an endpoint's own path stays once
        return list(repos.values())[:limit]

    async def discussion(self, paper_id: str) -> Discussion | None:
        """A paper's comments (``/api/papers/{id}?field=comments``, the ``api`` bucket); None
        when Hugging Face has not indexed the paper (404)."""
        try:
            body, _ = await self._hub_json(f"/api/papers/{paper_id}", {"field": "comments"})
        except ApiError as error:
            if error.status == 404:
                return None
            raise
        try:
            return parse_discussion(body, paper_id)
        except PayloadError as error:
            raise ApiError(f"{self.host} sent an unexpected comments response: {error}") from None
