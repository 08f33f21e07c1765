"""The search language, shared by the app's search box and ``dailypapers search``.

    plain words          all must match (the last one as a prefix while typing)
    "exact phrase"       the words next to each other
    -word  -"phrase"     must not match
    author:NAME  org:NAME  kw:KEYWORD   (quote a value with spaces: author:"Yann LeCun")
    tag:TAG              a tag of yours
    upvotes>N  upvotes>=N  upvotes<N  upvotes<=N  upvotes=N
    since:YYYY-MM-DD  until:YYYY-MM-DD  (the Daily Papers day, else the arXiv date)
    is:bookmarked  is:unread  is:read  has:code  has:project  has:note
    2404.01258  arXiv:2404.01258v2  a paper link    that paper (any of several ids)

Nothing typed is an error: an unknown filter, a filter with a bad value and a stray quote are
read as plain words. This module only parses; search.py turns a :class:`Query` into SQL.
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
_COMPARISON = re.compile(r"(?i)(upvotes|votes|stars|comments)(>=|<=|>|<|=|:)(\d{1,9})")
_COMPARISON_START = re.compile(r"(?i)(upvotes|votes|stars|comments)(>=|<=|>|<|=|:)")
# "upvotes > 100", spaced as people write it, reads as upvotes>100.
_SPACED_COMPARISON = re.compile(r"(?i)\b(upvotes|votes|stars|comments)\s*(>=|<=|>|<|=)\s*(?=\d)")
FILTER_HINTS = {
    "since": "YYYY-MM-DD",
    "until": "YYYY-MM-DD",
    "is": "bookmarked, unread or read",
    "has": "code, project, note, summary or tag",
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
HAS_VALUES = {"code", "github", "project", "note", "notes", "summary", "tag", "tags"}
_COUNT_COLUMNS = {
    "upvotes": "upvotes",
    "votes": "upvotes",
    "stars": "github_stars",
    "comments": "comments",
}


@dataclass(slots=True)
class Query:
    """A parsed search: what must match, what must not, and the filters."""

    text: str = ""
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # words or phrases
    fields: list[tuple[str, str]] = field(default_factory=list)  # (column, value)
    tags: list[str] = field(default_factory=list)
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (column, op, n)
    since: str | None = None
    until: str | None = None
    flags: set[str] = field(default_factory=set)  # bookmarked, unread, read
    has: set[str] = field(default_factory=set)  # code, project, note, summary, tag
    prefix: bool = False  # the last plain word is still being typed
    # Known filters with a value they cannot take (``since:2024-13-01``, ``is:foo``), read as
    # plain words instead; the command line says so, the app just shows what matches.
    misread: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # arXiv ids or paper links: any of these

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases or self.fields)

    @property
    def is_empty(self) -> bool:
        return not (
            self.has_text
            or self.excluded
            or self.tags
            or self.counts
            or self.since
            or self.until
            or self.flags
            or self.has
            or self.ids
        )

    def highlight_terms(self) -> list[str]:
        """Words to highlight in the text shown (the last one a prefix while typing)."""
        terms = list(self.words)
        for phrase in self.phrases:
            terms.extend(phrase.split())
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
    """What the filter of a misread word takes: ``since: takes YYYY-MM-DD``."""
    name, colon, _ = word.partition(":")
    if colon and name.lower() in FILTER_HINTS:
        return f"{name.lower()}: takes {FILTER_HINTS[name.lower()]}"
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


def parse_query(text: str, *, typing: bool = False) -> Query:
    """Parse a search string. ``typing``: the last plain word is a prefix (search as you type)."""
    # Whatever was typed or passed: no NULs, controls or unpaired surrogates reach SQLite.
    text = strip_unsafe((text or "")[:MAX_QUERY].encode("utf-8", "replace").decode("utf-8"))
    query = Query(text=text)
    text = _SPACED_COMPARISON.sub(r"\1\2", text)
    # A stray (unbalanced) quote is read as nothing at all: drop the last one.
    if text.count('"') % 2:
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
    last_plain_at = -1
    for match in _TOKEN.finditer(text):
        negate, name, quoted, bare = match.groups()
        if bare is None:  # a quoted value: "phrase", -"phrase" or field:"value"
            value = " ".join(quoted.split())
            if not value:
                continue
            if name and not negate and _apply_filter(query, name.lower(), value, quoted=True):
                continue
            if name:
                value = f"{name} {value}"
            (query.excluded if negate else query.phrases).append(value)
            continue
        if bare.startswith("-") and len(bare) > 1 and has_word_chars(bare):
            query.excluded.append(bare[1:])
            continue
        paper_id = normalise_paper_id(bare)
        if paper_id:  # 2404.01258, arXiv:2404.01258v2 or a pasted link: that very paper
            if paper_id not in query.ids:
                query.ids.append(paper_id)
            continue
        comparison = _COMPARISON.fullmatch(bare)
        if comparison:
            column = _COUNT_COLUMNS[comparison.group(1).lower()]
            op = {":": "="}.get(comparison.group(2), comparison.group(2))
            query.counts.append((column, op, int(comparison.group(3))))
            continue
        name, colon, value = bare.partition(":")
        if colon and value and _apply_filter(query, name.lower(), value, quoted=False):
            continue
        if (colon and name.lower() in FILTER_HINTS) or _COMPARISON_START.match(bare):
            query.misread.append(bare)
        if has_word_chars(bare):
            query.words.append(bare)
            last_plain_at = match.end()
    # Prefix only when the last thing typed is a plain word with no space after it yet.
    query.prefix = typing and last_plain_at == len(text) and bool(query.words)
    return query


def _apply_filter(query: Query, name: str, value: str, *, quoted: bool) -> bool:
    """Apply ``name:value``; False when it is not a filter we know (then it is plain text)."""
    lowered = value.lower()
    if name in TEXT_FIELDS and has_word_chars(value):
        query.fields.append((TEXT_FIELDS[name], value))
        return True
    if name == "tag" and value.strip():
        query.tags.append(value.strip().lstrip("#").lower())
        return True
    if name in ("since", "from", "until", "to", "before", "after") and not quoted:
        day = _valid_day(value)
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
    if name == "has" and lowered in HAS_VALUES:
        query.has.add({"github": "code", "notes": "note", "tags": "tag"}.get(lowered, lowered))
        return True
    return False
