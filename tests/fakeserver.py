"""A fake Hugging Face Papers API on 127.0.0.1, started by the tests themselves.

It serves the recorded entries of ``fixtures/hf_api`` the way the real API does (API.md §1, §3,
§4): ``/api/daily_papers`` by ``date``, ``week`` or ``month`` (else the latest feed), paged with
``limit`` and ``p`` and a ``Link: <…>; rel="next"`` header while more pages remain;
``/api/papers/search?q=`` and ``/api/papers/{id}``.

Faults are programmable per request: an HTTP status for the next N requests (with optional
``Retry-After`` and body), a garbage body, or a hang (no answer until the server stops).
Every request is recorded (path, query, headers) for assertions.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "hf_api"
MONTH_P0 = "daily_papers__month-2024-04__sort-publishedAt__limit100__p0.json"
MONTH_P1 = "daily_papers__month-2024-04__sort-publishedAt__limit100__p1.json"
DAY_0731 = "daily_papers__limit30__2026-07-31.json"
DAY_0612 = "daily_papers__limit30__2026-06-12.json"
SUBSET_0731 = "daily_papers__date-2026-07-31__subset5.json"
LEGACY = "daily_papers__2024-10-25__legacy-shape__first4.json"
SEARCH_KAZAKH = "papers_search__q-kazakh.json"
SEARCH_LLAMA = "papers_search__q-llama-3-herd.json"
PAPER_FILES = ("papers__2605.06554.json", "papers__2605.13301.json", "papers__2605.15320.json")


def load_fixture(name: str) -> Any:
    """A recorded response body, freshly decoded (callers may mutate it)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def listing_day(entry: dict[str, Any]) -> str:
    return ((entry.get("paper") or {}).get("submittedOnDailyAt") or "")[:10]


def default_entries() -> list[dict[str, Any]]:
    """Every dated recorded daily entry: April 2024 (pages 0 and 1, in order), 2026-06-12 and
    2026-07-31. Serving April as one list sliced by 100 gives exactly the recorded pages."""
    entries: list[dict[str, Any]] = []
    for name in (MONTH_P0, MONTH_P1, DAY_0612, DAY_0731):
        entries.extend(load_fixture(name))
    return entries


@dataclass
class Fault:
    """What the next ``times`` matching requests get instead of a normal answer."""

    times: int
    status: int = 500
    body: bytes = b'{"error": "Internal Server Error"}'
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    path_prefix: str = "/api/"


@dataclass(frozen=True)
class Seen:
    path: str
    params: dict[str, str]
    headers: dict[str, str]


class FakeHF:
    """``with FakeHF() as server: ... server.url ...``; see the module docstring."""

    def __init__(self, entries: list[dict[str, Any]] | None = None) -> None:
        self.entries = default_entries() if entries is None else entries
        self.papers: dict[str, Any] = {}
        for name in PAPER_FILES:
            body = load_fixture(name)
            self.papers[body["id"]] = body
        self.search_results: list[dict[str, Any]] = load_fixture(SEARCH_KAZAKH)
        self.link_headers = True
        self.faults: list[Fault] = []
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "the server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHF:
        self._release.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering; hanging requests are let go. Later connections are refused."""
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def __enter__(self) -> FakeHF:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- programming faults ---------------------------------------------------------------

    def fail(
        self,
        status: int = 500,
        *,
        times: int = 1_000_000,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if isinstance(body, str):
            body = body.encode()
        fault = Fault(times=times, status=status, headers=dict(headers or {}))
        if body is not None:
            fault.body = body
        self.faults.append(fault)

    def garbage(self, body: bytes = b'[{"paper": {"id": "2607.2', *, times: int = 1_000_000):
        """Answer 200 with a body that is not valid JSON (cut short by default)."""
        self.faults.append(Fault(times=times, status=200, body=body))

    def hang(self, *, times: int = 1_000_000) -> None:
        """Accept the request and never answer it (until the server stops)."""
        self.faults.append(Fault(times=times, hang=True))

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def paths(self) -> list[str]:
        with self._lock:
            return [seen.path for seen in self.requests]

    # --- answering ------------------------------------------------------------------------

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and path.startswith(fault.path_prefix):
                    fault.times -= 1
                    return fault
        return None

    def _daily(self, params: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
        if "date" in params:
            chosen = [e for e in self.entries if listing_day(e) == params["date"]]
        elif "week" in params:
            chosen = [e for e in self.entries if _week(listing_day(e)) == params["week"]]
        elif "month" in params:
            chosen = [e for e in self.entries if listing_day(e)[:7] == params["month"]]
        else:
            latest = max((listing_day(e) for e in self.entries), default="")
            chosen = [e for e in self.entries if listing_day(e) == latest]
        limit = max(1, min(100, int(params.get("limit", "50"))))
        page = int(params.get("p", "0"))
        body = chosen[page * limit : (page + 1) * limit]
        headers: dict[str, str] = {}
        if self.link_headers:
            links = []
            if (page + 1) * limit < len(chosen):
                links.append(
                    f'<{self.url}/api/daily_papers?{_query(params, page + 1)}>; rel="next"'
                )
            if page > 0:
                links.append(
                    f'<{self.url}/api/daily_papers?{_query(params, page - 1)}>; rel="prev"'
                )
            if links:
                headers["Link"] = ", ".join(links)
        return body, headers

    def _search(self, params: dict[str, str]) -> list[dict[str, Any]]:
        words = params.get("q", "").lower().split()
        pool = {e["paper"]["id"]: e for e in self.search_results + self.entries}
        found = []
        for entry in pool.values():
            text = f"{entry['paper'].get('title', '')} {entry['paper'].get('summary', '')}".lower()
            if words and all(word in text for word in words):
                found.append(entry)
        return found[: int(params.get("limit", "120"))]

    def _paper(self, paper_id: str) -> Any:
        if paper_id in self.papers:
            return self.papers[paper_id]
        for entry in self.entries:
            if entry["paper"]["id"] == paper_id:
                return entry["paper"]
        return None


def _week(day: str) -> str:
    try:
        year, week, _ = date.fromisoformat(day).isocalendar()
    except ValueError:
        return ""
    return f"{year}-W{week:02d}"


def _query(params: dict[str, str], page: int) -> str:
    return urlencode({**params, "p": str(page)})


def _handler_for(server: FakeHF) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            with server._lock:
                server.requests.append(Seen(parts.path, params, dict(self.headers.items())))
            fault = server._take_fault(parts.path)
            if fault is not None:
                if fault.hang:
                    server._release.wait(timeout=30)
                    self.close_connection = True
                    return
                self._send(fault.status, fault.body, fault.headers)
                return
            if parts.path == "/api/daily_papers":
                body, headers = server._daily(params)
                self._send(200, json.dumps(body).encode(), headers)
            elif parts.path == "/api/papers/search":
                self._send(200, json.dumps(server._search(params)).encode())
            elif parts.path.startswith("/api/papers/"):
                paper = server._paper(parts.path.rsplit("/", 1)[-1])
                if paper is None:
                    self._send(404, b'{"error": "Paper not found"}')
                else:
                    self._send(200, json.dumps(paper).encode())
            else:
                self._send(404, b'{"error": "Not found"}')

    return Handler


# --- in-process fakes for httpx (HFClient(transport=...)) ---------------------------------------

Step = Any  # an httpx.Response factory (request -> Response), an exception, or a Response spec


def respond(
    status: int = 200,
    body: Any = None,
    *,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Step:
    """A step answering ``status`` with a JSON ``body`` (or ``raw`` bytes) and headers."""
    import httpx

    def make(request: httpx.Request) -> httpx.Response:
        content = raw if raw is not None else json.dumps(body if body is not None else []).encode()
        return httpx.Response(status, content=content, headers=headers or {}, request=request)

    return make


class ScriptedTransport:
    """An ``httpx.MockTransport`` handler answering each request with the next step of a script.

    The last step repeats. A step is a ``respond(...)`` factory or an exception to raise (e.g.
    ``httpx.ReadTimeout``); requests are recorded in ``self.requests``.
    """

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[Any] = []

    def __call__(self, request: Any) -> Any:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        if isinstance(step, BaseException):
            raise type(step)(str(step), request=request)
        return step(request)

    @property
    def transport(self) -> Any:
        import httpx

        return httpx.MockTransport(self)

    def params(self, key: str) -> list[str | None]:
        return [request.url.params.get(key) for request in self.requests]
