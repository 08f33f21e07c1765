"""Where a block sits among the paper's sections, and a heading as the outline names it."""

from __future__ import annotations

from bisect import bisect_right

from ..text import strip_unsafe
from .block import Block
from .document import Document


def heading_label(block: Block) -> str:
    """A heading's words with its number ("2.1 Architecture"), once, on one line, safe."""
    text = " ".join(strip_unsafe(block.text).split())
    number = " ".join(strip_unsafe(block.number).split())
    if number and not text.startswith(number):
        return f"{number} {text}"
    return text


def section_of(doc: Document, block: int) -> int | None:
    """The index of the heading of the section ``block`` is in (the heading itself for a
    heading); None before the first section."""
    outline = doc.outline
    found = bisect_right(outline, block) - 1
    return outline[found] if found >= 0 else None
