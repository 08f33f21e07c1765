"""The subcommands that fetch or keep the cache: refresh, digest, cache; and their helpers.

``search`` is in cli_search.py, ``bookmarks`` in cli_bookmarks.py.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import click

from .cli import Context, Failure, main

pass_context = click.make_pass_decorator(Context)


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """``1 note``, ``2 notes``, ``1,234 papers``."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def _run(coroutine: Any) -> Any:
    import asyncio  # only the commands that touch the network pay for it

    return asyncio.run(coroutine)


def _watched() -> bool:
    """Someone is watching stderr: progress and retry notices are for them, not for scripts."""
    return sys.stderr.isatty()


def _period_of(day: str | None, week: str | None, month: str | None) -> Any:
    """The period asked for (None: the latest); one that cannot have papers is refused."""
    from .core.dates import Period, check_fetchable, parse_day, parse_month, parse_week

    try:
        if day:
            period = Period("day", parse_day(day).isoformat())
        elif week:
            year, number = parse_week(week)
            period = Period("week", f"{year}-W{number:02d}")
        elif month:
            year, number = parse_month(month)
            period = Period("month", f"{year}-{number:02d}")
        else:
            return None
        check_fetchable(period)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return period


def _summary_text(summary: Any) -> str:
    unchanged = max(0, summary.papers - summary.new - summary.updated)
    return (
        f"{_plural(summary.papers, 'paper')}: {summary.new:,} new, {summary.updated:,} updated, "
        f"{unchanged:,} unchanged, {summary.skipped:,} skipped"
    )


def _maybe_check(store: Any) -> None:
    """Run the (whole-file) integrity check at most once a day, before writing."""
    notice = store.check_if_due()
    if notice:
        _echo_err(f"dailypapers: {notice}")


# --- refresh --------------------------------------------------------------------------------


@main.command()
@click.option("--date", "day", metavar="D", help="A Daily Papers day: YYYY-MM-DD or 'today'.")
@click.option("--week", metavar="YYYY-Www", help="An ISO week, e.g. 2026-W31.")
@click.option("--month", metavar="YYYY-MM", help="A month, e.g. 2026-07.")
@click.option("--since", metavar="D", help="Backfill every day from D (first: 2023-05-04).")
@click.option("--until", metavar="D", help="Last day of a backfill (default: today).")
@click.option(
    "--force",
    is_flag=True,
    help="With --since: fetch even the days the cache has fresh (one day, week or month "
    "asked for is always fetched).",
)
@pass_context
def refresh(
    ctx: Context,
    day: str | None,
    week: str | None,
    month: str | None,
    since: str | None,
    until: str | None,
    force: bool,
) -> None:
    """Fetch papers into the cache (today's by default).

    \b
    dailypapers refresh                      today's batch (or the latest one)
    dailypapers refresh --date 2026-07-31    one day
    dailypapers refresh --week 2026-W31      one ISO week
    dailypapers refresh --month 2026-07      one month
    dailypapers refresh --since 2023-05-04   everything since (resumable)
    """
    given = (("--date", day), ("--week", week), ("--month", month), ("--since", since))
    for name, value in (*given, ("--until", until)):
        if value is not None and not value.strip():
            raise click.UsageError(f"{name} needs a value")  # an empty one read as "today"
    chosen = [name for name, value in given if value]
    if len(chosen) > 1:
        raise click.UsageError(f"choose one of {', '.join(chosen)}")
    if until and not since:
        raise click.UsageError("--until goes with --since")
    ctx.require_network("refresh")
    store = ctx.store
    _maybe_check(store)
    if since:
        from .core.dates import FIRST_DAY, Period, check_fetchable, parse_day

        # Both dates are checked, and their order, before anything is said or fetched: a notice
        # that a backfill starts at the first day, followed by a refusal, would read as both.
        try:
            start = parse_day(since)
            end = parse_day(until) if until else None
            if end and end < start:
                raise ValueError("--until is before --since")
            if end and end < FIRST_DAY:
                raise ValueError(
                    f"{start.isoformat()} to {end.isoformat()} is before the first Daily Papers"
                    f" day ({FIRST_DAY.isoformat()}); there is nothing to fetch"
                )
            for day in (max(start, FIRST_DAY), end):
                if day:
                    check_fetchable(Period("day", day.isoformat()))
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
        if start < FIRST_DAY:
            _echo_err(f"Daily Papers began on {FIRST_DAY.isoformat()}; starting there.")
            start = FIRST_DAY
        _run_backfill(store, start, end, force)
        _fill_in(ctx)
        return
    period = _period_of(day, week, month)
    _run_refresh(store, period)
    _fill_in(ctx)


def _fill_in(ctx: Context) -> None:
    """After the network answered well: details for bookmarks that have only an id."""
    from .core.api import ApiError
    from .core.sync import fill_in_kept_papers

    if ctx.offline or not ctx.library.ids_without_details(1):
        return

    async def go() -> int:
        async with _client() as client:
            return await fill_in_kept_papers(ctx.store, ctx.library, client)

    try:
        filled = _run(go())
    except ApiError as error:
        _echo_err(f"dailypapers: details of your bookmarks could not be fetched ({error}).")
        return
    if filled:
        _echo_err(f"Filled in the details of {_plural(filled, 'bookmarked paper')}.")


def _client(on_retry: Any = None) -> Any:
    from .core.api import HFClient

    return HFClient(on_retry=on_retry)


def _run_refresh(store: Any, period: Any) -> None:
    from .core.api import ApiError
    from .core.sync import refresh_latest, refresh_period

    interactive = _watched()
    label = period.key if period else "today's batch"

    def on_retry(attempt: int, delay: float, reason: str) -> None:
        if interactive:  # a person watching; a script gets just the outcome
            _echo_err(f"\r\x1b[K  {reason}; retrying in {delay:.0f} s")

    def on_page(pages: int, papers: int) -> None:
        if interactive:
            click.echo(f"\r  {label}: page {pages}, {papers} papers…", nl=False, err=True)

    if interactive:
        click.echo(f"  {label}: fetching…", nl=False, err=True)

    async def go() -> Any:
        async with _client(on_retry) as client:
            if period is None:
                return await refresh_latest(store, client, on_page=on_page)
            return await refresh_period(store, client, period, on_page=on_page)

    started = time.monotonic()
    try:
        result = _run(go())
    except ApiError as error:
        if interactive:
            _echo_err("")
        raise Failure(f"refresh of {label} failed: {error}. The cache is unchanged.") from None
    if interactive:
        click.echo("\r\x1b[K", nl=False, err=True)
    shown = result.period.key if result.period else label
    if period is None and result.latest_day and result.latest_day != result.period.key:
        shown = result.latest_day
    requests = f"{result.requests} request{'s' if result.requests != 1 else ''}"
    click.echo(
        f"{shown}: {_summary_text(result.summary)} ({requests}, {time.monotonic() - started:.1f} s)"
    )
    if result.incomplete:
        # Not a complete success: the papers that came are saved, but the view is not whole.
        raise Failure(
            f"refresh of {shown} {result.incomplete}; what came is saved, the rest is not — "
            "the next refresh tries the whole view again"
        )
    if period is None and result.latest_day and result.latest_day != date.today().isoformat():
        from .core.dates import daily_today

        if result.latest_day != daily_today().isoformat():
            click.echo(
                f"No papers yet for {daily_today().isoformat()}; the latest batch is "
                f"{result.latest_day}."
            )


def _units_text(units: Any) -> str:
    """``3 months and 12 days``: what a backfill plans to look at."""
    months = sum(1 for unit in units if unit.kind == "month")
    parts = [_plural(months, "month")] if months else []
    if len(units) - months or not parts:
        parts.append(_plural(len(units) - months, "day"))
    return " and ".join(parts)


def _run_backfill(store: Any, start: date, end: date | None, force: bool) -> None:
    from .core.sync import backfill

    interactive = _watched()
    progress_bar: Any = None
    task: Any = None
    counts = {"done": 0, "skipped": 0, "failed": 0, "not_tried": 0}
    # Units finish in any order (four at a time); their lines are printed in the plan's order,
    # newest first, each once every unit before it has finished.
    order: dict[str, int] = {}
    waiting: dict[int, str | None] = {}  # finished, not yet printed (None: nothing to print)
    printed = 0

    def release(position: int | None, line: str | None) -> None:
        nonlocal printed
        if position is None:
            if line:
                click.echo(line)
            return
        waiting[position] = line
        while printed in waiting:
            ready = waiting.pop(printed)
            if ready:
                click.echo(ready)
            printed += 1

    def on_event(event: Any) -> None:
        nonlocal progress_bar, task
        if event.kind == "planned":
            order.update((unit.key, position) for position, unit in enumerate(event.units))
            if interactive:
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeRemainingColumn,
                )

                progress_bar = Progress(
                    TextColumn("[bold]Backfill"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("{task.fields[status]}"),
                    TimeRemainingColumn(),
                    console=__import__("rich.console").console.Console(stderr=True),
                    transient=False,
                )
                progress_bar.start()
                task = progress_bar.add_task("backfill", total=event.total, status="")
            else:
                click.echo(f"Backfill: {_units_text(event.units)} to look at, newest first")
            return
        counts[event.kind] += 1
        key = event.period.key if event.period else "?"
        if event.kind == "done":
            status = f"{key}: {_summary_text(event.summary)}"
            if event.message:  # cut short at MAX_PAGES
                status += f" ({event.message})"
        elif event.kind == "failed":
            status = f"{key}: failed: {event.message}"
        elif event.kind == "not_tried":
            status = f"{key}: not tried"
        else:
            status = f"{key}: fresh, skipped"
        if progress_bar is not None:
            progress_bar.update(task, advance=1, status=status.split(":")[0])
            if event.kind == "failed":
                progress_bar.console.print(f"  {status}", markup=False, highlight=False)
        else:
            release(order.get(key), None if event.kind in ("skipped", "not_tried") else status)

    async def go() -> Any:
        async with _client() as client:
            return await backfill(store, client, start, end, force=force, on_event=on_event)

    from .core.api import ApiError

    started = time.monotonic()
    try:
        summary = _run(go())
    except ApiError as error:  # HF_ENDPOINT is not a URL: nothing was asked
        raise Failure(f"backfill failed: {error}. The cache is unchanged.") from None
    except KeyboardInterrupt:
        interrupted = Failure(
            f"interrupted after {counts['done']} fetched; what was fetched is saved — "
            "run the same command again to resume"
        )
        interrupted.exit_code = 130  # the shell's convention for Ctrl-C
        raise interrupted from None
    finally:
        if progress_bar is not None:
            progress_bar.stop()
        for position in sorted(waiting):  # stopped early: what finished is still said
            if waiting[position]:
                click.echo(waiting[position])
    elapsed = time.monotonic() - started
    not_tried = f", {summary.not_tried} not tried" if summary.not_tried else ""
    click.echo(
        f"Backfill {'stopped' if summary.not_tried else 'done'}: {summary.done} fetched, "
        f"{summary.skipped} already fresh, {len(summary.failed)} failed{not_tried}; "
        f"{_summary_text(summary.totals)} "
        f"({_plural(summary.requests, 'request')}, {elapsed:.1f} s)"
    )
    if summary.incomplete and not summary.failed:
        raise Failure(
            f"{summary.incomplete} of {summary.planned} came incomplete (the server offered "
            "more pages than are read); what came is saved — run the same command again to "
            "fetch them whole"
        )
    if summary.failed:
        left = len(summary.failed) + summary.not_tried
        why = "the server kept failing, so the rest was not tried; " * bool(not_tried)
        raise Failure(
            f"{left} of {summary.planned} could not be fetched (first: "
            f"{summary.failed[0][0].key}: {summary.failed[0][1]}); {why}run the same command "
            "again to retry them"
        )


# --- digest ---------------------------------------------------------------------------------


@main.command()
@click.option("--date", "day", metavar="D", help="The day (default: the latest with papers).")
@click.option(
    "--format",
    "fmt",
    default="markdown",
    show_default=True,
    type=click.Choice(["markdown", "json"]),
)
@pass_context
def digest(ctx: Context, day: str | None, fmt: str) -> None:
    """A day's papers, most upvoted first, for mail or chat."""
    from .core.dates import Period, daily_today
    from .core.export import digest_json, digest_markdown
    from .core.freshness import last_fetched
    from .core.views import ViewSpec

    store = ctx.store
    period = _period_of(day, None, None)
    chosen = period.key if period else None
    if not ctx.offline:
        _refresh_quietly(store, period)
    chosen = chosen or store.latest_day(daily_today().isoformat())
    if chosen is None:
        raise Failure("the cache has no papers yet; run `dailypapers refresh` first")
    spec = ViewSpec(period=Period("day", chosen))
    if store.count(spec) == 0 and last_fetched(store, spec.period) is None:
        raise Failure(
            f"{chosen} is not in the cache; fetch it with `dailypapers refresh --date {chosen}`"
        )
    ids = [row.id for row in store.rows(spec, 0, 1000)]
    papers = [p for p in (store.paper(i) for i in ids) if p is not None]
    if fmt == "json":
        click.echo(digest_json(chosen, papers), nl=False)
    else:
        click.echo(
            digest_markdown(Period("day", chosen).label().replace("Daily · ", ""), papers), nl=False
        )


def _refresh_quietly(store: Any, period: Any) -> None:
    """Refresh a stale day before a digest; on failure, say so and use the cache."""
    from .core.api import ApiError
    from .core.dates import Period, daily_today
    from .core.freshness import is_stale
    from .core.sync import refresh_latest, refresh_period

    if not is_stale(store, period or Period("day", daily_today().isoformat())):
        return

    async def go() -> None:
        async with _client() as client:
            if period is None:
                await refresh_latest(store, client)
            else:
                await refresh_period(store, client, period)

    try:
        _run(go())
    except ApiError as error:
        _echo_err(f"dailypapers: could not refresh ({error}); using the cache.")


# --- cache ----------------------------------------------------------------------------------


@main.group(short_help="The local cache of papers: info, check, clear.")
def cache() -> None:
    """The local cache of papers (your bookmarks, notes and tags are kept apart)."""


@cache.command("clear")
@pass_context
def cache_clear(ctx: Context) -> None:
    """Delete every cached paper. Bookmarks, notes, tags and read marks are kept."""
    store = ctx.store
    papers = store.stats()["papers"]
    interactive = _watched()
    if interactive and papers > 20_000:  # about a second per 20,000 papers
        click.echo(f"Clearing {_plural(papers, 'paper')}…", err=True)
    store.clear()
    kept = ctx.library.counts().words()
    click.echo(
        f"Cleared the cache ({_plural(papers, 'paper')}). Kept your library ({kept}) in "
        f"{ctx.paths.library}."
    )


@cache.command("info")
@pass_context
def cache_info(ctx: Context) -> None:
    """What the cache holds."""
    stats = ctx.store.stats()
    click.echo(f"cache:     {ctx.paths.cache} ({stats['bytes'] / 1e6:.1f} MB)")
    click.echo(f"papers:    {stats['papers']:,} ({stats['listings']:,} listings)")
    if stats["first_day"]:
        click.echo(f"days:      {stats['first_day']} … {stats['last_day']}")
    click.echo(f"fetched:   {stats['last_fetch'] or 'never'}")
    click.echo(f"library:   {ctx.library.counts().words()} ({ctx.paths.library})")
    from .core.db import damaged_copies

    for label, path in (("cache", ctx.paths.cache), ("library", ctx.paths.library)):
        for copy in damaged_copies(path):
            size = sum(
                side.stat().st_size
                for side in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm"))
                if side.exists()
            )
            click.echo(f"damaged:   {copy} ({size / 1e6:.1f} MB, a damaged {label} moved aside)")


@cache.command("check", short_help="Check the cache file; rebuild it if damaged.")
@pass_context
def cache_check(ctx: Context) -> None:
    """Check the cache file; move it aside and rebuild it if it is damaged.

    Exits 1 when it had to rebuild, as fsck does when it repaired something: a script can tell.
    """
    store = ctx.store
    rebuilt_on_open = bool(store.notices)  # found at once, said above, and already rebuilt
    notice = store.check()
    if notice:
        click.echo(notice)
    elif not rebuilt_on_open:
        click.echo("The cache is fine.")
    if notice or rebuilt_on_open:
        raise click.exceptions.Exit(1)
