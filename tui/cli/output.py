"""Printing for the commands: lines for stderr, plurals, the one-line paper of a list, the
terminal width, and whether a person watches stderr."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

import click

from ..paths import Paths


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def plural(count: int, word: str, plural: str | None = None) -> str:
    """``1 note``, ``2 notes``, ``1,234 papers``."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def byte_size(count: int) -> str:
    """``47 KB``, ``1.2 MB``: a size in bytes as people read it."""
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{round(count / 1e3)} KB"


def watched() -> bool:
    """Someone is watching stderr: progress and retry notices are for them, not for scripts.

    Commands call it as ``output.watched()``, looked up at each call, so that a test can stand
    in for a person watching by replacing it here."""
    return sys.stderr.isatty()


def line_width() -> int:
    """The terminal's width for paper lines; a file or a pipe gets whole titles."""
    return shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 10_000


def paper_line(rank: int, paper: Any, width: int) -> str:
    """``  1.   42▲  2026-07-31  2607.27958  Title…``: a ranked paper on one line."""
    votes = f"{paper.upvotes:>4}▲" if paper.upvotes is not None else "    -"
    day = paper.listed_day or paper.published or "          "
    head = f"{rank:>3}. {votes}  {day}  {paper.id:<10}  "
    title = paper.title
    room = width - len(head)
    if room > 10 and len(title) > room:
        title = title[: room - 1] + "…"
    return head + title


def print_paths(paths: Paths) -> None:
    click.echo(f"config:  {paths.config}")
    click.echo(f"cache:   {paths.cache}")
    click.echo(f"library: {paths.library}")
    click.echo(f"session: {paths.state}")
    from ..core.api import endpoint_from_env, without_userinfo

    click.echo(f"api:     {without_userinfo(endpoint_from_env())}")
    from ..core.hub_token import find_token, token_path

    found = find_token()
    # Where the token is, never the token itself.
    looked = f"HF_TOKEN, HUGGING_FACE_HUB_TOKEN and {token_path(os.environ)}"
    click.echo(f"token:   {found.status() if found else f'none (looked in {looked})'}")
    if words := _synced_with(paths):
        click.echo(f"sync:    {words}")


def _synced_with(paths: Paths) -> str | None:
    """The collection the bookmarks were last synced with and when (None before any sync, or
    when the library cannot be read: --paths must print what it can)."""
    if not paths.library.is_file():
        return None
    from ..core.errors import DailyPapersError
    from ..core.library import Library
    from ..core.sync_state import SyncState
    from ..core.sync_summary import header_words

    try:
        library = Library(paths.library, own_folder=paths.own_folder)
    except DailyPapersError:
        return None
    try:
        status = SyncState(library).status()
    except DailyPapersError:
        return None
    finally:
        library.close()
    words = (header_words(status) or "").removeprefix("sync: ")
    if not status or not status.get("collection"):
        return words or None
    return f"{status['collection']} ({words})"
