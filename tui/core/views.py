"""What a list shows: a period of Daily Papers, the archive, the bookmarks or a tag; and its order.

A :class:`ViewSpec` is a value: the store turns it into one paged SQL query (see store.py), the app
keeps it as its state, and the session file saves it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .dates import Period

SORTS = ("upvotes", "newest", "rising")
# The trending view's orders: Hugging Face's own (its rank) first.
TRENDING_SORTS = ("trending", "upvotes", "newest")


@dataclass(frozen=True, slots=True)
class ViewSpec:
    kind: str = "period"  # period | archive | trending | for_you | bookmarks | tag | search
    period: Period | None = None
    sort: str = "upvotes"
    hide_read: bool = False
    tag: str | None = None

    def with_sort(self, sort: str) -> ViewSpec:
        return replace(self, sort=sort)

    def with_hide_read(self, hide: bool) -> ViewSpec:
        return replace(self, hide_read=hide)

    def label(self) -> str:
        if self.kind == "archive":
            return "Archive"
        if self.kind == "trending":
            return "Trending"
        if self.kind == "for_you":
            if self.period is None:
                return "For you"
            return f"For you · {self.period.label().removeprefix('Daily · ')}"
        if self.kind == "bookmarks":
            return "Bookmarks"
        if self.kind == "tag":
            return f"Tag: {self.tag}"
        if self.kind == "search":
            return f"Search: {self.tag}" if self.tag else "Search"
        return self.period.label() if self.period else "Daily"

    @property
    def key(self) -> str:
        """A stable name, for the fetch log and the session file."""
        if self.kind == "period" and self.period is not None:
            return self.period.view_key
        if self.kind == "tag":
            return f"tag:{self.tag}"
        return self.kind
