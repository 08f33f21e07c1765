"""A block as the line parser finds it, before its inline Markdown is read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RawBlock:
    """``lines`` as they came (a paragraph's lines, a list item's lines, a fence's body);
    ``level`` a heading's level or a list item's depth; ``number`` a list item's bullet, a
    heading's section number, a figure's or table's number; ``url`` a figure's image;
    ``anchor`` the LaTeXML id links point at."""

    kind: str
    lines: list[str] = field(default_factory=list)
    level: int = 0
    number: str = ""
    url: str = ""
    anchor: str = ""
    table: bool = False  # a "pre" that is a flattened table: its formulas are read

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
