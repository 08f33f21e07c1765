"""One paper of the For you view: which watches it matches, and whether it is new for you."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WatchMatch:
    paper_id: str
    watches: tuple[str, ...]  # the names of the watches it matches, in the watch list's order
    sort_day: str  # its newest listing day (else its arXiv date): the view's order
    new: bool = False  # listed since its watch was made, and not yet seen in a list nor read

    def reason(self) -> str:
        """What the row says about why it is there: ``watch: LeCun, diffusion``."""
        return "watch: " + ", ".join(self.watches)

    def to_json(self) -> dict[str, object]:
        return {"id": self.paper_id, "watches": list(self.watches), "new": self.new}
