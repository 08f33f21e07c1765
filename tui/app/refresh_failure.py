"""A refresh that failed: what the header says about it, and when it is tried again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True, frozen=True)
class RefreshFailure:
    words: str  # "server error (HTTP 500)", "no answer in 10 s"
    narrow_words: str  # the same on a narrow terminal: "HTTP 500"
    cannot_connect: bool  # no connection was made: the header says "offline"
    retry_at: datetime
    # Not a failure: the refresh stopped at its page limit, and what came is shown. The header
    # says "refresh incomplete", not "refresh failed".
    incomplete: bool = False
