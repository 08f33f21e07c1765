"""A run of inline text inside a block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Plain text once laid out; ``kind`` says how to show it.

    kind: "" plain, "em", "strong", "code", "math" (``text`` is the Unicode rendering, ``latex``
    the source kept for copying), "link" (``target`` is "#anchor" for a jump inside the paper or
    an http(s) URL; any other link was dropped by the normaliser and is plain text)."""

    text: str
    kind: str = ""
    target: str = ""
    latex: str = ""

    def to_json(self) -> list[Any]:
        if self.latex:
            return [self.text, self.kind, self.target, self.latex]
        if self.target:
            return [self.text, self.kind, self.target]
        if self.kind:
            return [self.text, self.kind]
        return [self.text]

    @classmethod
    def from_json(cls, data: list[Any]) -> Span:
        return cls(*(str(part) for part in data[:4]))
