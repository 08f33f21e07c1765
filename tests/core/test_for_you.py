"""For you (for_you.py): which cached papers match which watches, kept in step with what the
cache ingests; which are new until seen; and a cache clear that loses no watch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tui.core.for_you import ForYou
from tui.core.library import Library
from tui.core.models import Listing, Paper
from tui.core.store import Store
from tui.core.watch_list import WatchList


def _ingest(store: Store, papers: list[Paper]) -> None:
    store.ingest(papers, [Listing(p.listed_day or "", p.id) for p in papers if p.listed_day])


def test_watches_match_papers_newest_day_first_with_their_names(
    store: Store, library: Library, paper_factory: Callable[..., Paper]
) -> None:
    _ingest(
        store,
        [
            paper_factory("2607.00001", authors=("Yann LeCun",), listed_day="2026-07-30"),
            paper_factory("2607.00002", title="Video diffusion at scale", upvotes=30,
                          listed_day="2026-07-31"),
            paper_factory("2607.00003", title="Diffusion, few votes", upvotes=2),
            paper_factory("2607.00004", authors=("Yann LeCun",), title="Diffusion by LeCun",
                          upvotes=50, listed_day="2026-07-29"),
            paper_factory("2607.00005", title="Unrelated"),
        ],
    )  # fmt: skip
    watches = WatchList(library)
    watches.add("LeCun", 'author:"Yann LeCun"')
    watches.add("diffusion", "diffusion upvotes>20")
    for_you = ForYou(store, watches.all())
    assert for_you.sync() == []  # a watch just added brings no news: its matches are the view
    page = for_you.page()
    assert [(m.paper_id, m.watches) for m in page] == [
        ("2607.00002", ("diffusion",)),
        ("2607.00001", ("LeCun",)),
        ("2607.00004", ("LeCun", "diffusion")),
    ]
    assert page[2].reason() == "watch: LeCun, diffusion"
    assert for_you.count() == 3
    assert for_you.marks(["2607.00003", "2607.00004", "2607.00005"]) == {
        "2607.00004": ("LeCun", "diffusion")
    }
    # A period of the For you view: the listing days within it only ([ and ] step it).
    days = ("2026-07-29", "2026-07-30")
    assert [m.paper_id for m in for_you.page(days=days)] == ["2607.00001", "2607.00004"]
    assert for_you.count(days=days) == 2
    assert for_you.count(days=("2026-08-01", "2026-08-31")) == 0
    library.set_read("2607.00001")
    assert [m.paper_id for m in for_you.page(days=days, unread=True)] == ["2607.00004"]
    assert for_you.count(unread=True) == 2


def test_an_ingest_is_matched_incrementally_and_its_news_said_once(
    store: Store, library: Library, paper_factory: Callable[..., Paper]
) -> None:
    _ingest(store, [paper_factory("2607.00001", title="Old diffusion", listed_day="2026-07-01")])
    watches = WatchList(library)
    watches.add("diffusion", "diffusion")
    watches.add("popular", "upvotes>=100 -sparse")  # no words: matched by its filters alone
    for_you = ForYou(store, watches.all())
    for_you.sync()
    # Listed before the watch was made: in the view, not new.
    assert [m.new for m in for_you.page()] == [False]
    assert for_you.new_count() == 0
    today = library.watches()[0].created_day
    fresh = [
        paper_factory("2607.00010", title="Diffusion policies", listed_day=today),
        paper_factory("2607.00011", title="Sparse diffusion", listed_day=today),
        paper_factory("2607.00012", title="Nothing watched", listed_day=today),
        paper_factory("2607.00013", title="Popular", upvotes=150, listed_day=today),
        paper_factory("2607.00014", title="Sparse but popular", upvotes=150, listed_day=today),
    ]
    _ingest(store, fresh)
    news = for_you.sync()
    assert [(m.paper_id, m.watches) for m in news] == [
        ("2607.00013", ("popular",)),
        ("2607.00011", ("diffusion",)),
        ("2607.00010", ("diffusion",)),
    ]
    assert all(m.new for m in news)
    _ingest(store, [replace(fresh[3], upvotes=1)])  # no longer popular
    assert for_you.sync() == []
    assert for_you.marks(["2607.00013"]) == {}
    assert for_you.sync() == []  # said once
    assert for_you.new_count() == 2
    # A paper whose text changes so that it no longer matches leaves the view.
    _ingest(store, [replace(fresh[1], title="Sparse attention")])
    assert for_you.sync() == []
    assert for_you.count() == 2 and for_you.new_count() == 1
    # Seen in a list, or read: no longer new. Only matching papers are marked seen.
    assert for_you.mark_seen(library, ["2607.00010", "2607.00012"]) == 1
    assert for_you.new_count() == 0 and library.seen_count() == 1


def test_library_filters_are_checked_when_read_and_a_cache_clear_keeps_watches(
    store: Store, library: Library, paper_factory: Callable[..., Paper]
) -> None:
    _ingest(store, [paper_factory("2607.00001", title="Agents"),
                    paper_factory("2607.00002", title="Agents again")])  # fmt: skip
    watches = WatchList(library)
    watches.add("unread agents", "agents is:unread")
    for_you = ForYou(store, watches.all())
    for_you.sync()
    assert for_you.count() == 2
    library.set_read("2607.00001")
    assert [m.paper_id for m in for_you.page()] == ["2607.00002"]
    store.clear()
    assert [w.name for w in watches.all()] == ["unread agents"]
    assert for_you.count() == 0
    _ingest(store, [paper_factory("2607.00002", title="Agents again")])
    for_you.sync()  # matched again in full after the clear
    assert [m.paper_id for m in for_you.page()] == ["2607.00002"]
    # A removed watch's hits go at the next sync.
    watches.remove("unread agents")
    ForYou(store, watches.all()).sync()
    assert store.conn.execute("SELECT count(*) FROM watch_hits").fetchone()[0] == 0
