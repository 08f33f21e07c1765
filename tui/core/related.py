"""One paper of "more like this": how related it is, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Related:
    paper_id: str
    score: float
    authors: tuple[str, ...] = ()  # the authors it shares with the paper
    keywords: tuple[str, ...] = ()  # the AI keywords it shares
    words: tuple[str, ...] = ()  # the paper's distinctive words it has

    def reasons(self) -> list[str]:
        """``2 shared authors: Yann LeCun, …``, ``keywords: diffusion, video``, ``words: …``."""
        reasons = []
        if self.authors:
            count = len(self.authors)
            names = ", ".join(self.authors[:2]) + (", …" if count > 2 else "")
            reasons.append(f"{count} shared author{'s' if count != 1 else ''}: {names}")
        if self.keywords:
            reasons.append("keywords: " + ", ".join(self.keywords[:4]))
        if self.words:
            reasons.append("words: " + ", ".join(self.words[:4]))
        return reasons

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.paper_id,
            "score": round(self.score, 3),
            "authors": list(self.authors),
            "keywords": list(self.keywords),
            "words": list(self.words),
            "reasons": self.reasons(),
        }
