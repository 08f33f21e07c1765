"""Which highlighted paper's linked repos to fetch, and what went wrong when it failed. No
Textual: the screen waits for the cursor to rest, asks :meth:`LinkedReposWatch.due`, and
reports back.

The cache keeps what was fetched for a day (hub_freshness.links_due); this remembers, for the
run, the papers already asked about, so a paper Hugging Face has not indexed (nothing to
cache) or a failure is not asked again every time the cursor rests on it.
"""

from __future__ import annotations

from datetime import datetime

from ..core.hub_freshness import links_due
from ..core.hub_models import PaperLinks


class LinkedReposWatch:
    def __init__(self) -> None:
        self.asked: set[str] = set()  # fetched (or failed) in this run
        self.failures: dict[str, str] = {}  # paper id → the failure, in a few words

    def due(self, paper_id: str, cached: PaperLinks | None, now: datetime | None = None) -> bool:
        """Fetch this paper's linked repos when the cursor rests on it?"""
        return paper_id not in self.asked and links_due(cached, now=now)

    def fetched(self, paper_id: str) -> None:
        self.asked.add(paper_id)
        self.failures.pop(paper_id, None)

    def failed(self, paper_id: str, words: str) -> None:
        self.asked.add(paper_id)
        self.failures[paper_id] = words

    def note(self, paper_id: str) -> str:
        """The abstract pane's quiet line about a failed fetch ("" when none failed)."""
        words = self.failures.get(paper_id)
        return f"Linked models, datasets and Spaces: not fetched ({words})." if words else ""
