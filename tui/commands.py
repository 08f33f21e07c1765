"""The subcommands of ``dailypapers``: refresh, search, bookmarks, digest, cache."""

from __future__ import annotations

import json
import os
import shutil
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
    return (
        f"{summary.papers:,} papers: {summary.new:,} new, {summary.updated:,} updated, "
        f"{summary.skipped:,} skipped"
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
@click.option("--force", is_flag=True, help="Fetch even what is fresh in the cache.")
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
    chosen = [
        name
        for name, value in (
            ("--date", day),
            ("--week", week),
            ("--month", month),
            ("--since", since),
        )
        if value
    ]
    if len(chosen) > 1:
        raise click.UsageError(f"choose one of {', '.join(chosen)}")
    if until and not since:
        raise click.UsageError("--until goes with --since")
    ctx.require_network("refresh")
    store = ctx.store
    _maybe_check(store)
    if since:
        from .core.dates import FIRST_DAY, Period, check_fetchable, parse_day

        try:
            start = parse_day(since)
            end = parse_day(until) if until else None
            if end and end < start:
                raise ValueError("--until is before --since")
            if start < FIRST_DAY:
                _echo_err(f"Daily Papers began on {FIRST_DAY.isoformat()}; starting there.")
                start = FIRST_DAY
            for day in (start, end):
                if day:
                    check_fetchable(Period("day", day.isoformat()))
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
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
    counts = {"done": 0, "skipped": 0, "failed": 0}

    def on_event(event: Any) -> None:
        nonlocal progress_bar, task
        if event.kind == "planned":
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
                click.echo(f"Backfill: {_units_text(event.units)} to look at")
            return
        counts[event.kind] += 1
        key = event.period.key if event.period else "?"
        if event.kind == "done":
            status = f"{key}: {_summary_text(event.summary)}"
        elif event.kind == "failed":
            status = f"{key}: failed: {event.message}"
        else:
            status = f"{key}: fresh, skipped"
        if progress_bar is not None:
            progress_bar.update(task, advance=1, status=status.split(":")[0])
            if event.kind == "failed":
                progress_bar.console.print(f"  {status}", markup=False, highlight=False)
        elif event.kind != "skipped":
            click.echo(status)

    async def go() -> Any:
        async with _client() as client:
            return await backfill(store, client, start, end, force=force, on_event=on_event)

    started = time.monotonic()
    try:
        summary = _run(go())
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
    elapsed = time.monotonic() - started
    click.echo(
        f"Backfill done: {summary.done} fetched, {summary.skipped} already fresh, "
        f"{len(summary.failed)} failed; {_summary_text(summary.totals)} "
        f"({_plural(summary.requests, 'request')}, {elapsed:.1f} s)"
    )
    if summary.failed:
        raise Failure(
            f"{len(summary.failed)} of {summary.planned} could not be fetched (first: "
            f"{summary.failed[0][0].key}: {summary.failed[0][1]}); run the same command "
            "again to retry them"
        )


# --- search ---------------------------------------------------------------------------------


def _paper_json(paper: Any, rank: int | None = None) -> dict[str, Any]:
    from .core.export import HF_BASE
    from .core.models import arxiv_abs_url, hf_paper_url

    data = paper.to_json()
    data["url"] = hf_paper_url(paper.id, HF_BASE)
    data["arxiv_url"] = arxiv_abs_url(paper.id)
    if rank is not None:
        data = {"rank": rank, **data}
    return data


def _line(rank: int, paper: Any, width: int) -> str:
    votes = f"{paper.upvotes:>4}▲" if paper.upvotes is not None else "    -"
    day = paper.listed_day or paper.published or "          "
    head = f"{rank:>3}. {votes}  {day}  {paper.id:<10}  "
    title = paper.title
    room = width - len(head)
    if room > 10 and len(title) > room:
        title = title[: room - 1] + "…"
    return head + title


class SearchCommand(click.Command):
    """Reads ``-word`` as a word to exclude, never as short options (``-nothing`` is not
    ``-n othing``, ``-hallucination`` is not ``-h``). Only the command's own options are options.
    """

    VALUED = ("-n", "--limit")
    FLAGS = ("--json", "-h", "--help")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options: list[str] = []
        words: list[str] = []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                words.extend(tokens)
            elif token in self.VALUED:
                options += [token, next(tokens, "")]
            elif (
                token in self.FLAGS
                or token.startswith("--")  # --jsn: click says there is no such option
                or (token.startswith("-n") and token[2:].isdigit())  # -n5
            ):
                options.append(token)
            else:
                words.append(token)
        return super().parse_args(ctx, [*options, "--", *words])


@main.command(cls=SearchCommand)
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit",
    "-n",
    default=20,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many results to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@pass_context
def search(ctx: Context, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search every cached paper, best match first (works offline).

    \b
    Words must all match; also "exact phrase", -word, author:NAME, org:NAME,
    kw:KEYWORD, tag:TAG, upvotes>N, since:YYYY-MM-DD, until:YYYY-MM-DD,
    is:bookmarked, is:unread, is:read, has:code.
    """
    from .core.query import misread_hint, parse_query
    from .core.search import search as run_search

    text = " ".join(query).encode("utf-8", "replace").decode("utf-8")
    parsed = parse_query(text)
    for word in parsed.misread:
        _echo_err(f"note: {word} is read as a plain word ({misread_hint(word)})")
    store = ctx.store
    # Rank among at least the default number of results, so a small --limit shows the best few.
    result = run_search(store, parsed, limit=max(limit, 300))
    papers = [p for p in (store.paper(i) for i in result.ids[:limit]) if p is not None]
    if as_json:
        items = [_paper_json(p, rank) for rank, p in enumerate(papers, 1)]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not papers:
        _echo_err(_no_match(store, parsed))
        return
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 10_000
    for rank, paper in enumerate(papers, 1):
        click.echo(_line(rank, paper, width))
    if sys.stdout.isatty():
        shown = f"{len(papers)} of {result.count_text}" if result.total > len(papers) else "all"
        _echo_err(f"({shown} matches)")


def _no_match(store: Any, query: Any) -> str:
    """Why nothing was found, and what to do about it."""
    shown = query.text.strip()
    if query.is_empty:
        return "Nothing to search for: give words or filters, e.g. `dailypapers search diffusion`."
    if store.stats()["papers"] == 0:
        return (
            f"No cached paper matches “{shown}”: the cache is empty. "
            "Fetch papers with `dailypapers refresh` (e.g. --month 2026-07)."
        )
    if query.flags & {"bookmarked"} or query.tags:
        return f"None of your papers matches “{shown}”."
    return (
        f"No cached paper matches “{shown}”. "
        "Fetch more with `dailypapers refresh` (e.g. --month 2026-07)."
    )


# --- bookmarks ------------------------------------------------------------------------------


@main.group(invoke_without_command=True)
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
        if problem:
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
    target = Path(output).expanduser()
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise Failure(f"cannot write {target}: {error.strerror or error}") from None
    _echo_err(f"Wrote {len(ctx.library.bookmark_ids())} bookmarks to {target} ({fmt}).")


@bookmarks.command("import")
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
    _fill_in(ctx)


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
    from .core.sync import last_fetched
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
    from .core.sync import is_stale, refresh_latest, refresh_period

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


@main.group()
def cache() -> None:
    """The local cache of papers (your bookmarks, notes and tags are kept apart)."""


@cache.command("clear")
@pass_context
def cache_clear(ctx: Context) -> None:
    """Delete every cached paper. Bookmarks, notes, tags and read marks are kept."""
    store = ctx.store
    papers = store.stats()["papers"]
    store.clear()
    kept = ctx.library.bookmark_count()
    click.echo(
        f"Cleared the cache ({papers:,} papers). Kept your library "
        f"({kept} bookmarks) in {ctx.paths.library}."
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
    click.echo(f"bookmarks: {ctx.library.bookmark_count()} (in {ctx.paths.library})")


@cache.command("check")
@pass_context
def cache_check(ctx: Context) -> None:
    """Check the cache file; move it aside and rebuild it if it is damaged."""
    notice = ctx.store.check()
    click.echo(notice or "The cache is fine.")
