"""What the linked-repo list (``L``) shows of a paper, from the cache, and what is left to
fetch. No Textual: the screen reads these and its worker fetches through
tui/core/paper_page.py (cache first, at most once a day)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..core.hub_freshness import links_due, list_due
from ..core.hub_models import KIND_PLURALS, REPO_KINDS, LinkedRepo, PaperLinks, by_likes
from ..core.store import Store


@dataclass(frozen=True, slots=True)
class LinkedRows:
    """Every linked repo the cache holds for a paper (models, then datasets, then Spaces, each
    most liked first), its counts, and the kinds whose whole list is missing or old."""

    links: PaperLinks | None
    repos: tuple[LinkedRepo, ...] = ()
    due: tuple[str, ...] = ()  # kinds to fetch whole ("detail": the paper's detail first)
    missing: dict[str, int] = field(default_factory=dict)  # kind → repos counted, not held

    @property
    def total(self) -> int | None:
        """How many repos link to the paper, as counted (None: never fetched)."""
        if self.links is None or not self.links.known:
            return None
        return sum(self.links.count(kind) or 0 for kind in REPO_KINDS)


def linked_rows(store: Store, paper_id: str, now: datetime | None = None) -> LinkedRows:
    links = store.links(paper_id)
    repos: list[LinkedRepo] = []
    due: list[str] = []
    missing: dict[str, int] = {}
    if links is None or links_due(links, now=now):
        due.append("detail")
    for kind in REPO_KINDS:
        stored = store.linked_repos(paper_id, kind)
        held = list(stored[0]) if stored else list(links.top.get(kind, ())) if links else []
        repos += by_likes(held)
        count = links.count(kind) if links else None
        if count is not None and count > len(held):
            missing[kind] = count - len(held)
        whole_due = stored is None or list_due(stored[1], now=now)
        if links is not None and links.has_more(kind) and kind not in links.complete and whole_due:
            due.append(kind)
    return LinkedRows(links, tuple(repos), tuple(due), missing)


def status_words(rows: LinkedRows, *, fetching: bool, offline: bool, failure: str = "") -> str:
    """The line under the list's title: fetching, what is missing and why, or nothing."""
    if fetching:
        return "fetching…"
    if rows.total is None and not rows.repos:
        if offline:
            return "Offline, and this paper's linked repos were never fetched."
        if failure:
            return f"Could not fetch them: {failure}. Esc, then L to try again."
        return "Hugging Face says nothing of linked repos for this paper."
    if rows.total == 0 and not rows.repos:
        return "No models, datasets or Spaces link to this paper yet."
    if rows.missing:
        held = ", ".join(
            f"{n:,} more {KIND_PLURALS[kind]}" for kind, n in rows.missing.items() if n > 0
        )
        why = "offline" if offline else f"not fetched: {failure}" if failure else "not fetched"
        return f"{held} ({why})."
    return ""
