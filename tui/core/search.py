"""Local full-text search: a :class:`~.query.Query` to a ranked list of paper ids, fast.

Why it is built this way. FTS5 can walk the matches of plain words newest first very cheaply (its
doclists are ordered by rowid, and the cache's rowid is the arXiv id as a number: store.py), and
stop after a few thousand rows. Two things are *not* cheap on a big cache, and the design keeps
them off the hot path:

1. **bm25's document frequencies.** Before scoring the first row, FTS5's bm25 counts, for every
   word of the query, how many papers contain it, by reading that word's whole doclist. For a
   word in most papers ("model", "the") that costs several milliseconds per word at 200,000
   papers, whatever the LIMIT. So bm25 (title weighted highest) ranks a result when it is
   affordable: no more matches than results asked for (300 by default), none of them a very
   common word (checked once per word and remembered). Otherwise, when a query is made of very
   common words, bm25 would barely tell the matches apart anyway, and the order is: papers
   whose *title* matches first, then the rest, each by upvotes, from the newest matches. The
   count then reads "N+".
2. **Prefix queries.** FTS5 expands ``mode*`` eagerly, merging the doclists of every word that
   starts with "mode" (model, models, modeling…) before returning anything: ~100 ms at 200,000
   papers. While typing, the unfinished last word is instead expanded into the few most frequent
   whole words it can become, taken from the titles of the newest papers (read once, then kept),
   and OR-ed: FTS5 walks an OR lazily, so the cost stays that of plain words. When the query is
   run finished (not typing), the prefix is not used at all.

Every user word is quoted before it reaches FTS5 (``"word"``), so operators, ``*``, ``NEAR(``,
``:`` or quotes typed by the user are text, never query syntax.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .db import StoreError
from .query import Query, has_word_chars, parse_query
from .schema import FTS_COLUMNS
from .store import Store

RESULTS = 300  # results returned by default: more than anyone reads in a list
MAX_RESULTS = 1000
COMMON = 8000  # a word in more papers than this makes bm25 too slow (see above)
MIN_PREFIX = 2  # a one-letter prefix matches half the index: wait for the second letter
EXPANSIONS = 12  # whole words an unfinished word is expanded into
VOCABULARY_PAPERS = 5000  # newest papers whose titles and keywords give the vocabulary
# bm25 weights, in FTS_COLUMNS order: title, abstract, ai_summary, keywords, authors, organization
WEIGHTS = (10.0, 1.0, 2.0, 4.0, 6.0, 3.0)
_BM25 = f"bm25(papers_fts, {', '.join(str(w) for w in WEIGHTS)})"
assert len(WEIGHTS) == len(FTS_COLUMNS)
_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class SearchResult:
    ids: list[str] = field(default_factory=list)
    total: int = 0  # matches found (a lower bound when capped)
    capped: bool = False  # more matched than were taken
    ranked: str = "bm25"  # "bm25", or "tiers" (title matches first, then by upvotes)
    query: Query | None = None

    @property
    def count_text(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


# --- what is remembered between searches --------------------------------------------------------


class SearchMemory:
    """Per store: which words are too common for bm25, and the vocabulary for prefixes.

    Both are forgotten when the cache changes (a refresh, another process writing).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.building = threading.Lock()  # one thread reads the vocabulary; others wait for it
        self.version: object = None
        self.common: dict[str, bool] = {}
        self.vocabulary: list[tuple[str, int]] | None = None  # (word, papers), sorted by word

    def check(self, version: object) -> None:
        if version != self.version:
            self.version = version
            self.common.clear()
            self.vocabulary = None


_memory_lock = threading.Lock()


def _memory(store: Store) -> SearchMemory:
    with _memory_lock:
        memory = getattr(store, "search_memory", None)
        if memory is None:
            memory = store.search_memory = SearchMemory()
    memory.check(store.data_version())
    return memory


def _is_common(store: Store, memory: SearchMemory, word: str) -> bool:
    with memory.lock:
        known = memory.common.get(word)
    if known is not None:
        return known
    rows = store.query(
        "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)",
        [_quote(word), COMMON + 1],
    )
    common = rows[0][0] > COMMON
    with memory.lock:
        memory.common[word] = common
    return common


def _vocabulary(store: Store, memory: SearchMemory) -> list[tuple[str, int]]:
    with memory.lock:
        if memory.vocabulary is not None:
            return memory.vocabulary
    with memory.building:
        with memory.lock:
            if memory.vocabulary is not None:
                return memory.vocabulary  # read by the thread this one waited for
        return _read_vocabulary(store, memory)


def _read_vocabulary(store: Store, memory: SearchMemory) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    rows = store.query(
        "SELECT title, keywords_text FROM papers ORDER BY rowid DESC LIMIT ?", [VOCABULARY_PAPERS]
    )
    for title, keywords in rows:
        counts.update(set(_TOKEN.findall(f"{title} {keywords or ''}".casefold())))
    vocabulary = sorted(counts.items())
    with memory.lock:
        memory.vocabulary = vocabulary
    return vocabulary


def _expander(store: Store, memory: SearchMemory) -> Callable[[str], list[str]]:
    def expand(prefix: str) -> list[str]:
        import bisect

        vocabulary = _vocabulary(store, memory)
        prefix = prefix.casefold()
        start = bisect.bisect_left(vocabulary, (prefix, 0))
        found = []
        for word, papers in vocabulary[start:]:
            if not word.startswith(prefix):
                break
            found.append((papers, word))
        found.sort(reverse=True)
        words = [word for _, word in found[:EXPANSIONS]]
        if prefix not in words:
            # The word as typed so far may be a whole word of an abstract, even when no title
            # or keyword (the vocabulary) has it: "tokenizer" beside the titles' "tokenizers".
            words[EXPANSIONS - 1 :] = [prefix]
        return words

    return expand


def prepare(store: Store) -> None:
    """Read now what the first unfinished word will need: the vocabulary takes 70–160 ms to
    read at 200,000 papers, which would otherwise fall on the second letter typed."""
    _vocabulary(store, _memory(store))


# --- the FTS5 expression ------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_expression(query: Query, expand: Callable[[str], list[str]] | None = None) -> str | None:
    """The FTS5 MATCH expression for the words, phrases and text fields; None if there are none.

    The last word, while typing, is a prefix: expanded by ``expand`` into whole words when given,
    else FTS5's own ``"word"*``.
    """
    parts: list[str] = []
    for index, word in enumerate(query.words):
        last = index == len(query.words) - 1
        if not (last and query.prefix):
            parts.append(_quote(word))
            continue
        tokens = _TOKEN.findall(word)
        if len(tokens) > 1:  # "3d-gau": "3d" is whole, "gau" the unfinished part
            parts.extend(_quote(t) for t in tokens[:-1])
        core = tokens[-1] if tokens else ""
        if len(core) >= MIN_PREFIX:
            if expand is None:
                parts.append(_quote(core) + "*")
            else:
                parts.append("(" + " OR ".join(_quote(w) for w in expand(core)) + ")")
        elif len(query.words) == 1 and not (query.phrases or query.fields):
            parts.append(_quote(word))  # a lone short word: match it whole
    parts.extend(_quote(phrase) for phrase in query.phrases if has_word_chars(phrase))
    for column, value in query.fields:
        tokens = _TOKEN.findall(value)
        prefix = "*" if tokens and len(tokens[-1]) >= 3 else ""
        parts.append(f"{column} : ({_quote(value)}{prefix})")
    if not parts:
        return None
    return " AND ".join(parts)


def _exclusion(query: Query) -> str | None:
    terms = [_quote(t) for t in query.excluded if has_word_chars(t)]
    return " OR ".join(terms) if terms else None


def _words(expression: str) -> list[str]:
    """The distinct words of an expression (what bm25 would count papers for)."""
    words: dict[str, None] = {}
    for phrase in re.findall(r'"((?:[^"]|"")*)"', expression):
        for token in _TOKEN.findall(phrase.replace('""', '"').casefold()):
            words.setdefault(token, None)
    return list(words)


# --- filters ------------------------------------------------------------------------------------


def _filters(query: Query) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``papers p`` for the non-text filters."""
    where: list[str] = []
    params: list[Any] = []
    if query.ids:
        where.append("p.id IN (" + ",".join("?" * len(query.ids)) + ")")
        params.extend(query.ids)
    for column, op, number in query.counts:
        where.append(f"p.{column} {op} ?")
        params.append(number)
    if query.since:
        where.append("p.sort_day >= ?")
        params.append(query.since)
    if query.until:
        where.append("p.sort_day <= ?")
        params.append(query.until)
    for tag in query.tags:
        where.append(
            "p.id IN (SELECT paper_id FROM lib.tags WHERE tag = ? OR tag LIKE ? ESCAPE '\\')"
        )
        escaped = tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.extend([tag, escaped + "%"])
    if "bookmarked" in query.flags:
        where.append("p.id IN (SELECT paper_id FROM lib.bookmarks)")
    if "unread" in query.flags:
        where.append("p.id NOT IN (SELECT paper_id FROM lib.reads)")
    if "read" in query.flags:
        where.append("p.id IN (SELECT paper_id FROM lib.reads)")
    for flag, column in (("code", "github_repo"), ("project", "project_page"),
                         ("summary", "ai_summary")):  # fmt: skip
        if flag in query.has:
            where.append(f"p.{column} IS NOT NULL")
    if "note" in query.has:
        where.append("p.id IN (SELECT paper_id FROM lib.notes)")
    if "tag" in query.has:
        where.append("p.id IN (SELECT paper_id FROM lib.tags)")
    return where, params


def matching_filters(store: Store, query: Query, ids: list[str]) -> list[str]:
    """The ids (in their order) that pass the query's filters, exclusions and field filters
    (``author:``, ``org:``, ``kw:``), whatever their plain words. For papers a web search found:
    its relevance decides about the words, but ``upvotes>100`` or ``-gills`` still hold."""
    if not ids:
        return []
    where, params = _filters(query)
    fields_only = Query(fields=list(query.fields))
    expression = fts_expression(fields_only)
    if expression:
        where.append("p.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(expression)
    exclusion = _exclusion(query)
    if exclusion:
        where.append("p.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(exclusion)
    passed: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conditions = " AND ".join(["p.id IN (" + ",".join("?" * len(chunk)) + ")", *where])
        rows = store.query(f"SELECT p.id FROM papers p WHERE {conditions}", [*chunk, *params])
        passed.update(row[0] for row in rows)
    return [paper_id for paper_id in ids if paper_id in passed]


def _until_bound(query: Query) -> int | None:
    """The highest possible rowid for ``until:``: a paper is listed after its arXiv month."""
    if not query.until:
        return None
    year, month = int(query.until[:4]), int(query.until[5:7])
    if not 2000 <= year <= 2099:
        return None
    return ((year - 2000) * 100 + month + 1) * 100_000


# --- running it ---------------------------------------------------------------------------------


def search(
    store: Store, query: Query | str, *, limit: int = RESULTS, typing: bool = False
) -> SearchResult:
    """Run a query against the cache; best match first. Never raises on odd input."""
    if isinstance(query, str):
        query = parse_query(query, typing=typing)
    result = SearchResult(query=query)
    if query.is_empty:
        return result
    where, params = _filters(query)
    limit = max(1, min(limit, MAX_RESULTS))
    try:
        memory = _memory(store)
        expand = _expander(store, memory) if query.prefix else None
        expression = fts_expression(query, expand)
        exclusion = _exclusion(query)
        if expression is None:
            if exclusion:
                where.append(
                    "p.rowid NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"
                )
                params.append(exclusion)
            _filter_only(store, result, where, params, limit)
            return result
        if exclusion:
            expression = f"({expression}) NOT ({exclusion})"
        _matches(store, memory, result, expression, where, params, limit, _until_bound(query))
    except (sqlite3.OperationalError, StoreError) as error:
        # Quoting makes user text inert; this is the last line of defence, not the first.
        text = str(error).lower()
        if any(s in text for s in ("fts5", "syntax", "unterminated", "malformed match")):
            return SearchResult(query=query)
        raise
    return result


def _filter_only(
    store: Store, result: SearchResult, where: list[str], params: list[Any], limit: int
) -> None:
    condition = " AND ".join(where) or "1"
    rows = store.query(
        f"SELECT p.id FROM papers p WHERE {condition} ORDER BY p.sort_day DESC, p.upvotes DESC"
        " LIMIT ?",
        [*params, limit + 1],
    )
    result.ids = [r[0] for r in rows[:limit]]
    result.total = len(result.ids)
    result.capped = len(rows) > limit
    result.ranked = "newest"


def _newest(
    store: Store,
    expression: str,
    where: list[str],
    params: list[Any],
    count: int,
    bound: int | None,
    above: int | None = None,
) -> tuple[list[int], bool]:
    """Up to ``count`` matching rowids, newest first (below ``bound``, above ``above``), and
    whether there were more."""
    limit_rowid = (" AND rowid < ?" if bound else "") + (" AND rowid > ?" if above else "")
    bound_params = [b for b in (bound, above) if b]
    if not where:
        rows = store.query(
            f"SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?{limit_rowid}"
            " ORDER BY rowid DESC LIMIT ?",
            [expression, *bound_params, count + 1],
        )
        rowids = [r[0] for r in rows]
        return rowids[:count], len(rowids) > count
    # With filters, walk a bounded stretch of the newest matches and filter it: a selective
    # filter must not turn one keystroke into a walk through the whole index. (As an IN list:
    # measured 2 ms where a join with a count over the stretch took 5.)
    walk = count * 4
    newest = (
        f"SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?{limit_rowid}"
        " ORDER BY rowid DESC LIMIT ?"
    )
    rows = store.query(
        f"SELECT p.rowid FROM papers p WHERE p.rowid IN ({newest})"
        f" AND {' AND '.join(where)} ORDER BY p.rowid DESC LIMIT ?",
        [expression, *bound_params, walk + 1, *params, count + 1],
    )
    rowids = [r[0] for r in rows]
    if len(rowids) > count:
        return rowids[:count], True
    # Fewer than asked for: all there are, unless the stretch walked was cut short.
    walked = store.query(f"SELECT count(*) FROM ({newest})", [expression, *bound_params, walk + 1])
    return rowids, walked[0][0] > walk


def _matches(
    store: Store,
    memory: SearchMemory,
    result: SearchResult,
    expression: str,
    where: list[str],
    params: list[Any],
    limit: int,
    bound: int | None,
) -> None:
    rowids, capped = _newest(store, expression, where, params, limit, bound)
    result.total = len(rowids)
    result.capped = capped
    if not rowids:
        return
    affordable = not capped and not any(
        _is_common(store, memory, word) for word in _words(expression)
    )
    if affordable:
        ranked = _bm25(store, expression, rowids, where, params)
        result.ranked = "bm25"
        rows = _rows(store, ranked[:limit])
    else:
        # The title matches among those same newest matches: none older is looked for (they
        # would not be in the list anyway), which keeps the walk as short as the first.
        oldest = min(rowids) - 1
        title, _ = _newest(store, f"title : ({expression})", where, params, limit, None, oldest)
        rows = _rows(store, rowids)
        ranked = _tiers(title, rowids, rows)
        result.ranked = "tiers"
    result.ids = [rows[r][0] for r in ranked[:limit] if r in rows]
    result.total = max(result.total, len(result.ids))


def _bm25(
    store: Store, expression: str, rowids: list[int], where: list[str], params: list[Any]
) -> list[int]:
    """The rowids ranked by bm25 (title weighted highest), best first."""
    wanted = set(rowids)
    join = " JOIN papers p ON p.rowid = papers_fts.rowid" if where else ""
    condition = "".join(f" AND {w}" for w in where)
    rows = store.query(
        f"SELECT papers_fts.rowid, {_BM25} FROM papers_fts{join}"
        f" WHERE papers_fts MATCH ? AND papers_fts.rowid >= ?{condition}",
        [expression, min(rowids), *params],
    )
    scores = {rowid: score for rowid, score in rows if rowid in wanted}
    return sorted(scores, key=lambda rowid: (scores[rowid], -rowid))


def _tiers(
    title: list[int], rowids: list[int], rows: dict[int, tuple[str, int | None]]
) -> list[int]:
    """Title matches first, then the other matches; each by upvotes, then newest."""
    order = lambda rowid: (-(rows[rowid][1] or 0), -rowid)  # noqa: E731
    first = sorted({r for r in title if r in rows}, key=order)
    seen = set(first)
    return first + sorted((r for r in rowids if r not in seen and r in rows), key=order)


def _rows(store: Store, rowids: list[int]) -> dict[int, tuple[str, int | None]]:
    """rowid → (paper id, upvotes), in one read per 900 rowids."""
    found: dict[int, tuple[str, int | None]] = {}
    for start in range(0, len(rowids), 900):
        chunk = rowids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for rowid, paper_id, upvotes in store.query(
            f"SELECT rowid, id, upvotes FROM papers WHERE rowid IN ({marks})", chunk
        ):
            found[rowid] = (paper_id, upvotes)
    return found
