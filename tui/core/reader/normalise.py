"""What the server sends (/papers/{id}.md) turned into a Document. (A first cut: the wrapper
and ATX headings; the rest of READER.md section 1 is to come.)"""

from __future__ import annotations

import re

from .block import Block
from .document import Document
from .span import Span

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def normalise(raw: str, paper_id: str, title: str = "") -> Document:
    """``title``: the title the API gave, preferred to the wrapper's."""
    head, marker, body = raw.partition("Markdown Content:")
    if not marker:
        head, body = "", raw
    fields = dict(line.partition(": ")[::2] for line in head.splitlines() if ": " in line)
    source = fields.get("URL Source", "").strip()
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body):
        chunk = chunk.strip()
        if not chunk:
            continue
        heading = _HEADING.match(chunk)
        if heading and "\n" not in chunk:
            text = heading.group(2)
            blocks.append(Block("heading", (Span(text),), level=len(heading.group(1))))
        else:
            blocks.append(Block("paragraph", (Span(" ".join(chunk.split())),)))
    return Document(
        paper_id=paper_id,
        title=title or fields.get("Title", "").strip(),
        source_url=source,
        blocks=tuple(blocks),
        published=fields.get("Published Time", "").strip(),
        page_only="huggingface.co/papers/" in source,
    )
