"""A paper's text as plain words and Markdown, for copying. (A minimal version, for the
reader's ``y``: the section at the top of the screen, as Markdown, with a link to the paper.)"""

from __future__ import annotations

from ..text import safe_url, strip_unsafe
from .block import Block
from .document import Document


def heading_label(block: Block) -> str:
    """A heading's words with its number ("2.1 Architecture"), once."""
    text = block.text.strip()
    if block.number and not text.startswith(block.number):
        return f"{block.number} {text}"
    return text


def section_of(doc: Document, block: int) -> int | None:
    """The index of the heading of the section ``block`` is in (the heading itself for a
    heading); None before the first heading."""
    found = None
    for index in doc.outline:
        if index > block:
            break
        found = index
    return found


def _inline(block: Block) -> str:
    parts = []
    for span in block.spans:
        text = strip_unsafe(span.text)
        if span.kind == "link" and (url := safe_url(span.target)):
            parts.append(f"[{text}]({url})")
        elif span.kind == "math" and span.latex:
            parts.append(f"${strip_unsafe(span.latex)}$")
        elif span.kind == "code":
            parts.append(f"`{text}`")
        elif span.kind == "em":
            parts.append(f"*{text}*")
        elif span.kind == "strong":
            parts.append(f"**{text}**")
        else:
            parts.append(text)
    return "".join(parts).strip()


def block_markdown(block: Block) -> str:
    if block.kind == "heading":
        return "#" * max(1, min(block.level, 6)) + " " + strip_unsafe(heading_label(block))
    if block.kind == "list_item":
        bullet = block.number if block.number and block.number != "•" else "-"
        return "  " * block.level + f"{bullet} {_inline(block)}"
    if block.kind == "pre":
        return "```\n" + strip_unsafe(block.text) + "\n```"
    if block.kind == "math":
        latex = "".join(span.latex or span.text for span in block.spans)
        return "$$\n" + strip_unsafe(latex).strip() + "\n$$"
    if block.kind == "quote":
        return "> " + _inline(block)
    if block.kind == "rule":
        return "---"
    if block.kind in ("figure", "missing_table"):
        url = safe_url(block.url)
        words = _inline(block)
        return f"{words} ({url})" if url else words
    return _inline(block)


def section_markdown(doc: Document, block: int, paper_url: str) -> str:
    """The section ``block`` is in (to the next heading of its level or above), as Markdown,
    ending with a link back to the paper."""
    start = section_of(doc, block)
    if start is None:
        start, level = 0, 1
    else:
        level = doc.blocks[start].level
    end = len(doc.blocks)
    for index in range(start + 1, len(doc.blocks)):
        other = doc.blocks[index]
        if other.kind == "heading" and other.level <= level:
            end = index
            break
    lines: list[str] = []
    for index in range(start, end):
        current = doc.blocks[index]
        text = block_markdown(current)
        if not text:
            continue
        if lines and not (
            current.kind == "list_item" and doc.blocks[index - 1].kind == current.kind
        ):
            lines.append("")
        lines.append(text)
    title = strip_unsafe(doc.title) or doc.paper_id
    link = safe_url(paper_url) or ""
    lines += ["", f"From [{title}]({link})" if link else f"From {title}"]
    return "\n".join(lines) + "\n"
