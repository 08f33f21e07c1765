"""A Document as plain text, for ``dailypapers read`` (pipes, ``less``, files).

(A minimal version, enough for the command line; the reader's own plain text replaces it.)"""

from __future__ import annotations

import textwrap

from ..text import safe_url, strip_unsafe
from .block import Block
from .document import Document


def plain_text(doc: Document, width: int) -> str:
    """The paper as plain text, paragraphs wrapped to ``width`` columns (0: not wrapped).
    Nothing of the network's text reaches the output as an escape sequence or control
    character."""
    parts: list[str] = []
    if doc.title:
        parts.append(_wrap(doc.title, width))
    for block in doc.blocks:
        text = _block_text(block, width)
        if text:
            parts.append(text)
    return "\n\n".join(parts) + "\n"


def _block_text(block: Block, width: int) -> str:
    words = " ".join(strip_unsafe(block.text).split())
    if block.kind == "pre":
        return "\n".join(strip_unsafe(line).rstrip() for line in block.text.splitlines())
    if block.kind == "rule":
        return "-" * min(width or 40, 40)
    if block.kind == "heading":
        number = f"{block.number} " if block.number and not words.startswith(block.number) else ""
        return _wrap(number + words, width)
    if block.kind == "list_item":
        bullet = f"{block.number or '•'} "
        indent = "  " * block.level
        return _wrap(words, width, indent + bullet, indent + " " * len(bullet))
    if block.kind == "quote":
        return _wrap(words, width, "> ", "> ")
    if block.kind == "figure":
        caption = f"Figure {block.number}: {words}" if block.number else words
        return _wrap(caption, width) + _link(block.url)
    if block.kind == "missing_table":
        return _wrap(words, width) + _link(block.url)
    return _wrap(words, width)


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    if width <= 0:
        return first + text
    return textwrap.fill(
        text,
        width=max(width, 20),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    )


def _link(url: str) -> str:
    """A block's link on a line of its own; only a plain http(s) link is written."""
    safe = safe_url(url)
    return f"\n{safe}" if safe else ""
