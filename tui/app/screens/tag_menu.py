"""The choices of the tags menu (T): each tag with its count, picked by a letter."""

from __future__ import annotations

from .menu import Choice

LETTERS = "abcdefghilmnoprstuvwxyz0123456789"  # not j, k or q: they move and close
MOST_TAGS = 200  # a menu longer than this is no menu


def tag_choices(tags: list[tuple[str, int]]) -> list[Choice]:
    """One choice per (tag, number of papers); the first ones get a letter."""
    return [
        Choice(LETTERS[i] if i < len(LETTERS) else "", tag,
               f"{count} paper{'s' if count != 1 else ''}", tag)
        for i, (tag, count) in enumerate(tags[:MOST_TAGS])
    ]  # fmt: skip
