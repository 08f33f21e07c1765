"""Where ``escape`` (back) goes from the main screen. No Textual: the screen says what it shows
and does what this decides."""

from __future__ import annotations

from typing import Literal

BackTo = Literal["leave search", "list", "feed"]


def back_goes_to(
    *, searching: bool, reading: bool, list_focused: bool, view_kind: str
) -> BackTo | None:
    """Out of a search (unless reading a result's abstract full screen), then back to the list
    from the abstract, then from a tag, the bookmarks, the archive or trending to the feed they
    came from; None: nothing to go back to."""
    if searching and not reading:
        return "leave search"
    if reading or not list_focused:
        return "list"
    if view_kind in ("tag", "bookmarks", "archive", "trending"):
        return "feed"
    return None
