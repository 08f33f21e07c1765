"""``dailypapers sync``: the bookmarks kept in step with a Hugging Face collection, both ways
(tui/core/collection_sync.py), and what happened to each paper."""

from __future__ import annotations

import json

import click

from .base import CliError, Workspace, pass_workspace
from .network import fill_in, run
from .output import echo_err


@click.command(short_help="Keep the bookmarks in step with a Hugging Face collection.")
@click.option(
    "--collection",
    "slug",
    metavar="SLUG",
    help="Another collection (owner/title-id, from its address) than your own "
    '"dailypapers" one (config: [sync] collection).',
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@click.option("--dry-run", is_flag=True, help="Say what would change, and change nothing.")
@click.option(
    "--recreate",
    is_flag=True,
    help="Make the collection again (with every bookmark) when it was deleted on the website.",
)
@click.option(
    "--accept-removals",
    is_flag=True,
    help="Carry over a removal of most of the collection (a sync stops before one otherwise).",
)
@pass_workspace
def sync(
    workspace: Workspace,
    slug: str | None,
    as_json: bool,
    dry_run: bool,
    recreate: bool,
    accept_removals: bool,
) -> None:
    """Keep the bookmarks in step with a collection on Hugging Face, both ways.

    The first sync makes a private collection called "dailypapers" (or finds the
    one another machine made). A bookmark added or removed on either side since
    the last sync is carried over; a paper bookmarked here and removed there
    goes with the later change. Notes travel as the item's note (cut at 500
    characters there, whole here); tags stay here. Needs a write token
    (`hf auth login`, or HF_TOKEN).
    """
    from ..config import load
    from ..core.collection_sync import SyncOptions, sync_bookmarks

    workspace.require_network("sync")
    settings = load(workspace.paths.config)
    for problem in settings.problems:
        if problem.startswith("sync."):
            echo_err(f"dailypapers: config: {problem}")
    options = SyncOptions(
        slug=(slug or settings.sync_collection or None),
        recreate=recreate,
        dry_run=dry_run,
        accept_removals=accept_removals,
    )
    summary = run(sync_bookmarks(workspace.library, options))
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        lines = summary.lines()
        for line in lines[:-1]:
            click.echo(line)
        if summary.ok:
            click.echo(lines[-1])
    if summary.error is not None:
        raise CliError(str(summary.error))
    if not dry_run and any("bookmarked from" in words for _, words in summary.changes):
        fill_in(workspace)  # a title and authors for the papers that came with only an id
