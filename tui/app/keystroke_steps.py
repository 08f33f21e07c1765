"""What a keystroke in the search box sets going: a search of the cache, the web after a pause,
the one-time "offline" notice. A plain function, so the choice is tested without an app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeystrokeSteps:
    search_cache: bool  # False: the box is empty, and the empty results are shown at once
    ask_web_after_pause: bool
    say_offline: bool  # the first search while offline says the web is not asked


def keystroke_steps(text: str, offline: bool, offline_said: bool) -> KeystrokeSteps:
    """The steps for the box now holding ``text``."""
    if not text.strip():
        return KeystrokeSteps(search_cache=False, ask_web_after_pause=False, say_offline=False)
    return KeystrokeSteps(
        search_cache=True,
        ask_web_after_pause=not offline,
        say_offline=offline and not offline_said,
    )
