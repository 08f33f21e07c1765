"""When to refresh again: a periodic interval, and a growing wait after failures."""

from __future__ import annotations

import random
import re
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
    """An API error, shortened for the header: "HTTP 503", "no answer in 10 s", "cannot reach …"."""
    status = re.search(r"\bHTTP (\d{3})\b", message)
    if status:
        code = status.group(1)
        if code == "429":
            return "rate limited (HTTP 429)"
        return f"server error (HTTP {code})" if code.startswith("5") else f"HTTP {code}"
    timeout = re.search(r"did not answer within (\S+ s)", message)
    if timeout:
        return f"no answer in {timeout.group(1)}"
    deadline = re.search(r"did not finish answering within (\S+ s)", message)
    if deadline:
        return f"answer took over {deadline.group(1)}"
    if re.search(r"\bsent more than \S+ [KM]?B", message):
        return "answer too large"
    if "; not followed" in message:
        return "redirected elsewhere"
    pages = re.search(r"stopped after (\d+) pages", message)
    if pages:
        return f"incomplete after {pages.group(1)} pages"
    reach = re.match(r"cannot reach (\S+)", message)
    if reach:
        return f"cannot reach {reach.group(1).rstrip(':')}"
    if "not valid JSON" in message:
        return "bad response (not JSON)"
    if "unexpected response" in message:
        return "bad response"
    return message if len(message) <= 60 else message[:59] + "…"
