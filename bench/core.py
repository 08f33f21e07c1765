"""Benchmark the core on caches of N generated papers: ingest, search, view pages, the CLI.

    python bench/core.py                         # N = 20,000 and 200,000
    python bench/core.py --sizes 20000 --rebuild # regenerate (measures ingest afresh)

The databases come from bench/gen.py (built on first use, then reused). Every number is printed
with its unit, its target and PASS/MISS. This is a benchmark, not a test: it never fails a run.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gen

from tui.core.dates import Period
from tui.core.query import parse_query
from tui.core.search import search
from tui.core.store import Store
from tui.core.views import ViewSpec
from tui.paths import library_beside

WARMUP_REPEATS = 1
SEARCH_REPEATS = 3  # per query; its time is the median
VIEW_REPEATS = 50
CLI_RUNS = 10
INGEST_TARGET = 5_000  # papers/s
DAY_PAGE_TARGET = 1.0  # ms
CLI_TARGET = 0.25  # s


def search_targets(n: int) -> dict[str, list[tuple[str, float]]]:
    """p95 targets in ms, per query kind: (label, ms)."""
    if n <= 20_000:
        return {"whole": [("p95", 5.0)], "prefix": [("p95", 5.0)]}
    return {
        "whole": [("p95", 50.0), ("p95 later", 20.0)],
        "prefix": [("p95", 50.0), ("p95 later", 30.0)],
    }


# --- output -------------------------------------------------------------------------------------


def line(label: str, value: str, target: str = "", verdict: str = "", note: str = "") -> None:
    """One aligned result: label, value with its unit, then target and PASS/MISS, or a note."""
    tail = f"{target:<27} {verdict:<4}  {note}" if target else note
    print(f"  {label:<38} {value:>15}  {tail}".rstrip())


def check(value: float, limit: float, *, at_least: bool = False) -> str:
    ok = value >= limit if at_least else value <= limit
    return "PASS" if ok else "MISS"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """(median seconds, last result) of ``repeats`` calls."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- the queries --------------------------------------------------------------------------------

COMMON = [
    "model",
    "language",
    "learning",
    "diffusion",
    "reasoning",
    "video",
    "agent",
    "training",
    "image",
    "benchmark",
    "multimodal",
    "generation",
]
COMMON_PAIRS = [
    "language model",
    "large language models",
    "diffusion model",
    "image generation",
    "reinforcement learning",
    "video generation",
]
PHRASES = [
    '"large language models"',
    '"state of the art"',
    '"mixture of experts"',
    '"chain of thought"',
]
FILTERS = [
    "upvotes>50",
    "upvotes>500",
    "reasoning upvotes>50",
    "model upvotes>50",
    "agent has:code",
    "video since:2026-06-01",
    "diffusion until:2023-12-31",
    "model -diffusion",
    "language -model",
    "org:Microsoft",
    "kw:diffusion",
    "stars>100 llm",
    "comments>5 language",
    'kw:"3D Gaussian Splatting"',
]
MISSES = ["reasonnig", "transformerz", "qqzzx", "quantum chromodynamics"]
TYPED = [
    "large language models",
    "diffusion",
    "reinforcement learning",
    "video generation",
    "mixture of experts",
    "multimodal reasoning benchmark",
    "3d gaussian splatting",
]
_PLAIN = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True, slots=True)
class Sample:
    kind: str  # a category, for the breakdown
    text: str


def _words(text: str) -> list[str]:
    return [w for w in text.split() if _PLAIN.fullmatch(w)]


def _run_of(rng: random.Random, words: list[str], size: int) -> str | None:
    """``size`` consecutive plain words of a text, if it has them."""
    runs = [words[i : i + size] for i in range(len(words) - size + 1)]
    return " ".join(rng.choice(runs)) if runs else None


def build_queries(store: Store, n: int) -> tuple[list[Sample], list[Sample]]:
    """100 whole-word queries and the keystrokes of typing a dozen, all drawn from this cache."""
    rng = random.Random(f"queries-{n}")
    store.conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, papers_fts, row)"
    )
    vocab = [
        (t, d) for t, d in store.conn.execute("SELECT term, doc FROM temp.bench_vocab").fetchall()
    ]
    plain = [(t, d) for t, d in vocab if t.isalpha() and len(t) >= 4]
    mid = sorted(t for t, d in plain if n * 0.002 <= d <= n * 0.02)
    rare = sorted(t for t, d in plain if d <= 3 and len(t) >= 5)
    rowids = [
        r[0] for r in store.conn.execute("SELECT rowid FROM papers ORDER BY rowid").fetchall()
    ]

    def papers(count: int) -> list[Any]:
        marks = ",".join("?" * count)
        return store.conn.execute(
            f"SELECT title, abstract, authors_text FROM papers WHERE rowid IN ({marks})",
            rng.sample(rowids, count),
        ).fetchall()

    sample = papers(80)
    titles = [_words(r["title"]) for r in sample]
    abstracts = [_words(r["abstract"] or "") for r in sample]
    authors = [a for r in sample for a in (r["authors_text"] or "").split(", ") if " " in a]

    def runs(texts: list[list[str]], size: int, count: int) -> list[str]:
        found = [run for text in texts if (run := _run_of(rng, text, size))]
        return found[:count]

    whole: list[Sample] = []
    whole += [Sample("common word", q) for q in COMMON]
    whole += [Sample("common pair", q) for q in COMMON_PAIRS]
    whole += [Sample("mid-frequency word", q) for q in rng.sample(mid, 12)]
    whole += [Sample("rare word", q) for q in rng.sample(rare, 10)]
    whole += [Sample("two title words", q) for q in runs(titles, 2, 12)]
    whole += [Sample("three abstract words", q) for q in runs(abstracts[20:], 3, 8)]
    names = rng.sample(authors, 8)
    whole += [Sample("author name", q) for q in names]
    whole += [Sample("author: filter", f"author:{a.split()[-1]}") for a in names[:4]]
    whole += [Sample("author: filter", f'author:"{a}"') for a in rng.sample(authors, 2)]
    whole += [Sample("phrase", f'"{q}"') for q in runs(abstracts[40:], 2, 2)]
    whole += [Sample("phrase", f'"{q}"') for q in runs(abstracts[60:], 3, 2)]
    whole += [Sample("phrase", q) for q in PHRASES]
    whole += [Sample("filter", q) for q in FILTERS]
    whole += [Sample("no match", q) for q in MISSES]

    typed = [*TYPED, names[0], rng.choice(rare), rng.choice(mid), *runs(titles[40:], 3, 2)]
    prefix = [Sample(f"typing {t!r}", t[:i]) for t in typed for i in range(1, len(t) + 1)]
    return whole, prefix


# --- the sections -------------------------------------------------------------------------------


def section_build(meta: dict, path: Path) -> None:
    files = [path, Path(f"{path}-wal"), library_beside(path)]
    size = sum(f.stat().st_size for f in files if f.exists())
    when = "this run" if meta["fresh"] else f"cached build of {meta['built_at']}"
    print(f"\n== N = {meta['n']:,} papers: {path.name} ({when}) ==")
    line("papers / listings", f"{meta['papers']:,} / {meta['listings']:,}")
    line(
        "database size",
        f"{size / 1e6:.1f} MB",
        note=f"{size / meta['papers'] / 1024:.1f} KiB/paper",
    )
    line("text generation (not ingest)", f"{meta['generate_seconds']:.1f} s")
    line("ingest (Store.ingest, monthly batches)", f"{meta['ingest_seconds']:.1f} s")
    rate = meta["ingest_rate"]
    line(
        "ingest rate",
        f"{rate:,.0f} papers/s",
        f"target ≥ {INGEST_TARGET:,} papers/s",
        check(rate, INGEST_TARGET, at_least=True),
    )


def section_search(store: Store, n: int, limit: int | None) -> None:
    whole, prefix = build_queries(store, n)
    options = {} if limit is None else {"limit": limit}
    targets = search_targets(n)
    for kind, samples in (("whole", whole), ("prefix", prefix)):

        def run(sample: Sample) -> Any:
            return search(store, parse_query(sample.text), **options)

        for _ in range(WARMUP_REPEATS):
            for sample in samples:
                run(sample)
        measured = []
        for sample in samples:
            seconds, result = timed(lambda sample=sample: run(sample), SEARCH_REPEATS)
            measured.append((seconds, sample, result))
        times = [m[0] for m in measured]
        title = (
            "whole-word queries" if kind == "whole" else "queries as typed, keystroke by keystroke"
        )
        shown = f"limit={limit}" if limit is not None else "default limit"
        print(f"\n  search: {len(samples)} {title} ({shown}), median of {SEARCH_REPEATS} runs each")
        line(f"{kind} p50", ms(percentile(times, 50)))
        for label, target in targets[kind]:
            p95 = percentile(times, 95)
            line(f"{kind} {label}", ms(p95), f"target ≤ {target:g} ms", check(p95 * 1000, target))
        line(f"{kind} max", ms(max(times)))
        print("    slowest 5:")
        for seconds, sample, result in sorted(measured, key=lambda m: -m[0])[:5]:
            print(
                f"      {ms(seconds):>10}  {result.count_text:>7} matches  {sample.text!r}"
                f"  [{sample.kind}]"
            )
        if kind == "whole":
            groups: dict[str, list[tuple[float, Any]]] = defaultdict(list)
            for seconds, sample, result in measured:
                groups[sample.kind].append((seconds, result))
            print("    by kind:            n      p50      max   matches (median)")
            for group, items in groups.items():
                group_times = [s for s, _ in items]
                counts = statistics.median(r.total for _, r in items)
                print(
                    f"      {group:<20}{len(items):>3} {ms(statistics.median(group_times)):>9}"
                    f" {ms(max(group_times)):>9}   {counts:,.0f}"
                )
        else:
            by_length: dict[int, list[float]] = defaultdict(list)
            for seconds, sample, _ in measured:
                by_length[min(len(sample.text), 4)].append(seconds)
            print(
                "    by characters typed: "
                + ", ".join(
                    f"{'≥' if k == 4 else ''}{k}: p95 {ms(percentile(v, 95))}"
                    for k, v in sorted(by_length.items())
                )
            )


def section_views(store: Store) -> None:
    print(f"\n  views: one page of 50 rows, median of {VIEW_REPEATS} runs")
    latest = store.latest_day()
    days = [
        r[0]
        for r in store.conn.execute("SELECT DISTINCT day FROM listings ORDER BY day").fetchall()
    ]
    middle = days[len(days) // 2]

    def page(spec: ViewSpec, offset: int = 0) -> tuple[float, float, int]:
        rows_s, _ = timed(lambda: store.rows(spec, offset, 50), VIEW_REPEATS)
        count_s, count = timed(lambda: store.count(spec), VIEW_REPEATS)
        return rows_s, count_s, count

    for label, period in (
        (f"day {latest}", Period("day", latest)),
        (f"day {middle}", Period("day", middle)),
        (
            f"week {Period.of('week', Period('day', latest).first).key}",
            Period.of("week", Period("day", latest).first),
        ),
        (f"month {latest[:7]}", Period("month", latest[:7])),
        (f"month {middle[:7]}", Period("month", middle[:7])),
    ):
        for sort in ("upvotes", "newest"):
            rows_s, count_s, count = page(ViewSpec(period=period, sort=sort))
            detail = f"rows {ms(rows_s)} + count {ms(count_s)}, {count:,} papers"
            name = f"{label} by {sort}"
            if period.kind == "day":
                total = rows_s + count_s
                verdict = check(total * 1000, DAY_PAGE_TARGET)
                line(name, ms(total), f"target ≤ {DAY_PAGE_TARGET:g} ms", verdict, detail)
            else:
                line(name, ms(rows_s + count_s), note=detail)
    archive = ViewSpec(kind="archive", sort="newest")
    count_s, count = timed(lambda: store.count(archive), VIEW_REPEATS)
    line("archive count", ms(count_s), note=f"{count:,} papers")
    for label, offset in (("start", 0), ("middle", count // 2), ("end", max(0, count - 50))):
        rows_s, _ = timed(lambda offset=offset: store.rows(archive, offset, 50), VIEW_REPEATS)
        line(f"archive page, newest, {label}", ms(rows_s), note=f"offset {offset:,}")


def section_cli(store: Store, path: Path) -> None:
    exe = Path(sys.executable).parent / "dailypapers"
    if not exe.exists():
        print(f"\n  cli: {exe} not found (install the package in this venv)")
        return
    author = store.conn.execute(
        "SELECT authors_text FROM papers ORDER BY rowid DESC LIMIT 1"
    ).fetchall()[0][0]
    queries = ["language model", "diffusion", f"author:{author.split(', ')[0].split()[-1]}"]
    print(f"\n  cli: `{exe.name} --db … search QUERY`, median of {CLI_RUNS} runs (after one)")

    def wall(argv: list[str]) -> float:
        subprocess.run(argv, capture_output=True, check=True)
        times = []
        for _ in range(CLI_RUNS):
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    for query in queries:
        seconds = wall([str(exe), "--db", str(path), "search", query])
        line(
            f"search {query!r}",
            f"{seconds:.3f} s",
            f"target ≤ {CLI_TARGET:g} s",
            check(seconds, CLI_TARGET),
        )
    baseline = wall([sys.executable, "-c", "pass"])
    line("python -c pass", f"{baseline:.3f} s", note="(interpreter start, for reference)")
    imports = wall([sys.executable, "-c", "import tui.cli"])
    line("python -c 'import tui.cli'", f"{imports:.3f} s", note="(start + imports)")


def bench(n: int, rebuild: bool, limit: int | None, only: set[str]) -> None:
    meta = gen.ensure(n, rebuild=rebuild)
    path = Path(meta["path"])
    section_build(meta, path)
    store = Store(path, library_beside(path))
    try:
        if "search" in only:
            section_search(store, n, limit)
        if "views" in only:
            section_views(store)
        if "cli" in only:
            section_cli(store, path)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000", help="comma-separated N values")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the databases")
    parser.add_argument(
        "--limit", type=int, help="pass limit= to search() (default: its own default)"
    )
    parser.add_argument(
        "--only", default="search,views,cli", help="sections to run (default: all three)"
    )
    args = parser.parse_args()
    print(
        f"dailypapers core benchmark — Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.platform()}"
    )
    print(f"generator v{gen.GENERATOR_VERSION}, fixtures {gen.fixtures_digest()}")
    for n in [int(s) for s in args.sizes.replace("_", "").split(",") if s]:
        bench(n, args.rebuild, args.limit, set(args.only.split(",")))


if __name__ == "__main__":
    main()
