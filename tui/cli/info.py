"""``dailypapers info ID``: a paper with the models, datasets and Spaces linked to it, like
``hf papers info``: from the cache when fetched within a day (or offline), else from Hugging
Face."""

from __future__ import annotations

import json
from typing import Any

import click

from .base import CliError, Workspace, pass_workspace
from .network import client, run
from .output import echo_err


@click.command(short_help="A paper and the repos that cite it.")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_workspace
def info(workspace: Workspace, paper: str, as_json: bool) -> None:
    """A paper, with the models, datasets and Spaces that cite it.

    PAPER is an arXiv id or a paper link. Linked repos are kept in the cache
    and fetched again at most once a day.
    """
    from ..core.errors import ApiError
    from ..core.hub_models import KIND_PLURALS, REPO_KINDS
    from ..core.models import arxiv_abs_url, hf_paper_url, normalise_paper_id
    from ..core.paper_page import paper_links

    paper_id = normalise_paper_id(paper)
    if paper_id is None:
        raise CliError(f"{paper!r:.60} is not an arXiv id or a paper link (like 2607.27958)")
    store = workspace.store

    async def go() -> Any:
        async with client() as api:
            if not store.is_cached(paper_id):
                found = await api.paper(paper_id)
                if found is not None:
                    store.ingest([found], source="paper")
            links = await paper_links(store, api, paper_id)
            if notice := api.take_token_notice():
                echo_err(f"dailypapers: {notice}")
            return links

    try:
        links = store.links(paper_id) if workspace.offline else run(go())
    except ApiError as error:
        if error.status == 404:
            raise CliError(f"Hugging Face has no paper {paper_id}") from None
        links = store.links(paper_id)
        if links is None and store.paper(paper_id) is None:
            raise
        echo_err(f"dailypapers: {error}; showing what the cache holds.")
    found = store.paper(paper_id)
    if found is None:
        if workspace.offline:
            raise CliError(f"{paper_id} is not in the cache (and --offline was given)")
        raise CliError(f"Hugging Face has no paper {paper_id}")
    if as_json:
        data = {
            **found.to_json(),
            "url": hf_paper_url(paper_id),
            "arxiv_url": arxiv_abs_url(paper_id),
        }
        if links is not None:
            data["linked"] = {
                KIND_PLURALS[kind].lower(): {
                    "count": links.count(kind),
                    "top": [
                        {
                            "id": r.id,
                            "likes": r.likes,
                            "downloads": r.downloads,
                            "task": r.task,
                            "url": r.url,
                        }
                        for r in links.top.get(kind, ())
                    ],
                }
                for kind in REPO_KINDS
            }
            data["linked_fetched_at"] = links.fetched_at
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{found.id}  {found.title}")
    if found.authors:
        shown = ", ".join(found.authors[:8]) + (" …" if len(found.authors) > 8 else "")
        click.echo(f"Authors: {shown}")
    counts = []
    if found.upvotes is not None:
        counts.append(f"{found.upvotes:,} upvotes")
    if found.comments is not None:
        counts.append(f"{found.comments:,} comments")
    if found.published:
        counts.append(f"published {found.published}")
    if counts:
        click.echo(" · ".join(counts))
    click.echo(hf_paper_url(found.id))
    if found.github_repo:
        click.echo(f"Code: {found.github_repo}")
    if links is None or not links.known:
        click.echo("Linked models, datasets and Spaces: not known.")
        return
    click.echo(f"Linked: {links.summary() or 'no models, datasets or Spaces'}")
    for kind in REPO_KINDS:
        top = links.top.get(kind, ())
        if not top:
            continue
        click.echo(f"  {KIND_PLURALS[kind]}:")
        for repo in top:
            facts = [f"♥ {repo.likes:,}" if repo.likes is not None else None]
            facts.append(f"↓ {repo.downloads:,}" if repo.downloads is not None else None)
            facts.append(repo.task)
            shown = "  ".join(f for f in facts if f)
            click.echo(f"    {repo.id}  {shown}  {repo.url}")
        if links.has_more(kind):
            more = (links.count(kind) or 0) - len(top)
            click.echo(f"    … and {more:,} more")
