"""Fetching a paper's full text and storing it: the one way the app and the command line get a
text into the cache (no Textual)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from .errors import ApiError
from .reader.stored_text import StoredText
from .text_fetch_summary import TextFetchSummary

if TYPE_CHECKING:
    from .api import HFClient
    from .store import Store

# A login page, a proxy's or a captive portal's answer is a web page, not Markdown: stored, it
# would stand for the paper offline for ever.
_WEB_PAGE = re.compile(r"\A\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)


async def fetch_full_text(
    client: HFClient, store: Store, paper_id: str, title: str = ""
) -> StoredText | None:
    """Fetch ``/papers/{id}.md``, normalise it and store both; None when Hugging Face has not
    indexed the paper (404). Raises ApiError, in one plain sentence, on any other failure;
    nothing is written unless the whole answer came.

    ``title``: the title the API gave, preferred to the text's own. Normalising a large text
    takes a while, so it runs in a thread: an app's keys keep working meanwhile."""
    raw = await client.full_text(paper_id)
    if raw is None:
        return None
    if not raw.strip():
        raise ApiError(
            f"{client.host} sent an empty text for {paper_id}", header_words="empty answer"
        )
    if _WEB_PAGE.match(raw[:200]):
        raise ApiError(
            f"{client.host} sent a web page, not the text of {paper_id}",
            header_words="bad response (a web page)",
        )
    return await asyncio.to_thread(store.save_full_text, paper_id, raw, title)


# Requests of the "pages" bucket (100 per 5 minutes anonymous) a bulk fetch leaves unused, so
# that the app can still open a paper while it runs.
PAGES_RESERVE = 10


async def fetch_missing_texts(
    client: HFClient,
    store: Store,
    paper_ids: Sequence[str],
    *,
    titles: Mapping[str, str] | None = None,
    on_paper: Callable[[int, str, StoredText | None, ApiError | None], None] | None = None,
    on_wait: Callable[[float], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    summary: TextFetchSummary | None = None,
) -> TextFetchSummary:
    """Fetch and store the text of each paper that has none yet, one request at a time.

    Already stored texts are skipped, so a run cut short is simply run again. Before each
    request, when the server's RateLimit header says fewer than PAGES_RESERVE requests are
    left, it waits for the window to reset (``on_wait(seconds)``). A paper that fails is
    counted and the next one is tried; a failure that would fail the next one too (rate
    limited past the client's patience, the server unreachable) stops the run.

    ``on_paper(index, id, stored or None, error or None)`` after each paper (stored None and
    error None: not indexed). ``summary``: filled in as it goes (the caller still has it when
    the run is interrupted)."""
    summary = summary if summary is not None else TextFetchSummary()
    have = store.full_text_ids(paper_ids)
    titles = titles or {}
    for index, paper_id in enumerate(paper_ids, 1):
        if paper_id in have:
            continue
        await _keep_a_reserve(client, on_wait, sleep)
        try:
            stored = await fetch_full_text(client, store, paper_id, titles.get(paper_id, ""))
        except ApiError as error:
            stop = error.status == 429 or error.unreachable
            if stop:  # the next paper would fail the same way: this one is left for next time
                summary.stopped = str(error)
            else:
                summary.failed.append((paper_id, str(error)))
            if on_paper:
                on_paper(index, paper_id, None, error)
            if stop:
                break
            continue
        if stored is None:
            summary.not_indexed.append(paper_id)
        else:
            summary.stored += 1
            summary.stored_bytes += stored.raw_bytes
        if on_paper:
            on_paper(index, paper_id, stored, None)
    return summary


async def _keep_a_reserve(
    client: HFClient,
    on_wait: Callable[[float], None] | None,
    sleep: Callable[[float], Awaitable[None]],
) -> None:
    if client.rate_limit is None:
        return
    remaining, reset_at = client.rate_limit
    delay = reset_at - time.monotonic() + 1.0
    if remaining >= PAGES_RESERVE or delay <= 0:
        return
    if on_wait:
        on_wait(delay)
    await sleep(delay)
    client.rate_limit = None  # a new window: the next answer says how much of it is left
