"""Your notes and tags, as search reads them: a word of a note or a tag finds its paper.

They live in library.db, apart from the cache and outside its full-text index (a refresh, a
rebuild or ``cache clear`` must never touch them). A library holds a few hundred notes and tags,
not 200,000 papers: reading them all at each search and matching in Python takes well under a
millisecond, so no index of them is kept.
"""

from __future__ import annotations

import re
import unicodedata

from .query import Term
from .store import Store

_TOKEN = re.compile(r"\w+")
MIN_PREFIX = 2  # as search.py: a one-letter word matches only itself


def fold(text: str) -> list[str]:
    """The words of a text, as the full-text index sees them: lower case, no diacritics."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _TOKEN.findall(plain)


def _has(words: list[str], wanted: list[str], prefix: bool) -> bool:
    """Are ``wanted`` next to each other in ``words`` (the last one as a start, if ``prefix``)?"""
    if not wanted:
        return False
    *head, last = wanted
    prefix = prefix and len(last) >= MIN_PREFIX
    for start in range(len(words) - len(wanted) + 1):
        if words[start : start + len(head)] == head:
            word = words[start + len(head)]
            if word == last or (prefix and word.startswith(last)):
                return True
    return False


class UserText:
    """The words of every note and tag of the library, by paper."""

    def __init__(self, store: Store) -> None:
        self.texts: dict[str, list[list[str]]] = {}  # paper id → the words of its note, each tag
        for paper_id, text in store.user_texts():
            self.texts.setdefault(paper_id, []).append(fold(text or ""))

    def matching(self, terms: list[Term]) -> set[str]:
        """Papers whose note or a tag has any of ``terms`` (a word: as the start of a word)."""
        wanted = [(fold(text), phrase) for text, phrase in terms]
        return {
            paper_id
            for paper_id, texts in self.texts.items()
            if any(_has(words, w, not phrase) for words in texts for w, phrase in wanted)
        }
