"""The For you view's rows: the papers your watches match, newest listing day first, each
with the names of the watches it matches and whether it is new for you.

A row drawn is a row seen (the list collects them; the screen writes them off the UI thread),
so a paper is new this time and not the next. The page keeps saying "new" until the view is
opened again, so the user sees which ones they were. With a period (d, w, m, then [ and ]),
only the papers listed within it.
"""

from __future__ import annotations

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
    ) -> None:
        super().__init__(store, spec)
        self.for_you = for_you
        period = spec.period
        self.days = (period.first.isoformat(), period.last.isoformat()) if period else None
        self.new_when_opened = for_you.new_count()

    def _fetch_count(self) -> int:
        return self.for_you.count(self.days, self.spec.hide_read)

    def _fetch_page(self, page: int) -> list[PaperRow]:
        matches = self.for_you.page(page * PAGE, PAGE, self.days, self.spec.hide_read)
        rows = {row.id: row for row in self.store.rows_by_ids([m.paper_id for m in matches])}
        return [
            replace(rows[m.paper_id], watches=m.watches, new_for_you=m.new)
            for m in matches
            if m.paper_id in rows
        ]
