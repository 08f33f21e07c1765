"""How a paper's discussion reads on screen, in words: each comment's heading (author, local
date, reactions), its paragraphs, and the librarian bot's recommended papers with the titles
its comment gives them. No Textual: the app's discussion screen lays these out.
"""

from __future__ import annotations

import re
from datetime import datetime

from .db import parse_stamp
from .hub_models import Comment

# The bot lists each paper as "* [Title](https://huggingface.co/papers/2604.04898) (2026)".
_PAPER_LINK = re.compile(
    r"\[([^\]\n]{1,400})\]\(https?://(?:www\.)?huggingface\.co/papers/(\d{4}\.\d{4,5})\)"
)


def local_date(stamp: str | None, now: datetime | None = None) -> str:
    """``31 Jul`` this year, ``15 May 2025`` before, in the local time zone; "" when unknown."""
    when = parse_stamp(stamp)
    if when is None:
        return ""
    local = when.astimezone()
    this_year = (now or datetime.now().astimezone()).year
    day = f"{local.day} {local:%b}"
    return day if local.year == this_year else f"{day} {local.year}"


def reaction_words(reactions: tuple[tuple[str, int], ...]) -> str:
    """``👍 10 · 🔥 6`` (reactions with a count only)."""
    return " · ".join(f"{emoji} {count}" for emoji, count in reactions if count > 0)


def heading(comment: Comment, now: datetime | None = None) -> str:
    """``yaful · 15 May · 👍 10 · 🔥 6`` (``edited`` when it was)."""
    parts = [comment.author, local_date(comment.created, now)]
    if comment.edited:
        parts.append("edited")
    parts.append(reaction_words(comment.reactions))
    return " · ".join(part for part in parts if part)


def paragraphs(text: str) -> list[str]:
    """The comment's paragraphs (blank lines apart), each with its line breaks kept."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [block.strip("\n") for block in blocks if block.strip()]


def similar_titles(comment: Comment) -> dict[str, str]:
    """The title the bot's comment gives each paper it recommends, by id."""
    titles: dict[str, str] = {}
    for match in _PAPER_LINK.finditer(comment.text):
        title, paper_id = " ".join(match.group(1).split()), match.group(2)
        if paper_id in comment.similar_ids and paper_id not in titles:
            titles[paper_id] = title
    return titles
