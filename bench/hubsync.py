"""Benchmark the bookmarks' sync with a Hugging Face collection (issue 19) against the fake Hub
(tests/hubserver.py, in this process, on 127.0.0.1): for N bookmarks (2,000 by default), the
requests and the wall time of a first sync (the collection made, every paper added, one write
at a time), of a second sync with nothing to change, and of a first sync on a second machine
(every paper bookmarked from the collection). With ``--page`` the fake pages a collection's
items (API2.md does not say the Hub does; the client follows ``Link: rel=next`` if it does).

Prints numbers, never asserts. A fresh library in a temporary folder each run.

    python bench/hubsync.py [--bookmarks 2000] [--page 500]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))
from hubserver import HubServer  # noqa: E402

from tui.core.collection_sync import SyncOptions, sync_bookmarks  # noqa: E402
from tui.core.hub_token import FoundToken  # noqa: E402
from tui.core.library import Library  # noqa: E402

TOKEN = FoundToken("hf_alice_write", "HF_TOKEN")


def timed_sync(library: Library, hub: HubServer, label: str) -> None:
    before = len(hub.collections.requests)
    start = time.perf_counter()
    summary = asyncio.run(sync_bookmarks(library, SyncOptions(), endpoint=hub.url, found=TOKEN))
    wall = time.perf_counter() - start
    asked = hub.collections.requests[before:]
    reads = sum(1 for method, _ in asked if method == "GET")
    print(
        f"{label:<38} {len(asked):>6,} requests ({reads:,} reads, {len(asked) - reads:,} writes)"
        f"  {wall:7.2f} s  {len(summary.changes):,} changes"
        + (f"  STOPPED: {summary.error}" if summary.error else "")
    )


def run(count: int, page: int | None) -> None:
    papers = [f"2608.{n:05d}" for n in range(count)]
    with tempfile.TemporaryDirectory() as folder, HubServer() as hub:
        hub.collections.item_page = page
        laptop = Library(Path(folder) / "a" / "library.db")
        conn = laptop.conn
        with conn:
            conn.executemany(
                "INSERT INTO bookmarks (paper_id, created_at) VALUES (?, ?)",
                [
                    (p, f"2026-01-01T00:00:{n % 60:02d}.{n % 1000:03d}Z")
                    for n, p in enumerate(papers)
                ],
            )
        print(f"{count:,} bookmarks; items paged by {page or 'none (one answer)'}")
        timed_sync(laptop, hub, "first sync (collection made, all added)")
        timed_sync(laptop, hub, "second sync (nothing changed)")
        server = Library(Path(folder) / "b" / "library.db")
        timed_sync(server, hub, "first sync on a second machine")
        timed_sync(server, hub, "its second sync")
        laptop.close()
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookmarks", type=int, default=2000)
    parser.add_argument("--page", type=int, default=None)
    args = parser.parse_args()
    run(args.bookmarks, args.page)


if __name__ == "__main__":
    main()
