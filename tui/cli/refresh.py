"""``dailypapers refresh``: fetch a day, a week, a month, or every day since a date (a
backfill) into the cache."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import click

import tui.cli.output as output  # the module: a test replaces output.watched

from .base import CliError, Workspace, pass_workspace
from .network import client, fill_in, run
from .options import period_of
from .output import echo_err, plural


def _summary_text(summary: Any) -> str:
    unchanged = max(0, summary.papers - summary.new - summary.updated)
    return (
        f"{plural(summary.papers, 'paper')}: {summary.new:,} new, {summary.updated:,} updated, "
        f"{unchanged:,} unchanged, {summary.skipped:,} skipped"
    )


def _maybe_check(store: Any) -> None:
    """Run the (whole-file) integrity check at most once a day, before writing."""
    notice = store.check_if_due()
    if notice:
        echo_err(f"dailypapers: {notice}")


@click.command()
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
@pass_workspace
def refresh(
    workspace: Workspace,
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
    workspace.require_network("refresh")
    store = workspace.store
    _maybe_check(store)
    if since:
        from ..core.dates import FIRST_DAY, Period, check_fetchable, parse_day

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
            for edge in (max(start, FIRST_DAY), end):
                if edge:
                    check_fetchable(Period("day", edge.isoformat()))
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
        if start < FIRST_DAY:
            echo_err(f"Daily Papers began on {FIRST_DAY.isoformat()}; starting there.")
            start = FIRST_DAY
        _run_backfill(store, start, end, force)
        fill_in(workspace)
        return
    period = period_of(day, week, month)
    _run_refresh(store, period)
    fill_in(workspace)


def _run_refresh(store: Any, period: Any) -> None:
    from ..core.api import ApiError
    from ..core.sync import refresh_latest, refresh_period

    interactive = output.watched()
    label = period.key if period else "today's batch"

    def on_retry(attempt: int, delay: float, error: ApiError) -> None:
        if interactive:  # a person watching; a script gets just the outcome
            echo_err(f"\r\x1b[K  {error}; retrying in {delay:.0f} s")

    def on_page(pages: int, papers: int) -> None:
        if interactive:
            click.echo(f"\r  {label}: page {pages}, {papers} papers…", nl=False, err=True)

    if interactive:
        click.echo(f"  {label}: fetching…", nl=False, err=True)

    async def go() -> Any:
        async with client(on_retry) as api:
            if period is None:
                return await refresh_latest(store, api, on_page=on_page)
            return await refresh_period(store, api, period, on_page=on_page)

    started = time.monotonic()
    try:
        result = run(go())
    except ApiError as error:
        if interactive:
            echo_err("")
        raise CliError(f"refresh of {label} failed: {error}. The cache is unchanged.") from None
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
        raise CliError(
            f"refresh of {shown} {result.incomplete}; what came is saved, the rest is not — "
            "the next refresh tries the whole view again"
        )
    if period is None and result.latest_day and result.latest_day != date.today().isoformat():
        from ..core.dates import daily_today

        if result.latest_day != daily_today().isoformat():
            click.echo(
                f"No papers yet for {daily_today().isoformat()}; the latest batch is "
                f"{result.latest_day}."
            )


def _units_text(units: Any) -> str:
    """``3 months and 12 days``: what a backfill plans to look at."""
    months = sum(1 for unit in units if unit.kind == "month")
    parts = [plural(months, "month")] if months else []
    if len(units) - months or not parts:
        parts.append(plural(len(units) - months, "day"))
    return " and ".join(parts)


def _run_backfill(store: Any, start: date, end: date | None, force: bool) -> None:
    from ..core.sync import backfill

    interactive = output.watched()
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
        async with client() as api:
            return await backfill(store, api, start, end, force=force, on_event=on_event)

    from ..core.api import ApiError

    started = time.monotonic()
    try:
        summary = run(go())
    except ApiError as error:  # HF_ENDPOINT is not a URL: nothing was asked
        raise CliError(f"backfill failed: {error}. The cache is unchanged.") from None
    except KeyboardInterrupt:
        raise CliError(
            f"interrupted after {counts['done']} fetched; what was fetched is saved — "
            "run the same command again to resume",
            exit_code=130,  # the shell's convention for Ctrl-C
        ) from None
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
        f"({plural(summary.requests, 'request')}, {elapsed:.1f} s)"
    )
    if summary.incomplete and not summary.failed:
        raise CliError(
            f"{summary.incomplete} of {summary.planned} came incomplete (the server offered "
            "more pages than are read); what came is saved — run the same command again to "
            "fetch them whole"
        )
    if summary.failed:
        left = len(summary.failed) + summary.not_tried
        why = "the server kept failing, so the rest was not tried; " * bool(not_tried)
        raise CliError(
            f"{left} of {summary.planned} could not be fetched (first: "
            f"{summary.failed[0][0].key}: {summary.failed[0][1]}); {why}run the same command "
            "again to retry them"
        )
