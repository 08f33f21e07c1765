"""A normalised paper as plain text (what ``dailypapers read ID`` prints) and one section of it
as Markdown (what the reader copies)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from ..text import safe_url
from .block import Block
from .document import Document
from .span import Span

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def plain_text(doc: Document, width: int | None = None) -> str:
    """Headings, paragraphs (wrapped to ``width`` when given), lists, preformatted blocks as
    they are, formulas as Unicode, figures as "Figure 4: caption <url>"; links as their words."""
    parts: list[str] = []
    if doc.title:
        parts.append(_wrap(doc.title, width))
    for block in doc.blocks:
        parts.append(_plain_block(block, width))
    return "\n\n".join(part for part in parts if part) + "\n"


def _plain_block(block: Block, width: int | None) -> str:
    text = block.text
    kind = block.kind
    if kind == "heading":
        return _wrap(f"{block.number} {text}" if block.number else text, width)
    if kind == "list_item":
        indent = "  " * block.level
        bullet = f"{indent}{block.number or '•'} "
        return _wrap(text, width, bullet, " " * len(bullet))
    if kind == "quote":
        return _wrap(text, width, "> ", "> ")
    if kind == "pre":
        # Kept line for line; a line past the width is cut where the terminal would have
        # wrapped it anyway, so the output fits what ``--width`` promised.
        if not width or width < 10:
            return text
        return "\n".join(
            line[start : start + width]
            for line in text.split("\n")
            for start in range(0, max(len(line), 1), width)
        )
    if kind == "math":
        return f"    {text}" + (f"    ({block.number})" if block.number else "")
    if kind == "figure":
        label = f"Figure {block.number}: " if block.number else "Figure: "
        return _wrap(label + text + (f" <{block.url}>" if block.url else ""), width)
    if kind == "missing_table":
        return _wrap(f"{text} (not in this text: {block.url})", width)
    if kind == "rule":
        return "-" * min(width or 40, 40)
    return _wrap(text, width)


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> str:
    if not width or width < 10:
        return first + text
    return textwrap.fill(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    )


def section_markdown(doc: Document, block_index: int, paper_url: str) -> str:
    """The section holding block ``block_index`` (from its heading to the next heading of the
    same or a higher rank) as Markdown, formulas as ``$latex$``, ending with a line that links
    back to the paper's page."""
    blocks = doc.blocks
    if not blocks:
        return _back_link(doc, paper_url)
    index = max(0, min(block_index, len(blocks) - 1))
    start = next(
        (i for i in range(index, -1, -1) if blocks[i].kind == "heading" and blocks[i].level >= 2),
        0,
    )
    level = blocks[start].level if blocks[start].kind == "heading" else 1
    end = next(
        (
            i
            for i in range(start + 1, len(blocks))
            if blocks[i].kind == "heading" and blocks[i].level <= level
        ),
        len(blocks),
    )
    parts = [_markdown_block(block) for block in blocks[start:end]]
    parts.append(_back_link(doc, paper_url))
    return "\n\n".join(part for part in parts if part) + "\n"


def _back_link(doc: Document, paper_url: str) -> str:
    url = safe_url(paper_url)
    title = _escaped(doc.title or doc.paper_id)
    return f"From [{title}]({url})" if url else f"From {title}"


def _markdown_block(block: Block) -> str:
    kind = block.kind
    text = _markdown_spans(block.spans)
    if kind == "heading":
        marks = "#" * max(1, min(block.level, 6))
        return f"{marks} {block.number + ' ' if block.number else ''}{text}"
    if kind == "list_item":
        bullet = "-" if block.number in ("", "•") else block.number
        return f"{'  ' * block.level}{bullet} {text}"
    if kind == "quote":
        return f"> {text}"
    if kind == "pre":
        body = "".join(span.text for span in block.spans)
        fence = "````" if "```" in body else "```"
        return f"{fence}\n{body}\n{fence}"
    if kind == "math":
        latex = "".join(span.latex or span.text for span in block.spans)
        return f"$${latex}$$" + (f" ({block.number})" if block.number else "")
    if kind == "figure":
        label = f"Figure {block.number}" if block.number else "Figure"
        url = safe_url(block.url)
        return f"**{label}:** {text}" + (f" ([image]({url}))" if url else "")
    if kind == "missing_table":
        url = safe_url(block.url)
        return text + (f" ([on arXiv]({url}))" if url else "")
    if kind == "rule":
        return "---"
    return text


def _markdown_spans(spans: Iterable[Span]) -> str:
    out: list[str] = []
    for span in spans:
        words = _escaped(span.text)
        if span.kind == "math":
            out.append(f"${span.latex or span.text}$")
        elif span.kind == "em":
            out.append(f"*{words}*")
        elif span.kind == "strong":
            out.append(f"**{words}**")
        elif span.kind == "code":
            out.append(f"`{span.text.replace('`', '')}`")
        elif span.kind == "link" and (url := safe_url(span.target)):
            out.append(f"[{words}]({url})")
        else:
            out.append(words)
    return "".join(out)


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
