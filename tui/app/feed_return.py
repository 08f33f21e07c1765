"""The feed that ``a``, ``B``, a tag and Esc return to: remembered when one of those views is
opened from a day, week or month, so the way back lands on the same paper."""

from __future__ import annotations

from ..core.views import ViewSpec


class FeedReturn:
    def __init__(self) -> None:
        self.spec: ViewSpec | None = None  # None: opened straight from the last session
        self.follows = False
        self.paper: str | None = None

    def leaving(self, spec: ViewSpec, follows: bool, paper_id: str | None) -> None:
        """Another view opens from ``spec``: remember it if it is a feed (a period)."""
        if spec.kind == "period":
            self.spec, self.follows, self.paper = spec, follows, paper_id

    def hide_read(self, hide: bool) -> None:
        """H applies to the feed to come back to as well."""
        if self.spec is not None:
            self.spec = self.spec.with_hide_read(hide)

    def target(self, latest: ViewSpec) -> tuple[ViewSpec, str | None, bool]:
        """(the view, the paper to land on, whether it follows the latest); with no feed
        remembered, the latest papers."""
        if self.spec is None:
            return latest, self.paper, True
        return self.spec, self.paper, self.follows
