"""The fake Papers API's answers, whatever carries them: the HTTP server of fakeserver.py
(``FakeHF``) and the in-process httpx transport of papers_transport.py both answer from here.

It serves the recorded entries the way the real API does (API.md §1, §3, §4):
``/api/daily_papers`` by ``date``, ``week`` or ``month`` (else the latest feed), paged with
``limit`` and ``p`` and a ``Link: <…>; rel="next"`` header while more pages remain;
``/api/papers/search?q=`` and ``/api/papers/{id}``; ``/papers/{id}.md``, a paper's full text
(``fixtures/papers_md/{id}.md``, or the short page text Hugging Face serves when arXiv has no
HTML for another known paper; 404 otherwise; ``texts`` holds them). Faults are programmable per
request: an HTTP status for the next N requests (with optional ``Retry-After`` and body,
optionally only for requests with given query values or paths), a garbage body, or a hang.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from recorded import (
    PAPER_FILES,
    PAPERS_MD,
    SEARCH_KAZAKH,
    default_entries,
    listing_day,
    load_fixture,
)

Answer = tuple[int, bytes, dict[str, str]]  # status, body, headers


@dataclass
class Fault:
    """What the next ``times`` matching requests get instead of a normal answer."""

    times: int
    status: int = 500
    body: bytes = b'{"error": "Internal Server Error"}'
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    path_prefix: str = "/api/"
    params: dict[str, str] = field(default_factory=dict)  # only requests with these values

    def matches(self, path: str, params: dict[str, str]) -> bool:
        return path.startswith(self.path_prefix) and all(
            params.get(key) == value for key, value in self.params.items()
        )


class PapersAPI:
    """The recorded entries, papers and search results, and the faults programmed so far."""

    def __init__(self, entries: list[dict[str, Any]] | None = None) -> None:
        self.entries = default_entries() if entries is None else entries
        self.papers: dict[str, Any] = {}
        for name in PAPER_FILES:
            body = load_fixture(name)
            self.papers[body["id"]] = body
        self.search_results: list[dict[str, Any]] = load_fixture(SEARCH_KAZAKH)
        self.texts: dict[str, bytes] = {
            path.stem: path.read_bytes() for path in PAPERS_MD.glob("[0-9]*.md")
        }
        self.link_headers = True
        self.faults: list[Fault] = []
        self._lock = threading.Lock()

    # --- programming faults ---------------------------------------------------------------

    def fail(
        self,
        status: int = 500,
        *,
        times: int = 1_000_000,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        path_prefix: str = "/api/",
    ) -> None:
        if isinstance(body, str):
            body = body.encode()
        fault = Fault(
            times=times, status=status, headers=dict(headers or {}), path_prefix=path_prefix
        )
        if body is not None:
            fault.body = body
        fault.params = dict(params or {})
        self.faults.append(fault)

    def garbage(self, body: bytes = b'[{"paper": {"id": "2607.2', *, times: int = 1_000_000):
        """Answer 200 with a body that is not valid JSON (cut short by default)."""
        self.faults.append(Fault(times=times, status=200, body=body))

    def hang(self, *, times: int = 1_000_000, path_prefix: str = "/api/") -> None:
        """Accept the request and never answer it (until the server stops)."""
        self.faults.append(Fault(times=times, hang=True, path_prefix=path_prefix))

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    # --- answering ------------------------------------------------------------------------

    def take_fault(self, path: str, params: dict[str, str] | None = None) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.matches(path, params or {}):
                    fault.times -= 1
                    return fault
        return None

    def answer(self, path: str, params: dict[str, str], base_url: str) -> Answer:
        """The normal answer to GET ``path?params`` (faults aside); ``base_url`` for links."""
        if path == "/api/daily_papers":
            body, headers = self._daily(params, base_url)
            return 200, json.dumps(body).encode(), headers
        if path == "/api/papers/search":
            return 200, json.dumps(self._search(params)).encode(), {}
        if path.startswith("/papers/") and path.endswith(".md"):
            text = self._text(path.removeprefix("/papers/").removesuffix(".md"))
            if text is None:
                return 404, b"Not Found", {"Content-Type": "text/plain"}
            return 200, text, {"Content-Type": "text/markdown; charset=utf-8"}
        if path.startswith("/api/papers/"):
            paper = self._paper(path.rsplit("/", 1)[-1])
            if paper is None:
                return 404, b'{"error": "Paper not found"}', {}
            return 200, json.dumps(paper).encode(), {}
        return 404, b'{"error": "Not found"}', {}

    def _daily(
        self, params: dict[str, str], base_url: str
    ) -> tuple[list[dict[str, Any]], dict[str, str]]:
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
                    f'<{base_url}/api/daily_papers?{_query(params, page + 1)}>; rel="next"'
                )
            if page > 0:
                links.append(
                    f'<{base_url}/api/daily_papers?{_query(params, page - 1)}>; rel="prev"'
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

    def _text(self, paper_id: str) -> bytes | None:
        if paper_id in self.texts:
            return self.texts[paper_id]
        paper = self._paper(paper_id)
        if paper is None:
            return None
        title = paper.get("title", "")
        return (
            f"Title: {title}\n\nURL Source: https://huggingface.co/papers/{paper_id}\n\n"
            f"Markdown Content:\n{title}\n\n{paper.get('summary', '')}\n"
        ).encode()


def _week(day: str) -> str:
    try:
        year, week, _ = date.fromisoformat(day).isocalendar()
    except ValueError:
        return ""
    return f"{year}-W{week:02d}"


def _query(params: dict[str, str], page: int) -> str:
    return urlencode({**params, "p": str(page)})
