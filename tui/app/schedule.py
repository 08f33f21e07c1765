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
        delay = min(self.cap, self.first * 2.0 ** (self.failures - 1))
        return delay * random.uniform(0.85, 1.0)

    def succeeded(self) -> None:
        self.failures = 0
