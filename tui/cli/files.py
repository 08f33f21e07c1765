"""The files the user names: an export written to ``-o FILE`` (never over one of the app's own
files), and an import file read and merged into the library (bookmarks and library commands)."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import click

from ..paths import describe_os_error, read_user_file, replace_file
from .base import CliError, Workspace
from .network import fill_in
from .output import echo_err, plural


def write_output(workspace: Workspace, output: str | None, text: str, what: str, fmt: str) -> None:
    """To stdout, or to a file with a line on stderr saying what was written where; never
    over one of the app's own files."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    if not output.strip():
        raise CliError("-o needs a file name (or - for the standard output)")
    given = Path(output).expanduser()
    if workspace.paths.owns(given):
        raise CliError(
            f"will not write over {given}: it is one of dailypapers' own files"
            " (your library, the cache, the session or the config); choose another -o"
        )
    try:
        _write_file(given, text)
    except OSError as error:
        raise CliError(f"cannot write {given}: {describe_os_error(error)}") from None
    echo_err(f"Wrote {what} to {given} ({fmt}).")


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


def import_file(workspace: Workspace, file: str) -> None:
    """Merge the records of an export into the library, and say what came in."""
    from ..core.imports import read_records

    text = _read_import(file)
    try:
        records = read_records(text, file)
    except ValueError as error:
        raise CliError(f"{file} is {error}") from None
    summary = workspace.library.import_records(records)
    _import_watches(workspace, text)
    skipped = plural(summary.skipped, "unreadable record")
    reads = f", {plural(summary.reads_added, 'read mark')}" if summary.reads_added else ""
    if summary.positions_added:
        reads += f", {plural(summary.positions_added, 'reading position')}"
    click.echo(
        f"Imported {plural(summary.bookmarks_added, 'new bookmark')} "
        f"({summary.bookmarks_kept} already there), {plural(summary.notes_added, 'note')}, "
        f"{plural(summary.tags_added, 'tag')}{reads}"
        + (f"; skipped {skipped}" if summary.skipped else "")
        + "."
    )
    if summary.notes_cut:
        echo_err(
            f"  note: {plural(summary.notes_cut, 'note was', 'notes were')} longer than "
            "20,000 characters and kept up to there."
        )
    if summary.tags_skipped:
        echo_err(f"  note: skipped {plural(summary.tags_skipped, 'tag')} that were not text.")
    if summary.dates_dropped:
        echo_err(
            f"  note: {plural(summary.dates_dropped, 'date was', 'dates were')} not a date "
            "from 1990 to 2100 and left out (the time of the import is used instead)."
        )
    fill_in(workspace)


def _import_watches(workspace: Workspace, text: str) -> None:
    """A library export's watches: those the user lacks are added, and said so."""
    from ..core.imports import watches_from_json

    watches = watches_from_json(text)
    if not watches:
        return
    added, refused = workspace.watch_list().import_watches(watches)
    echo_err(f"Imported {plural(added, 'new watch', 'new watches')}.")
    for problem in refused:
        echo_err(f"  skipped {problem}")


def _read_import(file: str) -> str:
    """The text of an import file, which is untrusted: a regular file (a pipe or a device could
    block or never end) of at most MAX_IMPORT_BYTES, in UTF-8; or stdin for ``-``."""
    from ..core.imports import MAX_IMPORT_BYTES

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
            raise CliError(
                f"{file} is larger than {limit}, more than any export; nothing was imported"
            ) from None
        raise CliError(f"cannot read {file}: {describe_os_error(error)}") from None
    try:
        return data.decode("utf-8-sig")  # a spreadsheet's CSV may start with a BOM
    except UnicodeDecodeError:
        raise CliError(f"cannot read {file}: it is not UTF-8 text") from None
