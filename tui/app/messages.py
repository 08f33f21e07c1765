"""The messages the main screen's thread workers end with, posted to the screen.

A worker running in a thread does not touch the screen: it posts one of these, and the
screen's handler (on the UI thread) shows what happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

# refresh


@dataclass
class CacheCheckFailed(Message):
    """The check of the cache file could not run; ``reason`` is a plain sentence."""

    reason: str


@dataclass
class CacheRebuilt(Message):
    """The cache file was damaged, moved aside and rebuilt; ``notice`` says so."""

    notice: str
