"""Benchmark For you and "more like this" at 200,000 papers with 25 watches, and check the
quality of "more like this" on the recorded fixtures.

    python bench/foryou.py                 # N = 200,000 (built by gen.py on first use)
    python bench/foryou.py --sizes 20000
    python bench/foryou.py --only quality  # the fixtures' check alone (a second)

Works on a copy of gen.py's cache (the watch tables are written into it), with a library of its
own. Every number is printed with its target and PASS/MISS; a benchmark, never a failing run.

Quality: for every fixture paper that shares an author or an AI keyword with other fixture
papers, the first min(5, how many share) results of more_like_this must all be papers that
share one (papers sharing only common words must not crowd them out). Printed as the share
of such papers where they do, and the share of those first places held by sharing papers.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import gen

from tui.core.db import now_stamp
from tui.core.for_you import ForYou
from tui.core.library import Library
from tui.core.models import Listing, Paper
from tui.core.more_like_this import more_like_this
from tui.core.store import Store
from tui.core.views import ViewSpec
from tui.core.watch_list import WatchList

OPEN_TARGET = 50.0  # ms: the For you view's first page, its count and its new count
MARKS_TARGET = 1.0  # ms: a page of 50 rows' watch marks
RELATED_TARGET = 30.0  # ms, p95
MATCH_TARGET = 20.0  # ms: a refresh of 100 new papers matched against every watch
QUALITY_TARGET = 0.9  # share of papers whose first places all go to sharing papers


def line(label: str, value: str, target: str = "", verdict: str = "") -> None:
    print(f"  {label:<44} {value:>12}  {target:<10} {verdict}")


def verdict(value: float, limit: float, *, at_least: bool = False) -> str:
    return "PASS" if (value >= limit if at_least else value <= limit) else "MISS"


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.4999) - 1))]


def watches_for(store: Store) -> list[tuple[str, str]]:
    """25 watches of the kinds people keep, made of what the cache holds: prolific authors,
    organisations, keywords, phrases, words with a vote threshold."""
    conn = store.conn
    authors = [
        r[0]
        for r in conn.execute(
            "SELECT value, count(*) c FROM (SELECT j.value FROM papers, json_each(papers.authors)"
            " j WHERE papers.rowid % 20 = 0) GROUP BY value ORDER BY c DESC LIMIT 8"
        )
    ]
    orgs = [
        r[0]
        for r in conn.execute(
            "SELECT organization, count(*) c FROM papers WHERE organization IS NOT NULL"
            " AND rowid % 20 = 0 GROUP BY organization ORDER BY c DESC LIMIT 5"
        )
    ]
    keywords = [
        r[0]
        for r in conn.execute(
            "SELECT value, count(*) c FROM (SELECT j.value FROM papers,"
            " json_each(papers.ai_keywords) j WHERE papers.rowid % 20 = 0)"
            " GROUP BY value ORDER BY c DESC LIMIT 40"
        )
    ][10:16]  # not the very commonest
    watches = [(f"author {n}", f'author:"{a}"') for n, a in enumerate(authors)]
    watches += [(f"org {n}", f'org:"{o}"') for n, o in enumerate(orgs)]
    watches += [(f"kw {n}", f'kw:"{k}"') for n, k in enumerate(keywords)]
    watches += [
        ("speculative", '"speculative decoding"'),
        ("agents", "agent memory upvotes>20"),
        ("diffusion video", "diffusion video -survey"),
        ("rl", "reinforcement OR rlhf upvotes>50"),
        ("code", "kw:retrieval has:code"),
        ("popular", "upvotes>=400"),
    ]
    return watches[:25]


def new_batch(store: Store, count: int, day: str, serial: int) -> list[Paper]:
    """``count`` new papers made from cached ones (new ids, listed on ``day``)."""
    rows = store.conn.execute(
        "SELECT id FROM papers WHERE rowid % 997 = ? LIMIT ?", (serial % 997, count)
    ).fetchall()
    papers = []
    for n, (paper_id,) in enumerate(rows):
        paper = store.paper(paper_id)
        assert paper is not None
        papers.append(replace(paper, id=f"2612.{90000 - serial * 200 - n:05d}", listed_day=day))
    return papers


def bench(n: int) -> None:
    meta = gen.ensure(n)
    folder = Path(tempfile.mkdtemp(prefix="foryou-"))
    cache = folder / "cache.db"
    shutil.copyfile(meta["path"], cache)
    print(f"\nN = {n:,} papers ({cache})")
    store = Store(cache, folder / "library.db")
    library = Library(folder / "library.db")
    try:
        watch_list = WatchList(library)
        for name, query in watches_for(store):
            library.save_watch(name, query, "2026-11-01T00:00:00.000Z")  # a month of news
        watches = watch_list.all()
        print(f"  {len(watches)} watches")
        start = time.perf_counter()
        ForYou(store, watches).sync()
        line("first match of every watch (once)", f"{(time.perf_counter() - start):.2f} s")

        opens = []
        for _ in range(7):
            start = time.perf_counter()
            for_you = ForYou(store, watches)
            page = for_you.page(0, 50)
            total, new = for_you.count(), for_you.new_count()
            opens.append((time.perf_counter() - start) * 1000)
        line("For you open: page + count + new (p50)", f"{statistics.median(opens):.1f} ms",
             f"<= {OPEN_TARGET:g} ms", verdict(statistics.median(opens), OPEN_TARGET))  # fmt: skip
        line("  first open of the run", f"{opens[0]:.1f} ms")
        print(f"  ({total:,} papers match, {new:,} new; first row {page[0].paper_id}"
              f" {page[0].reason()})")  # fmt: skip

        rng = random.Random(7)
        marks = []
        archive = ViewSpec(kind="archive")
        for _ in range(30):
            ids = [row.id for row in store.rows(archive, rng.randrange(0, n - 50), 50)]
            start = time.perf_counter()
            for_you.marks(ids)
            marks.append((time.perf_counter() - start) * 1000)
        line("marks of a page of 50 rows (p50)", f"{statistics.median(marks):.2f} ms",
             f"<= {MARKS_TARGET:g} ms", verdict(statistics.median(marks), MARKS_TARGET))  # fmt: skip

        ids = [r[0] for r in store.conn.execute("SELECT id FROM papers WHERE rowid % 1999 = 3")]
        sample = rng.sample(ids, min(100, len(ids)))
        more_like_this(store, sample[0])  # the paper count, read once per cache version
        times = []
        for paper_id in sample:
            start = time.perf_counter()
            more_like_this(store, paper_id)
            times.append((time.perf_counter() - start) * 1000)
        line("more like this (p95 of 100 papers)", f"{p(times, 95):.1f} ms",
             f"<= {RELATED_TARGET:g} ms", verdict(p(times, 95), RELATED_TARGET))  # fmt: skip
        line("  p50", f"{p(times, 50):.1f} ms")

        matched = []
        for serial in range(5):
            batch = new_batch(store, 100, "2026-12-01", serial)
            store.ingest(batch, [Listing(b.listed_day or "", b.id) for b in batch])
            start = time.perf_counter()
            news = for_you.sync()
            matched.append((time.perf_counter() - start) * 1000)
        line("match 100 new papers, 25 watches (p50)", f"{statistics.median(matched):.1f} ms",
             f"<= {MATCH_TARGET:g} ms", verdict(statistics.median(matched), MATCH_TARGET))  # fmt: skip
        line("  slowest of 5", f"{max(matched):.1f} ms")
        print(f"  (the last batch: {len(news)} new for you)")
    finally:
        store.close()
        library.close()
        shutil.rmtree(folder, ignore_errors=True)


def quality() -> float:
    """The fixtures' check (see the module's doc); returns the share of papers that pass."""
    folder = Path(tempfile.mkdtemp(prefix="foryou-quality-"))
    store = Store(folder / "cache.db", folder / "library.db")
    try:
        papers = gen.fixture_papers()
        store.ingest(papers, [Listing(x.listed_day, x.id) for x in papers if x.listed_day])
        checked = passed = places = held = 0
        for paper in papers:
            sharing = sharing_papers(paper, papers)
            if not sharing:
                continue
            wanted = min(5, len(sharing))
            first = [r.paper_id for r in more_like_this(store, paper.id, wanted)]
            good = sum(paper_id in sharing for paper_id in first)
            checked += 1
            passed += good == wanted
            places += wanted
            held += good
        share = passed / max(checked, 1)
        print(f"\nQuality on the recorded fixtures ({len(papers)} papers, {checked} share an"
              " author or a keyword with others):")  # fmt: skip
        line("their first places all held by sharing papers", f"{share:.1%}",
             f">= {QUALITY_TARGET:.0%}", verdict(share, QUALITY_TARGET, at_least=True))  # fmt: skip
        line("first places held by sharing papers", f"{held / max(places, 1):.1%}")
        return share
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


def sharing_papers(paper: Paper, papers: list[Paper]) -> set[str]:
    """The other papers that share an author or an AI keyword (any case) with ``paper``."""
    names = {a.casefold() for a in paper.authors}
    keywords = {k.casefold() for k in paper.ai_keywords}
    return {
        other.id
        for other in papers
        if other.id != paper.id
        and (names & {a.casefold() for a in other.authors}
             or keywords & {k.casefold() for k in other.ai_keywords})
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200000", help="comma-separated N values")
    parser.add_argument("--only", choices=["quality", "speed"], help="one part only")
    args = parser.parse_args()
    print(f"For you and more like this · {now_stamp()} · Python {sys.version.split()[0]}")
    if args.only != "speed":
        quality()
    if args.only != "quality":
        for n in (int(s) for s in args.sizes.split(",")):
            bench(n)


if __name__ == "__main__":
    main()
