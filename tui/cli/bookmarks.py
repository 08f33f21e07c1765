"""``dailypapers bookmarks``: add, remove, list, export and import the user's bookmarks."""

from __future__ import annotations

import contextlib
from typing import Any

import click

from .base import Workspace, pass_workspace
from .files import import_file, write_output
from .network import client, run
from .output import echo_err, line_width, paper_line, plural


@click.group(
    invoke_without_command=True, short_help="Your bookmarks: add, remove, list, export, import."
)
@click.pass_context
def bookmarks(click_ctx: click.Context) -> None:
    """Your bookmarks: add, remove, list, export, import (no command: list)."""
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(list_bookmarks)


def _paper_id(value: str) -> str:
    from ..core.models import normalise_paper_id

    paper_id = normalise_paper_id(value)
    if paper_id is None:
        raise click.BadParameter(f"{value!r} is not an arXiv id (like 2607.27958) or paper link")
    return paper_id


def _check_ids(values: tuple[str, ...]) -> None:
    """Refuse the whole command, naming every bad id, before anything is changed."""
    from ..core.models import normalise_paper_id

    bad = [value for value in values if normalise_paper_id(value) is None]
    if len(bad) == 1:
        _paper_id(bad[0])
    if bad:
        raise click.BadParameter(
            f"{', '.join(repr(v) for v in bad)} are not arXiv ids (like 2607.27958) or paper "
            "links; nothing was changed"
        )


async def _paper_details(api: Any, paper_id: str) -> tuple[Any, str | None]:
    """The paper from the API; (paper, problem)."""
    from ..core.api import ApiError

    try:
        paper = await api.paper(paper_id)
    except ApiError as error:
        return None, f"its details could not be fetched ({error})"
    if paper is None:
        return None, "Hugging Face has no page for it (yet)"
    return paper, None


async def _add_bookmarks(workspace: Workspace, paper_ids: list[str]) -> None:
    """Bookmark each id, in the order given. What the cache lacks comes from the API over one
    client, a few requests at a time (the client's own limit), fetched ahead while the ids
    before it are saved: a new client per id cost a connection each (300 ids: 7.5 s)."""
    import asyncio

    from ..core.api import ApiError

    known = {paper_id: workspace.store.paper(paper_id) for paper_id in paper_ids}
    missing = [] if workspace.offline else [i for i, paper in known.items() if paper is None]
    unfetched = "offline: only the id is saved until it is fetched"
    async with contextlib.AsyncExitStack() as stack:
        fetches: dict[str, asyncio.Future[tuple[Any, str | None]]] = {}
        try:
            api = await stack.enter_async_context(client()) if missing else None
        except ApiError as error:  # HF_ENDPOINT is unusable: the ids are kept all the same
            unfetched = f"its details could not be fetched ({error})"
        else:
            fetches = {i: asyncio.ensure_future(_paper_details(api, i)) for i in missing}
            stack.callback(lambda: [fetch.cancel() for fetch in fetches.values()])
        for paper_id in paper_ids:
            paper, problem = known[paper_id], None
            if paper is None and paper_id in fetches:
                paper, problem = await fetches[paper_id]
                if paper is not None:
                    workspace.store.ingest([paper], source="paper")
                    known[paper_id] = paper  # the same id twice: ingested once
            elif paper is None:
                problem = unfetched
            added = workspace.library.add_bookmark(paper_id, paper)
            title = f" {paper.title}" if paper else ""
            click.echo(f"{'Bookmarked' if added else 'Already bookmarked'}: {paper_id}{title}")
            if problem and added:  # already kept: what it lacks was said when it was added
                echo_err(f"  note: {problem}")


@bookmarks.command("add")
@click.argument("paper_ids", nargs=-1, required=True, metavar="ID...")
@pass_workspace
def add_bookmark(workspace: Workspace, paper_ids: tuple[str, ...]) -> None:
    """Bookmark papers by arXiv id or link."""
    _check_ids(paper_ids)
    run(_add_bookmarks(workspace, [_paper_id(value) for value in paper_ids]))


@bookmarks.command("remove")
@click.argument("paper_ids", nargs=-1, required=True, metavar="ID...")
@pass_workspace
def remove_bookmark(workspace: Workspace, paper_ids: tuple[str, ...]) -> None:
    """Remove bookmarks (notes and tags stay)."""
    _check_ids(paper_ids)
    missing = 0
    for value in paper_ids:
        paper_id = _paper_id(value)
        if workspace.library.remove_bookmark(paper_id):
            click.echo(f"Removed bookmark: {paper_id}")
        else:
            missing += 1
            echo_err(f"Not bookmarked: {paper_id}")
    if missing == len(paper_ids):
        raise click.exceptions.Exit(1)


def _records(workspace: Workspace) -> list[dict[str, Any]]:
    """Bookmark records with each paper's freshest metadata (cache first, else the snapshot);
    a cached paper's day is the one it was last listed on."""
    records = workspace.library.export_records()
    for record in records:
        paper = workspace.store.paper(record["id"])
        if paper is not None:
            record["paper"] = paper.to_json()
    return records


@bookmarks.command("list")
@pass_workspace
def list_bookmarks(workspace: Workspace) -> None:
    """List bookmarks, newest first."""
    from ..core.export import record_paper

    records = _records(workspace)
    if not records:
        echo_err(
            "No bookmarks yet: press b on a paper in the app, or `dailypapers bookmarks add ID`."
        )
        return
    width = line_width()
    for rank, record in enumerate(records, 1):
        line = paper_line(rank, record_paper(record), width)
        click.echo(line)


@bookmarks.command("export", short_help="Export bookmarks with their notes and tags.")
@click.option(
    "--format",
    "fmt",
    default="json",
    show_default=True,
    type=click.Choice(["bibtex", "markdown", "json", "csv", "atom"]),
    help="Output format (json, csv and bibtex can be imported again).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@pass_workspace
def export_bookmarks(workspace: Workspace, fmt: str, output: str | None) -> None:
    """Export bookmarks with their notes and tags (notes on papers that are not bookmarked:
    `dailypapers library export`)."""
    from ..core.export import export

    text = export(_records(workspace), fmt)
    count = plural(workspace.library.bookmark_count(), "bookmark")
    write_output(workspace, output, text, count, fmt)


@bookmarks.command("import", short_help="Merge an export (JSON, CSV or BibTeX) into yours.")
@click.argument("file", metavar="FILE")
@pass_workspace
def import_bookmarks(workspace: Workspace, file: str) -> None:
    """Merge an export into your bookmarks: the JSON, CSV or BibTeX of `bookmarks export`, or
    the JSON of `library export` (nothing is duplicated or replaced; FILE - reads stdin)."""
    import_file(workspace, file)
