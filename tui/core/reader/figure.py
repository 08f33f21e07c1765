"""A figure of a paper, as the figure list shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    """``number`` "4" for Figure 4; ``url`` the image on arXiv (http(s) only, else "");
    ``block`` the index of its figure block in the document."""

    number: str
    caption: str
    url: str
    block: int
