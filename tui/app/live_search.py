"""One search as it is typed: which keystroke's results are on screen, what the web added.

Every keystroke is numbered; a result that comes back after a newer keystroke's is dropped.
The screen runs the searches (threads, the web) and draws; this object decides, and knows
nothing of Textual, so its decisions are tested without an app.
"""

from __future__ import annotations

from ..core.errors import shortened
from ..core.query import Query, misread_hint, parse_query
from ..core.search import SearchResult, filter_notes, search
from ..core.store import Store
from ..core.views import ViewSpec
from .search_frame import SearchFrame

LABEL_WIDTH = 40  # characters of the query in the header: the count must stay in view


def search_query(text: str, bookmarks_only: bool) -> Query:
    """The query for ``text``: the same reading while typing, after Enter and on a refresh,
    so the same papers."""
    query = parse_query(text)
    if bookmarks_only:
        query.flags.add("bookmarked")
    return query


def search_cache(store: Store, text: str, bookmarks_only: bool) -> tuple[SearchResult, list[str]]:
    """The cache's results for ``text``, and when nothing matched, what its filters keep.
    Run in a thread: it reads SQLite (``StoreError`` goes up)."""
    query = search_query(text, bookmarks_only)
    result = search(store, query)
    # Why nothing matched, read here (the library) rather than on the UI thread.
    notes = filter_notes(store, query) if not result.ids else []
    return result, notes


class LiveSearch:
    """Where search was opened from, and what is in flight."""

    def __init__(self, spec: ViewSpec, paper_id: str | None, follow: bool) -> None:
        self.return_spec = spec
        self.return_paper = paper_id
        self.return_follow = follow
        self.sequence = 0  # bumped by every keystroke; older results are dropped
        self.shown = -1
        self.shown_text = ""  # the text whose results are on screen
        self.text = ""
        self.local: SearchResult | None = None
        self.web_ids: list[str] = []  # found on the web, not cached before: marked ⇣
        self.bookmarks_only = spec.kind == "bookmarks"
        self.web_for = -1  # the keystroke the web's answer belongs to
        self.web_failed_for = -1  # the keystroke whose web search failed
        self.from_web: set[str] = set()  # every paper a web search stored during this search
        self.notes: list[str] = []  # what the filters of the results shown keep (filter_notes)

    def typed(self, text: str) -> int:
        """A keystroke: its number."""
        self.sequence += 1
        self.text = text
        return self.sequence

    def is_latest(self, sequence: int) -> bool:
        return sequence == self.sequence

    def pending(self, box_text: str) -> bool:
        """Are the results of the query as typed still on their way? The box may be ahead of
        the screen, which has not seen its latest edits yet."""
        return self.shown < self.sequence or self.shown_text != box_text

    def accept(
        self,
        sequence: int,
        text: str,
        result: SearchResult,
        web_ids: list[str] | None,
        notes: list[str] | None = None,
    ) -> list[str] | None:
        """Take the results of keystroke ``sequence`` (with the web's papers when
        ``web_ids`` is given); the ids to show, local ones first, or None when a newer
        keystroke's results are already on screen."""
        if sequence < self.shown:
            return None
        self.shown = sequence
        self.shown_text = text
        self.local = result
        if notes is not None:
            self.notes = notes
        if web_ids is not None:
            self.web_ids, self.web_for = web_ids, sequence
        elif self.web_for != sequence:
            self.web_ids = []  # the web's answer was for other words
        local_ids = set(result.ids)
        return [*result.ids, *(i for i in self.web_ids if i not in local_ids)]

    def frame(
        self,
        sequence: int,
        text: str,
        result: SearchResult,
        web_ids: list[str] | None,
        notes: list[str] | None = None,
    ) -> SearchFrame | None:
        """What the results of keystroke ``sequence`` put on screen (``accept``, then the
        header's words); None when a newer keystroke's results are already there."""
        ids = self.accept(sequence, text, result, web_ids, notes)
        if ids is None:
            return None
        label, count, order = self.header_words(text, result, ids)
        return SearchFrame(
            ids=ids,
            from_web=set(self.web_ids),
            spec=ViewSpec(kind="search", sort="relevance", tag=text.strip()),
            label=label,
            count=count if ids else 0,
            order=order,
            highlight_terms=tuple(result.query.highlight_terms()) if result.query else (),
            keep_place=web_ids is not None,
            latest=self.is_latest(sequence),
            text_hits=result.text_hits,
        )

    def rerun(self) -> int | None:
        """The number of a run of the same words again (after a refresh, or a change of read
        marks); None when there is nothing to run."""
        if not self.text.strip():
            return None
        carry_web = self.web_for == self.shown  # the same words: the web's papers stay
        self.sequence += 1
        if carry_web:
            self.web_for = self.sequence
        return self.sequence

    def web_failed(self, sequence: int) -> None:
        self.web_failed_for = sequence

    def header_words(self, text: str, result: SearchResult, ids: list[str]) -> tuple[str, str, str]:
        """(label, count, order) for the header, once ``ids`` are shown for ``text``."""
        words = text.strip()
        shown = shortened(words, LABEL_WIDTH)
        label = f"Search: {shown}" if words else "Search"
        if self.bookmarks_only:
            label = f"Bookmarks · {label}"
        web = set(self.web_ids)
        count = f"{len(ids):,}" if web else result.count_text
        ranked = result.query is not None and result.query.has_text
        order = ("best match first" if ranked else "newest first") if words and ids else ""
        return label, count, f"{len(web)} new from the web ⇣" if web else order

    def empty_text(self, offline: bool) -> str:
        """What an empty result list says (the keys of the feed do not apply while typing)."""
        return empty_search_text(self, offline)


def empty_search_text(search: LiveSearch | None, offline: bool) -> str:
    """What an empty result list says, for ``search`` (None: no search is open)."""
    words = search.text.strip() if search else ""
    if not words:
        return (
            'Type to search: words, "a phrase", a OR b, -word, author:…, org:…, kw:…, tag:…,\n'
            "upvotes>50, since:2026-01-01, is:bookmarked, is:unread, has:code, an arXiv id.\n"
            "Every word is the start of a word; your notes and tags are searched too.\n\n"
            "Esc goes back."
        )
    query = parse_query(words)
    where = "your bookmarks" if search and search.bookmarks_only else "the cache"
    if query.in_text:
        where = "the full texts you have stored"  # the web is not asked: it has none
    asks_web = query.asks_web and not (offline or (search and search.bookmarks_only))
    web = " The web is asked when you pause." if asks_web else ""
    if search and web and search.web_for == search.shown:
        where, web = "the cache or on Hugging Face", ""  # the web has answered: nothing
    elif search and web and search.web_failed_for == search.sequence:
        web = " The web search failed."
    if query.misread:  # matches nothing, and the web is not asked: say what is wrong
        first = f"“{words}” was not searched: a filter in it cannot be read."
        lines = [misread_hint(word) for word in dict.fromkeys(query.misread)]
    else:
        first = f"Nothing in {where} matches “{words}”.{web}"
        lines = search.notes if search and search.shown_text == search.text else []
    return first + "".join(f"\n{line}." for line in lines) + "\n\nEsc goes back."
