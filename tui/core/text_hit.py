"""Where a search found its words in a paper's stored full text (and not in its fields)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextHit:
    """``block``: the index of the matching block in the paper's Document (where the reader
    lands); ``terms``: the query's words (each the start of a word, as the search matched
    them: query.match_pattern), for the reader to find and mark. ``sentence`` and ``find`` are
    read when the hit is shown (text_search.with_sentence: a search finds hundreds, and cutting
    each one's sentence would cost more than the search): the matching sentence, clean and short
    (excerpt.py), network text to show as plain text only; and what the reader finds there:
    the query's words as the text writes them, the longest run of them that meet ("reading
    orders" for the query reading order, "models" for the word model), in lower case unless
    the query has a capital (excerpt.found_words)."""

    paper_id: str
    block: int
    terms: tuple[str, ...] = ()
    sentence: str = ""
    find: str = ""
