"""``dailypapers library``: the whole library (bookmarks, notes, tags and read marks) out and
back in."""

from __future__ import annotations

import click

from .base import Workspace, pass_workspace
from .files import import_file, write_output


@click.group(short_help="Your whole library: export it, import it.")
def library() -> None:
    """Your whole library: every bookmark, note, tag and read mark (kept in library.db)."""


@library.command("export", short_help="Every bookmark, note, tag and read mark, as JSON.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@pass_workspace
def export_library(workspace: Workspace, output: str | None) -> None:
    """Export every bookmark, note, tag and read mark as JSON (notes and tags on papers that
    are not bookmarked too); `library import` or `bookmarks import` reads it back."""
    from ..core.export import library_json

    records = workspace.library.export_records(everything=True)
    for record in records:  # the freshest details, as a bookmarks export has them
        paper = (
            workspace.store.paper(record["id"]) if record["paper"] or record["bookmarked"] else None
        )
        if paper is not None:
            record["paper"] = paper.to_json()
    watches = [w.to_json() for w in workspace.library.watches()]  # not the config's
    write_output(
        workspace,
        output,
        library_json(records, watches),
        workspace.library.counts().words(),
        "json",
    )


@library.command("import", short_help="Merge an export into your library.")
@click.argument("file", metavar="FILE")
@pass_workspace
def import_library(workspace: Workspace, file: str) -> None:
    """Merge an export into your library (as `bookmarks import`; nothing is replaced)."""
    import_file(workspace, file)
