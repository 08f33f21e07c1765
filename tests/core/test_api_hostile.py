"""Hostile servers and hostile bodies: every one ends as one plain sentence, fast, in flat memory.

An endless answer, a gzip bomb and a dripping server on 127.0.0.1 (tests/hostileserver.py);
redirects off the endpoint's origin; bodies nested 100,000 deep or with invalid UTF-8; a token
or an endpoint that cannot be used; paging cut at MAX_PAGES.
"""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
import zlib
from typing import Any

import pytest
from fakeserver import SUBSET_0731, ScriptedTransport, load_fixture, respond
from hostileserver import HostileServer

from tui.core.api import MAX_PAGES, MAX_REDIRECTS, PAGE_SIZE, ApiError, HFClient
from tui.core.dates import Period
from tui.core.freshness import is_stale
from tui.core.store import Store
from tui.core.sync import refresh_period

DAY = Period("day", "2026-07-31")


async def no_wait(seconds: float) -> None:
    pass


async def refused(server: HostileServer, **options: Any) -> tuple[ApiError, float]:
    """The ApiError a refresh of DAY ends in against ``server``, and the seconds it took."""
    options = {"max_tries": 4, "sleep": no_wait, **options}
    started = time.monotonic()
    async with HFClient(server.url, **options) as api:
        with pytest.raises(ApiError) as raised:
            await api.daily_papers(DAY)
    return raised.value, time.monotonic() - started


# --- endless, bomb, drip ---------------------------------------------------------------------


async def test_an_endless_answer_stops_at_the_cap() -> None:
    with HostileServer("endless") as server:
        error, seconds = await refused(server, max_bytes=256 * 1024)
        assert len(server.seen) == 1  # not tried again: it would be as endless
    assert str(error) == f"{server.url[7:]} sent more than 256 KB for one answer; stopped reading"
    assert seconds < 2


async def test_a_gzip_bomb_is_inflated_no_further_than_the_cap() -> None:
    # 32 MB inflated from 32 KB: decoded whole per network read, it cost 32 MB at once.
    with HostileServer("bomb", bomb_mb=32) as server:
        tracemalloc.start()
        try:
            error, seconds = await refused(server, max_bytes=1024 * 1024)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert str(error).endswith("sent more than 1 MB for one answer; stopped reading")
    assert peak < 8 * 1024 * 1024
    assert seconds < 2


async def test_a_dripping_server_fails_at_the_deadline(store: Store) -> None:
    # A byte every 0.1 s never trips a read timeout of 5 s; the deadline covers the whole answer.
    with HostileServer("drip") as server:
        started = time.monotonic()
        async with HFClient(server.url, read_timeout=5, deadline=0.6, max_tries=4) as api:
            with pytest.raises(ApiError) as raised:
                await refresh_period(store, api, DAY)
        seconds = time.monotonic() - started
        assert len(server.seen) == 1
    assert str(raised.value).endswith("did not finish answering within 0.6 s")
    assert seconds < 2
    assert [
        tuple(row) for row in store.conn.execute("SELECT outcome FROM fetch_log").fetchall()
    ] == [("error",)]


# --- redirects ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "words"),
    [
        ("http://other.example/api/daily_papers", "redirected to other.example; not followed"),
        ("https://{here}/api/daily_papers", "redirected to 127.0.0.1:{port}; not followed"),
        ("http://user:pw@other.example:8080/x", "redirected to other.example:8080; not followed"),
        ("file:///etc/passwd", "redirected to a file: address; not followed"),
        ("/loop", f"redirected more than {MAX_REDIRECTS} times in a row; not followed"),
    ],
    ids=["other-host", "other-scheme", "userinfo", "file", "loop"],
)
async def test_redirects_leaving_the_origin_or_looping_are_refused(
    location: str, words: str
) -> None:
    with HostileServer("redirect") as server:
        port = server.url.rsplit(":", 1)[1]
        server.location = location.format(here=f"127.0.0.1:{port}")
        error, _ = await refused(server, token="hf_secret")
        asked = len(server.seen)
    assert str(error) == f"127.0.0.1:{port} {words.format(port=port)}"
    assert not error.retryable
    assert asked == (MAX_REDIRECTS + 1 if location == "/loop" else 1)


async def test_a_redirect_within_the_origin_is_followed_with_the_token() -> None:
    with HostileServer("redirect", location="/final?p=0") as server:
        async with HFClient(server.url, token="hf_secret") as api:
            result = await api.daily_papers(DAY)
    assert result.papers == {}
    assert [path for path, _ in server.seen] == [server.seen[0][0], "/final?p=0"]
    assert server.seen[1][1]["Authorization"] == "Bearer hf_secret"


# --- bodies ----------------------------------------------------------------------------------


async def test_json_nested_100000_deep_is_an_unexpected_response() -> None:
    script = ScriptedTransport(respond(raw=b"[" * 100_000 + b"]" * 100_000))
    async with HFClient("http://hf.test", transport=script.transport, sleep=no_wait) as api:
        with pytest.raises(ApiError) as raised:
            await api.daily_papers(DAY)
    assert str(raised.value) == "hf.test sent an unexpected response: JSON nested too deeply"
    assert len(script.requests) == 1


async def test_invalid_utf8_in_one_title_keeps_the_page() -> None:
    body = json.dumps(load_fixture(SUBSET_0731)).encode()
    title = load_fixture(SUBSET_0731)[0]["paper"]["title"].encode()
    broken = body.replace(title, title[:5] + b"\xff\xfe" + title[5:], 1)
    script = ScriptedTransport(respond(raw=broken))
    async with HFClient("http://hf.test", transport=script.transport) as api:
        result = await api.daily_papers(DAY)
    assert len(result.papers) == 5
    assert any("\ufffd\ufffd" in paper.title for paper in result.papers.values())


# --- what the user set ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("hf_abc\nhf_def", "HF_TOKEN contains a line break or control character"),
        ("hf_abc\x1b[31m", "HF_TOKEN contains a line break or control character"),
        ("hf_abcé", "HF_TOKEN contains a character that is not ASCII"),
    ],
)
def test_a_token_that_cannot_be_a_header_is_named(
    monkeypatch: pytest.MonkeyPatch, token: str, words: str
) -> None:
    monkeypatch.setenv("HF_TOKEN", token)
    with pytest.raises(ApiError) as raised:
        HFClient("http://hf.test")
    assert str(raised.value).startswith(words)
    assert token not in str(raised.value)


def test_a_token_with_a_trailing_newline_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_abc\n")  # `echo hf_abc > file` then $(cat file)
    HFClient("http://hf.test")


# --- paging cut at MAX_PAGES ------------------------------------------------------------------


def full_page(request: Any) -> Any:
    """A page of PAGE_SIZE new papers on DAY, with a Link to the next page: for ever."""
    import httpx

    page = int(request.url.params["p"])
    entries = [
        {"paper": {"id": f"2607.{page * PAGE_SIZE + i:05d}", "submittedOnDailyAt": "2026-07-31"}}
        for i in range(PAGE_SIZE)
    ]
    link = f'<http://hf.test/api/daily_papers?p={page + 1}>; rel="next"'
    return httpx.Response(200, json=entries, headers={"Link": link}, request=request)


async def test_paging_cut_at_max_pages_is_not_a_complete_fetch(store: Store) -> None:
    script = ScriptedTransport(full_page)
    async with HFClient("http://hf.test", transport=script.transport) as api:
        result = await refresh_period(store, api, DAY)
    assert len(script.requests) == MAX_PAGES
    assert result.incomplete == f"stopped after {MAX_PAGES} pages while the server offered more"
    assert result.summary.papers == MAX_PAGES * PAGE_SIZE  # what came is kept
    log = [
        tuple(row)
        for row in store.conn.execute("SELECT outcome, message FROM fetch_log").fetchall()
    ]
    assert log == [("partial", f"stopped after {MAX_PAGES} pages while the server offered more")]
    assert is_stale(store, DAY)  # so the next refresh tries the whole day again


# --- encodings ------------------------------------------------------------------------------


def gzip_members(*parts: bytes) -> bytes:
    return b"".join(gzip.compress(part) for part in parts)


def raw_deflate(data: bytes) -> bytes:
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflate.compress(data) + deflate.flush()


PAGE = json.dumps(load_fixture(SUBSET_0731)).encode()


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (gzip_members(PAGE), "gzip"),
        (gzip_members(PAGE[:1000], PAGE[1000:]), "gzip"),  # two members, as a stream may send
        (zlib.compress(PAGE), "deflate"),
        (raw_deflate(PAGE), "deflate"),  # without the zlib header, as some servers send it
        (PAGE, "identity"),
    ],
    ids=["gzip", "gzip-members", "deflate", "raw-deflate", "identity"],
)
async def test_compressed_pages_are_read_whole(body: bytes, encoding: str) -> None:
    with HostileServer("raw", body=body, headers={"Content-Encoding": encoding}) as server:
        async with HFClient(server.url) as api:
            result = await api.daily_papers(DAY)
        assert server.seen[0][1]["Accept-Encoding"] == "gzip, deflate"
    assert len(result.papers) == 5


@pytest.mark.parametrize(
    ("body", "encoding", "words"),
    [
        (b"\x1f\x8b\x08\x00garbage" * 10, "gzip", "sent a compressed answer that is damaged"),
        (PAGE, "br", "sent an answer in an encoding it was not asked for (br)"),
        (PAGE, "\x1b]52;c;eA==\x07x", "sent an answer in an encoding it was not asked for (x)"),
    ],
    ids=["damaged", "brotli", "hostile-name"],
)
async def test_a_body_that_cannot_be_inflated_is_one_sentence(
    body: bytes, encoding: str, words: str
) -> None:
    with HostileServer("raw", body=body, headers={"Content-Encoding": encoding}) as server:
        error, _ = await refused(server)
        assert len(server.seen) == 1
    assert str(error) == f"{server.url[7:]} {words}"
