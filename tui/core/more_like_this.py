"""More like this: papers related to one paper, from the local cache only (works offline).

Three kinds of evidence, each scored, summed per candidate, best first (the paper itself left
out), each result saying why it is there (:class:`~.related.Related`):

- **shared authors** (exact names, any case), worth the most: a name found on many papers
  (a common name, or a lab's head) weighs less;
- **shared AI keywords**, weighted by how rare each keyword is in the cache (inverse document
  frequency): sharing "large language models" says little, sharing "speculative decoding" a lot;
- **the paper's distinctive words**: the words of its title, keywords and abstract that few
  cached papers have (counted in the full-text index, up to COMMON_WORD: a word in more papers
  is common and dropped, however often the paper uses it), OR-ed and ranked by bm25 over the
  index (title weighted highest). Papers sharing only common words never score.

Candidates come, a bounded number each, from the cache's index of whole names and keywords
(schema.RELATED_INDEX: each name one word there) and from the full-text index (the distinctive
words); exact shared names and keywords are checked on the candidates' own lists. At 200,000
papers: p50 about 11 ms, p95 about 17 ms (bench/foryou.py).
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from json.encoder import encode_basestring

from . import related_sql
from .models import paper_rowid
from .related import Related
from .store import Store

RESULTS = 20
MAX_AUTHORS = 30  # of a paper's authors, the first this many are looked for
PER_NAME = 30  # candidates by shared authors, and as many by shared keywords
COMMON_NAME = 200  # an author on more papers than this weighs less
COMMON_WORD = 1500  # a word in more papers than this is not distinctive
WORDS_TRIED = 16  # candidate words counted in the index
WORDS_USED = 8  # distinctive words OR-ed into the ranked query
WORD_HITS = 60  # papers ranked by the distinctive words
WORD_PAPERS = 3000  # at most about this many papers have any of the words ranked
AUTHOR_WEIGHT, COMMON_AUTHOR_WEIGHT = 3.0, 1.0
KEYWORD_WEIGHT = 2.0
WORDS_WEIGHT = 2.5  # the best match of the distinctive words
_TOKEN = re.compile(r"\w+")
# Words no paper is told apart by (the index would count each, to find it common).
_STOP_TEXT = """
    a about above across after again against all almost also although always am among an and
    another any are as at be because been before being below between both but by can could
    did do does doing done down during each either enough especially et etc even ever every
    few for from further furthermore had has have having he her here hers him his how
    however i if in into is it its itself just least less many may me might more moreover
    most much must my neither no nor not of off often on once one only or other others
    otherwise our out over own per rather same several she should show shows shown since so
    some such than that the their them then there thereby therefore these they this those
    though through thus to too two under until up upon us use used uses using very via was
    we well were what when where whether which while who whom whose why will with within
    without would yet you your paper propose proposed novel new approach method methods
    results based existing work study present achieve achieves improve improves performance
    state art across significantly large
"""
STOPWORDS = frozenset(_STOP_TEXT.split())


@dataclass(slots=True)
class _Memory:
    """Per store, while the cache is unchanged: word and name counts already read."""

    version: object = None
    counts: dict[str, int] = field(default_factory=dict)
    papers: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


_memories: dict[int, _Memory] = {}
_memories_lock = threading.Lock()


def _memory(store: Store) -> _Memory:
    with _memories_lock:
        memory = _memories.setdefault(id(store), _Memory())
    version = store.data_version()
    with memory.lock:
        if memory.version != version:
            memory.version, memory.counts, memory.papers = version, {}, 0
    return memory


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _count(store: Store, memory: _Memory, expression: str, cap: int) -> int:
    with memory.lock:
        known = memory.counts.get(expression)
    if known is None:
        known = store.run_read(related_sql.count_matching, expression, cap)
        with memory.lock:
            memory.counts[expression] = known
    return known


def distinctive_words(store: Store, text: str, title: str) -> list[tuple[str, float]]:
    """The words of ``text`` that few cached papers have, most distinctive first, with their
    weight (how often the paper uses them, title words double, times their rarity)."""
    memory = _memory(store)
    papers = _papers(store, memory)
    counts: Counter[str] = Counter()
    for word in _TOKEN.findall(text.casefold()):
        if len(word) > 2 and not word.isdigit() and word not in STOPWORDS:
            counts[word] += 1
    for word in set(_TOKEN.findall(title.casefold())):
        if word in counts:
            counts[word] += 2
    weighted = []
    # In a small cache, a word of one paper in twenty is common too.
    common = max(3, min(COMMON_WORD, papers // 20))
    for word, often in counts.most_common(WORDS_TRIED):
        found = _count(store, memory, _quote(word), common + 1)
        if 1 < found <= common:  # in one paper only: its own word, relates to nothing
            weighted.append((word, (1 + math.log(often)) * math.log(papers / found), found))
    weighted.sort(key=lambda item: -item[1])
    # The ranked query scores every paper with any of the words: words of a thousand papers
    # each made it 10-20 ms at 200,000 papers. The least distinctive words beyond a budget of
    # papers are left out (the most distinctive one always stays).
    chosen: list[tuple[str, float]] = []
    budget = WORD_PAPERS
    for word, weight, found in weighted[:WORDS_USED]:
        if chosen and found > budget:
            continue
        budget -= found
        chosen.append((word, weight))
    return chosen


def _papers(store: Store, memory: _Memory) -> int:
    with memory.lock:
        papers = memory.papers
    if not papers:
        papers = max(store.run_read(related_sql.paper_count), 1)
        with memory.lock:
            memory.papers = papers
    return papers


def more_like_this(store: Store, paper_id: str, limit: int = RESULTS) -> list[Related]:
    """Papers related to ``paper_id``, best first, each with its reasons; [] when the paper is
    not cached or nothing relates to it."""
    paper = store.paper(paper_id)
    if paper is None:
        return []
    memory = _memory(store)
    _papers(store, memory)
    own = paper_rowid(paper.id)
    # Candidates: the newest papers with any of the names (newest first: ranking every paper
    # of a prolific name took 55 ms), and those with any of the keywords; scored on their exact
    # lists of names and keywords (_score).
    candidates: set[int] = set()
    name_weight: dict[str, float] = {}
    names = [a for a in dict.fromkeys(paper.authors) if a.strip()][:MAX_AUTHORS]
    if names:
        candidates.update(store.run_read(related_sql.newest_sharing, "names", names, PER_NAME))
        for name in names:
            name_weight[name.casefold()] = AUTHOR_WEIGHT
    keyword_weight: dict[str, float] = {}
    keywords = list(dict.fromkeys(k for k in paper.ai_keywords if k.strip()))
    if keywords:
        candidates.update(
            store.run_read(related_sql.newest_sharing, "keywords", keywords, PER_NAME)
        )
        for keyword in keywords:
            keyword_weight[keyword.casefold()] = KEYWORD_WEIGHT  # made relative in _score
    text = " ".join(filter(None, [paper.title, " ".join(paper.ai_keywords), paper.abstract]))
    words = distinctive_words(store, text, paper.title)
    word_scores: dict[int, float] = {}
    if words:
        expression = " OR ".join(_quote(word) for word, _ in words)
        ranked = store.run_read(related_sql.best_matching, expression, WORD_HITS)
        best = min((score for _, score in ranked), default=0.0)
        for rowid, score in ranked:
            if best < 0:
                word_scores[rowid] = WORDS_WEIGHT * score / best
    candidates.update(word_scores)
    candidates.discard(own)
    if not candidates:
        return []
    scored = _score(store, sorted(candidates), name_weight, keyword_weight, word_scores)
    scored.sort(key=lambda r: (-r.score, -paper_rowid(r.paper_id)))
    return _with_words(store, scored[:limit], [w for w, _ in words])


def _score(
    store: Store,
    rowids: list[int],
    name_weight: dict[str, float],
    keyword_weight: dict[str, float],
    word_scores: dict[int, float],
) -> list[Related]:
    """Each candidate scored on its exact names and keywords. A keyword weighs less the more
    of the candidates have it: the newest papers with any of the paper's keywords stand for
    the cache there (counting each keyword's papers in the index took 6 ms a paper)."""
    rows = []
    names, keywords = _in_json(name_weight), _in_json(keyword_weight)
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        for rowid, paper_id, authors_json, keywords_json in store.run_read(
            related_sql.people_and_keywords, chunk
        ):
            shared_authors = _shared(authors_json, names, name_weight)
            shared_keywords = _shared(keywords_json, keywords, keyword_weight)
            rows.append((rowid, paper_id, shared_authors, shared_keywords))
    having: Counter[str] = Counter()
    for _, _, _, shared_keywords in rows:
        having.update({k.casefold() for k in shared_keywords})
    weight = {
        keyword: base * (0.25 + 0.75 * (1 - having[keyword] / max(len(rows), PER_NAME)))
        for keyword, base in keyword_weight.items()
    }
    found: list[Related] = []
    for rowid, paper_id, shared_authors, shared_keywords in rows:
        score = sum(name_weight[a.casefold()] for a in dict.fromkeys(shared_authors))
        score += sum(
            weight[k.casefold()] for k in dict.fromkeys(k.casefold() for k in shared_keywords)
        )
        score += word_scores.get(rowid, 0.0)
        if score > 0:
            found.append(Related(paper_id, score, shared_authors, shared_keywords))
    return found


def _in_json(weights: dict[str, float]) -> list[str]:
    """Each (casefolded) value as it shows inside a casefolded JSON list."""
    return [encode_basestring(value)[1:-1] for value in weights]


def _shared(text: str, in_json: list[str], weights: dict[str, float]) -> tuple[str, ...]:
    """The items of the JSON list ``text`` that are keys of ``weights`` (any case). The list is
    parsed only when one of them shows in its text: most candidates share none, and parsing
    every list was a third of the time of "more like this"."""
    folded = text.casefold()
    if not any(value in folded for value in in_json):
        return ()
    return tuple(item for item in _strings(text) if item.casefold() in weights)


def _strings(text: str) -> list[str]:
    try:
        values = json.loads(text)
    except ValueError:
        return []
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def _with_words(store: Store, related: list[Related], words: list[str]) -> list[Related]:
    """The distinctive words each result has, for its reasons."""
    if not related or not words:
        return related
    texts = store.run_read(related_sql.texts, [paper_rowid(r.paper_id) for r in related])
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")
    result = []
    for item in related:
        text = texts.get(paper_rowid(item.paper_id), "").casefold()
        has = {match.group(1) for match in pattern.finditer(text)}
        shared = tuple(word for word in words if word in has)
        result.append(Related(item.paper_id, item.score, item.authors, item.keywords, shared))
    return result
