"""The ``dailypapers`` command: the app (no subcommand) and the commands that need no UI.

Heavy modules (httpx, rich, Textual, sqlite-utils) are imported inside the commands that need
them, so that ``dailypapers search`` starts in a fraction of the time the app takes.
Every failure ends as one plain line on stderr and a non-zero exit code, never a traceback
(set ``DAILYPAPERS_DEBUG=1`` to see one).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import __version__
from .paths import Paths


class Failure(click.ClickException):
    """A plain-words failure; exit code 1 unless told."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"dailypapers: {self.format_message()}", err=True)


def _quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop quietly, as command-line tools do."""
    # Python would complain again when it flushes stdout at exit; point it at /dev/null first.
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


@contextlib.contextmanager
def _quiet_when_reader_leaves() -> Any:
    """For the whole command: when a pipe's reader leaves, output stops and the work goes on
    (see QuietWhenReaderLeaves). A terminal is left as it is: the app draws on it."""
    from .reader_gone import QuietWhenReaderLeaves

    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not sys.stdout.isatty():
        sys.stdout = QuietWhenReaderLeaves(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None and not sys.stderr.isatty():
        sys.stderr = QuietWhenReaderLeaves(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _os_failure(error: OSError) -> Failure:
    """An OSError in words: the file it names, else the output (a full disk, a closed tty)."""
    from .paths import describe_os_error

    reason = describe_os_error(error)
    if error.filename:
        return Failure(f"cannot use {error.filename}: {reason}")
    return Failure(f"cannot write the output: {reason}")


class _CacheRebuilt(Exception):
    """The damaged cache was rebuilt: run the command again, once."""


class Group(click.Group):
    """Turns every error into one plain line (the network, the database, anything)."""

    repaired = False  # the cache was rebuilt during this run: a second failure is reported

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        self.repaired = False
        with _quiet_when_reader_leaves():
            self._main(*args, **kwargs)

    def _main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            try:
                code = super().main(*args, standalone_mode=False, **kwargs)
            except _CacheRebuilt:
                self.repaired = True
                code = super().main(*args, standalone_mode=False, **kwargs)
            try:
                sys.stdout.flush()  # the reader may have gone: find out while it can be quiet
            except BrokenPipeError:
                raise
            except OSError as error:
                raise _os_failure(error) from None
        except click.exceptions.NoArgsIsHelpError as error:
            # `dailypapers cache` alone: show what it offers, as --help would.
            click.echo(error.ctx.get_help() if error.ctx else error.format_message())
            sys.exit(0)
        except click.UsageError as error:
            # Click would print the usage, a hint and a blank line first: one line is enough.
            command = error.ctx.command_path if error.ctx else "dailypapers"
            text = error.format_message()
            if isinstance(error, click.BadParameter) and error.param is None:
                text = error.message  # ours are whole sentences already
            text = " ".join(text.split())  # "Choose from:\n\tbibtex,\n\t…" on one line
            click.echo(f"dailypapers: {text} (see `{command} --help`)", err=True)
            sys.exit(error.exit_code)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        from .core.db import StoreDamaged, StoreError

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_broken_pipe()  # here: click's own handler would exit with status 1
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except StoreDamaged as error:
            # The cache holds only what the network gives again: rebuild it, say so, and let
            # main() run the command once more on the new cache.
            store = ctx.obj._store if isinstance(ctx.obj, Context) else None
            if store is None or not store.damaged or self.repaired:
                raise Failure(str(error)) from None
            click.echo(f"dailypapers: {store.repair()}", err=True)
            store.close()
            raise _CacheRebuilt() from None
        except StoreError as error:
            raise Failure(str(error)) from None
        except OSError as error:  # a full disk, a closed terminal, a file that cannot be used
            raise _os_failure(error) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as error:
            if os.environ.get("DAILYPAPERS_DEBUG"):
                raise
            raise Failure(
                f"unexpected error: {type(error).__name__}: {error} "
                "(run with DAILYPAPERS_DEBUG=1 for details)"
            ) from None


@dataclass
class Context:
    paths: Paths
    offline: bool = False
    _store: Any = field(default=None, repr=False)
    _library: Any = field(default=None, repr=False)

    @property
    def store(self) -> Any:
        if self._store is None:
            from .core.store import Store

            self._store = Store(
                self.paths.cache, self.paths.library, own_folder=self.paths.own_folder
            )
            for notice in self._store.notices:
                click.echo(f"dailypapers: {notice}", err=True)
        return self._store

    @property
    def library(self) -> Any:
        if self._library is None:
            from .core.db import check_cache_file
            from .core.library import Library

            check_cache_file(
                self.paths.cache, own_folder=self.paths.own_folder
            )  # --db notes.json: no notes.library.json

            self._library = Library(self.paths.library, own_folder=self.paths.own_folder)
            for notice in self._library.notices:
                click.echo(f"dailypapers: {notice}", err=True)
        return self._library

    def require_network(self, what: str) -> None:
        if self.offline:
            raise Failure(f"{what} needs the network, and --offline was given")


def print_paths(paths: Paths) -> None:
    click.echo(f"config:  {paths.config}")
    click.echo(f"cache:   {paths.cache}")
    click.echo(f"library: {paths.library}")
    click.echo(f"session: {paths.state}")
    from .core.api import endpoint_from_env, without_userinfo

    click.echo(f"api:     {without_userinfo(endpoint_from_env())}")


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
        raise Failure(problem)  # before --paths names the default as if it had been chosen
    paths = Paths.resolve(db)
    ctx.obj = Context(paths=paths, offline=offline)
    if show_paths:
        print_paths(paths)
        ctx.exit(0)
    if problem:
        raise Failure(problem)
    if ctx.invoked_subcommand is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # Piped or redirected, the full-screen app would fill the file with escape codes
            # and wait for keys that never come (and count the run as a visit).
            raise Failure(
                "the app needs a terminal (stdin and stdout must both be one); "
                "see `dailypapers --help` for the commands that work without one",
                exit_code=2,
            )
        from .launch import run_app

        ctx.exit(run_app(paths, offline=offline, demo=demo, theme=theme))


from . import cli_bookmarks, cli_search, commands  # noqa: E402,F401  (register subcommands)


def entry() -> None:
    """Console-script entry point."""
    try:
        main(prog_name="dailypapers")
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    entry()


__all__ = ["Context", "Failure", "Path", "entry", "main"]
