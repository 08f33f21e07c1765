"""``dailypapers digest``: a day's papers, most upvoted first, as Markdown or JSON for mail or
chat; with ``--watch``, the papers new for the user's watches since the last such digest (its
time remembered in the library), for a cron job."""

from __future__ import annotations

from typing import Any

import click

from .base import CliError, Workspace, pass_workspace
from .network import client, run
from .options import period_of
from .output import echo_err


@click.command(short_help="A day's papers, or those new for your watches.")
@click.option("--date", "day", metavar="D", help="The day (default: the latest with papers).")
@click.option(
    "--format",
    "fmt",
    default="markdown",
    show_default=True,
    type=click.Choice(["markdown", "json"]),
)
@click.option("--json", "as_json", is_flag=True, help="As JSON (--format json).")
@click.option(
    "--watch",
    "for_watches",
    is_flag=True,
    help="The papers new for your watches since the last `digest --watch`.",
)
@click.option(
    "--since",
    metavar="D",
    help="With --watch: the papers listed from day D on, instead of since the last digest.",
)
@pass_workspace
def digest(
    workspace: Workspace,
    day: str | None,
    fmt: str,
    as_json: bool,
    for_watches: bool,
    since: str | None,
) -> None:
    """A day's papers, most upvoted first, for mail or chat; or (--watch) the papers new for
    your watches since the last digest --watch (run twice, the second says nothing new)."""
    fmt = "json" if as_json else fmt
    if for_watches:
        if day:
            raise CliError("--date and --watch do not go together (--since D with --watch)")
        _watch_digest(workspace, since, fmt)
        return
    if since:
        raise CliError("--since goes with --watch; a day's digest takes --date D")
    from ..core.dates import Period, daily_today
    from ..core.export import digest_json, digest_markdown
    from ..core.freshness import last_fetched
    from ..core.views import ViewSpec

    store = workspace.store
    period = period_of(day, None, None)
    chosen = period.key if period else None
    if not workspace.offline:
        _refresh_quietly(store, period)
    chosen = chosen or store.latest_day(daily_today().isoformat())
    if chosen is None:
        raise CliError("the cache has no papers yet; run `dailypapers refresh` first")
    day_period = Period("day", chosen)
    spec = ViewSpec(period=day_period)
    if store.count(spec) == 0 and last_fetched(store, day_period) is None:
        raise CliError(
            f"{chosen} is not in the cache; fetch it with `dailypapers refresh --date {chosen}`"
        )
    ids = [row.id for row in store.rows(spec, 0, 1000)]
    papers = [p for p in (store.paper(i) for i in ids) if p is not None]
    if fmt == "json":
        click.echo(digest_json(chosen, papers), nl=False)
    else:
        click.echo(digest_markdown(day_period.label().replace("Daily · ", ""), papers), nl=False)


LAST_WATCH_DIGEST = "last digest --watch"


def _watch_digest(workspace: Workspace, since: str | None, fmt: str) -> None:
    from datetime import date

    from ..core.db import now_stamp, parse_stamp
    from ..core.export import watch_digest_json, watch_digest_markdown
    from ..core.for_you import ForYou

    if since is not None:
        try:
            since = date.fromisoformat(since.strip()).isoformat()
        except ValueError:
            raise CliError(
                f"--since takes a day as YYYY-MM-DD, not {since!r}", exit_code=2
            ) from None
    watches = workspace.watch_list().all()
    if not watches:
        raise CliError("you watch nothing yet; `dailypapers watch add NAME QUERY` adds a watch")
    store, library = workspace.store, workspace.library
    started = now_stamp()  # a paper cached while this runs is in the next digest too, not lost
    if not workspace.offline:
        _refresh_quietly(store, None)
    for_you = ForYou(store, watches)
    for_you.sync()
    last = library.remembered(LAST_WATCH_DIGEST)
    if since is not None:
        matches, words = for_you.listed_since(since), since
    elif last is not None:
        matches = for_you.new_since(last)
        when = parse_stamp(last)
        words = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else last
    else:  # the first: what was listed since the first watch was made
        first = min(w.created_day for w in watches)
        matches, words = for_you.listed_since(first), first
    items = [(store.paper(m.paper_id), m.watches) for m in matches]
    found = [(paper, names) for paper, names in items if paper is not None]
    if since is None:
        library.remember(LAST_WATCH_DIGEST, started)
    if not found and fmt != "json":
        click.echo(f"Nothing new for your watches since {words}.")
        return
    if fmt == "json":
        click.echo(watch_digest_json(words, found), nl=False)
    else:
        click.echo(watch_digest_markdown(words, found), nl=False)


def _refresh_quietly(store: Any, period: Any) -> None:
    """Refresh a stale day before a digest; on failure, say so and use the cache."""
    from ..core.api import ApiError
    from ..core.dates import Period, daily_today
    from ..core.freshness import is_stale
    from ..core.sync import refresh_latest, refresh_period

    if not is_stale(store, period or Period("day", daily_today().isoformat())):
        return

    async def go() -> None:
        async with client() as api:
            if period is None:
                await refresh_latest(store, api)
            else:
                await refresh_period(store, api, period)

    try:
        run(go())
    except ApiError as error:
        echo_err(f"dailypapers: could not refresh ({error}); using the cache.")
