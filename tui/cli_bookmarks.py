"""``dailypapers bookmarks``: add, remove, list, export and import the user's bookmarks; and
``dailypapers library``: the whole library (notes, tags and read marks too) out and back in."""

from __future__ import annotations

import contextlib
import errno
import shutil
import sys
from pathlib import Path
from typing import Any

import click

from .cli import Context, Failure, main
from .cli_search import _line
from .commands import _client, _echo_err, _fill_in, _plural, _run, pass_context
from .paths import describe_os_error, read_user_file, replace_file

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


async def _paper_details(client: Any, paper_id: str) -> tuple[Any, str | None]:
    """The paper from the API; (paper, problem)."""
    from .core.api import ApiError

    try:
        paper = await client.paper(paper_id)
    except ApiError as error:
        return None, f"its details could not be fetched ({error})"
    if paper is None:
        return None, "Hugging Face has no page for it (yet)"
    return paper, None


async def _add_bookmarks(ctx: Context, paper_ids: list[str]) -> None:
    """Bookmark each id, in the order given. What the cache lacks comes from the API over one
    client, a few requests at a time (the client's own limit), fetched ahead while the ids
    before it are saved: a new client per id cost a connection each (300 ids: 7.5 s)."""
    import asyncio

    from .core.api import ApiError

    known = {paper_id: ctx.store.paper(paper_id) for paper_id in paper_ids}
    missing = [] if ctx.offline else [i for i, paper in known.items() if paper is None]
    unfetched = "offline: only the id is saved until it is fetched"
    async with contextlib.AsyncExitStack() as stack:
        fetches: dict[str, asyncio.Future[tuple[Any, str | None]]] = {}
        try:
            client = await stack.enter_async_context(_client()) if missing else None
        except ApiError as error:  # HF_ENDPOINT is unusable: the ids are kept all the same
            unfetched = f"its details could not be fetched ({error})"
        else:
            fetches = {i: asyncio.ensure_future(_paper_details(client, i)) for i in missing}
            stack.callback(lambda: [fetch.cancel() for fetch in fetches.values()])
        for paper_id in paper_ids:
            paper, problem = known[paper_id], None
            if paper is None and paper_id in fetches:
                paper, problem = await fetches[paper_id]
                if paper is not None:
                    ctx.store.ingest([paper], source="paper")
                    known[paper_id] = paper  # the same id twice: ingested once
            elif paper is None:
                problem = unfetched
            added = ctx.library.add_bookmark(paper_id, paper)
            title = f" {paper.title}" if paper else ""
            click.echo(f"{'Bookmarked' if added else 'Already bookmarked'}: {paper_id}{title}")
            if problem and added:  # already kept: what it lacks was said when it was added
                _echo_err(f"  note: {problem}")


@bookmarks.command("add")
@click.argument("paper_ids", nargs=-1, required=True, metavar="ID...")
@pass_context
def add_bookmark(ctx: Context, paper_ids: tuple[str, ...]) -> None:
    """Bookmark papers by arXiv id or link."""
    _check_ids(paper_ids)
    _run(_add_bookmarks(ctx, [_paper_id(value) for value in paper_ids]))


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
@pass_context
def export_bookmarks(ctx: Context, fmt: str, output: str | None) -> None:
    """Export bookmarks with their notes and tags (notes on papers that are not bookmarked:
    `dailypapers library export`)."""
    from .core.export import export

    text = export(_records(ctx), fmt)
    count = _plural(ctx.library.bookmark_count(), "bookmark")
    _write_output(ctx, output, text, count, fmt)


def _write_output(ctx: Context, output: str | None, text: str, what: str, fmt: str) -> None:
    """To stdout, or to a file with a line on stderr saying what was written where; never
    over one of the app's own files."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    if not output.strip():
        raise Failure("-o needs a file name (or - for the standard output)")
    given = Path(output).expanduser()
    if ctx.paths.owns(given):
        raise Failure(
            f"will not write over {given}: it is one of dailypapers' own files"
            " (your library, the cache, the session or the config); choose another -o"
        )
    try:
        _write_file(given, text)
    except OSError as error:
        raise Failure(f"cannot write {given}: {describe_os_error(error)}") from None
    _echo_err(f"Wrote {what} to {given} ({fmt}).")


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


@bookmarks.command("import", short_help="Merge an export (JSON, CSV or BibTeX) into yours.")
@click.argument("file", metavar="FILE")
@pass_context
def import_bookmarks(ctx: Context, file: str) -> None:
    """Merge an export into your bookmarks: the JSON, CSV or BibTeX of `bookmarks export`, or
    the JSON of `library export` (nothing is duplicated or replaced; FILE - reads stdin)."""
    _import(ctx, file)


def _import(ctx: Context, file: str) -> None:
    from .core.imports import read_records

    text = _read_import(file)
    try:
        records = read_records(text, file)
    except ValueError as error:
        raise Failure(f"{file} is {error}") from None
    summary = ctx.library.import_records(records)
    skipped = _plural(summary.skipped, "unreadable record")
    reads = f", {_plural(summary.reads_added, 'read mark')}" if summary.reads_added else ""
    click.echo(
        f"Imported {_plural(summary.bookmarks_added, 'new bookmark')} "
        f"({summary.bookmarks_kept} already there), {_plural(summary.notes_added, 'note')}, "
        f"{_plural(summary.tags_added, 'tag')}{reads}"
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
    if summary.dates_dropped:
        _echo_err(
            f"  note: {_plural(summary.dates_dropped, 'date was', 'dates were')} not a date "
            "from 1990 to 2100 and left out (the time of the import is used instead)."
        )
    _fill_in(ctx)


def _read_import(file: str) -> str:
    """The text of an import file, which is untrusted: a regular file (a pipe or a device could
    block or never end) of at most MAX_IMPORT_BYTES, in UTF-8; or stdin for ``-``."""
    from .core.imports import MAX_IMPORT_BYTES

    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
            if len(data) > MAX_IMPORT_BYTES:
                raise OSError(errno.EFBIG, "too large")
        else:
            data = read_user_file(Path(file).expanduser(), MAX_IMPORT_BYTES)
    except OSError as error:
        if error.errno == errno.EFBIG:
            limit = f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB"
            raise Failure(
                f"{file} is larger than {limit}, more than any export; nothing was imported"
            ) from None
        raise Failure(f"cannot read {file}: {describe_os_error(error)}") from None
    try:
        return data.decode("utf-8-sig")  # a spreadsheet's CSV may start with a BOM
    except UnicodeDecodeError:
        raise Failure(f"cannot read {file}: it is not UTF-8 text") from None


# --- library --------------------------------------------------------------------------------


@main.group(short_help="Your whole library: export it, import it.")
def library() -> None:
    """Your whole library: every bookmark, note, tag and read mark (kept in library.db)."""


@library.command("export", short_help="Every bookmark, note, tag and read mark, as JSON.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@pass_context
def export_library(ctx: Context, output: str | None) -> None:
    """Export every bookmark, note, tag and read mark as JSON (notes and tags on papers that
    are not bookmarked too); `library import` or `bookmarks import` reads it back."""
    from .core.export import library_json

    records = ctx.library.export_records(everything=True)
    for record in records:  # the freshest details, as a bookmarks export has them
        paper = ctx.store.paper(record["id"]) if record["paper"] or record["bookmarked"] else None
        if paper is not None:
            record["paper"] = paper.to_json()
    _write_output(ctx, output, library_json(records), ctx.library.counts().words(), "json")


@library.command("import", short_help="Merge an export into your library.")
@click.argument("file", metavar="FILE")
@pass_context
def import_library(ctx: Context, file: str) -> None:
    """Merge an export into your library (as `bookmarks import`; nothing is replaced)."""
    _import(ctx, file)
