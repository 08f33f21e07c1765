"""``dailypapers trending``: Hugging Face's trending papers, in its order, from the snapshot in
the cache; fetched again first when it is older than the config's ``trending_minutes`` (an
hour) and the network may be used."""

from __future__ import annotations

import json

import click

from .base import CliError, Workspace, pass_workspace
from .network import client, run
from .output import echo_err, line_width, paper_line, plural


@click.command(short_help="Hugging Face's trending papers, in its order.")
@click.option(
    "--limit",
    "-n",
    default=50,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many papers to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@pass_workspace
def trending(workspace: Workspace, limit: int, as_json: bool) -> None:
    """Hugging Face's trending papers, ranked as on huggingface.co/papers/trending.

    The list is kept in the cache: it is fetched when older than an hour
    (`trending_minutes` in the config's [refresh] table) and printed from the
    cache offline, with its age.
    """
    from ..config import load
    from ..core.hub_freshness import age_words
    from ..core.models import arxiv_abs_url, hf_paper_url
    from ..core.paper_page import refresh_trending

    store = workspace.store
    settings = load(workspace.paths.config)

    async def go() -> object:
        async with client() as api:
            outcome = await refresh_trending(
                store, api, limit=max(limit, 100), max_age=settings.trending_max_age
            )
            if notice := api.take_token_notice():
                echo_err(f"dailypapers: {notice}")
            return outcome

    outcome = None
    if not workspace.offline:
        outcome = run(go())
    ids = store.trending().ids[:limit]
    fetched_at = store.trending_fetched_at()
    error = getattr(outcome, "error", None)
    if not ids:
        if error is not None:
            raise CliError(f"the trending list could not be fetched: {error}")
        raise CliError(
            "no trending list is cached yet; run `dailypapers trending` online to fetch it"
        )
    if error is not None:
        echo_err(
            f"dailypapers: the trending list could not be fetched ({error}); "
            f"showing the cached one, {age_words(fetched_at)}."
        )
    elif not getattr(outcome, "fetched", False):
        echo_err(f"Trending papers, {age_words(fetched_at)} (cached).")
    papers = [p for p in (store.paper(i) for i in ids) if p is not None]
    if as_json:
        items = []
        for rank, paper in enumerate(papers, 1):
            data = {"rank": rank, **paper.to_json()}
            data["url"] = hf_paper_url(paper.id)
            data["arxiv_url"] = arxiv_abs_url(paper.id)
            items.append(data)
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    width = line_width()
    for rank, paper in enumerate(papers, 1):
        stars = f"  ★{paper.github_stars:,}" if paper.github_stars else ""
        click.echo(paper_line(rank, paper, width - len(stars)) + stars)
    if len(papers) < len(store.trending().ids):
        echo_err(f"({plural(len(papers), 'paper')} of {len(store.trending().ids):,} shown)")
