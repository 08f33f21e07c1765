"""A fake Hugging Face Hub on 127.0.0.1: the Papers API of tests/fake_hf.py (the shared tool's
copy, imported) plus what a paper's page has beyond its abstract (API2.md §1, §2, §4, §5).

For tests (``with HubServer() as hub: … hub.url …``) and for trying the app by hand:

    python tests/hubserver.py [--port P] [--portfile F] [--log F] [--fault SPEC] [DATASET.json]
    HF_ENDPOINT=http://127.0.0.1:P dailypapers

Options: ``--port`` (0: any free port; printed on stderr), ``--portfile`` (the port written
there), ``--log`` (one JSON line per request, with whether it carried a token), ``--fault`` and
``DATASET`` as fake_hf.py has them (``status=429:2``, ``slow=2``, ``garbage``; on every path).

What it adds to fake_hf.py:

- ``/api/daily_papers?sort=trending`` (paged by ``limit`` and ``p`` with ``Link: rel=next``):
  the synthetic papers below first, then every recorded entry by GitHub stars; one of them
  (HUB_NEVER_DAILY) was never on Daily Papers (no ``submittedOnDailyAt``), one (HUB_HOSTILE)
  has escape sequences and markup in its title.
- ``/api/papers/{id}`` of the synthetic papers, with ``numTotal*`` and ``linked*``:
  HUB_NO_LINKS (0 of each), HUB_THREE (3 models, 1 dataset, 2 Spaces, all in the detail),
  HUB_MANY (250 models, 12 datasets, 40 Spaces; the detail carries a sample of 20 each, as
  the real one is capped). ``?field=comments`` adds its comments: HUB_THREE has the recorded
  discussion of 2605.13301 (with the librarian bot's similar-papers comment, real shape), a
  reply, a hidden comment and hostile text (OSC 52, CSI, Rich markup, control and bidi
  characters, a javascript: link).
- ``/api/{models|datasets|spaces}?filter=arxiv:{id}&sort=likes&limit=N``: every linked repo,
  most liked first, paged with ``cursor`` and a relative ``Link: rel=next``.
- Tokens: every request's ``Authorization`` is recorded (``auth_seen``); ``Bearer
  expired-token`` gets 401 ("Invalid credentials in Authorization header").
- ``/api/papers/{HUB_REDIRECT}`` (and its comments) redirect to a second server on another
  port (``other``), which records the headers it receives and answers ``{}``.
- The collections API and whoami-v2 (``collections``: tests/fake_collections.py, its tokens,
  faults and how to remove an item "on the website" by hand).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fake_collections import FakeCollections

TESTS = Path(__file__).resolve().parent
FAKE_HF = TESTS / "fake_hf.py"
COMMENTS = TESTS / "fixtures" / "api2_samples" / "paper_page_ssr_props__2605.13301__comments.json"

HUB_NO_LINKS = "2607.90000"
HUB_THREE = "2607.90003"
HUB_MANY = "2607.90250"
HUB_NEVER_DAILY = "2406.90001"
HUB_HOSTILE = "2607.90666"
HUB_REDIRECT = "2607.90302"
EXPIRED_TOKEN = "expired-token"
DETAIL_SAMPLE = 20  # linked repos of a kind the detail carries, as the real one caps them
HOSTILE_TEXT = (
    "Nice work \x1b]52;c;ZXZpbA==\x07[bold red]pwned[/] \x1b[2J\x1b[31mred\x1b[0m "
    "\x07\x08\u202eevil\u202c [click](javascript:alert(1)) "
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07"
)


def _load_fake_hf() -> Any:
    spec = importlib.util.spec_from_file_location("fake_hf", FAKE_HF)
    assert spec is not None and spec.loader is not None, f"cannot load {FAKE_HF}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fake_hf = _load_fake_hf()

COUNTS = {
    HUB_NO_LINKS: {"model": 0, "dataset": 0, "space": 0},
    HUB_THREE: {"model": 3, "dataset": 1, "space": 2},
    HUB_MANY: {"model": 250, "dataset": 12, "space": 40},
    HUB_HOSTILE: {"model": 1, "dataset": 0, "space": 0},
}
LIST_KEYS = {"model": "linkedModels", "dataset": "linkedDatasets", "space": "linkedSpaces"}
TOTAL_KEYS = {"model": "numTotalModels", "dataset": "numTotalDatasets", "space": "numTotalSpaces"}
PLURAL = {"models": "model", "datasets": "dataset", "spaces": "space"}


def repo(kind: str, paper_id: str, n: int) -> dict[str, Any]:
    """The n-th repo of a kind linked to a paper (likes fall with n; served out of order)."""
    owner = "hostile" if paper_id == HUB_HOSTILE else f"org{n % 7}"
    name = f"{kind}-{paper_id.replace('.', '-')}-{n:03d}"
    item: dict[str, Any] = {"id": f"{owner}/{name}", "likes": 1000 - n, "private": False}
    if kind == "model":
        item.update(downloads=100_000 - n * 10, pipeline_tag="text-generation")
        item["tags"] = [f"arxiv:{paper_id}"]
    elif kind == "dataset":
        item.update(downloads=5_000 - n, tags=[f"arxiv:{paper_id}"])
    else:
        item.update(sdk="gradio", emoji="🚀", running=True)
    return item


def repos(kind: str, paper_id: str) -> list[dict[str, Any]]:
    return [repo(kind, paper_id, n) for n in range(COUNTS.get(paper_id, {}).get(kind, 0))]


def entry(paper_id: str, title: str, upvotes: int, *, daily: bool = True) -> dict[str, Any]:
    paper: dict[str, Any] = {
        "id": paper_id,
        "title": title,
        "summary": f"The abstract of {title}.",
        "authors": [{"name": "Ada Lovelace", "hidden": False}],
        "publishedAt": "2024-06-01T00:00:00.000Z" if not daily else "2026-07-30T00:00:00.000Z",
        "upvotes": upvotes,
        "githubRepo": f"https://github.com/example/{paper_id}",
        "githubStars": 50_000 - upvotes,
    }
    if daily:
        paper["submittedOnDailyAt"] = "2026-07-31T08:00:00.000Z"
    return {"paper": paper, "title": title, "numComments": len(comments_of(paper_id))}


def synthetic_entries() -> list[dict[str, Any]]:
    return [
        entry(HUB_MANY, "Many Linked Repos: A Paper Everyone Builds On", 900),
        entry(HUB_THREE, "Three Models and a Discussion", 300),
        entry(HUB_NEVER_DAILY, "An Old Paper Never on Daily Papers", 0, daily=False),
        entry(HUB_HOSTILE, "Hostile \x1b]52;c;ZXZpbA==\x07[bold]title[/] \x1b[31mred", 5),
        entry(HUB_NO_LINKS, "Nothing Links Here", 2),
    ]


def comment(
    ident: str, name: str, raw: str, *, parent: str | None = None, hidden: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "edited": False,
        "hidden": hidden,
        "latest": {"raw": raw, "html": f"<p>{raw}</p><script>alert(1)</script>"},
        "numEdits": 0,
        "reactions": [{"reaction": "👍", "users": [name], "count": 1}],
        "isReport": False,
    }
    if hidden:
        data["hiddenReason"] = "Spam"
    if parent:
        data["parentCommentId"] = parent
    return {
        "id": ident,
        "type": "comment",
        "author": {"name": name, "fullname": name.title(), "avatarUrl": "/avatars/x.svg"},
        "createdAt": "2026-07-31T10:00:00.000Z",
        "data": data,
    }


def comments_of(paper_id: str) -> list[dict[str, Any]]:
    if paper_id == HUB_THREE:
        recorded = json.loads(COMMENTS.read_text(encoding="utf-8"))["comments"]
        first = recorded[0]["id"]
        return [
            *recorded,
            comment("c0000000000000000000001", "replier", "Thanks, it works!", parent=first),
            comment("c0000000000000000000002", "spammer", "buy now", hidden=True),
            comment("c0000000000000000000003", "mallory", HOSTILE_TEXT),
        ]
    if paper_id == HUB_HOSTILE:
        return [comment("c0000000000000000000004", "mallory\x1b[31m", HOSTILE_TEXT)]
    return []


def detail(paper_id: str) -> dict[str, Any] | None:
    for e in synthetic_entries():
        if e["paper"]["id"] == paper_id:
            body = dict(e["paper"], numComments=e["numComments"])
            for kind in LIST_KEYS:
                items = repos(kind, paper_id)
                # Served in no particular order, as the real sample may be.
                body[LIST_KEYS[kind]] = list(reversed(items[:DETAIL_SAMPLE]))
                body[TOTAL_KEYS[kind]] = len(items)
            return body
    return None


class Recorder:
    """The other host a redirect points to: records each request's headers, answers ``{}``."""

    def __init__(self) -> None:
        self.seen: list[dict[str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                recorder.seen.append(dict(self.headers.items()))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


class HubServer:
    """``with HubServer() as hub: … hub.url …``; see the module docstring."""

    def __init__(
        self, dataset: str | None = None, fault: str | None = None, log: str | None = None
    ) -> None:
        self.data, self.by_day = fake_hf.load(dataset)
        self.faults = fake_hf.parse_faults(fault)
        self.log = log
        self.auth_seen: list[str | None] = []  # each request's Authorization header (or None)
        self.paths: list[str] = []
        self.lock = threading.Lock()
        self.other = Recorder()
        self.collections = FakeCollections()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def trending(self) -> list[dict[str, Any]]:
        recorded = sorted(
            self.data, key=lambda e: -((e.get("paper") or {}).get("githubStars") or 0)
        )
        return synthetic_entries() + [fake_hf.public(e) for e in recorded]

    def start(self, port: int = 0) -> HubServer:
        self._serve(port)
        threading.Thread(
            target=self.other.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def _serve(self, port: int) -> None:
        base = fake_hf.make_handler(self.data, self.by_day, self.faults, self.log)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(base, self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def go_away(self) -> None:
        """The Hub out of reach: its port refuses connections until :meth:`come_back`."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def come_back(self) -> None:
        """Serving again on the same port, with the same collections."""
        self._serve(self.port)

    def stop(self) -> None:
        for server in (self._server, self.other.server):
            if server is not None:
                server.shutdown()
                server.server_close()

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler(base: type[BaseHTTPRequestHandler], hub: HubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(base):  # type: ignore[misc, valid-type]
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            auth = self.headers.get("Authorization")
            with hub.lock:
                hub.auth_seen.append(auth)
                hub.paths.append(self.path)
            if hub.log:
                with open(hub.log, "a", encoding="utf-8") as file:
                    line = {"t": time.time(), "path": parts.path, "q": query, "token": bool(auth)}
                    file.write(json.dumps(line) + "\n")
            if auth == f"Bearer {EXPIRED_TOKEN}":
                return self.send_json(401, {"error": "Invalid credentials in Authorization header"})
            if self.is_collections(parts.path):
                return self.collections("GET")
            paper_id = parts.path.removeprefix("/api/papers/")
            trending = parts.path == "/api/daily_papers" and query.get("sort") == "trending"
            kind = PLURAL.get(parts.path.removeprefix("/api/"))
            if (trending or kind or detail(paper_id)) and self.faulted():
                return None
            if trending:
                return self.trending(query)
            if kind:
                return self.listing(kind, query)
            if paper_id == HUB_REDIRECT:
                self.send_response(302)
                self.send_header("Location", f"{hub.other.url}{self.path}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            body = detail(paper_id) if parts.path.startswith("/api/papers/") else None
            if body is not None:
                if query.get("field") == "comments":
                    body["comments"] = comments_of(paper_id)
                return self.send_json(200, body)
            return super().do_GET()

        def setup(self) -> None:
            super().setup()
            # An answer's headers and body go out as two writes: without this, the body of
            # each answer to a POST waited 40 ms for the client's delayed ACK (Nagle).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        @staticmethod
        def is_collections(path: str) -> bool:
            return path == "/api/whoami-v2" or path.split("?")[0].startswith("/api/collections")

        def collections(self, method: str) -> None:
            """The fake collections API: the request read whole, answered with its headers."""
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                return self.send_json(400, {"error": "invalid JSON"})
            if method != "GET":
                with hub.lock:
                    hub.auth_seen.append(self.headers.get("Authorization"))
                    hub.paths.append(self.path)
            status, answer, headers = hub.collections.answer(
                method, parts.path, query, self.headers.get("Authorization"), body
            )
            data = b"" if answer is None else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            return None

        def do_POST(self) -> None:
            self.collections("POST")

        def do_PATCH(self) -> None:
            self.collections("PATCH")

        def do_DELETE(self) -> None:
            self.collections("DELETE")

        def faulted(self) -> bool:
            """fake_hf.py's --fault on the paths served here (it applies them to its own):
            answered with the fault when one applies."""
            faults = hub.faults
            if "slow" in faults:
                time.sleep(float(faults["slow"]))
            if "status" in faults:
                with fake_hf.State.lock:
                    fake_hf.State.count += 1
                    count = fake_hf.State.count
                code, upto = faults["status"]
                if count <= upto:
                    self.send_json(code, {"error": "injected"})
                    return True
            if "garbage" in faults:
                self.send_json(200, None, raw=b'[{"paper": {"id": "2401.0')
                return True
            return False

        def trending(self, query: dict[str, str]) -> None:
            try:
                limit, page = int(query.get("limit", 50)), int(query.get("p", 0))
            except ValueError:
                return self.send_json(400, {"error": "bad limit/p"})
            if not 1 <= limit <= 100 or page < 0:
                return self.send_json(400, {"error": "limit must be between 1 and 100"})
            rows = hub.trending()
            link = None
            if len(rows) > (page + 1) * limit:
                following = urlencode(dict(query, p=str(page + 1)))
                link = f'</api/daily_papers?{following}>; rel="next"'
            return self.send_json(200, rows[page * limit : (page + 1) * limit], link=link)

        def listing(self, kind: str, query: dict[str, str]) -> None:
            paper_id = query.get("filter", "").removeprefix("arxiv:")
            items = sorted(repos(kind, paper_id), key=lambda item: -item["likes"])
            try:
                limit, start = int(query.get("limit", 1000)), int(query.get("cursor", 0))
            except ValueError:
                return self.send_json(400, {"error": "bad limit/cursor"})
            link = None
            if len(items) > start + limit:
                following = urlencode(dict(query, cursor=str(start + limit)))
                link = f'</api/{kind}s?{following}>; rel="next"'
            return self.send_json(200, items[start : start + limit], link=link)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--portfile")
    parser.add_argument("--log")
    parser.add_argument("--fault")
    args = parser.parse_args()
    hub = HubServer(args.dataset, args.fault, args.log).start(args.port)
    if args.portfile:
        Path(args.portfile).write_text(str(hub.port))
    print(
        f"fake Hub on {hub.url} (redirects go to {hub.other.url}); "
        f"papers {HUB_NO_LINKS}, {HUB_THREE}, {HUB_MANY}, {HUB_HOSTILE}; "
        "collections with tokens hf_alice_write, hf_alice_read, hf_bob_write",
        file=sys.stderr,
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        hub.stop()


if __name__ == "__main__":
    main()
