"""A paper's page beyond its abstract, cache first: each function answers from the cache when
what it holds is fresh (hub_freshness.py), else fetches, stores and answers. The app's workers
and the CLI call these; they raise ApiError only when there is nothing cached to fall back on
(``stale_ok``) or when asked to fetch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .api import PAGE_SIZE, HFClient
from .db import now_stamp
from .errors import ApiError
from .hub_freshness import TRENDING_MAX_AGE, comments_due, links_due, list_due, trending_is_stale
from .hub_models import Discussion, LinkedRepo, PaperLinks
from .store import Store


@dataclass(frozen=True, slots=True)
class TrendingOutcome:
    """What a trending refresh did: ``fetched`` (now), else why not (``error``, ``offline``)."""

    fetched: bool
    fetched_at: datetime | None  # the snapshot's time, fetched now or before
    count: int  # papers in the snapshot
    error: ApiError | None = None


async def refresh_trending(
    store: Store,
    api: HFClient | None,
    *,
    limit: int = PAGE_SIZE,
    max_age: timedelta = TRENDING_MAX_AGE,
    force: bool = False,
    now: datetime | None = None,
) -> TrendingOutcome:
    """Fetch the trending list when the snapshot is older than ``max_age`` (or ``force``) and
    there is a client (None: offline); a failure leaves the snapshot as it was and says why."""
    fetched_at = store.trending_fetched_at()
    cached = len(store.trending().ids)
    if api is None or not (force or trending_is_stale(fetched_at, now=now, max_age=max_age)):
        return TrendingOutcome(False, fetched_at, cached)
    started = now_stamp()
    try:
        result = await api.trending(limit=limit)
    except ApiError as error:
        store.log_fetch(
            "trending", started_at=started, outcome="error", message=str(error), requests=1
        )
        return TrendingOutcome(False, fetched_at, cached, error)
    store.save_trending(result, started_at=started)
    return TrendingOutcome(True, store.trending_fetched_at(), len(result.papers))


async def paper_links(
    store: Store, api: HFClient | None, paper_id: str, *, now: datetime | None = None
) -> PaperLinks | None:
    """A paper's linked-repo counts and top lists: the cache's when fetched within a day (or
    offline), else fetched and stored. None when Hugging Face has not indexed the paper and
    nothing is cached. Raises ApiError on a failure with nothing cached."""
    cached = store.links(paper_id)
    if api is None or not links_due(cached, now=now):
        return cached
    try:
        links, whole = await api.paper_links(paper_id)
    except ApiError as error:
        if error.status == 404 and cached is None:
            return None
        if cached is not None:
            return cached
        raise
    return store.save_links(links, whole)


async def all_linked(
    store: Store, api: HFClient | None, paper_id: str, kind: str, *, now: datetime | None = None
) -> list[LinkedRepo]:
    """Every repo of a kind citing a paper, most liked first: the stored list when fetched
    within a day (or offline), else the Hub's sorted listing, stored. A detail that carried
    the whole list needs no listing (paper_links stores it)."""
    cached = store.linked_repos(paper_id, kind)
    if api is None or (cached is not None and not list_due(cached[1], now=now)):
        return cached[0] if cached else []
    try:
        repos = await api.linked_repos(paper_id, kind)
    except ApiError:
        if cached is not None:
            return cached[0]
        raise
    store.save_linked_repos(paper_id, kind, repos)
    return repos


async def discussion(
    store: Store,
    api: HFClient | None,
    paper_id: str,
    *,
    now: datetime | None = None,
    keep_cached: bool = True,
) -> Discussion | None:
    """A paper's comments: the cache's unless the paper's comment count has changed since
    they were fetched, or a day has passed (and a client is given); None when Hugging Face
    has not indexed the paper and nothing is cached. A failed fetch answers with the cache's
    comments, or raises when there are none (or ``keep_cached`` is False: the app shows the
    cache's itself and says why they could not be fetched again). The paper's own comment
    count follows the fetched one, so the list shows as many as the discussion has."""
    cached = store.discussion(paper_id)
    paper = store.paper(paper_id)
    count = paper.comments if paper else None
    if api is None or not comments_due(cached, count, now=now):
        return cached
    try:
        fetched = await api.discussion(paper_id)
    except ApiError:
        if cached is not None and keep_cached:
            return cached
        raise
    if fetched is None:
        return cached
    if fetched.num_comments is not None and paper is not None and fetched.num_comments != count:
        store.set_comment_count(paper_id, fetched.num_comments)
    if fetched.num_comments is None:
        # The answer did not carry numComments: the paper's own count stands for it, so the
        # next look compares like with like.
        fetched = replace(fetched, num_comments=count)
    return store.save_discussion(fetched)
