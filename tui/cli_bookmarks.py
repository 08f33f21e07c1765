"""``dailypapers bookmarks``: add, remove, list, export and import the user's bookmarks."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import click

from .cli import Context, Failure, main
from .cli_search import _line
from .commands import _client, _echo_err, _fill_in, _plural, _run, pass_context
from .paths import replace_file

# --- bookmarks ------------------------------------------------------------------------------


@main.group(
    invoke_without_command=True, short_help="Your bookmarks: add, remove, list, export, import."
)
@click.pass_context
def bookmarks(click_ctx: click.Context) -> None:
    """Your bookmarks: add, remove, list, export, import (no command: list)."""
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(list_bookmarks)


def _paper_id(value: str) -> str:
    from .core.models import normalise_paper_id

    paper_id = normalise_paper_id(value)
    if paper_id is None:
        raise click.BadParameter(f"{value!r} is not an arXiv id (like 2607.27958) or paper link")
    return paper_id


def _check_ids(values: tuple[str, ...]) -> None:
    """Refuse the whole command, naming every bad id, before anything is changed."""
    from .core.models import normalise_paper_id

    bad = [value for value in values if normalise_paper_id(value) is None]
    if len(bad) == 1:
        _paper_id(bad[0])
    if bad:
        raise click.BadParameter(
            f"{', '.join(repr(v) for v in bad)} are not arXiv ids (like 2607.27958) or paper "
            "links; nothing was changed"
        )


def _fetch_paper(ctx: Context, paper_id: str) -> tuple[Any, str | None]:
    """The paper from the cache, else from the API (stored in the cache); (paper, problem)."""
    paper = ctx.store.paper(paper_id)
    if paper is not None or ctx.offline:
        return paper, None if paper else "offline: only the id is saved until it is fetched"
    from .core.api import ApiError

    async def go() -> Any:
        async with _client() as client:
            return await client.paper(paper_id)

    try:
        paper = _run(go())
    except ApiError as error:
        return None, f"its details could not be fetched ({error})"
    if paper is None:
        return None, "Hugging Face has no page for it (yet)"
    ctx.store.ingest([paper], source="paper")
    return paper, None


@bookmarks.command("add")
@click.argument("paper_ids", nargs=-1, required=True, metavar="ID...")
@pass_context
def add_bookmark(ctx: Context, paper_ids: tuple[str, ...]) -> None:
    """Bookmark papers by arXiv id or link."""
    _check_ids(paper_ids)
    for value in paper_ids:
        paper_id = _paper_id(value)
        paper, problem = _fetch_paper(ctx, paper_id)
        added = ctx.library.add_bookmark(paper_id, paper)
        title = f" {paper.title}" if paper else ""
        click.echo(f"{'Bookmarked' if added else 'Already bookmarked'}: {paper_id}{title}")
        if problem and added:  # already kept: what it lacks was said when it was added
            _echo_err(f"  note: {problem}")


@bookmarks.command("remove")
@click.argument("paper_ids", nargs=-1, required=True, metavar="ID...")
@pass_context
def remove_bookmark(ctx: Context, paper_ids: tuple[str, ...]) -> None:
    """Remove bookmarks (notes and tags stay)."""
    _check_ids(paper_ids)
    missing = 0
    for value in paper_ids:
        paper_id = _paper_id(value)
        if ctx.library.remove_bookmark(paper_id):
            click.echo(f"Removed bookmark: {paper_id}")
        else:
            missing += 1
            _echo_err(f"Not bookmarked: {paper_id}")
    if missing == len(paper_ids):
        raise click.exceptions.Exit(1)


def _records(ctx: Context) -> list[dict[str, Any]]:
    """Bookmark records with each paper's freshest metadata (cache first, else the snapshot)."""
    records = ctx.library.export_records()
    for record in records:
        paper = ctx.store.paper(record["id"])
        if paper is not None:
            tagged = ctx.store.query("SELECT last_listed FROM papers WHERE id = ?", [record["id"]])
            record["paper"] = paper.to_json()
            if tagged and tagged[0][0]:
                record["paper"]["listed_day"] = tagged[0][0]
    return records


@bookmarks.command("list")
@pass_context
def list_bookmarks(ctx: Context) -> None:
    """List bookmarks, newest first."""
    from .core.export import record_paper

    records = _records(ctx)
    if not records:
        _echo_err(
            "No bookmarks yet: press b on a paper in the app, or `dailypapers bookmarks add ID`."
        )
        return
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 10_000
    for rank, record in enumerate(records, 1):
        line = _line(rank, record_paper(record), width)
        click.echo(line)


@bookmarks.command("export")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["bibtex", "markdown", "json", "csv", "atom"]),
    help="Output format.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@pass_context
def export_bookmarks(ctx: Context, fmt: str, output: str | None) -> None:
    """Export bookmarks with their notes and tags."""
    from .core.export import export

    text = export(_records(ctx), fmt)
    if not output or output == "-":
        click.echo(text, nl=False)
        return
    given = Path(output).expanduser()
    try:
        _write_file(given, text)
    except OSError as error:
        raise Failure(f"cannot write {given}: {error.strerror or error}") from None
    count = _plural(len(ctx.library.bookmark_ids()), "bookmark")
    _echo_err(f"Wrote {count} to {given} ({fmt}).")


def _write_file(given: Path, text: str) -> None:
    """A regular file is replaced whole or not at all (a new file beside it, then a rename); a
    link is followed, and a pipe or a device (-o /dev/stdout) is written to, never replaced."""
    if given.is_dir():
        raise IsADirectoryError(21, "it is a folder", str(given))
    if given.exists() and not given.is_file():  # exists() and is_file() follow links
        with given.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return
    replace_file(given.resolve() if given.is_symlink() else given, text)


@bookmarks.command("import", short_help="Merge a JSON export into your bookmarks.")
@click.argument("file", metavar="FILE")
@pass_context
def import_bookmarks(ctx: Context, file: str) -> None:
    """Merge a JSON export into your bookmarks (nothing is duplicated or replaced)."""
    from .core.export import records_from_json

    try:
        text = sys.stdin.read() if file == "-" else Path(file).expanduser().read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Failure(f"cannot read {file}: {getattr(error, 'strerror', None) or error}") from None
    try:
        records = records_from_json(text)
    except ValueError as error:
        raise Failure(f"{file} is {error}") from None
    summary = ctx.library.import_records(records)
    skipped = _plural(summary.skipped, "unreadable record")
    click.echo(
        f"Imported {_plural(summary.bookmarks_added, 'new bookmark')} "
        f"({summary.bookmarks_kept} already there), {_plural(summary.notes_added, 'note')}, "
        f"{_plural(summary.tags_added, 'tag')}"
        + (f"; skipped {skipped}" if summary.skipped else "")
        + "."
    )
    if summary.notes_cut:
        _echo_err(
            f"  note: {_plural(summary.notes_cut, 'note was', 'notes were')} longer than "
            "20,000 characters and kept up to there."
        )
    if summary.tags_skipped:
        _echo_err(f"  note: skipped {_plural(summary.tags_skipped, 'tag')} that were not text.")
    _fill_in(ctx)
