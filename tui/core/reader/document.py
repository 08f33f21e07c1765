"""A normalised paper: its blocks in reading order and what is derived from them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .block import Block
from .figure import Figure

# Bumped whenever the normaliser's output changes: a stored document of an older version is
# normalised again from the raw text it was made from.
FORMAT = 3


@dataclass(frozen=True)
class Document:
    """``source_url`` is the "URL Source:" line; ``page_only`` is True when the server sent the
    paper's page (abstract and little more) because arXiv has no HTML version of it."""

    paper_id: str
    title: str
    source_url: str
    blocks: tuple[Block, ...]
    published: str = ""
    page_only: bool = False
    format: int = field(default=FORMAT)

    @cached_property
    def anchors(self) -> dict[str, int]:
        """LaTeXML anchor -> index of the block that carries it."""
        return {block.anchor: i for i, block in enumerate(self.blocks) if block.anchor}

    @cached_property
    def outline(self) -> tuple[int, ...]:
        """Indexes of the section headings (level 2 and deeper), in order."""
        return tuple(
            i for i, block in enumerate(self.blocks) if block.kind == "heading" and block.level >= 2
        )

    @cached_property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(
            Figure(block.number, block.text, block.url, i)
            for i, block in enumerate(self.blocks)
            if block.kind == "figure"
        )

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.paper_id}"

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": self.format,
                "id": self.paper_id,
                "title": self.title,
                "source": self.source_url,
                "published": self.published,
                "page_only": self.page_only,
                "blocks": [block.to_json() for block in self.blocks],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Document:
        data: dict[str, Any] = json.loads(text)
        return cls(
            paper_id=str(data["id"]),
            title=str(data.get("title", "")),
            source_url=str(data.get("source", "")),
            blocks=tuple(Block.from_json(block) for block in data.get("blocks", ())),
            published=str(data.get("published", "")),
            page_only=bool(data.get("page_only", False)),
            format=int(data.get("format", 0)),
        )
