"""The ``dailypapers`` command: the app (no subcommand) and the commands that need no UI.

Heavy modules (httpx, rich, Textual, sqlite-utils) are imported inside the commands that need
them, so that ``dailypapers search`` starts in a fraction of the time the app takes.
Every failure ends as one plain line on stderr and a non-zero exit code, never a traceback: the
funnel in base.py. Imports run one way: this module registers the commands; the command
modules (refresh, read, digest, cache, search, trending, info, bookmarks, library,
watch, sync) import only
base, output, network, options and files, never this module.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..paths import Paths
from .base import CliError, Group, Workspace, quiet_broken_pipe
from .bookmarks import bookmarks
from .cache import cache
from .digest import digest
from .info import info
from .library import library
from .output import print_paths
from .read import read
from .refresh import refresh
from .search import search
from .sync import sync
from .trending import trending
from .watch import watch


@click.group(
    cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option("--db", "db", metavar="PATH", help="Cache database file (env: DAILYPAPERS_DB).")
@click.option("--offline", is_flag=True, help="Never touch the network; use the cache only.")
@click.option("--demo", is_flag=True, help="Open the app offline on a bundled sample of papers.")
@click.option("--theme", metavar="NAME", help="Colour theme for the app (remembered).")
@click.option("--paths", "show_paths", is_flag=True, help="Print where files are kept, and exit.")
@click.version_option(__version__, "--version", "-V", prog_name="dailypapers")
@click.pass_context
def main(
    ctx: click.Context,
    db: str | None,
    offline: bool,
    demo: bool,
    theme: str | None,
    show_paths: bool,
) -> None:
    """Read Hugging Face Daily Papers in the terminal.

    With no command, opens the app. Keys inside the app: ? for help.
    """
    if demo and ctx.invoked_subcommand is not None:
        # A command after --demo would act on the user's own cache, not on the sample.
        raise click.UsageError(
            f"--demo only opens the app on the bundled sample; run "
            f"`dailypapers {ctx.invoked_subcommand} …` without it."
        )
    problem = Paths.chosen_cache_problem(db)
    if problem and db is not None and not db.strip():
        raise CliError(problem)  # before --paths names the default as if it had been chosen
    paths = Paths.resolve(db)
    from ..core.hub_token import hub_offline

    # HF_HUB_OFFLINE, as the Hugging Face tools read it: no request at all.
    ctx.obj = Workspace(paths=paths, offline=offline or hub_offline())
    if show_paths:
        print_paths(paths)
        ctx.exit(0)
    if problem:
        raise CliError(problem)
    if ctx.invoked_subcommand is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # Piped or redirected, the full-screen app would fill the file with escape codes
            # and wait for keys that never come (and count the run as a visit).
            raise CliError(
                "the app needs a terminal (stdin and stdout must both be one); "
                "see `dailypapers --help` for the commands that work without one",
                exit_code=2,
            )
        from ..launch import run_app

        ctx.exit(run_app(paths, offline=ctx.obj.offline, demo=demo, theme=theme))


for command in (
    refresh,
    read,
    digest,
    cache,
    search,
    trending,
    info,
    bookmarks,
    library,
    watch,
    sync,
):
    main.add_command(command)


def entry() -> None:
    """Console-script entry point."""
    try:
        main(prog_name="dailypapers")
    except BrokenPipeError:
        quiet_broken_pipe()
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


__all__ = ["entry", "main"]
