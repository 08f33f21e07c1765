"""Search as you type: the local cache at every keystroke, the web after a pause.

A mixin of :class:`MainScreen`. Every keystroke starts a local search in a thread (the UI never
waits on SQLite) and numbers it; a result that comes back after a newer keystroke's is dropped.
After ``REMOTE_PAUSE`` seconds without typing, the words go to ``/api/papers/search``; papers it
finds that were not cached are stored, added to the results and marked ⇣ (from the web).
``escape`` goes back to the view and the paper you were on.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.actions import SkipAction
from textual.timer import Timer
from textual.widgets import Input

from ...core.db import StoreError
from ...core.models import Paper
from ...core.query import Query, match_pattern, misread_hint, parse_query
from ...core.search import SearchResult, filter_notes, matching_filters, prepare, search
from ...core.views import ViewSpec
from ..source import IdSource
from ..widgets.search_box import SearchBox

if TYPE_CHECKING:
    from .main import MainScreen

REMOTE_PAUSE = 0.4  # seconds of no typing before the web is asked
MAX_FETCHED_IDS = 5  # papers fetched by id for one search (a pasted list of links)
WEB_ANSWER_KEPT = 300.0  # seconds a web search's answer is reused for the same words
WEB_ANSWERS = 50  # answers kept


class SearchState:
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
        self.remote_timer: Timer | None = None
        self.bookmarks_only = spec.kind == "bookmarks"
        self.web_for = -1  # the keystroke the web's answer belongs to
        self.web_failed_for = -1  # the keystroke whose web search failed
        self.from_web: set[str] = set()  # every paper a web search stored during this search
        self.notes: list[str] = []  # what the filters of the results shown keep (filter_notes)


class SearchActions:
    """Mixed into MainScreen (``self`` is the screen)."""

    search_state: SearchState | None = None
    offline_search_said = False  # set on the screen instance the first time it is said

    @property
    def search_input(self: MainScreen) -> SearchBox:
        return self.query_one("#search", SearchBox)

    def action_search(self: MainScreen) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # typing in a box: the key is text, handed on in its turn
        if self.search_state is None:
            current = self.papers.current
            self.search_state = SearchState(
                self.spec, current.id if current else None, self.follow_latest
            )
            self._prepare_search()
        box = self.search_input
        box.display = True
        # Now, not after the queue (as ``focus()`` does): the keys typed right behind the slash
        # are already queued, and each goes to whatever has focus when its turn comes.
        self.set_focus(box)

    def on_input_changed(self: MainScreen, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        if self.search_state is None:
            self.search_input.release_frames()  # the box was emptied on leaving: no results
            return
        state = self.search_state
        state.sequence += 1
        state.text = event.value
        if state.remote_timer is not None:
            state.remote_timer.stop()
            state.remote_timer = None
        if not event.value.strip():
            self._show_results(state.sequence, "", SearchResult(), [])
            return
        self._local_search(state.sequence, event.value, state.bookmarks_only)
        if not self.offline:
            sequence = state.sequence
            state.remote_timer = self.set_timer(
                REMOTE_PAUSE, lambda: self._remote_search(sequence, event.value)
            )
        elif not self.offline_search_said:
            self.offline_search_said = True
            self.notify("Offline: searching the cache only.", timeout=3, markup=False)

    def search_pending(self: MainScreen) -> bool:
        """Are the results of the query as typed still on their way? (SearchBox asks.)"""
        state = self.search_state
        if state is None:
            return False
        # The box may be ahead of the screen, which has not seen its latest edits yet.
        return state.shown < state.sequence or state.shown_text != self.search_input.value

    def _query(self, text: str, bookmarks_only: bool) -> Query:
        # The same reading while typing, after Enter and on a refresh: the same papers.
        query = parse_query(text)
        if bookmarks_only:
            query.flags.add("bookmarked")
        return query

    @work(thread=True, exclusive=True, group="search-prepare", exit_on_error=False)
    def _prepare_search(self: MainScreen) -> None:
        try:
            prepare(self.store)
        except StoreError:
            pass  # the search itself will say what is wrong, if it still is

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _local_search(self: MainScreen, sequence: int, text: str, bookmarks_only: bool) -> None:
        try:
            query = self._query(text, bookmarks_only)
            result = search(self.store, query)
            # Why nothing matched, read here (the library) rather than on the UI thread.
            notes = filter_notes(self.store, query) if not result.ids else []
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_results, sequence, text, result, None, notes)

    def _show_results(
        self: MainScreen,
        sequence: int,
        text: str,
        result: SearchResult,
        web_ids: list[str] | None,
        notes: list[str] | None = None,
    ) -> None:
        state = self.search_state
        if state is None or sequence < state.shown:
            return  # a newer keystroke's results are already on screen
        state.shown = sequence
        state.shown_text = text
        state.local = result
        if notes is not None:
            state.notes = notes
        if web_ids is not None:
            state.web_ids, state.web_for = web_ids, sequence
        elif state.web_for != sequence:
            state.web_ids = []  # the web's answer was for other words
        local_ids = set(result.ids)
        ids = [*result.ids, *(i for i in state.web_ids if i not in local_ids)]
        web = set(state.web_ids)
        words = text.strip()
        shown = words if len(words) <= 40 else words[:39] + "…"  # the count must stay in view
        label = f"Search: {shown}" if words else "Search"
        if state.bookmarks_only:
            label = f"Bookmarks · {label}"
        self.spec = ViewSpec(kind="search", sort="relevance", tag=words)
        source = IdSource(self.store, self.spec, ids, from_web=web)
        self.highlight_terms = tuple(result.query.highlight_terms()) if result.query else ()
        self.papers.set_match(match_pattern(self.highlight_terms))
        # A new query starts at its best match; the web's additions keep the reader's place.
        current = self.papers.current if web_ids is not None else None
        self._show(source, keep_paper=current.id if current else None)
        count = f"{len(ids):,}" if web else result.count_text
        ranked = result.query is not None and result.query.has_text
        order = ("best match first" if ranked else "newest first") if words and ids else ""
        extra = f"{len(web)} new from the web ⇣" if web else order
        self.header.set_view(label, count if ids else 0, extra)
        self.update_state()
        if sequence == state.sequence:
            # The latest keystroke's results: painted in one frame with the box, and the keys
            # typed behind Enter go to them (search_box).
            self.search_input.release_frames_soon()
            self.search_input.results_shown(len(ids))

    def rerun_search(self: MainScreen) -> None:
        """Run the current search again (after a refresh, or a change of read marks)."""
        state = self.search_state
        if state is not None and state.text.strip():
            carry_web = state.web_for == state.shown  # the same words: the web's papers stay
            state.sequence += 1
            if carry_web:
                state.web_for = state.sequence
            self._local_search(state.sequence, state.text, state.bookmarks_only)

    @work(exclusive=True, group="remote-search", exit_on_error=False)
    async def _remote_search(self: MainScreen, sequence: int, text: str) -> None:
        """Ask the web; store what it finds; merge papers the cache did not have."""
        import asyncio

        from ...core.api import ApiError

        state = self.search_state
        if state is None or state.sequence != sequence:
            return
        query = self._query(text, state.bookmarks_only)
        words = query.web_words
        if state.bookmarks_only or not query.asks_web:
            return  # filters alone, or a misread one: the web is not asked (and none says so)
        try:
            # A pasted id or link the cache lacks is fetched as that very paper.
            cached = await asyncio.to_thread(self._cached_ids, query.ids) if query.ids else set()
            missing = [i for i in query.ids if i not in cached][:MAX_FETCHED_IDS]
            if not words.strip() and not missing:
                return
            papers = list(await self._web_answer(words)) if words.strip() else []
            client = await self.app.get_client() if missing else None
            for paper_id in missing:
                paper = await client.paper(paper_id)
                if paper is not None:
                    papers.append(paper)
            known = await asyncio.to_thread(self._cached_ids, [p.id for p in papers])
            new = [p for p in papers if p.id not in known]
            if new:
                await asyncio.to_thread(self.store.ingest, new, [], source="search")
                state.from_web.update(p.id for p in new)  # an earlier keystroke's answer too
            if state.shown == sequence and state.local is not None:
                # The results on screen keep their order; the web's new papers follow them. (Run
                # again, the search would rank the new papers among them, and on a common word
                # push the best local match far down, under the reader's eyes.)
                local = state.local
            else:
                local = await asyncio.to_thread(search, self.store, self._query(text, False))
            found_ids = [p.id for p in papers if p.id in state.from_web]
            web_ids = await asyncio.to_thread(matching_filters, self.store, query, found_ids)
        except ApiError as error:
            if self.search_state is state and state.sequence == sequence:
                self.notify(f"Web search failed: {error}", severity="warning", markup=False)
                state.web_failed_for = sequence
                self._update_empty(self.papers.count)  # "the web is asked" no longer holds
            return
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if self.search_state is not state or state.sequence != sequence:
            return
        self._show_results(sequence, text, local, web_ids)

    async def _web_answer(self: MainScreen, words: str) -> list[Paper]:
        """The web's papers for these words: asked once per ``WEB_ANSWER_KEPT`` seconds (a
        query typed again, or edited back, does not ask again)."""
        kept = self.__dict__.setdefault("_web_answers", {})
        answer = kept.get(words)
        if answer is not None and time.monotonic() - answer[0] < WEB_ANSWER_KEPT:
            return answer[1]
        client = await self.app.get_client()
        papers = list((await client.search(words)).papers.values())
        kept[words] = (time.monotonic(), papers)
        while len(kept) > WEB_ANSWERS:
            kept.pop(next(iter(kept)))  # the oldest
        return papers

    def _empty_search_text(self: MainScreen) -> str:
        """What an empty result list says (the keys of the feed do not apply while typing)."""
        state = self.search_state
        words = state.text.strip() if state else ""
        if not words:
            return (
                'Type to search: words, "a phrase", a OR b, -word, author:…, org:…, kw:…, tag:…,\n'
                "upvotes>50, since:2026-01-01, is:bookmarked, is:unread, has:code, an arXiv id.\n"
                "Every word is the start of a word; your notes and tags are searched too.\n\n"
                "Esc goes back."
            )
        query = parse_query(words)
        where = "your bookmarks" if state and state.bookmarks_only else "the cache"
        asks_web = query.asks_web and not (self.offline or (state and state.bookmarks_only))
        web = " The web is asked when you pause." if asks_web else ""
        if state and web and state.web_for == state.shown:
            where, web = "the cache or on Hugging Face", ""  # the web has answered: nothing
        elif state and web and state.web_failed_for == state.sequence:
            web = " The web search failed."
        if query.misread:  # matches nothing, and the web is not asked: say what is wrong
            first = f"“{words}” was not searched: a filter in it cannot be read."
            lines = [misread_hint(word) for word in dict.fromkeys(query.misread)]
        else:
            first = f"Nothing in {where} matches “{words}”.{web}"
            lines = state.notes if state and state.shown_text == state.text else []
        return first + "".join(f"\n{line}." for line in lines) + "\n\nEsc goes back."

    def _cached_ids(self: MainScreen, ids: list[str]) -> set[str]:
        return {row.id for row in self.store.rows_by_ids(ids)}

    def leave_search(self: MainScreen) -> bool:
        """Back to the view and the paper search was opened from; False if not searching."""
        state = self.search_state
        if state is None:
            return False
        self.end_search()
        self.open_view(
            replace(state.return_spec),
            keep_paper=state.return_paper,
            follow_latest=state.return_follow,
        )
        self.papers.focus()
        return True

    def end_search(self: MainScreen) -> None:
        """Close the search box without going back (another view is being opened)."""
        if self.search_state is not None and self.search_state.remote_timer is not None:
            self.search_state.remote_timer.stop()
        self.search_state = None
        self.highlight_terms = ()
        self.papers.set_match(None)
        box = self.search_input
        if box.display:
            box.value = ""
            box.display = False
            if self.focused is box or self.focused is None:
                self.papers.focus()
