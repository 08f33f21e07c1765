"""When a paper page's cached parts are due again (issue 17): the trending snapshot after an hour
(the config's ``[refresh] trending_minutes``), a paper's linked repos at most once a day, its
comments when ``numComments`` has changed or after a day. Pure functions of stamps: no I/O.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .dates import elapsed_text, now_utc
from .db import parse_stamp
from .hub_models import Discussion, PaperLinks

TRENDING_MAX_AGE = timedelta(hours=1)
LINKS_MAX_AGE = timedelta(days=1)
COMMENTS_MAX_AGE = timedelta(days=1)


def age(stamp: str | datetime | None, now: datetime | None = None) -> timedelta | None:
    """How long ago a stamp was; None when there is none."""
    when = parse_stamp(stamp) if isinstance(stamp, str) or stamp is None else stamp
    if when is None:
        return None
    return max(timedelta(0), (now or now_utc()) - when)


def trending_is_stale(
    fetched_at: str | datetime | None,
    *,
    now: datetime | None = None,
    max_age: timedelta = TRENDING_MAX_AGE,
) -> bool:
    """Whether the trending snapshot should be fetched again (never fetched: yes)."""
    old = age(fetched_at, now)
    return old is None or old > max_age


def links_due(links: PaperLinks | None, *, now: datetime | None = None) -> bool:
    """Whether a paper's linked repos should be fetched: never fetched, or over a day ago."""
    old = age(links.fetched_at if links else None, now)
    return old is None or old > LINKS_MAX_AGE


def list_due(fetched_at: str | None, *, now: datetime | None = None) -> bool:
    """Whether a whole linked-repo listing of a kind should be fetched again."""
    old = age(fetched_at, now)
    return old is None or old > LINKS_MAX_AGE


def comments_due(
    discussion: Discussion | None, num_comments: int | None, *, now: datetime | None = None
) -> bool:
    """Whether a paper's comments should be fetched: never fetched; the paper's comment count
    (``numComments`` of a later listing) differs from the count when they were; or a day
    has passed."""
    if discussion is None:
        return True
    if num_comments is not None and num_comments != discussion.num_comments:
        return True
    old = age(discussion.fetched_at, now)
    return old is None or old > COMMENTS_MAX_AGE


def age_words(stamp: str | datetime | None, now: datetime | None = None) -> str:
    """``fetched 3 min ago``, ``fetched 2 h ago``, ``never fetched``: an age in the words the
    app's header uses for one."""
    old = age(stamp, now)
    return "never fetched" if old is None else f"fetched {elapsed_text(old)}"
