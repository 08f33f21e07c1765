"""The cache: ingest and upsert rules, paged views, snapshots, fetch log, staleness."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakeserver import DAY_0612, DAY_0731, MONTH_P0, MONTH_P1, load_fixture

from tui.core import store as store_module
from tui.core.dates import Period
from tui.core.freshness import Freshness, is_stale
from tui.core.library import Library
from tui.core.models import Listing, Paper
from tui.core.parse import parse_entries, parse_entry
from tui.core.search import search
from tui.core.store import Store
from tui.core.views import ViewSpec


def ingest_fixture(store: Store, name: str, view: str | None = None) -> None:
    page = parse_entries(load_fixture(name))
    store.ingest(page.papers, page.listings, view=view, skipped=page.skipped)


@pytest.fixture
def full(store: Store) -> Store:
    """A store with every recorded day: April 2024 (two pages), 2026-06-12 and 2026-07-31."""
    for name in (MONTH_P0, MONTH_P1, DAY_0612, DAY_0731):
        ingest_fixture(store, name)
    return store


@pytest.fixture
def stamps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make the store's clock return the stamps pushed onto this list, in order."""
    queue: list[str] = []

    def fake() -> str:
        return queue.pop(0) if queue else "2026-08-03T12:00:00Z"

    monkeypatch.setattr(store_module, "now_stamp", fake)
    yield queue


# --- ingest and upsert ------------------------------------------------------------------------


def test_ingest_counts_and_round_trip(store: Store) -> None:
    page = parse_entries(load_fixture(DAY_0731))
    summary = store.ingest(page.papers, page.listings, view="day:2026-07-31")
    assert (summary.papers, summary.new, summary.updated, summary.listings) == (30, 30, 0, 30)
    again = store.ingest(page.papers, page.listings)
    assert (again.new, again.updated) == (0, 0)  # nothing changed: nothing "updated"
    moved = [replace(page.papers[0], upvotes=(page.papers[0].upvotes or 0) + 5), *page.papers[1:]]
    moved[1] = replace(moved[1], upvotes=None, comments=None)  # missing values are no change
    third = store.ingest(moved, page.listings)
    assert (third.new, third.updated) == (0, 1)
    page.papers[0] = moved[0]
    assert store.conn.execute("SELECT count(*) FROM papers").fetchall()[0][0] == 30
    assert store.conn.execute("SELECT count(*) FROM listings").fetchall()[0][0] == 30
    for paper in page.papers:
        assert store.paper(paper.id) == paper


def test_upsert_never_erases_known_fields(store: Store) -> None:
    daily = next(
        e
        for e in load_fixture(DAY_0612)
        if e["paper"].get("githubRepo") and e.get("organization") and e.get("numComments")
    )
    daily_paper, day = parse_entry(daily)
    assert daily_paper.ai_summary and daily_paper.organization and daily_paper.ai_keywords
    store.ingest([daily_paper], [Listing(daily_paper.id, day or "")])
    # The same paper as a search hit: no ai_summary, organization, stars, comments, day.
    inner = daily["paper"]
    search_entry = {
        "paper": {
            "id": inner["id"],
            "title": inner["title"],
            "summary": inner["summary"],
            "publishedAt": inner["publishedAt"],
            "upvotes": inner["upvotes"] + 50,
            "authors": [],
        },
        "title": inner["title"],
        "highlightedTitle": [{"type": "text", "text": inner["title"]}],
        "upvoted": False,
    }
    search_paper, search_day = parse_entry(search_entry)
    assert search_day is None
    assert search_paper.ai_summary is None and search_paper.organization is None
    store.ingest([search_paper], source="search")
    kept = store.paper(daily_paper.id)
    assert kept is not None
    assert kept.ai_summary == daily_paper.ai_summary
    assert kept.ai_keywords == daily_paper.ai_keywords
    assert kept.organization == daily_paper.organization
    assert kept.org_name == daily_paper.org_name
    assert kept.github_repo == daily_paper.github_repo
    assert kept.github_stars == daily_paper.github_stars
    assert kept.comments == daily_paper.comments
    assert kept.authors == daily_paper.authors  # an empty author list erases nothing
    assert kept.listed_day == day
    assert kept.upvotes == inner["upvotes"] + 50  # new values do win
    source = store.conn.execute(
        "SELECT source FROM papers WHERE id = ?", [daily_paper.id]
    ).fetchall()[0][0]
    assert source == "daily"  # how it first came


def test_a_title_that_is_only_the_id_does_not_replace_a_real_title(
    store: Store, paper_factory: Callable[..., Paper]
) -> None:
    store.ingest([paper_factory("2607.00001", title="A real title")])
    store.ingest([paper_factory("2607.00001", title="2607.00001", listed_day=None)])
    paper = store.paper("2607.00001")
    assert paper is not None
    assert paper.title == "A real title"
    assert paper.listed_day == "2026-07-31"


def test_listed_day_only_moves_forward(store: Store, paper_factory: Callable[..., Paper]) -> None:
    store.ingest([paper_factory(listed_day="2026-07-31")], [Listing("2607.00001", "2026-07-31")])
    store.ingest([paper_factory(listed_day="2026-07-01")], [Listing("2607.00001", "2026-07-01")])
    paper = store.paper("2607.00001")
    assert paper is not None and paper.listed_day == "2026-07-31"
    days = store.conn.execute("SELECT day FROM listings ORDER BY day").fetchall()
    assert [r[0] for r in days] == ["2026-07-01", "2026-07-31"]


def test_ingest_is_one_transaction(store: Store, paper_factory: Callable[..., Paper]) -> None:
    store.ingest([paper_factory("2607.00001")])
    before = store.conn.execute("SELECT id FROM papers").fetchall()

    class Boom(Exception):
        pass

    def papers() -> Iterator[Paper]:
        yield paper_factory("2607.00002")
        raise Boom

    with pytest.raises(Boom):
        store.ingest(papers())
    bad = [paper_factory("2607.00003"), Paper(id="9999.99999x", title="bad")]
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll everything back
        store.ingest(bad)
    assert store.conn.execute("SELECT id FROM papers").fetchall() == before
    assert not store.conn.in_transaction


# --- full-text search -------------------------------------------------------------------------


@pytest.fixture
def fts_store(store: Store, paper_factory: Callable[..., Paper]) -> Store:
    store.ingest(
        [
            paper_factory(
                "2601.00001",
                title="Zebrafish Diffusion Models",
                abstract="We study generative models.",
                upvotes=1,
            ),
            paper_factory(
                "2609.00002",  # newer, more upvotes, and 'diffusion' in the abstract only
                title="Large Generative Models at Scale",
                abstract="Diffusion diffusion diffusion: diffusion everywhere in diffusion.",
                upvotes=500,
                ai_keywords=("quokka keyword",),
            ),
            paper_factory(
                "2605.00003",
                title="Unrelated Work",
                abstract="Nothing to see.",
                authors=("Grace Hopper", "Barbara Liskov"),
                organization="Platypus Research Institute",
                org_name="platypus",
            ),
        ]
    )
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zebrafish", ["2601.00001"]),  # title
        ("everywhere", ["2609.00002"]),  # abstract
        ("quokka", ["2609.00002"]),  # AI keyword
        ("Liskov", ["2605.00003"]),  # author
        ("author:hopper", ["2605.00003"]),
        ("platypus", ["2605.00003"]),  # organization
        ("org:platypus", ["2605.00003"]),
        ("kw:quokka", ["2609.00002"]),
        ("nothingmatchesthis", []),
    ],
)
def test_fts_finds_every_indexed_field(fts_store: Store, query: str, expected: list[str]) -> None:
    assert search(fts_store, query).ids == expected


def test_title_match_beats_abstract_only_match(fts_store: Store) -> None:
    result = search(fts_store, "diffusion")
    assert result.ids == ["2601.00001", "2609.00002"]
    assert result.total == 2 and not result.capped


def test_fts_index_follows_updates(fts_store: Store, paper_factory: Callable[..., Paper]) -> None:
    fts_store.ingest([paper_factory("2601.00001", title="Renamed Capybara Paper")])
    assert search(fts_store, "capybara").ids == ["2601.00001"]
    assert search(fts_store, "zebrafish").ids == []


def test_a_paper_twice_in_one_fetch_merges_in_order(
    fts_store: Store, paper_factory: Callable[..., Paper]
) -> None:
    first = paper_factory("2612.00009", title="Walrus Tusks", upvotes=3)
    second = replace(first, title="Narwhal Horns", upvotes=7, abstract=None)
    fts_store.ingest([first, second])
    kept = fts_store.paper("2612.00009")
    assert kept is not None
    assert (kept.title, kept.upvotes, kept.abstract) == ("Narwhal Horns", 7, first.abstract)
    assert search(fts_store, "narwhal").ids == ["2612.00009"]
    assert search(fts_store, "walrus").ids == []
    # The index holds exactly what the papers table holds (FTS5 compares the two).
    check = "INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)"
    fts_store.conn.execute(check)


def test_fts_on_recorded_papers(full: Store) -> None:
    result = search(full, "memory agents")
    assert result.ids
    assert "2607.26637" in result.ids  # "Filesystem-Based Memory for LLM Agents"
    assert "2607.27958" in search(full, "author:Peilin").ids


# --- paged views ------------------------------------------------------------------------------


def all_rows(store: Store, spec: ViewSpec, page: int) -> list[str]:
    ids: list[str] = []
    offset = 0
    while True:
        rows = store.rows(spec, offset, page)
        assert len(rows) <= page
        ids.extend(row.id for row in rows)
        if len(rows) < page:
            return ids
        offset += page


VIEWS = [
    ViewSpec(period=Period("day", "2026-07-31")),
    ViewSpec(period=Period("day", "2024-04-05")),
    ViewSpec(period=Period("week", "2024-W15")),
    ViewSpec(period=Period("month", "2024-04")),
    ViewSpec(kind="archive"),
    ViewSpec(kind="bookmarks"),
    ViewSpec(kind="tag", tag="to-read"),
]


@pytest.fixture
def marked(full: Store, library: Library) -> Store:
    for index, paper_id in enumerate(["2607.27958", "2404.03648", "2606.12575", "2404.07965"]):
        library.add_bookmark(paper_id, full.paper(paper_id))
        if index % 2 == 0:
            library.set_note(paper_id, "note", ["to-read"])
    library.add_bookmark("2501.00001", Paper(id="2501.00001", title="Only a snapshot"))
    library.add_bookmark("2501.00002")  # no snapshot at all
    library.set_read("2607.27958")
    return full


@pytest.mark.parametrize("spec", VIEWS, ids=lambda s: s.key)
@pytest.mark.parametrize("sort", ["upvotes", "newest"])
def test_every_view_reads_one_page(marked: Store, spec: ViewSpec, sort: str) -> None:
    spec = spec.with_sort(sort)
    total = marked.count(spec)
    assert total > 0
    first = marked.rows(spec, 0, 7)
    assert len(first) == min(7, total)
    paged = all_rows(marked, spec, 7)
    assert len(paged) == total
    assert len(set(paged)) == total
    assert paged == [row.id for row in marked.rows(spec, 0, 10_000)]
    assert marked.rows(spec, total, 7) == []
    assert marked.rows(spec, -5, 3) == marked.rows(spec, 0, 3)


def test_view_contents(marked: Store) -> None:
    day = marked.rows(ViewSpec(period=Period("day", "2026-07-31")), 0, 100)
    assert len(day) == 30
    votes = [row.upvotes or 0 for row in day]
    assert votes == sorted(votes, reverse=True)
    assert {row.day for row in day} == {"2026-07-31"}
    sigma = next(row for row in day if row.id == "2607.27958")
    assert sigma.bookmarked and sigma.read
    assert marked.count(ViewSpec(period=Period("month", "2024-04"))) == 199
    week = marked.rows(ViewSpec(period=Period("week", "2024-W15")), 0, 500)
    assert all("2024-04-08" <= (row.day or "") <= "2024-04-14" for row in week)
    assert "2404.03648" in [row.id for row in week]  # listed 2024-04-08
    assert marked.count(ViewSpec(kind="archive")) == 199 + 30 + 30
    newest = marked.rows(ViewSpec(kind="archive", sort="newest"), 0, 3)
    assert {row.day for row in newest} == {"2026-07-31"}


def test_bookmarks_and_tag_views(marked: Store) -> None:
    rows = marked.rows(ViewSpec(kind="bookmarks", sort="newest"), 0, 100)
    by_id = {row.id: row for row in rows}
    assert set(by_id) == {
        "2607.27958",
        "2404.03648",
        "2606.12575",
        "2404.07965",
        "2501.00001",
        "2501.00002",
    }
    assert all(row.bookmarked for row in rows)
    assert by_id["2501.00001"].title == "Only a snapshot"
    assert by_id["2501.00002"].title == "2501.00002"
    assert by_id["2607.27958"].title.startswith("Σ-Mem")
    tagged = marked.rows(ViewSpec(kind="tag", tag="to-read"), 0, 100)
    assert {row.id for row in tagged} == {"2607.27958", "2606.12575"}


def test_hide_read(marked: Store) -> None:
    spec = ViewSpec(period=Period("day", "2026-07-31"), hide_read=True)
    assert marked.count(spec) == 29
    assert "2607.27958" not in [row.id for row in marked.rows(spec, 0, 100)]
    bookmarks = ViewSpec(kind="bookmarks", hide_read=True)
    assert marked.count(bookmarks) == 5


def test_day_helpers(full: Store) -> None:
    assert full.latest_day() == "2026-07-31"
    assert full.latest_day("2026-07-30") == "2026-06-12"
    counts = full.day_counts("2026-06-01", "2026-07-31")
    assert counts == {"2026-06-12": 30, "2026-07-31": 30}
    stats = full.stats()
    assert stats["papers"] == 259 and stats["listings"] == 260
    assert (stats["first_day"], stats["last_day"]) == ("2024-04-01", "2026-07-31")
    assert stats["bytes"] > 0


def test_rows_by_ids_keeps_order_and_drops_unknown(full: Store) -> None:
    rows = full.rows_by_ids(["2607.27958", "9999.99999", "2404.03648"])
    assert [row.id for row in rows] == ["2607.27958", "2404.03648"]


# --- snapshots --------------------------------------------------------------------------------


def test_snapshots_are_recorded_when_counts_change(
    store: Store, paper_factory: Callable[..., Paper], stamps: list[str]
) -> None:
    stamps.append("2026-08-01T10:00:00Z")
    store.ingest([paper_factory(upvotes=5, comments=1)])
    stamps.append("2026-08-01T11:00:00Z")
    store.ingest([paper_factory(upvotes=5, comments=1)])  # unchanged, 1 h later: no snapshot
    stamps.append("2026-08-01T12:00:00Z")
    store.ingest([paper_factory(upvotes=9, comments=1)])  # changed: snapshot
    stamps.append("2026-08-01T19:00:00Z")
    store.ingest([paper_factory(upvotes=9, comments=1)])  # unchanged, but 7 h later: snapshot
    stamps.append("2026-08-01T20:00:00Z")
    store.ingest([paper_factory(upvotes=None, comments=None)])  # unknown: no snapshot
    points = store.snapshots("2607.00001")
    assert [(when.isoformat(), votes) for when, votes in points] == [
        ("2026-08-01T10:00:00+00:00", 5),
        ("2026-08-01T12:00:00+00:00", 9),
        ("2026-08-01T19:00:00+00:00", 9),
    ]
    paper = store.paper("2607.00001")
    assert paper is not None and paper.upvotes == 9  # a missing count erased nothing


def test_rising_counts_all_the_upvotes_of_a_paper_new_within_the_day(
    store: Store, paper_factory: Callable[..., Paper], stamps: list[str]
) -> None:
    day = "2026-08-02"
    now = datetime(2026, 8, 3, 12, tzinfo=UTC)  # a day ago: 2026-08-02T12:00

    def fetch(stamp: str, paper_id: str, upvotes: int, listed: str = day) -> None:
        stamps.append(stamp)
        paper = paper_factory(paper_id, upvotes=upvotes, listed_day=listed)
        store.ingest([paper], [Listing(paper_id, listed)])

    fetch("2026-08-02T06:00:00.000Z", "2608.00001", 10)  # watched for more than a day
    fetch("2026-08-03T11:00:00.000Z", "2608.00001", 15)  # +5
    fetch("2026-08-03T10:00:00.000Z", "2608.00002", 99)  # first seen 2 h ago: all 99 gained
    spec = ViewSpec(period=Period("day", day), sort="rising")
    rows = store.rows(spec, 0, 10, now=now)
    assert [(row.id, row.rising) for row in rows] == [("2608.00002", 99), ("2608.00001", 5)]
    assert store.has_rising_history(spec, now=now)


def test_a_view_never_watched_for_a_day_has_no_rising_history(
    store: Store, paper_factory: Callable[..., Paper], stamps: list[str]
) -> None:
    now = datetime(2026, 8, 3, 12, tzinfo=UTC)
    stamps.append("2026-08-03T10:00:00.000Z")  # one fetch only, of a day long past
    old = paper_factory("2607.00009", upvotes=40, listed_day="2026-07-01")
    store.ingest([old], [Listing(old.id, "2026-07-01")])
    spec = ViewSpec(period=Period("day", "2026-07-01"), sort="rising")
    assert [row.rising for row in store.rows(spec, 0, 10, now=now)] == [0]  # no gain made up
    assert not store.has_rising_history(spec, now=now)


def test_bookmarks_have_no_rising_order(marked: Store) -> None:
    newest = marked.rows(ViewSpec(kind="bookmarks", sort="newest"), 0, 100)
    rising = marked.rows(ViewSpec(kind="bookmarks", sort="rising"), 0, 100)
    assert [row.id for row in rising] == [row.id for row in newest]
    assert {row.rising for row in rising} == {None}
    assert not marked.has_rising_history(ViewSpec(kind="bookmarks", sort="rising"))


def test_a_paper_listed_on_two_days_keeps_one_upvote_history(
    store: Store, paper_factory: Callable[..., Paper], stamps: list[str]
) -> None:
    # Each listing reports its own count (29 on the newer day, 12 on the older); refreshing the
    # two days in turn must not record 29, 12, 29, 12, 29.
    def fetch(stamp: str, day: str, upvotes: int) -> None:
        stamps.append(stamp)
        paper = paper_factory("2404.03648", upvotes=upvotes, listed_day=day)
        store.ingest([paper], [Listing(paper.id, day)])

    for hour in range(10, 15):
        day, upvotes = ("2024-04-08", 29) if hour % 2 == 0 else ("2024-04-05", 12)
        fetch(f"2026-08-01T{hour}:00:00.000Z", day, upvotes)
    assert [votes for _, votes in store.snapshots("2404.03648")] == [29]
    paper = store.paper("2404.03648")
    assert paper is not None and (paper.upvotes, paper.listed_day) == (29, "2024-04-08")
    fetch("2026-08-01T16:00:00.000Z", "2024-04-08", 31)  # the newest listing moves: recorded
    fetch("2026-08-01T17:00:00.000Z", "2024-04-05", 12)
    assert [votes for _, votes in store.snapshots("2404.03648")] == [29, 31]
    # Both listings in one fetch (a month), the older one last: the newer's count stands.
    stamps.append("2026-08-01T18:00:00.000Z")
    newer = paper_factory("2404.03648", upvotes=33, listed_day="2024-04-08")
    older = paper_factory("2404.03648", upvotes=12, listed_day="2024-04-05")
    store.ingest([newer, older], [Listing(newer.id, "2024-04-08"), Listing(older.id, "2024-04-05")])
    assert [votes for _, votes in store.snapshots("2404.03648")] == [29, 31, 33]
    assert store.paper("2404.03648").upvotes == 33


# --- the fetch log ----------------------------------------------------------------------------


def test_fetch_log_records_successes_and_failures(store: Store) -> None:
    page = parse_entries(load_fixture(DAY_0731))
    store.ingest(
        page.papers,
        page.listings,
        view="day:2026-07-31",
        started_at="2026-08-01T00:00:00Z",
        skipped=2,
        requests=1,
    )
    store.log_fetch(
        "day:2026-08-01",
        started_at="2026-08-01T00:00:00Z",
        outcome="error",
        message="hf.test answered HTTP 500",
    )
    rows = store.conn.execute(
        "SELECT view, outcome, papers, new, updated, skipped, requests, message FROM fetch_log"
        " ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("day:2026-07-31", "ok", 30, 30, 0, 2, 1, None),
        ("day:2026-08-01", "error", 0, 0, 0, 0, 0, "hf.test answered HTTP 500"),
    ]
    ok = store.last_fetch("day:2026-07-31")
    assert ok is not None and ok.outcome == "ok"
    assert abs(ok.finished_at - datetime.now(UTC)) < timedelta(minutes=1)
    failed = store.last_fetch("day:2026-08-01")
    assert failed is not None and failed.message == "hf.test answered HTTP 500"
    assert store.last_fetch("day:2026-08-01", outcome="ok") is None
    assert store.last_success(["day:2026-08-01"]) is None
    assert store.last_success(["day:2026-08-01", "day:2026-07-31"]) == ok.finished_at


# --- staleness --------------------------------------------------------------------------------

NOW = datetime(2026, 8, 3, 15, 0, tzinfo=UTC)  # 11:00 in New York: the Daily day is 2026-08-03


def fetched(store: Store, view: str, ago: timedelta, outcome: str = "ok") -> None:
    stamp = (NOW - ago).strftime("%Y-%m-%dT%H:%M:%SZ")
    store.conn.execute(
        "INSERT INTO fetch_log (view, started_at, finished_at, outcome) VALUES (?, ?, ?, ?)",
        (view, stamp, stamp, outcome),
    )


def test_current_day_is_stale_after_15_minutes(store: Store) -> None:
    today = Period("day", "2026-08-03")
    assert is_stale(store, today, now=NOW)  # never fetched
    fetched(store, "day:2026-08-03", timedelta(minutes=10))
    assert not is_stale(store, today, now=NOW)
    assert is_stale(store, today, now=NOW + timedelta(minutes=6))
    yesterday = Period("day", "2026-08-02")
    fetched(store, "day:2026-08-02", timedelta(minutes=20))
    assert is_stale(store, yesterday, now=NOW)  # yesterday is still "current"


def test_past_day_is_stale_after_24_hours(store: Store) -> None:
    past = Period("day", "2026-07-20")
    fetched(store, "day:2026-07-20", timedelta(hours=23))
    assert not is_stale(store, past, now=NOW)
    assert is_stale(store, past, now=NOW + timedelta(hours=2))


def test_failures_do_not_count_as_fetched(store: Store) -> None:
    fetched(store, "day:2026-07-20", timedelta(minutes=1), outcome="error")
    assert is_stale(store, Period("day", "2026-07-20"), now=NOW)


def test_a_day_is_covered_by_its_month_or_week_fetch(store: Store) -> None:
    fetched(store, "month:2026-07", timedelta(hours=1))
    assert not is_stale(store, Period("day", "2026-07-20"), now=NOW)
    assert not is_stale(store, Period("day", "2026-07-01"), now=NOW)
    assert is_stale(store, Period("day", "2026-06-30"), now=NOW)
    assert not is_stale(store, Period("week", "2026-W29"), now=NOW)  # Jul 13-19: inside July
    assert is_stale(store, Period("week", "2026-W27"), now=NOW)  # Jun 29 - Jul 5: spans two
    fetched(store, "week:2026-W27", timedelta(hours=2))
    assert not is_stale(store, Period("day", "2026-06-30"), now=NOW)


def test_freshness_is_configurable(store: Store) -> None:
    fetched(store, "day:2026-07-20", timedelta(hours=2))
    strict = Freshness(current=timedelta(minutes=1), past=timedelta(hours=1))
    assert is_stale(store, Period("day", "2026-07-20"), now=NOW, freshness=strict)
    assert not is_stale(store, Period("day", "2026-07-20"), now=NOW)


def test_store_files_are_where_asked(store: Store, db_paths: tuple[Path, Path]) -> None:
    assert store.cache_path == db_paths[0] and db_paths[0].exists()
    assert store.library_path == db_paths[1] and db_paths[1].exists()
    assert store.notices == []


def test_the_daily_check_runs_at_low_priority_and_hands_back_its_outcome(store: Store) -> None:
    """The app's routine whole-file check runs in a thread of its own at the lowest priority
    (Linux), so it does not slow the keys; its result and its errors reach the caller."""
    import os
    import sys
    import threading

    from tui.core.cachefile import at_low_priority
    from tui.core.db import StoreError

    caller = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: dict[str, int] = {}

    def check() -> str | None:
        seen["niceness"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        seen["thread"] = threading.get_native_id()
        return store.check_if_due(every=timedelta(0))

    assert at_low_priority(check) is None  # a sound file: nothing to say
    assert seen["thread"] != threading.get_native_id()
    if sys.platform.startswith("linux"):
        assert seen["niceness"] == 19
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == caller

    def fails() -> None:
        raise StoreError("The cache is locked.")

    with pytest.raises(StoreError, match="locked"):
        at_low_priority(fails)


def test_an_id_in_other_digits_is_skipped_and_later_refreshes_still_work(store: Store) -> None:
    import copy

    from tui.core.parse import parse_entries

    entries = load_fixture(DAY_0731)
    real_id = entries[0]["paper"]["id"]
    twin = copy.deepcopy(entries[0])
    twin["paper"]["id"] = real_id.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    page = parse_entries([twin, *entries])
    assert page.skipped == 1 and real_id in {paper.id for paper in page.papers}
    store.ingest(page.papers, page.listings)
    again = parse_entries(entries)  # the next refresh, carrying the real paper
    store.ingest(again.papers, again.listings)
    assert store.paper(real_id) is not None


def test_commands_started_together_on_a_new_cache_all_open_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tui.core.store import Store; from tui.core.library import Library;"
        "s = Store(sys.argv[1], sys.argv[2]); Library(sys.argv[2]).close(); s.close()"
    )
    cache, library = tmp_path / "cache.db", tmp_path / "library.db"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(cache), str(library)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    errors = [run.communicate(timeout=60)[1] for run in runs]
    assert [run.returncode for run in runs] == [0] * 6, errors


def test_links_kept_by_an_older_version_are_checked_when_read(
    store: Store, paper_factory: Callable[..., Paper]
) -> None:
    """A cache written before links were checked for userinfo and look-alike hosts: what is read
    back, shown, opened and copied is the checked link."""
    from tui.core.models import paper_links

    old = paper_factory(
        github_repo="https://github.com@evil.example/x",
        project_page="https://hüggingface.co/p",
        submitter_avatar="http://user:pass@cdn.example/a.png",
    )
    store.ingest([old], [Listing(old.id, "2026-07-31")])
    paper = store.paper(old.id)
    assert paper is not None
    assert (paper.github_repo, paper.project_page, paper.submitter_avatar) == (
        None,
        "https://xn--hggingface-9db.co/p",
        None,
    )
    links = {key: url for key, _label, url in paper_links(old)}
    assert "g" not in links
    assert links["w"] == "https://xn--hggingface-9db.co/p"
