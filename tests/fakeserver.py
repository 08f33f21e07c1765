"""A fake Hugging Face Papers API on 127.0.0.1, started by the tests themselves.

It answers as papers_api.py says (the same answers as the in-process transport of
papers_transport.py), over real HTTP: for the tests of sockets, timeouts, hangs and the CLI.
A hang is no answer until the server stops. Every request is recorded (path, query, headers)
for assertions. The recorded bodies' names are importable from here too (see recorded.py).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from papers_api import PapersAPI
from recorded import (
    DAY_0612,
    DAY_0731,
    FIXTURES,
    LEGACY,
    MONTH_P0,
    MONTH_P1,
    PAPER_FILES,
    PAPERS_MD,
    SEARCH_KAZAKH,
    SEARCH_LLAMA,
    SUBSET_0731,
    default_entries,
    fixture_bytes,
    listing_day,
    load_fixture,
)

__all__ = [
    "DAY_0612",
    "DAY_0731",
    "FIXTURES",
    "LEGACY",
    "MONTH_P0",
    "MONTH_P1",
    "PAPERS_MD",
    "PAPER_FILES",
    "SEARCH_KAZAKH",
    "SEARCH_LLAMA",
    "SUBSET_0731",
    "FakeHF",
    "ScriptedTransport",
    "Seen",
    "default_entries",
    "fixture_bytes",
    "listing_day",
    "load_fixture",
    "respond",
]


@dataclass(frozen=True)
class Seen:
    path: str
    params: dict[str, str]
    headers: dict[str, str]


class FakeHF(PapersAPI):
    """``with FakeHF() as server: ... server.url ...``; see the module docstring."""

    def __init__(self, entries: list[dict[str, Any]] | None = None) -> None:
        super().__init__(entries)
        self.requests: list[Seen] = []
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

    def paths(self) -> list[str]:
        with self._lock:
            return [seen.path for seen in self.requests]


def _handler_for(server: FakeHF) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            headers = dict(headers or {})
            self.send_response(status)
            content_type = headers.pop("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            with server._lock:
                server.requests.append(Seen(parts.path, params, dict(self.headers.items())))
            fault = server.take_fault(parts.path, params)
            if fault is not None:
                if fault.hang:
                    server._release.wait(timeout=30)
                    self.close_connection = True
                    return
                self._send(fault.status, fault.body, fault.headers)
                return
            self._send(*server.answer(parts.path, params, server.url))

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
