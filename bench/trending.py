"""Benchmark the trending view: opening it from the cache at 200,000 cached papers.

    python bench/trending.py                 # N = 200,000 (bench/gen.py builds it on first use)
    python bench/trending.py --sizes 20000

The cache is a copy of bench/gen.py's build with a trending snapshot of 100 papers stored
through Store.save_trending (90 of its papers spread over its years, and 10 never listed on
Daily Papers). "Open" is what the view needs for its first screen: the snapshot's fetch time,
the row count and the first page of 50 rows, on a connection opened for it (cold) and again
(warm), in Hugging Face's order and sorted by upvotes. Target: 50 ms. A benchmark, not a test:
it never fails a run.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import gen
from core import check, line, ms, percentile

from tui.core.fetch_result import FetchResult
from tui.core.models import ParsedPage
from tui.core.store import Store
from tui.core.views import ViewSpec
from tui.paths import library_beside

TARGET = 0.050  # s
SNAPSHOT = 100
PAGE = 50
REPEATS = 30


def snapshot(store: Store, rng: random.Random) -> FetchResult:
    ids = [r[0] for r in store.conn.execute("SELECT id FROM papers ORDER BY rowid")]
    chosen = sorted(rng.sample(ids, SNAPSHOT - 10), key=lambda _: rng.random())
    papers = [paper for paper in (store.paper(i) for i in chosen) if paper is not None]
    template = papers[0]
    for n in range(10):  # never on Daily Papers: new rows, no listing
        papers.append(replace(template, id=f"2301.{90000 + n}", title=f"Old {n}", listed_day=None))
    result = FetchResult()
    result.add(ParsedPage(papers=papers))
    result.pages = 1
    return result


def open_view(cache: Path, spec: ViewSpec, store: Store | None = None) -> tuple[float, int]:
    """Seconds to open the view (new Store when ``store`` is None), and its row count."""
    started = time.perf_counter()
    own = store or Store(cache, library_beside(cache))
    own.trending_fetched_at()
    count = own.count(spec)
    rows = own.rows(spec, 0, PAGE)
    elapsed = time.perf_counter() - started
    assert len(rows) == min(PAGE, count)
    if store is None:
        own.close()
    return elapsed, count


def bench(n: int) -> None:
    meta = gen.ensure(n)
    with tempfile.TemporaryDirectory(prefix="dp-trending-") as folder:
        cache = Path(folder) / "cache.db"
        shutil.copy(meta["path"], cache)
        library = library_beside(Path(meta["path"]))
        if library.exists():
            shutil.copy(library, library_beside(cache))
        store = Store(cache, library_beside(cache))
        started = time.perf_counter()
        store.save_trending(snapshot(store, random.Random(17)))
        line("save a snapshot of 100", ms(time.perf_counter() - started), note="(one fetch)")
        print(f"N={n:,}: {store.count(ViewSpec(kind='archive')):,} cached papers")
        for sort in ("trending", "upvotes"):
            spec = ViewSpec(kind="trending", sort=sort)
            cold = [open_view(cache, spec)[0] for _ in range(REPEATS // 3)]
            warm = [open_view(cache, spec, store)[0] for _ in range(REPEATS)]
            for label, times in (("cold", cold), ("warm", warm)):
                p95 = percentile(times, 95)
                line(
                    f"open trending ({sort}, {label}) p95",
                    ms(p95),
                    f"<= {TARGET * 1000:.0f} ms",
                    check(p95, TARGET),
                    f"p50 {ms(percentile(times, 50))}",
                )
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200000", help="comma-separated N values")
    args = parser.parse_args()
    for n in [int(s) for s in args.sizes.replace("_", "").split(",") if s]:
        bench(n)


if __name__ == "__main__":
    main()
