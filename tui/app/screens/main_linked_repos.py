"""The models, datasets and Spaces linked to the highlighted paper: fetched for the abstract
pane, and listed by L.

Fetched once the cursor rests on a paper (a held j passes over papers without a request), at most
once a day per paper (the cache keeps them), one paper at a time: resting on another paper cancels
the fetch for the last one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from ...core.db import StoreError
from ...core.errors import ApiError

if TYPE_CHECKING:
    from .main_shape import MainScreenShape as _Screen
else:
    _Screen = object  # a plain mixin at run time: MainScreen is the Screen


class LinkedReposActions(_Screen):
    """Part of MainScreen (see main_shape.py)."""

    _links_timer: Timer | None = None  # waiting for the cursor to rest

    def _links_after_rest(self, paper_id: str | None) -> None:
        """Fetch the paper's linked repos once the cursor has rested on it (None: no paper)."""
        if self._links_timer is not None:
            self._links_timer.stop()
            self._links_timer = None
        if paper_id is None or self.offline or self.demo:
            return
        try:
            due = self.linked.due(paper_id, self.store.links(paper_id))
        except StoreError:
            return
        if due:
            self._links_timer = self.set_timer(
                self.options.links_rest, lambda: self._fetch_links(paper_id)
            )

    @work(exclusive=True, group="linked-repos", exit_on_error=False)
    async def _fetch_links(self, paper_id: str) -> None:
        from ...core.paper_page import paper_links

        self._links_timer = None
        try:
            client = await self.services.get_client()
            await paper_links(self.store, client, paper_id)
        except ApiError as error:
            self.linked.failed(paper_id, error.header_words)
        except StoreError:
            return
        else:
            self.linked.fetched(paper_id)
        current = self.papers.current
        if current is not None and current.id == paper_id and self.abstract.paper_id == paper_id:
            self.show_paper(paper_id, listed_day=current.day)  # the same paper: its place kept

    def action_linked_repos(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        from .linked_screen import LinkedReposScreen

        screen = LinkedReposScreen(
            self.store,
            paper,
            self.services.get_client,
            offline=self.offline or self.demo,
            copy=self.copy_text,
            open_url=self.open_url,
        )
        self.app.push_screen(screen, lambda _: self._refresh_user(paper.id))
