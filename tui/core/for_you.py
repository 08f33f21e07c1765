"""For you: the cached papers that match the user's watches, which of them are new, and the
marks a list's rows carry. No Textual here: the app and the CLI call it alike.

Kept in step, not searched each time: ``watch_hits`` (cache) holds which papers match which
watch query. :meth:`ForYou.sync` matches a newly watched query in full once, and afterwards
only the papers an ingest wrote since the last sync; the app calls it after each refresh and
gets back the matches that refresh brought (for a one-time notification). Reading the view, a
page's marks or the count of new papers is then one indexed query each.

"New for you" is a *seen* mark per paper in the library: a paper a watch matches is new from
the day the watch was made (listed on or after it) until the user has seen it in a list (the
app calls :meth:`mark_seen` with the rows it shows) or marked it read. A per-paper mark, not a
last-visit time per watch, because "seen" is what the user did: a paper the refresh brought
while the user looked at another view is still new, and one scrolled past is not, whichever
view showed it. Only papers that match a watch are marked (the table stays small).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import watch_hits
from .db import now_stamp
from .library import Library
from .models import paper_rowid
from .search import library_part, watch_parts
from .store import Store
from .watch import Watch, parsed
from .watch_match import WatchMatch

Days = tuple[str, str]  # first and last listing day, ISO, both included

FULL_AGAIN = 5_000  # more papers changed than this since the last sync: match everything again


class ForYou:
    def __init__(self, store: Store, watches: Sequence[Watch]) -> None:
        self.store = store
        self.watches = list(watches)
        # query text → the names of its watches (two watches may share one query)
        self.names: dict[str, list[str]] = {}
        for watch in self.watches:
            self.names.setdefault(watch.query, []).append(watch.name)
        self._library_conditions = {
            query: library_part(parsed(self._watch(query))) for query in self.names
        }
        self._condition = watch_hits.hit_condition(self._library_conditions)
        # No watch has a library filter (is:, tag:, has:note): a hit is a hit.
        self._plain = not any(where for where, _ in self._library_conditions.values())
        since: dict[str, str] = {}
        for watch in self.watches:
            day = since.get(watch.query)
            since[watch.query] = min(day, watch.created_day) if day else watch.created_day
        self._new = watch_hits.new_condition(since)

    def _watch(self, query: str) -> Watch:
        return next(w for w in self.watches if w.query == query)

    # --- keeping watch_hits in step ------------------------------------------------------------

    def sync(self) -> list[WatchMatch]:
        """Match what changed: new watch queries in full, papers written since the last sync
        against every query. Returns the papers this sync found for the watches that were
        already matched and that are new for you (a refresh's news; a watch just added brings
        none: its matches are the view, not news)."""
        known_before = self.store.run_read(watch_hits.all_queries)
        if not self.names and not known_before:
            return []  # no watch, none matched before: no write (at every start and refresh)
        wanted = {query: self._parts(query, query not in known_before) for query in self.names}
        stamp = now_stamp()

        def work(conn: Any) -> list[int]:
            known = watch_hits.known_queries(conn)
            for query in set(known) - set(wanted):
                watch_hits.forget(conn, query)
            through = watch_hits.matched_through(conn)
            changed = watch_hits.changed_since(conn, through, FULL_AGAIN) if known else []
            before: dict[int, set[str]] = {}
            if changed:
                before = watch_hits.stage(conn, changed)
            found: list[int] = []
            full = False
            for query, (expression, where, params) in wanted.items():
                if query not in known or changed is None:
                    if expression is None and query in known_before:
                        expression, where, params = self._parts(query, True)
                    watch_hits.match_all(conn, query, expression, where, params, stamp)
                    full = True
                elif changed:
                    # The words it was matched with first, whatever the vocabulary is now.
                    kept = known[query]
                    found += watch_hits.match_staged(
                        conn, query, kept, where, params, before, stamp
                    )
            if full or set(known) - set(wanted) or watch_hits.papers_count_kept(conn) is None:
                watch_hits.papers_count(conn)
            elif changed:  # papers that gained their first hit, less those that lost their last
                watch_hits.add_to_papers_count(
                    conn, watch_hits.staged_with_hits(conn) - len(before)
                )
            watch_hits.set_matched_through(conn, watch_hits.newest_stamp(conn))
            return found

        found = self.store.run_write(work)
        return [m for m in self._matches_of(sorted(set(found))) if m.new]

    def _parts(self, query: str, words: bool) -> tuple[str | None, list[str], list[Any]]:
        return watch_parts(self.store, parsed(self._watch(query)), words=words)

    # --- reading ---------------------------------------------------------------------------

    def page(
        self, offset: int = 0, limit: int = 50, days: Days | None = None, unread: bool = False
    ) -> list[WatchMatch]:
        """The For you view's rows: every paper a watch matches (listed within ``days``, first
        and last ISO day, when given; not read, with ``unread``), newest listing day first."""
        if not self.watches:
            return []
        condition, params = self._within(days, unread)
        rows = self.store.run_read(watch_hits.newest, condition, params, offset, limit)
        return self._to_matches(rows)

    def count(self, days: Days | None = None, unread: bool = False) -> int:
        """How many papers the For you view lists: kept by sync() while every watch matches
        by the paper alone (counting 137,000 papers takes 40-70 ms), else counted now."""
        if not self.watches:
            return 0
        if days is not None:  # a range of the index by listing day
            return self.store.run_read(watch_hits.count_recent, *self._within(days, unread))
        if unread:
            return self.store.run_read(watch_hits.count, *self._within(None, unread))
        if self._plain and self.store.run_read(watch_hits.all_queries) == set(self.names):
            kept = self.store.run_read(watch_hits.papers_count_kept)
            if kept is not None:
                return kept
        return self.store.run_read(watch_hits.count, *self._condition)

    def new_count(self) -> int:
        """How many of them are new for you ("7 new for you")."""
        if not self.watches:
            return 0
        condition, params = self._with_new()
        return self.store.run_read(watch_hits.count_recent, condition, params)

    def marks(self, paper_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The watches each of these papers (a list's page) matches, by id; only those that
        match one."""
        if not self.watches or not paper_ids:
            return {}
        by_rowid = {paper_rowid(i): i for i in paper_ids}
        if self._plain:
            hits = self.store.run_read(watch_hits.hits_among, list(by_rowid))
        else:
            condition, params = self._condition
            hits = self.store.run_read(watch_hits.queries_of, list(by_rowid), condition, params)
        found: dict[str, list[str]] = {}
        for rowid, query in hits:
            found.setdefault(by_rowid[rowid], []).extend(self.names.get(query, []))
        return {paper_id: self._ordered(names) for paper_id, names in found.items()}

    def new_since(self, stamp: str) -> list[WatchMatch]:
        """The matching papers first cached after ``stamp`` (a digest's news), newest first."""
        if not self.watches:
            return []
        condition, params = self._condition
        rows = self.store.run_read(watch_hits.first_seen_since, stamp, condition, params)
        return self._to_matches(rows)

    def listed_since(self, day: str) -> list[WatchMatch]:
        """The matching papers listed on or after ``day``, newest first."""
        if not self.watches:
            return []
        condition, params = self._condition
        rows = self.store.run_read(
            watch_hits.newest, f"h.sort_day >= ? AND {condition}", [day, *params], 0, 1_000_000
        )
        return self._to_matches(rows)

    def mark_seen(self, library: Library, paper_ids: Sequence[str]) -> int:
        """The app showed these rows: those a watch matches are no longer new. How many were."""
        matching = list(self.marks(paper_ids))
        return library.mark_seen(matching) if matching else 0

    # --- helpers --------------------------------------------------------------------------

    def _within(self, days: Days | None, unread: bool = False) -> tuple[str, list[Any]]:
        """The hits condition, with a range of listing days first (an index range), and
        without the papers read when ``unread``."""
        condition, params = self._condition
        if unread:
            condition = (
                f"{condition} AND NOT EXISTS (SELECT 1 FROM lib.reads r WHERE r.paper_id = p.id)"
            )
        if days is None:
            return condition, params
        return f"h.sort_day >= ? AND h.sort_day <= ? AND {condition}", [*days, *params]

    def _with_new(self) -> tuple[str, list[Any]]:
        """The hits that are new for you (the range of days first)."""
        condition, params = self._condition
        new, new_params = self._new
        return f"{new} AND {condition}", [*new_params, *params]

    def _ordered(self, names: Sequence[str]) -> tuple[str, ...]:
        order = {w.name: n for n, w in enumerate(self.watches)}
        return tuple(sorted(dict.fromkeys(names), key=lambda name: order.get(name, 0)))

    def _to_matches(self, rows: list[tuple[str, str, list[str]]]) -> list[WatchMatch]:
        if not rows:
            return []
        new = self._new_among([paper_rowid(paper_id) for paper_id, _, _ in rows])
        return [
            WatchMatch(
                paper_id,
                self._ordered([n for q in queries for n in self.names.get(q, [])]),
                day,
                paper_rowid(paper_id) in new,
            )
            for paper_id, day, queries in rows
        ]

    def _matches_of(self, rowids: list[int]) -> list[WatchMatch]:
        if not rowids:
            return []
        condition, params = self._condition
        found: dict[int, list[str]] = {}
        for start in range(0, len(rowids), 400):
            chunk = rowids[start : start + 400]
            for rowid, query in self.store.run_read(
                watch_hits.queries_of, chunk, condition, params
            ):
                found.setdefault(rowid, []).append(query)
        new = self._new_among(list(found))
        ids = {r: i for r, i in self.store.run_read(watch_hits.ids_of, list(found))}
        return [
            WatchMatch(
                ids[rowid],
                self._ordered([n for q in queries for n in self.names.get(q, [])]),
                "",
                rowid in new,
            )
            for rowid, queries in sorted(found.items(), reverse=True)
            if rowid in ids
        ]

    def _new_among(self, rowids: list[int]) -> set[int]:
        condition, params = self._with_new()
        found: set[int] = set()
        for start in range(0, len(rowids), 400):
            chunk = rowids[start : start + 400]
            found.update(
                r for r, _ in self.store.run_read(watch_hits.queries_of, chunk, condition, params)
            )
        return found
