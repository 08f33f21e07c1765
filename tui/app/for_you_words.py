"""The header's words for the papers new for you, before the cache's state."""

from __future__ import annotations

COMPACT_ROOM = 24  # at 80 columns: the state's words that leave room for "3 for you · "


def for_you_words(new: int, state: str, *, compact: bool) -> str:
    """``3 new for you · updated just now``; narrow, ``3 for you · …`` while the state is
    short (a failure or a refresh in progress needs the room)."""
    if compact:
        if len(state) > COMPACT_ROOM:
            return state
        news = f"{new:,} for you"
    else:
        news = f"{new:,} new for you"
    return f"{news} · {state}" if state else news
