"""``dailypapers watch``: the searches the For you view and ``digest --watch`` keep watching."""

from __future__ import annotations

import json

import click

from .base import CliError, Workspace, pass_workspace


@click.group(short_help="Searches to watch: add, remove, rename, list.")
def watch() -> None:
    """Searches the For you view and `digest --watch` keep watching: any query of the search
    language (see `dailypapers search --help`), under a short name."""


@watch.command("add")
@click.argument("name")
@click.argument("query")
@pass_workspace
def add(workspace: Workspace, name: str, query: str) -> None:
    """Watch QUERY under NAME (a watch of that name gets the new query)."""
    from ..core.errors import WatchRefused

    watches = workspace.watch_list()
    before = watches.find(name)
    try:
        added = watches.add(name, query)
    except WatchRefused as error:
        raise CliError(str(error), exit_code=2) from None
    if before is None:
        click.echo(f"Watching “{added.name}”: {added.query}")
    elif before.query == added.query:
        click.echo(f"Already watching “{added.name}”: {added.query}")
    else:  # its day stays: what was new for you under the old query stays new
        click.echo(f"Changed “{added.name}”: {added.query} (was: {before.query})")


@watch.command("rename")
@click.argument("name")
@click.argument("new_name", metavar="NEW")
@pass_workspace
def rename(workspace: Workspace, name: str, new_name: str) -> None:
    """Give the watch NAME the name NEW."""
    from ..core.errors import WatchRefused

    try:
        renamed = workspace.watch_list().rename(name, new_name)
    except WatchRefused as error:
        raise CliError(str(error)) from None
    click.echo(f"Renamed to “{renamed.name}”.")


@watch.command("remove")
@click.argument("name")
@pass_workspace
def remove(workspace: Workspace, name: str) -> None:
    """Stop watching NAME."""
    from ..core.errors import WatchRefused

    try:
        workspace.watch_list().remove(name)
    except WatchRefused as error:
        raise CliError(str(error)) from None
    click.echo(f"No longer watching “{name.strip()}”.")


@watch.command("list")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@pass_workspace
def list_watches(workspace: Workspace, as_json: bool) -> None:
    """Every watch, the config file's first."""
    watches = workspace.watch_list().all()
    if as_json:
        click.echo(json.dumps([w.to_json() for w in watches], ensure_ascii=False, indent=2))
        return
    if not watches:
        click.echo("No watches yet: `dailypapers watch add NAME QUERY` adds one.")
        return
    width = max(len(w.name) for w in watches)
    for w in watches:
        where = "  (config file)" if w.from_config else ""
        click.echo(f"{w.name.ljust(width)}  {w.query}{where}")
