"""One block of a normalised paper: the unit of layout, outline, search and reading position."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .span import Span

# What a block can be. "pre" keeps its lines as they are (flattened tables, code, algorithms);
# "math" is a display formula (one span of kind "math"); "missing_table" says in one line that
# the server left a table out, with ``url`` its place on arXiv; "figure" has ``number``,
# its caption as spans and ``url`` the image; "note" is a line the normaliser adds itself
# (the server sent only the paper page, say).
KINDS = frozenset(
    {
        "heading",
        "paragraph",
        "list_item",
        "quote",
        "pre",
        "math",
        "figure",
        "missing_table",
        "note",
        "rule",
    }
)


@dataclass(frozen=True, slots=True)
class Block:
    """``level``: 1–6 for a heading (1 the paper's title, 2 a section, 3 a subsection…), the
    nesting depth (0 = outermost) for a list item. ``anchor``: the LaTeXML id links point at
    ("S1", "S2.SS1", "F4", "T1", "A1", "bib.bib17"), "" when unknown. ``number``: "2.1" for a
    heading, "4" for Figure 4 or Table 4, the bullet ("•", "3.") for a list item."""

    kind: str
    spans: tuple[Span, ...]
    level: int = 0
    anchor: str = ""
    number: str = ""
    url: str = ""

    @property
    def text(self) -> str:
        """The block's words as plain text (math as its Unicode rendering)."""
        return "".join(span.text for span in self.spans)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"k": self.kind, "s": [span.to_json() for span in self.spans]}
        for key, value in (
            ("l", self.level),
            ("a", self.anchor),
            ("n", self.number),
            ("u", self.url),
        ):
            if value:
                data[key] = value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Block:
        return cls(
            kind=str(data["k"]),
            spans=tuple(Span.from_json(span) for span in data.get("s", ())),
            level=int(data.get("l", 0)),
            anchor=str(data.get("a", "")),
            number=str(data.get("n", "")),
            url=str(data.get("u", "")),
        )
