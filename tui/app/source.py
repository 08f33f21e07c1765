"""Where the list pane's rows come from: a view of the store, read a page at a time.

The list widget asks for row ``i``; the source answers from a small cache of pages and reads a
missing page with one ``LIMIT/OFFSET`` query (well under a millisecond for a day or a month, a
few for a deep page of a 200,000-paper archive). Nothing here holds more than a few pages, so a
view costs the same whatever its size. Search results are a ranked list of ids instead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace

from ..core.db import StoreError
from ..core.models import PaperRow
from ..core.store import Store
from ..core.text_hit import TextHit
from ..core.text_search import with_sentence
from ..core.views import ViewSpec

PAGE = 64
MAX_PAGES = 24


class RowSource:
    """Rows of one view, by index. Not thread-safe: used from the UI thread."""

    def __init__(self, store: Store, spec: ViewSpec, count: int | None = None) -> None:
        self.store = store
        self.spec = spec
        self._count = count
        self._pages: OrderedDict[int, list[PaperRow]] = OrderedDict()
        # Changes the user made that are not written yet (writes happen off the UI thread, and
        # each one settles its change once it lands or fails): paper id → (bookmarked, read).
        self.overrides: dict[str, tuple[bool | None, bool | None]] = {}
        # The watches each paper of a page matches (ForYou.marks: one indexed query a page).
        self.watch_marks: Callable[[list[str]], Mapping[str, tuple[str, ...]]] | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._fetch_count()
        return self._count

    def _fetch_count(self) -> int:
        return self.store.count(self.spec)

    def _fetch_page(self, page: int) -> list[PaperRow]:
        return self.store.rows(self.spec, page * PAGE, PAGE)

    def row(self, index: int) -> PaperRow | None:
        if index < 0 or index >= len(self):
            return None
        page_number, offset = divmod(index, PAGE)
        page = self._pages.get(page_number)
        if page is None:
            try:
                page = self._with_watches(self._fetch_page(page_number))
            except StoreError:
                # Drawn as blank lines rather than taking the app down (this runs while the
                # list is painted); a damaged cache is rebuilt by the screen's next tick.
                return None
            self._pages[page_number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        if offset >= len(page):
            return None
        row = page[offset]
        override = self.overrides.get(row.id)
        if override:
            bookmarked, read = override
            row = replace(
                row,
                bookmarked=row.bookmarked if bookmarked is None else bookmarked,
                read=row.read if read is None else read,
            )
        return row

    def _with_watches(self, page: list[PaperRow]) -> list[PaperRow]:
        if self.watch_marks is None or not page:
            return page
        marks = self.watch_marks([row.id for row in page])
        if not marks:
            return page
        return [replace(row, watches=marks[row.id]) if row.id in marks else row for row in page]

    def index_of(self, paper_id: str, near: int = 0, limit: int = 2000) -> int | None:
        """Where a paper is in this view (searching outward from ``near``, at most ``limit``)."""
        total = len(self)
        if total == 0:
            return None
        for distance in range(0, min(limit, total)):
            for index in (near + distance, near - distance - 1):
                if 0 <= index < total:
                    row = self.row(index)
                    if row is not None and row.id == paper_id:
                        return index
        return None

    def set_override(
        self, paper_id: str, *, bookmarked: bool | None = None, read: bool | None = None
    ) -> None:
        old_bookmarked, old_read = self.overrides.get(paper_id, (None, None))
        self.overrides[paper_id] = (
            old_bookmarked if bookmarked is None else bookmarked,
            old_read if read is None else read,
        )

    def settle(
        self,
        paper_id: str,
        *,
        written: bool,
        bookmarked: bool | None = None,
        read: bool | None = None,
    ) -> None:
        """A write of this bookmark or read mark is over. Written: the rows read before it take
        the new value. Failed: the change shown at once is taken back, so the row shows what
        the library holds. Either way, a later press not yet written keeps showing."""
        old_bookmarked, old_read = self.overrides.pop(paper_id, (None, None))
        if bookmarked is not None and old_bookmarked == bookmarked:
            old_bookmarked = None
        if read is not None and old_read == read:
            old_read = None
        if (old_bookmarked, old_read) != (None, None):
            self.overrides[paper_id] = (old_bookmarked, old_read)
        if written:
            self._patch_pages({paper_id: (bookmarked, read)})

    def reload_marks(self) -> None:
        """Read again the bookmarks, read marks and reading positions of the rows held (another
        window, the reader, or a command changed the library). Which rows the view holds stays
        as it is."""
        ids = [row.id for page in self._pages.values() for row in page]
        if not ids:
            return
        try:
            bookmarked, read = self.store.user_marks(ids)
            reading = self.store.reading_fractions(ids)
        except StoreError:
            return  # shown as they were; the next change tries again
        self._patch_pages({i: (i in bookmarked, i in read) for i in ids})
        for page in self._pages.values():
            for index, row in enumerate(page):
                if row.reading != reading.get(row.id):
                    page[index] = replace(row, reading=reading.get(row.id))

    def text_hit(self, paper_id: str) -> TextHit | None:
        """Where a search found this paper in its stored full text (None: not that way)."""
        return None

    def _patch_pages(self, marks: dict[str, tuple[bool | None, bool | None]]) -> None:
        for page in self._pages.values():
            for index, row in enumerate(page):
                mark = marks.get(row.id)
                if mark is None:
                    continue
                bookmarked, read = mark
                page[index] = replace(
                    row,
                    bookmarked=row.bookmarked if bookmarked is None else bookmarked,
                    read=row.read if read is None else read,
                )

    def reset(self) -> None:
        """Forget cached pages and the count (after a refresh wrote new data)."""
        self._pages.clear()
        self._count = None


class IdSource(RowSource):
    """Rows for a ranked list of ids (search results), read a page at a time."""

    def __init__(
        self,
        store: Store,
        spec: ViewSpec,
        ids: Sequence[str],
        from_web: Collection[str] = (),
        text_hits: Mapping[str, TextHit] | None = None,
    ) -> None:
        super().__init__(store, spec, count=len(ids))
        self.ids = list(ids)
        self.from_web = from_web  # ids the remote search found that the cache did not have
        # Papers found only in their stored full text: where (their sentence read when shown).
        self.text_hits = dict(text_hits or {})

    def _fetch_count(self) -> int:
        return len(self.ids)

    def _fetch_page(self, page: int) -> list[PaperRow]:
        chunk = self.ids[page * PAGE : (page + 1) * PAGE]
        rows = self.store.rows_by_ids(chunk)
        if self.from_web:
            rows = [replace(row, from_web=row.id in self.from_web) for row in rows]
        if self.text_hits:
            rows = [replace(row, text_hit=self.text_hits.get(row.id)) for row in rows]
        return rows

    def text_hit(self, paper_id: str) -> TextHit | None:
        """The hit with its sentence and the text it matched (read once, then kept): what the
        abstract pane shows and where the reader lands (``block``) and what it finds."""
        hit = self.text_hits.get(paper_id)
        if hit is None or hit.sentence:
            return hit
        try:
            hit = self.text_hits[paper_id] = with_sentence(self.store, hit)
        except StoreError:
            pass  # the block and the words still say where to land
        return hit

    def reset(self) -> None:
        self._pages.clear()
        self._count = len(self.ids)
