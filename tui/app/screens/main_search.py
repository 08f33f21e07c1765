"""Search as you type: the main screen's search box, its workers and its results.

Every keystroke starts a local search in a thread (the UI never waits on SQLite), numbered by the
live search, which drops a result that comes back after a newer keystroke's. After the options'
``remote_pause`` without typing, the words go to ``/api/papers/search``; papers it finds that were
not cached are stored, added to the results and marked ⇣ (from the web). ``escape`` goes back to
the view and the paper you were on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.actions import SkipAction
from textual.timer import Timer
from textual.widgets import Input

from ...core.db import StoreError
from ...core.errors import ApiError
from ...core.query import match_pattern
from ...core.search import SearchResult, prepare
from ..keystroke_steps import keystroke_steps
from ..live_search import LiveSearch, search_cache
from ..messages import SearchFound, Told
from ..source import IdSource
from ..web_search import WebSearch
from ..widgets.search_box import SearchBox

if TYPE_CHECKING:
    from .main_shape import MainScreenShape as _Screen
else:
    _Screen = object  # a plain mixin at run time: MainScreen is the Screen


class SearchActions(_Screen):
    """Part of MainScreen (see main_shape.py)."""

    web_search: WebSearch  # made by MainScreen: it needs the app's client
    _web_timer: Timer | None = None  # the web search waiting for a pause in typing
    offline_search_said = False  # "Offline: searching the cache only." is said once

    @property
    def search_input(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    def action_search(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # typing in a box: the key is text, handed on in its turn
        if self.search_state is None:
            current = self.papers.current
            self.search_state = LiveSearch(
                self.spec, current.id if current else None, self.follow_latest
            )
            self._prepare_search()
        box = self.search_input
        box.display = True
        # Now, not after the queue (as ``focus()`` does): the keys typed right behind the slash
        # are already queued, and each goes to whatever has focus when its turn comes.
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        if self.search_state is None:
            self.search_input.release_frames()  # the box was emptied on leaving: no results
            return
        state = self.search_state
        text = event.value
        sequence = state.typed(text)
        self._stop_web_timer()
        steps = keystroke_steps(text, self.offline, self.offline_search_said)
        if not steps.search_cache:
            self._show_results(sequence, "", SearchResult(), [])
            return
        self._local_search(sequence, text, state.bookmarks_only)
        if steps.ask_web_after_pause:
            self._web_timer = self.set_timer(
                self.options.remote_pause, lambda: self._remote_search(sequence, text)
            )
        if steps.say_offline:
            self.offline_search_said = True
            self.notify("Offline: searching the cache only.", timeout=3, markup=False)

    def _stop_web_timer(self) -> None:
        if self._web_timer is not None:
            self._web_timer.stop()
            self._web_timer = None

    def search_pending(self) -> bool:
        """Are the results of the query as typed still on their way? (SearchBox asks.)"""
        state = self.search_state
        return state is not None and state.pending(self.search_input.value)

    @work(thread=True, exclusive=True, group="search-prepare", exit_on_error=False)
    def _prepare_search(self) -> None:
        try:
            prepare(self.store)
        except StoreError:
            pass  # the search itself will say what is wrong, if it still is

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _local_search(self, sequence: int, text: str, bookmarks_only: bool) -> None:
        try:
            result, notes = search_cache(self.store, text, bookmarks_only)
        except StoreError as error:
            self.post_message(Told(str(error), "error"))
            return
        self.post_message(SearchFound(sequence, text, result, notes))

    def on_search_found(self, message: SearchFound) -> None:
        self._show_results(message.sequence, message.text, message.result, None, message.notes)

    def _show_results(
        self,
        sequence: int,
        text: str,
        result: SearchResult,
        web_ids: list[str] | None,
        notes: list[str] | None = None,
    ) -> None:
        state = self.search_state
        if state is None:
            return
        frame = state.frame(sequence, text, result, web_ids, notes)
        if frame is None:
            return  # a newer keystroke's results are already on screen
        self.spec = frame.spec
        source = IdSource(
            self.store, self.spec, frame.ids, from_web=frame.from_web, text_hits=frame.text_hits
        )
        if self.for_you is not None and self.for_you.watches:
            source.watch_marks = self.for_you.marks
        self.highlight_terms = frame.highlight_terms
        self.papers.set_match(match_pattern(self.highlight_terms))
        # A new query starts at its best match; the web's additions keep the reader's place.
        current = self.papers.current if frame.keep_place else None
        self._show(source, keep_paper=current.id if current else None)
        self.header.set_view(frame.label, frame.count, frame.order)
        self.update_state()
        if frame.latest:
            # The latest keystroke's results: painted in one frame with the box, and the keys
            # typed behind Enter go to them (search_box).
            self.search_input.release_frames_soon()
            self.search_input.results_shown(len(frame.ids))

    def rerun_search(self) -> None:
        """Run the current search again (after a refresh, or a change of read marks)."""
        state = self.search_state
        if state is not None:
            sequence = state.rerun()
            if sequence is not None:
                self._local_search(sequence, state.text, state.bookmarks_only)

    @work(exclusive=True, group="remote-search", exit_on_error=False)
    async def _remote_search(self, sequence: int, text: str) -> None:
        """Ask the web; store what it finds; merge papers the cache did not have."""
        state = self.search_state
        if state is None or not state.is_latest(sequence):
            return
        try:
            found = await self.web_search.run(state, sequence, text)
        except ApiError as error:
            if self.search_state is state and state.is_latest(sequence):
                self.notify(f"Web search failed: {error}", severity="warning", markup=False)
                state.web_failed(sequence)
                self._update_empty(self.papers.count)  # "the web is asked" no longer holds
            return
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if found is None or self.search_state is not state or not state.is_latest(sequence):
            return
        local, web_ids = found
        self._show_results(sequence, text, local, web_ids)

    def leave_search(self) -> bool:
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

    def end_search(self) -> None:
        """Close the search box without going back (another view is being opened)."""
        self._stop_web_timer()
        self.search_state = None
        self.highlight_terms = ()
        self.papers.set_match(None)
        box = self.search_input
        if box.display:
            box.value = ""
            box.display = False
            if self.focused is box or self.focused is None:
                self.papers.focus()
