"""The For you view's rows: the papers your watches match, newest listing day first, each
with the names of the watches it matches and whether it is new for you.

A page read is a page shown: its new papers are handed to ``seen`` (written off the UI thread
by the screen), so they are new this time and not the next. The page keeps saying "new" until
the view is opened again, so the user sees which ones they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..core.for_you import ForYou
from ..core.models import PaperRow
from ..core.store import Store
from ..core.views import ViewSpec
from .source import PAGE, RowSource


class ForYouSource(RowSource):
    def __init__(
        self,
        store: Store,
        spec: ViewSpec,
        for_you: ForYou,
        seen: Callable[[list[str]], None],
    ) -> None:
        super().__init__(store, spec)
        self.for_you = for_you
        self.seen = seen

    def _fetch_count(self) -> int:
        return self.for_you.count()

    def _fetch_page(self, page: int) -> list[PaperRow]:
        matches = self.for_you.page(page * PAGE, PAGE)
        rows = {row.id: row for row in self.store.rows_by_ids([m.paper_id for m in matches])}
        new = [m.paper_id for m in matches if m.new]
        if new:
            self.seen(new)
        return [
            replace(rows[m.paper_id], watches=m.watches, new_for_you=m.new)
            for m in matches
            if m.paper_id in rows
        ]
