"""HFClient's paper-page calls and the user's token, against the fake Hub (tests/hubserver.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hubserver import (
    EXPIRED_TOKEN,
    HOSTILE_TEXT,
    HUB_HOSTILE,
    HUB_MANY,
    HUB_NEVER_DAILY,
    HUB_NO_LINKS,
    HUB_REDIRECT,
    HUB_THREE,
    HubServer,
)

from tui.core.api import ApiError, HFClient
from tui.core.text import strip_unsafe


@pytest.fixture(scope="module")
def hub() -> Iterator[HubServer]:
    with HubServer() as server:
        yield server


@pytest.fixture
def token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A token saved where `hf auth login` saves it (HF_HOME/token)."""
    home = tmp_path / "hf"
    home.mkdir()
    (home / "token").write_text("hf_from_file\n")
    monkeypatch.setenv("HF_HOME", str(home))
    return home / "token"


async def test_the_token_file_goes_to_the_endpoint_and_never_to_a_redirect_elsewhere(
    hub: HubServer, token_file: Path
) -> None:
    before = len(hub.auth_seen)
    async with HFClient(hub.url) as api:
        assert api.token_found is not None and api.token_found.source == str(token_file)
        links, _ = await api.paper_links(HUB_THREE)
        with pytest.raises(ApiError) as raised:
            await api.paper_links(HUB_REDIRECT)
    assert links.counts["model"] == 3
    assert hub.auth_seen[before:] == ["Bearer hf_from_file"] * 2
    assert "redirected to 127.0.0.1:" in str(raised.value)
    assert hub.other.seen == []  # the other host was never asked, with or without the token


async def test_an_expired_token_is_dropped_said_once_and_the_call_goes_on_anonymously(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", EXPIRED_TOKEN)
    before = len(hub.auth_seen)
    async with HFClient(hub.url) as api:
        first = await api.discussion(HUB_NO_LINKS)
        await api.paper_links(HUB_NO_LINKS)
        notice = api.take_token_notice()
        assert api.take_token_notice() is None
        assert not api.has_token
    assert first is not None and first.comments == ()
    assert hub.auth_seen[before:] == [f"Bearer {EXPIRED_TOKEN}", None, None]
    assert notice == (
        "Hugging Face refused your token from HF_TOKEN (expired or revoked); going on "
        "without it. Run `hf auth login` to renew it."
    )
    assert EXPIRED_TOKEN not in notice
    async with HFClient(hub.url) as again:  # refused once in this run: not sent again
        assert not again.has_token


async def test_trending_keeps_hugging_faces_order_pages_and_sends_no_dates(hub: HubServer) -> None:
    before = len(hub.paths)
    async with HFClient(hub.url) as api:
        result = await api.trending(limit=130)
    asked = hub.paths[before:]
    ids = list(result.papers)
    assert len(ids) == 130
    assert ids[:5] == [HUB_MANY, HUB_THREE, HUB_NEVER_DAILY, HUB_HOSTILE, HUB_NO_LINKS]
    assert len(asked) == 2 and all("sort=trending" in path for path in asked)
    assert not any(word in path for path in asked for word in ("date=", "week=", "month="))
    never = result.papers[HUB_NEVER_DAILY]
    assert never.listed_day is None and never.published == "2024-06-01"
    assert result.papers[HUB_HOSTILE].title == strip_unsafe(result.papers[HUB_HOSTILE].title)
    assert "\x1b" not in result.papers[HUB_HOSTILE].title


async def test_linked_repos_counts_top_three_by_likes_and_whole_lists(hub: HubServer) -> None:
    async with HFClient(hub.url) as api:
        none, _ = await api.paper_links(HUB_NO_LINKS)
        three, three_whole = await api.paper_links(HUB_THREE)
        many, many_whole = await api.paper_links(HUB_MANY)
    assert none.counts == {"model": 0, "dataset": 0, "space": 0} and none.summary() == ""
    assert three.summary() == "3 models · 1 dataset · 2 Spaces"
    assert [r.likes for r in three.top["model"]] == [1000, 999, 998]
    assert three.complete == {"model", "dataset", "space"} and len(three_whole["model"]) == 3
    assert many.summary() == "250 models · 12 datasets · 40 Spaces"
    # 12 datasets all came with the detail (it carries up to 20 of a kind); not the rest.
    assert many.complete == {"dataset"} and list(many_whole) == ["dataset"]
    assert many.has_more("model") and [r.likes for r in many.top["model"]] == [1000, 999, 998]
    top = many.top["model"][0]
    assert top.url == f"https://huggingface.co/{top.id}" and top.task == "text-generation"
    space = many.top["space"][0]
    assert space.url == f"https://huggingface.co/spaces/{space.id}" and space.task == "gradio"
    assert space.downloads is None


async def test_all_250_linked_models_come_paged_most_liked_first(hub: HubServer) -> None:
    before = len(hub.paths)
    async with HFClient(hub.url) as api:
        models = await api.linked_repos(HUB_MANY, "model")
    likes = [repo.likes or 0 for repo in models]
    assert len(models) == 250 and likes == sorted(likes, reverse=True)
    asked = hub.paths[before:]
    assert len(asked) == 3 and all("filter=arxiv%3A2607.90250" in p for p in asked)
    assert all("sort=likes" in path for path in asked)


async def test_comments_threads_hidden_bot_and_hostile_text(hub: HubServer) -> None:
    async with HFClient(hub.url) as api:
        discussion = await api.discussion(HUB_THREE)
        missing = await api.discussion("2607.99999")
    assert missing is None
    assert discussion is not None
    threaded = discussion.threaded()
    by_author = {c.author: c for _, c in threaded}
    assert [(depth, c.author) for depth, c in threaded[:2]] == [(0, "yaful"), (1, "replier")]
    hidden = by_author["spammer"]
    assert hidden.hidden and hidden.text == "" and hidden.hidden_words == "hidden (Spam)"
    bot = by_author["librarian-bot"]
    assert bot.is_similar_papers and bot.similar_ids[0] == "2604.04898"
    assert discussion.similar_papers == bot.similar_ids and len(bot.similar_ids) >= 5
    hostile = by_author["mallory"].text
    assert hostile == strip_unsafe(hostile)
    assert not any(c in hostile for c in "\x1b\x07\x08\u202e")
    assert "[bold red]pwned[/]" in hostile  # markup kept as plain text: the UI never parses it
    assert "<script>" not in hostile and hostile != HOSTILE_TEXT
    assert by_author["yaful"].reactions[0] == ("👍", 10)


async def test_paper_page_calls_run_at_most_two_at_once() -> None:
    in_flight = peak = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json={"comments": []})

    transport = httpx.MockTransport(answer)
    async with HFClient("http://hf.test", transport=transport) as api:
        await asyncio.gather(*(api.discussion(f"2607.0000{n}") for n in range(6)))
    assert peak == 2


async def test_background_calls_wait_for_the_window_when_the_bucket_runs_low() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    def answer(request: httpx.Request) -> Any:
        headers = {
            "RateLimit": '"api";r=3;t=30',
            "RateLimit-Policy": '"fixed window";"api";q=500;w=300',
        }
        return httpx.Response(200, json={"comments": []}, headers=headers)

    transport = httpx.MockTransport(answer)
    async with HFClient("http://hf.test", transport=transport, sleep=sleep) as api:
        await api.discussion("2607.00001")
        assert waits == []
        await api.discussion("2607.00002")
    assert len(waits) == 1 and 29 <= waits[0] <= 30
    assert api.buckets["api"][0] == 3
