"""The search of stored full texts: papers whose body has the query's words, with where.

A body hit is a block of a stored text (text_blocks, indexed by text_fts) that has every word,
phrase and OR group of the query and none of its excluded words: the words of one paragraph,
list item, caption or heading, so the hit can name the sentence and the block to land on. The
paper must pass the query's other filters like any result (search.matching_filters).

Why it is cheap. A search row's rowid is the paper's rowid shifted left, plus the block's index
(full_texts.BLOCK_BITS): FTS5 walks the matches newest paper first, one paper's blocks in a run,
and the walk stops after ``WALK`` matching blocks. No bm25 (its document counts read the whole
doclist of a common word). A paper ranks by how many of its blocks match (a paper about the
words says them often), then newest first; it lands on its first matching block in reading
order, as a find in the paper would. When more blocks match than are walked, the count reads
"N+", as for the other fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .excerpt import excerpt, found_words
from .full_texts import BLOCK_BITS, MAX_BLOCK
from .models import paper_rowid
from .query import Query, match_pattern
from .store import Store
from .text_hit import TextHit

# Matching blocks read at most: every match of a rarer word; of a word most paragraphs have,
# the newest hundred papers or so (walking 6,000 took 10-18 ms at 2,000 stored texts).
WALK = 3000


@dataclass(slots=True)
class TextHits:
    hits: list[TextHit]
    capped: bool  # more blocks matched than were walked


def body_query(query: Query) -> Query:
    """The part of a query the body is searched for: its words, phrases and OR groups (field
    filters and the rest hold for the paper: search.matching_filters)."""
    return Query(words=list(query.words), phrases=list(query.phrases), any_of=list(query.any_of))


def find_text_hits(
    store: Store,
    query: Query,
    expression: str,
    passing: Callable[[list[str]], list[str]] | None,
    *,
    limit: int,
    shown: set[str],
) -> TextHits:
    """Up to ``limit`` papers (not among ``shown``) whose stored text matches ``expression``
    (an FTS5 expression over text_fts) and that ``passing`` keeps (None: all), best first."""
    rowids = store.text_matches(expression, WALK + 1)
    capped = len(rowids) > WALK
    rowids = rowids[:WALK]
    if not rowids or limit <= 0:
        return TextHits([], capped)
    # One paper's matches are one run of the walk (newest paper first): count them, keep the
    # lowest (its first block in reading order).
    first: dict[int, int] = {}
    counts: dict[int, int] = {}
    for rowid in rowids:
        paper = rowid >> BLOCK_BITS
        first[paper] = rowid  # descending: the last seen is the lowest
        counts[paper] = counts.get(paper, 0) + 1
    left_out = {paper_rowid(paper_id) for paper_id in shown}
    order = sorted((p for p in first if p not in left_out), key=lambda p: (-counts[p], -p))
    # The ids of the best first, a result list's worth at a time, until enough pass.
    kept: list[tuple[int, str]] = []
    for start in range(0, len(order), limit):
        chunk = order[start : start + limit]
        ids = store.ids_and_upvotes(chunk)  # a stored text of a paper the cache lacks: none
        found = {ids[paper][0]: paper for paper in chunk if paper in ids}
        passed = passing(list(found)) if passing is not None else list(found)
        kept.extend((found[paper_id], paper_id) for paper_id in passed)
        if len(kept) >= limit:
            break
    terms = tuple(body_query(query).highlight_terms())
    hits = [TextHit(paper_id, first[paper] & MAX_BLOCK, terms) for paper, paper_id in kept]
    return TextHits(hits[:limit], capped)


def with_sentence(store: Store, hit: TextHit) -> TextHit:
    """The hit with its sentence and the text it matched, read from its block (one row)."""
    if hit.sentence:
        return hit
    text = store.text_block(hit.paper_id, hit.block) or ""
    sentence, found = excerpt(text, match_pattern(hit.terms))
    return replace(hit, sentence=sentence, find=found_words(text, hit.terms, found))
