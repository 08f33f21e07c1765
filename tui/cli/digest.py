"""``dailypapers digest``: a day's papers, most upvoted first, as Markdown or JSON for mail or
chat."""

from __future__ import annotations

from typing import Any

import click

from .base import CliError, Workspace, pass_workspace
from .network import client, run
from .options import period_of
from .output import echo_err


@click.command()
@click.option("--date", "day", metavar="D", help="The day (default: the latest with papers).")
@click.option(
    "--format",
    "fmt",
    default="markdown",
    show_default=True,
    type=click.Choice(["markdown", "json"]),
)
@pass_workspace
def digest(workspace: Workspace, day: str | None, fmt: str) -> None:
    """A day's papers, most upvoted first, for mail or chat."""
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
