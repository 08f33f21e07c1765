"""Benchmark the full-text search: 2,000 stored paper texts beside 200,000 cached papers.

    python bench/text_search.py                 # build on first use, then reuse
    python bench/text_search.py --rebuild       # generate the texts again

The cache is a copy of bench/gen.py's 200,000-paper build with the full texts of 2,000 of its
papers stored through the store (about 500 blocks and 90 KB each, written from a word chain over
the fixtures' abstracts and real paper texts, with headings, lists and figure captions), plus
the real fixture texts. Queries are typical one- and two-word searches: words and pairs drawn
from the stored texts themselves (so they hit the bodies), from rare to very common, with and
without ``in:text``. Every number is printed with its target and PASS/MISS. A benchmark, not a
test: it never fails a run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

import gen
from core import check, line, ms, percentile

from tui.core import full_texts
from tui.core.query import parse_query
from tui.core.reader.block import Block
from tui.core.reader.document import Document
from tui.core.reader.normalise import normalise
from tui.core.reader.span import Span
from tui.core.search import prepare, search
from tui.core.store import Store
from tui.paths import library_beside

N = 200_000
TEXTS = 2_000
BLOCKS = 500  # per paper, about
TARGET_P95 = 30.0  # ms
REPEATS = 3  # per query; its time is the median
TEXTS_VERSION = 1
PAPERS_MD = [Path(__file__).parent.parent / "tests" / "fixtures" / "papers_md"]
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def texts_path() -> Path:
    return gen.DATA / f"papers-{N}-v{gen.GENERATOR_VERSION}-texts{TEXTS}-v{TEXTS_VERSION}.db"


def fixture_texts() -> list[tuple[str, str]]:
    return [
        (path.name.split(".md")[0].removesuffix(".head"), path.read_text("utf-8"))
        for folder in PAPERS_MD
        for path in sorted(folder.glob("*.md"))
        if path.name != "README.md"
    ]


def body_chain() -> gen.Chain:
    """A word chain over the fixtures' abstracts and the paragraphs of the real paper texts."""
    texts = [p.abstract for p in gen.fixture_papers() if p.abstract]
    for paper_id, raw in fixture_texts():
        document = normalise(raw, paper_id)
        texts.extend(b.text for b in document.blocks if b.kind == "paragraph" and len(b.text) > 80)
    return gen.Chain(texts)


def make_document(paper_id: str, title: str, chain: gen.Chain, rng: random.Random) -> Document:
    """About BLOCKS blocks in the shapes of a paper: sections, paragraphs of a few sentences,
    list items, figure captions; about 90 KB."""
    blocks: list[Block] = [Block("heading", (Span(title),), level=1)]
    section = 0
    while len(blocks) < BLOCKS + rng.randint(-60, 60):
        roll = rng.random()
        if roll < 0.06:
            section += 1
            words = chain.sentence(rng, 0.1, most=rng.randint(2, 6))
            heading = f"{section} " + " ".join(words).rstrip(".")
            blocks.append(Block("heading", (Span(heading),), level=2, number=str(section)))
        elif roll < 0.12:
            caption = " ".join(chain.sentence(rng, 0.1, most=30))
            number = str(rng.randint(1, 12))
            blocks.append(Block("figure", (Span(f"Figure {number}: {caption}"),), number=number))
        elif roll < 0.30:
            item = " ".join(chain.sentence(rng, 0.1, most=25))
            blocks.append(Block("list_item", (Span(item),), number="•"))
        else:
            sentences = [" ".join(chain.sentence(rng, 0.1)) for _ in range(rng.randint(1, 4))]
            blocks.append(Block("paragraph", (Span(" ".join(sentences)),)))
    return Document(paper_id, title, f"https://arxiv.org/html/{paper_id}", tuple(blocks))


def build(progress=print) -> Path:
    base = Path(gen.ensure(N, progress=progress)["path"])
    path = texts_path()
    progress(f"Building {path.name}: {TEXTS:,} texts …")
    temporary = path.with_name(".building-" + path.name)
    for target in (temporary, library_beside(temporary)):
        target.unlink(missing_ok=True)
    shutil.copy(base, temporary)
    shutil.copy(library_beside(base), library_beside(temporary))
    rng = random.Random(f"texts-{TEXTS}")
    chain = body_chain()
    store = Store(temporary, library_beside(temporary))
    rows = store.conn.execute("SELECT id, title FROM papers").fetchall()
    chosen = rng.sample([(r[0], r[1]) for r in rows], TEXTS)
    started = time.perf_counter()
    characters = blocks = 0
    for number, (paper_id, title) in enumerate(chosen, 1):
        document = make_document(paper_id, title, chain, rng)
        text = "\n\n".join(b.text for b in document.blocks)
        characters += len(text)
        blocks += len(document.blocks)
        with store._transaction() as conn:
            full_texts.save(conn, text, document.source_url, "2026-07-31T00:00:00Z", document)
        if number % 500 == 0:
            progress(f"    {number:,} texts, {time.perf_counter() - started:.1f} s")
    for paper_id, raw in fixture_texts():
        store.save_full_text(paper_id, raw)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    temporary.replace(path)
    library_beside(temporary).replace(library_beside(path))
    meta = {
        "texts": TEXTS,
        "blocks": blocks,
        "characters": characters,
        "seconds": round(time.perf_counter() - started, 1),
    }
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    return path


def build_queries(store: Store, rng: random.Random) -> dict[str, list[str]]:
    """Words of the stored texts by how many blocks have them, and pairs of neighbours."""
    texts = [
        row[0]
        for row in store.conn.execute(
            "SELECT text FROM text_blocks WHERE rowid % 97 = 0 LIMIT 4000"
        ).fetchall()
    ]
    counts: Counter[str] = Counter()
    pairs: list[str] = []
    for text in texts:
        words = [w.lower() for w in _WORD.findall(text)]
        counts.update(set(words))
        if len(words) > 2:
            start = rng.randrange(len(words) - 1)
            pairs.append(f"{words[start]} {words[start + 1]}")
    ranked = [w for w, _ in counts.most_common()]
    common, middle, rare = ranked[:40], ranked[40:400], ranked[400:]
    return {
        "one word, common": rng.sample(common, 10),
        "one word, middling": rng.sample(middle, 15),
        "one word, rare": rng.sample(rare, 15),
        "two words": rng.sample(pairs, 20),
        "in:text one word": [f"in:text {w}" for w in rng.sample(common[:20] + middle, 15)],
        "in:text two words": [f"in:text {p}" for p in rng.sample(pairs, 15)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="generate the texts again")
    args = parser.parse_args()
    path = texts_path()
    if args.rebuild or not path.exists():
        build()
    meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
    store = Store(path, library_beside(path))
    print(
        f"Full-text search, {sqlite3.sqlite_version} SQLite, Python {sys.version.split()[0]}: "
        f"{meta['texts']:,} texts ({meta['blocks']:,} blocks, {meta['characters'] / 1e6:.0f} M "
        f"characters) beside {N:,} papers; {path.stat().st_size / 1e6:.0f} MB"
    )
    prepare(store)
    queries = build_queries(store, random.Random("queries"))
    everything: list[float] = []
    for kind, texts in queries.items():
        times: list[float] = []
        hits = 0
        for text in texts:
            query = parse_query(text)
            runs = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                result = search(store, query)
                runs.append(time.perf_counter() - started)
            times.append(sorted(runs)[len(runs) // 2])
            hits += len(result.text_hits)
        everything.extend(times)
        p50, p95 = percentile(times, 50), percentile(times, 95)
        line(
            kind,
            ms(p95),
            f"p95 ≤ {TARGET_P95:.0f} ms",
            check(p95 * 1000, TARGET_P95),
            f"p50 {ms(p50)}, max {ms(max(times))}, {hits / len(texts):.0f} text hits/query",
        )
    p95 = percentile(everything, 95)
    line("all", ms(p95), f"p95 ≤ {TARGET_P95:.0f} ms", check(p95 * 1000, TARGET_P95))
    store.close()


if __name__ == "__main__":
    main()
