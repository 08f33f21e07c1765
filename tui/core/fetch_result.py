"""The pages of one view merged into one result (what HFClient.daily_papers and search
return)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Listing, Paper, ParsedPage


@dataclass(slots=True)
class FetchResult:
    """All pages of one view, merged: each paper once, every (paper, day) listing kept."""

    papers: dict[str, Paper] = field(default_factory=dict)
    listings: set[Listing] = field(default_factory=set)
    skipped: int = 0
    skipped_reasons: list[str] = field(default_factory=list)
    pages: int = 0
    entries: int = 0
    # Stopped at MAX_PAGES while the server still offered more: what came is real, but the
    # view is not whole (a Link rel=next chain of 30 pages was reported as a complete success).
    truncated: bool = False

    def add(self, page: ParsedPage) -> int:
        """Merge one page; returns how many papers were new to this result."""
        added = 0
        for paper in page.papers:
            known = self.papers.get(paper.id)
            if known is None:
                added += 1
            if known is None or (paper.listed_day or "") >= (known.listed_day or ""):
                self.papers[paper.id] = paper
        self.listings.update(page.listings)
        self.skipped += page.skipped
        self.skipped_reasons.extend(page.skipped_reasons[:5])
        self.entries += len(page.papers) + page.skipped
        return added
