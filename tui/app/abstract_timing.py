"""When the abstract of a highlighted paper is drawn. No Textual: the screen says whether the
user is typing a search and whether the first frame was painted."""

from __future__ import annotations

from typing import Literal

AbstractWhen = Literal["now", "after the search box's frame", "after the first frame"]


def abstract_when(*, typing: bool, painted: bool) -> AbstractWhen:
    """Typing, or starting: the list is painted first and the abstract in the frame after it, so
    each keystroke's results (and the first screen) show sooner; a later keystroke's results
    win."""
    if typing:
        return "after the search box's frame"
    if not painted:
        return "after the first frame"
    return "now"
