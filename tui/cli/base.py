"""What every command stands on: the error funnel (the one place where failures become a plain
line on stderr and an exit code, never a traceback), the workspace (the paths, and the cache and
the library opened on first use) and CliError.

Set ``DAILYPAPERS_DEBUG=1`` to see the traceback of an unexpected error.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import click

from ..core.errors import DailyPapersError
from ..paths import Paths

if TYPE_CHECKING:
    from ..core.library import Library
    from ..core.store import Store
    from ..core.watch_list import WatchList


class CliError(click.ClickException, DailyPapersError):
    """A plain-words failure; exit code 1 unless told."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        # click declares exit_code for the class; ours differs by failure (2: no terminal).
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"dailypapers: {self.format_message()}", err=True)


def user_errors() -> tuple[type[Exception], ...]:
    """The failures whose words are already a sentence for the user, printed as they are: every
    error of the project's own (the network's, the cache's, the library's) shares one base."""
    return (DailyPapersError,)


def quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop quietly, as command-line tools do."""
    # Python would complain again when it flushes stdout at exit; point it at /dev/null first.
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


@contextlib.contextmanager
def _quiet_when_reader_leaves() -> Iterator[None]:
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


def _os_failure(error: OSError) -> CliError:
    """An OSError in words: the file it names, else the output (a full disk, a closed tty)."""
    from ..paths import describe_os_error

    reason = describe_os_error(error)
    if error.filename:
        return CliError(f"cannot use {error.filename}: {reason}")
    return CliError(f"cannot write the output: {reason}")


class _CacheRebuilt(Exception):
    """The damaged cache was rebuilt: run the command again, once."""


class Group(click.Group):
    """The error funnel: turns every error into one plain line (the network, the database,
    anything)."""

    repaired = False  # the cache was rebuilt during this run: a second failure is reported

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        self.repaired = False
        with _quiet_when_reader_leaves():
            self._main(*args, **kwargs)

    def _main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            try:
                code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
            except _CacheRebuilt:
                self.repaired = True
                code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
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
            quiet_broken_pipe()
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        from ..core.db import StoreDamaged

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            quiet_broken_pipe()  # here: click's own handler would exit with status 1
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except StoreDamaged as error:
            # The cache holds only what the network gives again: rebuild it, say so, and let
            # main() run the command once more on the new cache.
            store = ctx.obj._store if isinstance(ctx.obj, Workspace) else None
            if store is None or not store.damaged or self.repaired:
                raise CliError(str(error)) from None
            click.echo(f"dailypapers: {store.repair()}", err=True)
            store.close()
            raise _CacheRebuilt() from None
        except user_errors() as error:
            raise CliError(str(error)) from None
        except OSError as error:  # a full disk, a closed terminal, a file that cannot be used
            raise _os_failure(error) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as error:
            if os.environ.get("DAILYPAPERS_DEBUG"):
                raise
            raise CliError(
                f"unexpected error: {type(error).__name__}: {error} "
                "(run with DAILYPAPERS_DEBUG=1 for details)"
            ) from None


@dataclass
class Workspace:
    """What a command works on: the paths, and the cache and the library, opened on first use
    (their notices said once, on stderr)."""

    paths: Paths
    offline: bool = False
    _store: Store | None = field(default=None, repr=False)
    _library: Library | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from ..core.store import Store

            self._store = Store(
                self.paths.cache, self.paths.library, own_folder=self.paths.own_folder
            )
            for notice in self._store.notices:
                click.echo(f"dailypapers: {notice}", err=True)
        return self._store

    @property
    def library(self) -> Library:
        if self._library is None:
            from ..core.db import check_cache_file
            from ..core.library import Library

            check_cache_file(
                self.paths.cache, own_folder=self.paths.own_folder
            )  # --db notes.json: no notes.library.json

            self._library = Library(self.paths.library, own_folder=self.paths.own_folder)
            for notice in self._library.notices:
                click.echo(f"dailypapers: {notice}", err=True)
        return self._library

    def watch_list(self) -> WatchList:
        """The user's watches: the library's and the config file's [watch] table (whose
        problems are said on stderr)."""
        from ..config import load
        from ..core.watch_list import WatchList

        watches = WatchList(self.library, load(self.paths.config).watches)
        watches.all()
        for problem in watches.problems:
            click.echo(f"dailypapers: config: {problem}", err=True)
        return watches

    def require_network(self, what: str) -> None:
        if self.offline:
            raise CliError(f"{what} needs the network, and --offline was given")


pass_workspace = click.make_pass_decorator(Workspace)
