"""Fetching a paper's full text: what comes whole is stored, any failure is one plain sentence
and leaves nothing written; many texts go one at a time, leaving the pages bucket some room."""

from __future__ import annotations

import gzip
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fakeserver import PAPERS_MD, FakeHF, ScriptedTransport, respond
from hostileserver import HostileServer

from tui.core import full_text_fetch
from tui.core.api import HFClient
from tui.core.errors import ApiError
from tui.core.full_text_fetch import fetch_full_text, fetch_missing_texts
from tui.core.store import Store

ASPIRE = "2607.00272"
TEXT = (PAPERS_MD / f"{ASPIRE}.md").read_bytes()
MD = {"Content-Type": "text/markdown; charset=utf-8"}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache.db", tmp_path / "library.db")


def nothing_stored(store: Store) -> bool:
    rows = store.conn.execute(
        "SELECT (SELECT count(*) FROM paper_texts), (SELECT count(*) FROM text_blocks)"
    ).fetchone()
    return tuple(rows) == (0, 0)


class Sleeps:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def client(*steps: Any, **kwargs: Any) -> tuple[HFClient, ScriptedTransport]:
    script = ScriptedTransport(*steps)
    options: dict[str, Any] = {"backoff_base": 0.0, "sleep": Sleeps(), **kwargs}
    return HFClient("http://hf.test", transport=script.transport, **options), script


async def test_a_text_is_fetched_and_stored_with_the_title_the_api_gave(store: Store) -> None:
    with FakeHF() as server:
        async with HFClient(server.url) as api:
            stored = await fetch_full_text(api, store, ASPIRE, "ASPIRE")
            missing = await fetch_full_text(api, store, "2601.99999")
    assert stored is not None and stored.document.title == "ASPIRE"
    assert store.raw_text(ASPIRE) == TEXT.decode()
    assert missing is None and store.full_text_ids([ASPIRE, "2601.99999"]) == {ASPIRE}
    assert server.paths() == [f"/papers/{ASPIRE}.md", "/papers/2601.99999.md"]


async def test_rate_limited_then_served_waits_as_asked(store: Store) -> None:
    sleeps = Sleeps()
    api, script = client(
        respond(429, raw=b"slow down", headers={"Retry-After": "7"}),
        respond(raw=TEXT, headers=MD),
        sleep=sleeps,
    )
    async with api:
        stored = await fetch_full_text(api, store, ASPIRE)
    assert stored is not None and len(script.requests) == 2
    assert sleeps.seconds[0] == 7.0  # (the real clock has not moved: it is asked again)


async def test_a_server_error_then_the_text_stores_it(store: Store) -> None:
    api, script = client(
        respond(500, raw=b"oops"),
        respond(raw=gzip.compress(TEXT), headers={**MD, "Content-Encoding": "gzip"}),
    )
    async with api:
        stored = await fetch_full_text(api, store, ASPIRE)
    assert stored is not None and store.raw_text(ASPIRE) == TEXT.decode()
    assert len(script.requests) == 2


FIVE_MB = (b"## 1 Section\n\n" + b"A sentence of the paper, long enough. " * 200 + b"\n\n") * 650


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ([respond(503, raw=b"x")] * 2, "hf.test answered HTTP 503 Service Unavailable (2 tries)"),
        (
            [respond(429, raw=b"", headers={"Retry-After": "3600"})],
            "hf.test is rate limiting requests (HTTP 429); it asks to wait 60 min, try again then",
        ),
        (
            [respond(raw=b"x" * (20 * 1024 * 1024 + 1))],
            "hf.test sent more than 20 MB for one answer; stopped reading",
        ),
        ([respond(raw=b"  \n")], f"hf.test sent an empty text for {ASPIRE}"),
        (
            [respond(raw=b"<!DOCTYPE html><html><body>Sign in</body></html>")],
            f"hf.test sent a web page, not the text of {ASPIRE}",
        ),
        (
            [respond(302, headers={"Location": "https://evil.example/x.md"})],
            "hf.test redirected to evil.example; not followed",
        ),
        ([httpx.ReadTimeout("slow")] * 2, "hf.test did not answer within 10 s (2 tries)"),
    ],
    ids=["5xx", "429-too-long", "over-20MB", "empty", "web-page", "other-host", "timeouts"],
)
async def test_a_failure_is_one_sentence_and_stores_nothing(
    store: Store, steps: list[Any], words: str
) -> None:
    api, _ = client(*steps, max_tries=2)
    async with api:
        with pytest.raises(ApiError) as raised:
            await fetch_full_text(api, store, ASPIRE)
    assert str(raised.value) == words
    assert nothing_stored(store)


async def test_a_hanging_or_dripping_server_fails_at_the_deadline(store: Store) -> None:
    with FakeHF() as server:
        server.hang(path_prefix="/papers/")
        async with HFClient(server.url, read_timeout=0.3, max_tries=3, backoff_base=0) as api:
            with pytest.raises(ApiError, match=r"did not answer within 0.3 s \(2 tries\)$"):
                await fetch_full_text(api, store, ASPIRE)
    with HostileServer("drip") as dripping:
        started = time.monotonic()
        async with HFClient(dripping.url, read_timeout=5, deadline=0.4) as api:
            with pytest.raises(ApiError, match=r"did not finish answering within 0.4 s$"):
                await fetch_full_text(api, store, ASPIRE)
        assert time.monotonic() - started < 2
    assert nothing_stored(store)


async def test_a_5_mb_text_and_bad_utf8_are_stored_and_open(store: Store) -> None:
    api, _ = client(respond(raw=FIVE_MB, headers=MD), respond(raw=b"# Caf\xe9 \xff\n\nok"))
    async with api:
        big = await fetch_full_text(api, store, ASPIRE)
        odd = await fetch_full_text(api, store, "2510.14528")
    assert big is not None and big.raw_bytes == len(FIVE_MB)
    again = store.full_text(ASPIRE)
    assert again is not None and len(again.document.blocks) == len(big.document.blocks)
    assert odd is not None and odd.document.blocks[0].text == "Caf\ufffd \ufffd"


# --- many texts ------------------------------------------------------------------------------


async def test_many_texts_skip_the_stored_and_wait_when_the_bucket_runs_low(
    store: Store,
) -> None:
    store.save_full_text("2510.14528", "already here")
    sleeps = Sleeps()
    low = {**MD, "RateLimit": '"pages";r=3;t=40'}
    api, script = client(
        respond(raw=TEXT, headers=low),  # 2607.00272: stored, 3 requests left
        respond(404, raw=b"Not Found"),  # 2601.00001, asked after the window reset
        respond(raw=TEXT, headers={**MD, "RateLimit": '"pages";r=90;t=40'}),  # 2601.00002
        respond(raw=TEXT),  # 2601.00003, asked at once
    )
    waits: list[float] = []
    ids = ["2510.14528", ASPIRE, "2601.00001", "2601.00002", "2601.00003"]
    async with api:
        summary = await fetch_missing_texts(api, store, ids, on_wait=waits.append, sleep=sleeps)
    assert [r.url.path for r in script.requests] == [f"/papers/{i}.md" for i in ids[1:]]
    assert (summary.stored, summary.not_indexed, summary.failed) == (3, ["2601.00001"], [])
    assert len(sleeps.seconds) == 1 and 39 < sleeps.seconds[0] <= 41
    assert waits == sleeps.seconds


async def test_many_texts_stop_when_rate_limited_past_patience(store: Store) -> None:
    api, script = client(
        respond(raw=TEXT),
        respond(500, raw=b""),
        respond(429, raw=b"", headers={"Retry-After": "900"}),
        max_tries=1,
    )
    ids = [ASPIRE, "2601.00001", "2601.00002", "2601.00003"]
    async with api:
        summary = await fetch_missing_texts(api, store, ids)
    assert len(script.requests) == 3
    assert summary.stored == 1
    assert summary.failed == [("2601.00001", "hf.test answered HTTP 500 Internal Server Error")]
    assert summary.stopped.startswith("hf.test is rate limiting requests (HTTP 429)")
    assert store.full_text_ids(ids) == {ASPIRE}


def test_the_reserve_is_below_the_anonymous_pages_bucket() -> None:
    assert 0 < full_text_fetch.PAGES_RESERVE < 100
