"""``dailypapers cache``: what the cache holds, a check of its file, and clearing it (the user's
library is kept apart)."""

from __future__ import annotations

from pathlib import Path

import click

import tui.cli.output as output  # the module: a test replaces output.watched

from .base import Workspace, pass_workspace
from .output import byte_size, plural


@click.group(short_help="The local cache of papers: info, check, clear.")
def cache() -> None:
    """The local cache of papers (your bookmarks, notes and tags are kept apart)."""


@cache.command("clear")
@pass_workspace
def cache_clear(workspace: Workspace) -> None:
    """Delete every cached paper. Bookmarks, notes, tags, read marks and the full texts of
    bookmarked papers are kept."""
    store = workspace.store
    papers = store.stats()["papers"]
    interactive = output.watched()
    if interactive and papers > 20_000:  # about a second per 20,000 papers
        click.echo(f"Clearing {plural(papers, 'paper')}…", err=True)
    store.clear()
    kept = workspace.library.counts().words()
    # A bookmarked paper's full text stays, readable offline like the rest of its details.
    texts = store.stats()["texts"]
    texts_kept = f", and the full texts of {plural(texts, 'bookmarked paper')}" if texts else ""
    click.echo(
        f"Cleared the cache ({plural(papers, 'paper')}). Kept your library ({kept}) in "
        f"{workspace.paths.library}{texts_kept}."
    )


@cache.command("info")
@pass_workspace
def cache_info(workspace: Workspace) -> None:
    """What the cache holds."""
    stats = workspace.store.stats()
    click.echo(f"cache:     {workspace.paths.cache} ({stats['bytes'] / 1e6:.1f} MB)")
    click.echo(f"papers:    {stats['papers']:,} ({stats['listings']:,} listings)")
    if stats["first_day"]:
        click.echo(f"days:      {stats['first_day']} … {stats['last_day']}")
    click.echo(f"fetched:   {stats['last_fetch'] or 'never'}")
    served, stored = byte_size(stats["text_bytes"]), byte_size(stats["text_stored_bytes"])
    click.echo(
        f"texts:     {plural(stats['texts'], 'full text')} ({served} as served, {stored} stored)"
    )
    click.echo(f"library:   {workspace.library.counts().words()} ({workspace.paths.library})")
    from ..core.db import damaged_copies

    for label, path in (("cache", workspace.paths.cache), ("library", workspace.paths.library)):
        for copy in damaged_copies(path):
            size = sum(
                side.stat().st_size
                for side in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm"))
                if side.exists()
            )
            click.echo(f"damaged:   {copy} ({size / 1e6:.1f} MB, a damaged {label} moved aside)")


@cache.command("check", short_help="Check the cache file; rebuild it if damaged.")
@pass_workspace
def cache_check(workspace: Workspace) -> None:
    """Check the cache file; move it aside and rebuild it if it is damaged.

    Exits 1 when it had to rebuild, as fsck does when it repaired something: a script can tell.
    """
    store = workspace.store
    rebuilt_on_open = bool(store.notices)  # found at once, said above, and already rebuilt
    notice = store.check()
    if notice:
        click.echo(notice)
    elif not rebuilt_on_open:
        click.echo("The cache is fine.")
    if notice or rebuilt_on_open:
        raise click.exceptions.Exit(1)
