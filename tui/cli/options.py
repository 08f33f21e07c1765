"""Options more than one command reads: the period asked for (``--date``, ``--week``,
``--month``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..core.dates import Period


def period_of(day: str | None, week: str | None, month: str | None) -> Period | None:
    """The period asked for (None: the latest); one that cannot have papers is refused."""
    from ..core.dates import Period, check_fetchable, parse_day, parse_month, parse_week

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
