"""When to refresh again: a periodic interval, and a growing wait after failures."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass
class Backoff:
    """30 s, 1 min, 2 min, … up to the periodic interval; reset by a success."""

    first: float = 30.0
    cap: float = 15 * 60.0
    failures: int = 0

    def failed(self) -> float:
        """Record a failure; the seconds to wait before the next try."""
        self.failures += 1
        delay = min(self.cap, self.first * 2 ** (self.failures - 1))
        return delay * random.uniform(0.85, 1.0)

    def succeeded(self) -> None:
        self.failures = 0


def short_reason(message: str) -> str:
    """An API error, shortened for the header: "HTTP 503 Service Unavailable", "timed out"."""
    text = message
    if " answered " in text:
        text = text.split(" answered ", 1)[1]
    if " did not answer within " in text:
        text = "no answer within " + text.split(" did not answer within ", 1)[1]
    if text.startswith("cannot reach "):
        text = "cannot reach " + text[len("cannot reach ") :]
    text = text.split(" (", 1)[0] if text.endswith(" tries)") else text
    return text if len(text) <= 70 else text[:69] + "…"
