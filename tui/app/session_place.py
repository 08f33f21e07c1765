"""The place the session keeps for the next launch: the view and the highlighted paper."""

from __future__ import annotations

from ..core.views import ViewSpec
from ..session import Session
from .live_search import LiveSearch


def remember_place(
    session: Session,
    spec: ViewSpec,
    follow: bool,
    paper_id: str | None,
    search: LiveSearch | None,
) -> None:
    """Put the view and the paper in ``session``; during a ``search``, the place it was
    opened from (a search is not a place to come back to)."""
    if search is not None:
        spec, follow, paper_id = search.return_spec, search.return_follow, search.return_paper
    session.kind = spec.kind
    session.period = spec.period.view_key if spec.period else None
    session.sort = spec.sort
    session.hide_read = spec.hide_read
    session.tag = spec.tag
    session.follow_latest = follow
    session.paper = paper_id
