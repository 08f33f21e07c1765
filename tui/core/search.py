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
2. **Prefix queries.** Every plain word matches as the start of a word ("model" finds "models"),
   typed or not, in the app and the command line alike, so a query finds the same papers however
   it was run. FTS5 would expand ``mode*`` eagerly, merging the doclists of every word that
   starts with "mode" (model, models, modeling…) before returning anything: ~100 ms at 200,000
   papers. So a word is instead expanded into the few most frequent whole words it can become,
   taken from the titles and keywords of the newest papers (read once, then kept), and itself;
   they are OR-ed, and FTS5 walks an OR lazily, so the cost stays that of plain words. A
   one-letter word matches only itself (as a prefix it would match half the index).

A word of your note or of your tags also finds the paper (library.db, attached read-only: the
few papers you wrote on are checked against the other words, see _library_matches), and
``since:``/``until:`` match any day a paper was listed on (the listings table).

Every user word is quoted before it reaches FTS5 (``"word"``), so operators, ``*``, ``NEAR(``,
``:`` or quotes typed by the user are text, never query syntax.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from .db import StoreError
from .models import paper_rowid
from .query import Query, Term, has_word_chars, parse_query
from .search_sql import MATCHING, NOT_MATCHING, filter_conditions, not_among
from .store import Store
from .text_hit import TextHit
from .text_search import body_query, find_text_hits
from .user_text import UserText

RESULTS = 300  # results returned by default: more than anyone reads in a list
MAX_RESULTS = 1000
COMMON = 8000  # a word in more papers than this makes bm25 too slow (see above)
MIN_PREFIX = 2  # a one-letter prefix matches half the index: wait for the second letter
EXPANSIONS = 12  # whole words an unfinished word is expanded into
VOCABULARY_PAPERS = 5000  # newest papers whose titles and keywords give the vocabulary
_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class SearchResult:
    ids: list[str] = field(default_factory=list)
    total: int = 0  # matches found (a lower bound when capped)
    capped: bool = False  # more matched than were taken
    ranked: str = "bm25"  # "bm25", or "tiers" (title matches first, then by upvotes)
    query: Query | None = None
    # Papers found only in their stored full text (after every other match), with where.
    text_hits: dict[str, TextHit] = field(default_factory=dict)

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
        self.listed_before: dict[tuple[str | None, str], list[str]] = {}  # see _listed_before
        self.searched = False  # a search expanded words since the cache changed (_expander)

    def check(self, version: object) -> None:
        if version != self.version:
            self.version = version
            self.common.clear()
            self.vocabulary = None
            self.listed_before.clear()
            self.searched = False


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
    common = store.fts_count(_quote(word), COMMON + 1) > COMMON
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


def _vocabulary_texts(store: Store) -> list[str]:
    """The titles and keywords of the newest papers, in lower case: what words become."""
    rows = store.newest_titles_and_keywords(VOCABULARY_PAPERS)
    return [f"{title} {keywords or ''}".casefold() for title, keywords in rows]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches in a str pattern


def _read_vocabulary(store: Store, memory: SearchMemory) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for text in _vocabulary_texts(store):
        counts.update(set(_TOKEN.findall(text)))
    vocabulary = sorted(counts.items())
    with memory.lock:
        memory.vocabulary = vocabulary
    return vocabulary


def _expander(store: Store, memory: SearchMemory) -> Callable[[str], list[str]]:
    """Words → the whole words they can become. From the vocabulary when it has been read (the
    app reads it when search opens: prepare()). The first search on an unread vocabulary (the
    one query of ``dailypapers search``) instead counts only its own words' continuations in
    the same texts, the same way: the same words come out, in a third of the time (tokenising
    every word took most of it). A second search reads the vocabulary, for all that follow."""
    texts: list[str] | None = None
    with memory.lock:
        single, memory.searched = not memory.searched, True

    def candidates(prefix: str) -> list[tuple[int, str]]:
        nonlocal texts
        with memory.lock:
            vocabulary = memory.vocabulary
        if vocabulary is None and not single:
            vocabulary = _vocabulary(store, memory)
        if vocabulary is not None:
            start = bisect.bisect_left(vocabulary, (prefix, 0))
            found = []
            for word, papers in vocabulary[start:]:
                if not word.startswith(prefix):
                    break
                found.append((papers, word))
            return found
        if texts is None:
            texts = _vocabulary_texts(store)
        # The \w+ tokens that start with the prefix (itself made of word characters): a match
        # of prefix\w* not preceded by a word character. (A pattern that begins with the
        # literal is searched for quickly; a look-behind first would try every position.)
        starting = re.compile(re.escape(prefix) + r"\w*")
        counts: Counter[str] = Counter()
        for text in texts:
            if prefix in text:
                counts.update(
                    {
                        match.group()
                        for match in starting.finditer(text)
                        if not match.start() or not _is_word_char(text[match.start() - 1])
                    }
                )
        return [(papers, word) for word, papers in counts.items()]

    def expand(prefix: str) -> list[str]:
        prefix = prefix.casefold()
        found = candidates(prefix)
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

    Each plain word is the start of a word: expanded by ``expand`` into whole words when given,
    else FTS5's own ``"word"*``.
    """
    parts = [_group([(word, False)], expand) for word in query.words]
    parts.extend(_quote(phrase) for phrase in query.phrases if has_word_chars(phrase))
    parts.extend(_group(group, expand) for group in query.any_of)
    for column, value in query.fields:
        tokens = _TOKEN.findall(value)
        prefix = "*" if tokens and len(tokens[-1]) >= 3 else ""
        parts.append(f"{column} : ({_quote(value)}{prefix})")
    parts = [part for part in parts if part]
    if not parts:
        return None
    return " AND ".join(parts)


def _group(terms: list[Term], expand: Callable[[str], list[str]] | None) -> str:
    """One word or phrase, or several OR-ed (``a OR b``); "" when none has a word in it."""
    alternatives: list[str] = []
    for text, phrase in terms:
        if phrase:
            alternatives.extend([_quote(text)] if has_word_chars(text) else [])
        else:
            alternatives.extend(_word_start(text, expand))
    if len(alternatives) > 1:
        return "(" + " OR ".join(alternatives) + ")"
    return alternatives[0] if alternatives else ""


def _word_start(word: str, expand: Callable[[str], list[str]] | None) -> list[str]:
    """A plain word as the start of a word: "model" → "model", "models", "modeling"…; OR-ed.
    "3d-gau" is the phrase "3d gau…": its last part is the start of a word."""
    tokens = _TOKEN.findall(word)
    if not tokens:
        return []
    head, last = tokens[:-1], tokens[-1]
    if len(last) < MIN_PREFIX:
        return [_quote(" ".join(tokens))]  # one letter: only itself
    if expand is None:
        return [_quote(" ".join(tokens)) + "*"]
    return [_quote(" ".join([*head, whole])) for whole in expand(last)]


def _exclusion(query: Query, expand: Callable[[str], list[str]] | None = None) -> str | None:
    terms = [_group([(word, False)], expand) for word in query.excluded]
    terms.extend(_quote(t) for t in query.excluded_phrases if has_word_chars(t))
    terms = [term for term in terms if term]
    return " OR ".join(terms) if terms else None


def _words(expression: str) -> list[str]:
    """The distinct words of an expression (what bm25 would count papers for)."""
    words: dict[str, None] = {}
    for phrase in re.findall(r'"((?:[^"]|"")*)"', expression):
        for token in _TOKEN.findall(phrase.replace('""', '"').casefold()):
            words.setdefault(token, None)
    return list(words)


# --- filters ------------------------------------------------------------------------------------


def _filters(store: Store, query: Query) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``papers p`` for the non-text filters (search_sql.filter_conditions)."""
    return filter_conditions(query, _listed_before(store, query) if query.until else [])


def _listed_before(store: Store, query: Query) -> list[str]:
    """Papers listed in the date range that were listed again after its end (``until:``).
    Only papers of an arXiv month up to the end's can be (none is listed before it appears):
    a few hundred entries of the archive index, and their listings, with no paper row read;
    remembered for the range, as each keystroke after ``until:…`` asks again."""
    memory = _memory(store)
    key = (query.since, query.until or "")
    with memory.lock:
        known = memory.listed_before.get(key)
    if known is not None:
        return known
    until = query.until or ""
    rowids = store.listed_after(until, _until_bound(query))
    ids = [i for rowid in rowids for i in _ids_of_rowid(rowid)]
    found = store.listed_in_range(ids, until, query.since)
    with memory.lock:
        memory.listed_before[key] = found
    return found


def _ids_of_rowid(rowid: int) -> list[str]:
    """The paper id a rowid was made from (models.paper_rowid): 2607.27958 ← 260727958. An
    arXiv number below 10,000 may have been written with four digits or five."""
    month, number = divmod(rowid, 100_000)
    ids = [f"{month:04d}.{number:05d}"]
    if number < 10_000:
        ids.append(f"{month:04d}.{number:04d}")
    return ids


def matching_filters(store: Store, query: Query, ids: list[str]) -> list[str]:
    """The ids (in their order) that pass the query's filters, exclusions and field filters
    (``author:``, ``org:``, ``kw:``), whatever their plain words. For papers a web search found:
    its relevance decides about the words, but ``upvotes>100`` or ``-gills`` still hold."""
    if not ids:
        return []
    where, params = _filters(store, query)
    fields_only = Query(fields=list(query.fields))
    expression = fts_expression(fields_only)
    if expression:
        where.append(MATCHING)
        params.append(expression)
    expand = _expander(store, _memory(store)) if query.excluded else None
    exclusion = _exclusion(query, expand)
    if exclusion:
        where.append(NOT_MATCHING)
        params.append(exclusion)
    excluded = _excluded_by_you(store, query)
    passed = store.ids_passing(ids, where, params)
    return [paper_id for paper_id in ids if paper_id in passed and paper_id not in excluded]


def _excluded_by_you(store: Store, query: Query) -> set[str]:
    """Papers whose note or tags have a word or phrase the query excludes (``-todo``)."""
    terms: list[Term] = [(word, False) for word in query.excluded]
    terms.extend((phrase, True) for phrase in query.excluded_phrases)
    return UserText(store).matching(terms) if terms else set()


def _until_bound(query: Query) -> int | None:
    """The highest possible rowid for ``until:``: a paper is listed after its arXiv month."""
    if not query.until:
        return None
    year, month = int(query.until[:4]), int(query.until[5:7])
    if not 2000 <= year <= 2099:
        return None
    return ((year - 2000) * 100 + month + 1) * 100_000


# --- running it ---------------------------------------------------------------------------------


def search(store: Store, query: Query | str, *, limit: int = RESULTS) -> SearchResult:
    """Run a query against the cache; best match first. Never raises on odd input."""
    if isinstance(query, str):
        query = parse_query(query)
    result = SearchResult(query=query)
    if query.is_empty or query.misread:
        return result  # a misread filter: nothing is what it asked for (misread_hint says why)
    where, params = _filters(store, query)
    limit = max(1, min(limit, MAX_RESULTS))
    try:
        memory = _memory(store)
        wants_expansion = query.words or query.any_of or query.excluded
        expand = _expander(store, memory) if wants_expansion else None
        expression = fts_expression(query, expand)
        exclusion = _exclusion(query, expand)
        excluded = _excluded_by_you(store, query)
        if excluded:
            where.append(not_among(len(excluded)))
            params.extend(sorted(excluded))
        if expression is None:
            if exclusion:
                where.append(NOT_MATCHING)
                params.append(exclusion)
            _filter_only(store, result, where, params, limit)
            return result
        if query.in_text and query.has_terms:
            _add_text_hits(store, result, query, expand, limit)
            return result
        if exclusion:
            expression = f"({expression}) NOT ({exclusion})"
        if query.has_terms:
            found = _library_matches(store, query, expand)
        _matches(store, memory, result, expression, where, params, limit, _until_bound(query))
        if query.has_terms and found:
            # Found by a note or a tag of yours, not by the paper's text: first, as you wrote
            # that word on it.
            shown = set(result.ids)
            yours = [i for i in matching_filters(store, query, found) if i not in shown]
            result.ids = [*yours, *result.ids][:limit]
            result.total += len(yours)
        if query.has_terms and not result.capped and len(result.ids) < limit:
            _add_text_hits(store, result, query, expand, limit)
    except (sqlite3.OperationalError, StoreError) as error:
        # Quoting makes user text inert; this is the last line of defence, not the first.
        text = str(error).lower()
        if any(s in text for s in ("fts5", "syntax", "unterminated", "malformed match")):
            return SearchResult(query=query)
        raise
    return result


def _add_text_hits(
    store: Store,
    result: SearchResult,
    query: Query,
    expand: Callable[[str], list[str]] | None,
    limit: int,
) -> None:
    """After the other matches: papers whose stored full text has the words (text_search.py).
    Below every match of a title, an abstract or another field, as those say what the paper is
    about and a body may only mention it."""
    expression = fts_expression(body_query(query), expand)
    if expression is None:
        return
    exclusion = _exclusion(query, expand)
    if exclusion:
        expression = f"({expression}) NOT ({exclusion})"
    # Every body hit has a stored text: in:text need not be checked again.
    rest = replace(query, in_text=False, words=[], phrases=[], any_of=[])
    found = find_text_hits(
        store,
        query,
        expression,
        None if rest.is_empty else (lambda ids: matching_filters(store, rest, ids)),
        limit=limit - len(result.ids),
        shown=set(result.ids),
    )
    result.text_hits = {hit.paper_id: hit for hit in found.hits}
    result.ids = [*result.ids, *result.text_hits]
    result.total += len(found.hits)
    result.capped = result.capped or found.capped
    if query.in_text:
        result.ranked = "text"


def _library_matches(
    store: Store, query: Query, expand: Callable[[str], list[str]] | None
) -> list[str]:
    """Papers whose every word, phrase and OR group is in their text or in your note or tags
    for them, and at least one in your note or tags (in id order, newest first)."""
    groups: list[list[Term]] = [[(word, False)] for word in query.words]
    groups.extend([(phrase, True)] for phrase in query.phrases)
    groups.extend(query.any_of)
    user_text = UserText(store)
    if not user_text.texts:
        return []
    yours = [user_text.matching(group) for group in groups]
    candidates = set().union(*yours)
    if not candidates:
        return []
    for group, ids in zip(groups, yours, strict=True):
        rest = {paper_rowid(i): i for i in candidates - ids}
        if rest:
            # Driven by these few rowids: FTS5 seeks each in the doclists, never reads one whole.
            matched = store.matching_among(_group(group, expand), [*rest])
            candidates -= set(rest.values()) - {rest[rowid] for rowid in matched}
    return sorted(candidates, key=paper_rowid, reverse=True)


def _filter_only(
    store: Store, result: SearchResult, where: list[str], params: list[Any], limit: int
) -> None:
    rows = store.newest_passing(where, params, limit + 1)
    result.ids = rows[:limit]
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
    if not where:
        rowids = store.newest_matches(expression, bound, above, count + 1)
        return rowids[:count], len(rowids) > count
    # With filters, walk a bounded stretch of the newest matches and filter it: a selective
    # filter must not turn one keystroke into a walk through the whole index.
    walk = count * 4
    rowids = store.newest_matches_passing(
        expression, bound, above, walk + 1, where, params, count + 1
    )
    if len(rowids) > count:
        return rowids[:count], True
    # Fewer than asked for: all there are, unless the stretch walked was cut short.
    return rowids, store.newest_matches_count(expression, bound, above, walk + 1) > walk


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
        rows = store.ids_and_upvotes(ranked[:limit])
    else:
        # The title matches among those same newest matches: none older is looked for (they
        # would not be in the list anyway), which keeps the walk as short as the first.
        oldest = min(rowids) - 1
        title, _ = _newest(store, f"title : ({expression})", where, params, limit, None, oldest)
        rows = store.ids_and_upvotes(rowids)
        ranked = _tiers(title, rowids, rows)
        result.ranked = "tiers"
    result.ids = [rows[r][0] for r in ranked[:limit] if r in rows]
    result.total = max(result.total, len(result.ids))


def _bm25(
    store: Store, expression: str, rowids: list[int], where: list[str], params: list[Any]
) -> list[int]:
    """The rowids ranked by bm25 (title weighted highest), best first."""
    wanted = set(rowids)
    rows = store.bm25_scores(expression, min(rowids), where, params)
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


# --- saying why nothing matched -----------------------------------------------------------------

_LOCAL_FILTER = re.compile(r"(?i)^(is|has|tag):(.+)$")
_WHAT = {
    "code": "papers with a GitHub repository",
    "project": "papers with a project page",
    "summary": "papers with an AI summary",
    "note": "papers you wrote a note on",
    "tag": "papers you tagged",
    "bookmarked": "your bookmarks",
    "read": "papers you have read",
    "unread": "papers you have not read",
}
_NONE_YET: dict[str, tuple[Callable[[Store], bool], str]] = {
    "note": (Store.has_notes, "you have no notes yet (n writes one)"),
    "tag": (Store.has_tags, "you have no tags yet (n adds some)"),
    "bookmarked": (Store.has_bookmarks, "you have no bookmarks yet (b adds one)"),
    "read": (Store.has_reads, "no paper is marked read yet"),
}


def filter_notes(store: Store, query: Query) -> list[str]:
    """What the filters that only the cache and your library answer (``is:``, ``has:``,
    ``tag:``) keep, and which of them cannot match yet: for a search that found nothing.
    ``has:github keeps papers with a GitHub repository``, ``is:bookmarked keeps your
    bookmarks: you have no bookmarks yet (b adds one)``."""
    notes: list[str] = []
    for token in dict.fromkeys(query.text.split()):
        match = _LOCAL_FILTER.match(token)
        if not match or token in query.misread:
            continue
        name, value = match.group(1).lower(), match.group(2).strip('"').lower()
        if name == "tag":
            tag = value.lstrip("#")
            notes.append(
                f"{token} keeps papers you tagged {tag}…"
                + ("" if store.has_tag_starting(tag) else f": no tag of yours begins with “{tag}”")
            )
            continue
        key = parse_query(token)
        kind = next(iter(key.flags | key.has), None)
        if kind is None:
            continue
        note = f"{token} keeps {_WHAT[kind]}"
        if kind in _NONE_YET and not _NONE_YET[kind][0](store):
            note += f": {_NONE_YET[kind][1]}"
        notes.append(note)
    return notes


# --- what a watch matches (for_you.py) ------------------------------------------------------------

LIBRARY_HAS = frozenset({"note", "tag"})  # has: filters answered by the library, not the paper


def watch_parts(
    store: Store, query: Query, *, words: bool = True
) -> tuple[str | None, list[str], list[Any]]:
    """What a watch of ``query`` matches by the paper alone: the FTS5 expression (its words
    expanded as a search expands them, its exclusions folded in; None when it has no words)
    and the conditions on ``papers p`` of its filters, but not of the filters the library
    answers (``is:``, ``tag:``, ``has:note``: :func:`library_part`), which change without the
    cache changing. No ranking, no limit, and no word of a note makes a paper match.

    ``words`` False: the expression is not wanted (it was kept from the first match), so the
    words are not expanded (reading the vocabulary takes 70-160 ms), unless an exclusion
    without words needs them among the conditions."""
    paper_part = replace(query, tags=[], flags=set(), has=set(query.has) - LIBRARY_HAS)
    where, params = _filters(store, paper_part)
    if not words and (query.has_text or not (query.excluded or query.excluded_phrases)):
        return None, where, params
    wants_expansion = query.words or query.any_of or query.excluded
    expand = _expander(store, _memory(store)) if wants_expansion else None
    expression = fts_expression(query, expand)
    exclusion = _exclusion(query, expand)
    if exclusion and expression:
        expression = f"({expression}) NOT ({exclusion})"
    elif exclusion:
        where.append(NOT_MATCHING)
        params.append(exclusion)
    return expression, where, params


def library_part(query: Query) -> tuple[list[str], list[Any]]:
    """The conditions on ``papers p`` of a query's library filters (``is:``, ``tag:``,
    ``has:note``, ``has:tag``); none for most watches."""
    part = Query(tags=list(query.tags), flags=set(query.flags), has=set(query.has) & LIBRARY_HAS)
    return filter_conditions(part, [])
