"""The search language, shared by the app's search box and ``dailypapers search``.

    plain words          all must match, each as the start of a word ("model" finds "models")
    "exact phrase"       the words next to each other, exactly
    a OR b               either (OR in capitals, between words or phrases); AND may be written
    -word  -"phrase"  NOT word    must not match
    author:NAME  org:NAME  kw:KEYWORD   (quote a value with spaces: author:"Yann LeCun")
    tag:TAG              a tag of yours
    upvotes>N  upvotes>=N  upvotes<N  upvotes<=N  upvotes=N
    since:YYYY-MM-DD  until:YYYY-MM-DD  (any Daily Papers day it was listed on, else its arXiv date)
    is:bookmarked  is:unread  is:read  has:code  has:project  has:note
    in:text              only the full texts you have stored (their words must be in one block)
    2404.01258  arXiv:2404.01258v2  a paper link    that paper (any of several ids)

Nothing typed is an error. An unknown filter (``foo:bar``) and a stray quote are plain text. A
known filter with a value it cannot take (``since:2026-13-45``, ``is:foo``, an empty ``author:``)
is *misread*: the query then matches nothing, is not sent to the web, and :func:`misread_hint`
says what is wrong. A typed query, the same query after Enter or a refresh, and the command line
all read it the same way, so they find the same papers.
This module only parses; search.py turns a :class:`Query` into SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .models import normalise_paper_id
from .text import strip_unsafe

MAX_QUERY = 1000  # characters considered; the rest is ignored
_WORD_CHARS = re.compile(r"\w", re.UNICODE)
_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?"([^"]*)"|(\S+)')
_COMPARISON = re.compile(r"(?ia)(upvotes|votes|stars|comments)(>=|<=|>|<|=|:)(\d{1,9})")
_COMPARISON_START = re.compile(r"(?i)(upvotes|votes|stars|comments)(>=|<=|>|<|=|:)")
# "upvotes > 100", spaced as people write it, reads as upvotes>100.
_SPACED_COMPARISON = re.compile(r"(?i)\b(upvotes|votes|stars|comments)\s*(>=|<=|>|<|=)\s*(?=\d)")
_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}", re.ASCII)
# A quote opened right after a filter's name and not closed yet: author:"Yann Le (being typed).
_OPEN_VALUE = re.compile(r'(?:^|\s)[A-Za-z]+:"[^"]*$')
OPERATORS = ("OR", "AND", "NOT")  # in capitals, as search engines take them; "or" is a word
DATE_FILTERS = ("since", "from", "after", "until", "to", "before")
FILTER_HINTS = {
    "since": "a date as YYYY-MM-DD, e.g. since:2026-07-01",
    "from": "a date as YYYY-MM-DD, e.g. from:2026-07-01",
    "after": "a date as YYYY-MM-DD, e.g. after:2026-07-01",
    "until": "a date as YYYY-MM-DD, e.g. until:2026-07-31",
    "to": "a date as YYYY-MM-DD, e.g. to:2026-07-31",
    "before": "a date as YYYY-MM-DD, e.g. before:2026-07-31",
    "is": "bookmarked, unread or read",
    "has": "code, project, note, summary or tag",
    "tag": "one of your tags, e.g. tag:toread",
    "author": "a name, e.g. author:LeCun",
    "authors": "a name, e.g. authors:LeCun",
    "org": "a name, e.g. org:nvidia",
    "kw": "a keyword, e.g. kw:diffusion",
    "keyword": "a keyword, e.g. keyword:diffusion",
    "title": "words, e.g. title:diffusion",
    "abstract": "words, e.g. abstract:diffusion",
    "in": "text, e.g. in:text diffusion",
}
TEXT_FIELDS = {
    "author": "authors_text",
    "authors": "authors_text",
    "org": "organization",
    "kw": "keywords_text",
    "keyword": "keywords_text",
    "title": "title",
    "abstract": "abstract",
}
IS_VALUES = {"bookmarked", "bookmark", "unread", "read", "starred"}
IN_VALUES = {"text", "body", "fulltext"}
HAS_VALUES = {"code", "github", "project", "note", "notes", "summary", "tag", "tags"}
_COUNT_COLUMNS = {
    "upvotes": "upvotes",
    "votes": "upvotes",
    "stars": "github_stars",
    "comments": "comments",
}

Term = tuple[str, bool]  # (text, is a phrase): one alternative of an OR


@dataclass(slots=True)
class Query:
    """A parsed search: what must match, what must not, and the filters."""

    text: str = ""
    words: list[str] = field(default_factory=list)  # each the start of a word
    phrases: list[str] = field(default_factory=list)  # exact
    any_of: list[list[Term]] = field(default_factory=list)  # a OR b: one of each group
    excluded: list[str] = field(default_factory=list)  # words (each the start of a word)
    excluded_phrases: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)  # (column, value)
    tags: list[str] = field(default_factory=list)
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (column, op, n)
    since: str | None = None
    until: str | None = None
    flags: set[str] = field(default_factory=set)  # bookmarked, unread, read
    has: set[str] = field(default_factory=set)  # code, project, note, summary, tag
    # Known filters with a value they cannot take (``since:2024-13-01``, ``is:foo``, ``author:``):
    # the query matches nothing and is not sent to the web; misread_hint() says why.
    misread: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # arXiv ids or paper links: any of these
    # ``in:text``: only papers whose stored full text has the words (in one block), and no
    # match in their title, abstract or other fields counts.
    in_text: bool = False

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases or self.any_of or self.fields)

    @property
    def has_terms(self) -> bool:
        """Words or phrases of the paper's text (which a note or a tag of yours may also have)."""
        return bool(self.words or self.phrases or self.any_of)

    @property
    def is_empty(self) -> bool:
        return not (
            self.has_text
            or self.excluded
            or self.excluded_phrases
            or self.tags
            or self.counts
            or self.since
            or self.until
            or self.flags
            or self.has
            or self.ids
            or self.misread
            or self.in_text
        )

    @property
    def web_words(self) -> str:
        """What a web search is asked: the words, phrases and text filters' values."""
        alternatives = [text for group in self.any_of for text, _ in group]
        values = [value for _, value in self.fields]
        return " ".join([*self.words, *self.phrases, *alternatives, *values]).strip()

    @property
    def asks_web(self) -> bool:
        """Would the web be asked (online, outside the bookmarks)? Not for filters alone, and
        not for a misread query, whose words would find papers it does not mean."""
        return not self.misread and not self.in_text and bool(self.web_words or self.ids)

    def highlight_terms(self) -> list[str]:
        """Words to highlight in the text shown (each the start of a word)."""
        terms = list(self.words)
        for phrase in self.phrases:
            terms.extend(phrase.split())
        for group in self.any_of:
            for text, _ in group:
                terms.extend(text.split())
        for column, value in self.fields:
            if column in ("title", "abstract", "keywords_text"):
                terms.extend(value.split())
        return [t for t in terms if has_word_chars(t)]


def match_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """What to highlight for ``terms``: each as the start of a word, to the word's end, any
    case (``agent`` marks "Agents"), as the search matches them."""
    pattern = "|".join(rf"\b{re.escape(term)}" for term in terms if term)
    return re.compile(rf"(?i)(?:{pattern})\w*") if pattern else None


def misread_hint(word: str) -> str:
    """What is wrong with a misread filter: ``since: 2026-13-45 is not a real date``,
    ``since: takes a date as YYYY-MM-DD, e.g. since:2026-07-01``, ``author: needs a name``."""
    name, colon, value = word.partition(":")
    name = name.lower()
    if colon and name in FILTER_HINTS:
        value = value.strip('"')
        if name in DATE_FILTERS and _DATE_SHAPE.fullmatch(value):
            return f"{name}: {value} is not a real date"
        if not value.strip() and name not in ("is", "has"):
            return f"{name}: needs {FILTER_HINTS[name]}"
        return f"{name}: takes {FILTER_HINTS[name]}"
    match = _COMPARISON_START.match(word)
    column = match.group(1).lower() if match else "upvotes"
    return f"{column} compares with a whole number, e.g. {column}>50"


def has_word_chars(text: str) -> bool:
    return bool(_WORD_CHARS.search(text))


def _valid_day(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def parse_query(text: str) -> Query:
    """Parse a search string (the same way while it is typed, after Enter and in the CLI)."""
    # Whatever was typed or passed: no NULs, controls or unpaired surrogates reach SQLite.
    text = strip_unsafe((text or "")[:MAX_QUERY].encode("utf-8", "replace").decode("utf-8"))
    query = Query(text=text)
    text = _SPACED_COMPARISON.sub(r"\1\2", text)
    if text.count('"') % 2:
        if _OPEN_VALUE.search(text):
            text += '"'  # author:"Yann Le: the name as typed so far
        else:  # any other stray (unbalanced) quote is read as nothing at all: drop the last one
            index = text.rfind('"')
            text = text[:index] + " " + text[index + 1 :]
    terms: list[list[Term]] = []  # the words and phrases that must match, an OR group each
    operator = ""  # OR or NOT just read
    after_term = False  # the last thing read was a word or a phrase that must match

    def add_term(term: Term) -> None:
        nonlocal operator, after_term
        if operator == "NOT":
            (query.excluded_phrases if term[1] else query.excluded).append(term[0])
            after_term = False
        elif operator == "OR" and after_term and terms:
            if term not in terms[-1]:
                terms[-1].append(term)
        else:
            terms.append([term])
            after_term = True
        operator = ""

    for match in _TOKEN.finditer(text):
        negate, name, quoted, bare = match.groups()
        if bare in OPERATORS:
            operator = "" if bare == "AND" else bare
            continue
        if bare is None:  # a quoted value: "phrase", -"phrase" or field:"value"
            value = " ".join(quoted.split())
            if name and not negate and name.lower() in FILTER_HINTS:
                if not _apply_filter(query, name.lower(), value):
                    query.misread.append(f"{name}:{quoted}")
                operator, after_term = "", False
                continue
            if not value:
                continue
            if name:
                value = f"{name} {value}"
            if negate:
                query.excluded_phrases.append(value)
                operator, after_term = "", False
            else:
                add_term((value, True))
            continue
        if bare.startswith("-") and len(bare) > 1 and has_word_chars(bare):
            query.excluded.append(bare[1:])
            operator, after_term = "", False
            continue
        paper_id = normalise_paper_id(bare)
        if paper_id:  # 2404.01258, arXiv:2404.01258v2 or a pasted link: that very paper
            if paper_id not in query.ids:
                query.ids.append(paper_id)
            operator, after_term = "", False
            continue
        comparison = _COMPARISON.fullmatch(bare)
        name, colon, value = bare.partition(":")
        if comparison:
            column = _COUNT_COLUMNS[comparison.group(1).lower()]
            op = {":": "="}.get(comparison.group(2), comparison.group(2))
            query.counts.append((column, op, int(comparison.group(3))))
        elif (colon and name.lower() in FILTER_HINTS) or _COMPARISON_START.match(bare):
            if not (colon and _apply_filter(query, name.lower(), value)):
                query.misread.append(bare)
        elif has_word_chars(bare):
            add_term((bare, False))
            continue
        else:
            continue
        operator, after_term = "", False
    for group in terms:
        if len(group) > 1:
            query.any_of.append(group)
        elif group[0][1]:
            query.phrases.append(group[0][0])
        elif group[0][0] not in query.words:
            query.words.append(group[0][0])
    return query


def _apply_filter(query: Query, name: str, value: str) -> bool:
    """Apply ``name:value``; False when the filter cannot take that value."""
    lowered = value.lower()
    if name in TEXT_FIELDS:
        if not has_word_chars(value):
            return False
        query.fields.append((TEXT_FIELDS[name], value))
        return True
    if name == "tag":
        tag = value.strip().lstrip("#").lower()
        if not tag:
            return False
        query.tags.append(tag)
        return True
    if name in DATE_FILTERS:
        day = _valid_day(value.strip())
        if day is None:
            return False
        if name in ("since", "from", "after"):
            query.since = day
        else:
            query.until = day
        return True
    if name == "is" and lowered in IS_VALUES:
        query.flags.add({"bookmark": "bookmarked", "starred": "bookmarked"}.get(lowered, lowered))
        return True
    if name == "in" and lowered in IN_VALUES:
        query.in_text = True
        return True
    if name == "has" and lowered in HAS_VALUES:
        query.has.add({"github": "code", "notes": "note", "tags": "tag"}.get(lowered, lowered))
        return True
    return False
