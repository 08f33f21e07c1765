"""The web's part of a search as it is typed: ask Hugging Face for the words (and for pasted ids
the cache lacks), store the papers it did not have, and say which to add to the results.

No Textual: the screen runs it in a worker after a pause in typing and draws what it returns;
errors (``ApiError``, ``StoreError``) go up to the screen, which says them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..core.models import Paper
from ..core.search import SearchResult, matching_filters, search
from ..core.store import Store
from .live_search import LiveSearch, search_query
from .web_answers import WebAnswers

MAX_FETCHED_IDS = 5  # papers fetched by id for one search (a pasted list of links)


class WebSearch:
    def __init__(
        self,
        store: Store,
        get_client: Callable[[], Awaitable[Any]],
        answers: WebAnswers | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.get_client = get_client
        self.answers = answers or WebAnswers()
        self.clock = clock

    async def run(
        self, state: LiveSearch, sequence: int, text: str
    ) -> tuple[SearchResult, list[str]] | None:
        """(the local results to show, the web's ids to add to them) for keystroke
        ``sequence``; None when the web is not asked, or had nothing to add."""
        query = search_query(text, state.bookmarks_only)
        words = query.web_words
        if state.bookmarks_only or not query.asks_web:
            return None  # filters alone, or a misread one: the web is not asked (and none says so)
        # A pasted id or link the cache lacks is fetched as that very paper.
        cached = await asyncio.to_thread(self.cached_ids, query.ids) if query.ids else set()
        missing = [i for i in query.ids if i not in cached][:MAX_FETCHED_IDS]
        if not words.strip() and not missing:
            return None
        papers = list(await self.answer(words)) if words.strip() else []
        if missing:
            client = await self.get_client()
            for paper_id in missing:
                paper = await client.paper(paper_id)
                if paper is not None:
                    papers.append(paper)
        known = await asyncio.to_thread(self.cached_ids, [p.id for p in papers])
        new = [p for p in papers if p.id not in known]
        if new:
            await asyncio.to_thread(self.store.ingest, new, [], source="search")
            state.from_web.update(p.id for p in new)  # an earlier keystroke's answer too
        if state.shown == sequence and state.local is not None:
            # The results on screen keep their order; the web's new papers follow them. (Run
            # again, the search would rank the new papers among them, and on a common word
            # push the best local match far down, under the reader's eyes.)
            local = state.local
        else:
            local = await asyncio.to_thread(search, self.store, search_query(text, False))
        found_ids = [p.id for p in papers if p.id in state.from_web]
        web_ids = await asyncio.to_thread(matching_filters, self.store, query, found_ids)
        return local, web_ids

    async def answer(self, words: str) -> list[Paper]:
        """The web's papers for these words: asked once per few minutes (a query typed
        again, or edited back, does not ask again)."""
        papers = self.answers.get(words, self.clock())
        if papers is not None:
            return papers
        client = await self.get_client()
        papers = list((await client.search(words)).papers.values())
        self.answers.put(words, papers, self.clock())
        return papers

    def cached_ids(self, ids: list[str]) -> set[str]:
        return {row.id for row in self.store.rows_by_ids(ids)}
