"""A watch: a saved search of the search language, under a short name of the user's.

A watch matches a paper by what the paper is (its title, abstract, authors, organisation,
keywords, counts and dates) and by what the user keeps about it for ``is:``, ``tag:`` and
``has:note`` filters; a word of a note does not make a paper match a watch (it does in a
search), as a watch is about papers as they arrive, before anyone wrote on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .query import Query, misread_hint, parse_query
from .text import clean_line

MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class Watch:
    name: str
    query: str  # search-language text, as typed
    created_at: str  # a stamp (db.now_stamp); a config watch's is the library's first sight of it
    from_config: bool = False  # written in the config file's [watch] table: changed there only

    @property
    def created_day(self) -> str:
        """The day it was made (YYYY-MM-DD): papers listed from then on are new for you."""
        return self.created_at[:10]

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "query": self.query,
            "created_at": self.created_at,
            "from_config": self.from_config,
        }


def watch_name(text: object) -> str | None:
    """A watch's name as kept: one clean line, at most MAX_NAME characters; None if empty."""
    name = clean_line(text)
    return name[:MAX_NAME].strip() if name else None


def watch_problem(query_text: object) -> str | None:
    """Why ``query_text`` cannot be watched, in the parser's words; None when it can."""
    if not isinstance(query_text, str) or not query_text.strip():
        return "a watch needs a query, e.g. author:LeCun or kw:diffusion"
    query = parse_query(query_text)
    if query.misread:
        return "; ".join(misread_hint(word) for word in query.misread)
    if query.is_empty:
        return f"“{query_text.strip()}” has nothing to search for"
    if query.in_text:
        return "in:text cannot be watched (a watch matches titles, abstracts, authors and keywords)"
    return None


def parsed(watch: Watch) -> Query:
    return parse_query(watch.query)
