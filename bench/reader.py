"""Benchmark the reader as a user meets it: the real `dailypapers` in a pseudo-terminal.

Prints numbers, never asserts. A throw-away cache holds the 31 July 2026 listing, and the
highlighted paper has a stored full text (a generated 180 KB paper, or with --fixture the
107 KB recorded one; and a 1 MB paper for its first paint):

- `p` → the first screen of text painted (p50 of several opens; the text is stored);
- PgDn, `/` find over the whole paper (the last letter typed to its frame), resize re-wrap;
- the resident memory with a paper open, against the list alone;
- in-process: the longest event-loop stall while a paper opens and is laid out.

    python bench/reader.py [--opens 10] [--fixture]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app import COLUMNS, ROWS, Terminal, compile_package, environment, line

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "papers_md" / "2510.14528.md"
LISTING = ROOT / "tests" / "fixtures" / "hf_api" / "daily_papers__limit30__2026-07-31.json"
FIRST = "2607.28618"  # the listing's first paper by upvotes: the one highlighted at start
MARK = "Reader bench first screen."  # the first paragraph: seen, the first screen is painted


def paper_text(size: int, fixture: bool) -> str:
    """A paper of about ``size`` bytes in the server's wrapper, ``MARK`` its first paragraph."""
    base = FIXTURE.read_text(encoding="utf-8")
    if not fixture:
        try:
            from paper_gen import make_paper  # type: ignore[import-not-found]

            base = make_paper(size)
        except ImportError:  # not written yet: the recorded paper, repeated to size
            head, marker, body = base.partition("Markdown Content:")
            parts = [body]
            while sum(len(p) for p in parts) < size - len(head):
                parts.append(body.replace("\n## ", f"\n## {len(parts)}."))
            base = head + marker + "".join(parts)[: size - len(head)]
    head, marker, body = base.partition("Markdown Content:")
    return f"{head}{marker}\n{MARK}\n\n{body}"


def make_cache(folder: Path, text: str) -> Path:
    from tui.core.parse import parse_entries
    from tui.core.store import Store

    db = folder / "cache.db"
    store = Store(db, folder / "library.db")
    page = parse_entries(json.loads(LISTING.read_text(encoding="utf-8")))
    store.ingest(page.papers, page.listings, view="day:2026-07-31")
    store.save_full_text(FIRST, text, "Bench paper")
    store.close()
    return db


def resize(term: Terminal, columns: int, rows: int) -> None:
    import fcntl

    fcntl.ioctl(term.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.kill(term.pid, signal.SIGWINCH)


def first_paint(term: Terminal, opens: int) -> list[float]:
    times = []
    for _ in range(opens):
        times.append(term.key_until(b"p", MARK.encode(), timeout=10))
        term.drain(0.4)  # the rest laid out
        term.key(b"\x1b", quiet=0.3)
    return times


def pty_run(db: Path, big: Path, opens: int) -> None:
    env = environment(db)
    term = Terminal(["--offline"], env)
    term.read_until(b"\xe2\x96\xb2")
    term.drain(0.8)
    before = term.rss_mb()
    first = term.key_until(b"p", MARK.encode(), timeout=10)
    term.drain(1.5)  # all of it laid out
    opened = term.rss_mb()
    line("memory: a paper open (RSS delta)", f"{opened - before:.1f} MB", "target ≤ 15 MB",
         opened - before <= 15)  # fmt: skip
    term.key(b"\x1b", quiet=0.3)
    times = [first, *first_paint(term, opens)]
    p50 = statistics.median(times) * 1000
    line("p → first screen painted, p50", f"{p50:.1f} ms", "target ≤ 120 ms", p50 <= 120)
    line("  (first open, cold)", f"{times[0] * 1000:.1f} ms")
    term.key_until(b"p", MARK.encode(), timeout=10)
    term.drain(1.5)  # all of it laid out: PgDn finds every height known
    pages = [term.key(b"\x1b[6~") for _ in range(20)]
    p50 = statistics.median(pages) * 1000
    line("PgDn p50 (to the frame's last byte)", f"{p50:.1f} ms", "target ≤ 16 ms", p50 <= 16)
    term.key(b"g", quiet=0.2)
    term.key(b"/", quiet=0.2)
    for char in "the mode":
        term.key(char.encode(), quiet=0.1)
    finds = [term.key(b"l", quiet=0.15)]
    for _ in range(4):
        term.key(b"\x7f", quiet=0.15)
        finds.append(term.key(b"l", quiet=0.15))
    p50 = statistics.median(finds) * 1000
    line("/ find over the whole paper (a letter), p50", f"{p50:.1f} ms", "target ≤ 20 ms",
         p50 <= 20)  # fmt: skip
    term.key(b"\r", quiet=0.2)
    resizes = []
    for columns, rows in ((80, 24), (COLUMNS, ROWS)) * 3:
        term.drain(0.05)
        sent = time.perf_counter()
        resize(term, columns, rows)
        last = sent
        term.drain(0.0)
        import select

        ready, _, _ = select.select([term.fd], [], [], 3.0)
        while ready:
            term.output += os.read(term.fd, 65536)
            last = time.perf_counter()
            ready, _, _ = select.select([term.fd], [], [], 0.15)
        resizes.append(last - sent)
    p50 = statistics.median(resizes) * 1000
    line("resize re-wrap (to the frame's last byte), p50", f"{p50:.1f} ms", "target ≤ 100 ms",
         p50 <= 100)  # fmt: skip
    term.key(b"\x1b", quiet=0.2)
    term.key(b"\x1b", quiet=0.2)
    term.close()

    term = Terminal(["--offline"], environment(big))
    term.read_until(b"\xe2\x96\xb2")
    term.drain(0.8)
    times = first_paint(term, 3)
    p50 = statistics.median(times) * 1000
    line("1 MB paper: p → first screen, p50", f"{p50:.1f} ms", "target ≤ 300 ms", p50 <= 300)
    term.close()


async def stall_run(db: Path) -> None:
    """The longest the event loop was busy at one go while a paper opened and was laid out."""
    from datetime import date

    from tui.app.app import DailyPapersApp
    from tui.app.options import app_options
    from tui.core.library import Library
    from tui.core.store import Store
    from tui.paths import library_beside

    store = Store(db, library_beside(db))
    library = Library(library_beside(db))
    app = DailyPapersApp(store, library, app_options(offline=True, today=lambda: date(2026, 8, 2)))
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        await pilot.pause(0.5)
        worst = 0.0
        running = True

        async def watch() -> None:
            nonlocal worst
            while running:
                before = time.perf_counter()
                await asyncio.sleep(0.002)
                worst = max(worst, time.perf_counter() - before - 0.002)

        await pilot.press("p")
        # From the first frame of the reader on: building a screen is Textual's one stall.
        for _ in range(100):
            await asyncio.sleep(0.005)
            view = app.screen.query("#reader-text")
            if view and view.first().document is not None:
                break
        watcher = asyncio.create_task(watch())
        for _ in range(200):
            await asyncio.sleep(0.02)
            view = app.screen.query("#reader-text")
            if view and view.first().document is not None and view.first().laid_out:
                break
        await pilot.press("G", "g")
        await asyncio.sleep(0.1)
        running = False
        await watcher
        slice_ms = app.screen.query_one("#reader-text").stall * 1000
    store.close()
    library.close()
    line("longest event-loop stall while laying out", f"{worst * 1000:.1f} ms", "target ≤ 50 ms",
         worst <= 0.05)  # fmt: skip
    line("  (longest background layout slice)", f"{slice_ms:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=10)
    parser.add_argument("--fixture", action="store_true", help="the 107 KB recorded paper")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "a").mkdir()
        (base / "b").mkdir()
        text = paper_text(180_000, args.fixture)
        db = make_cache(base / "a", text)
        big = make_cache(base / "b", paper_text(1_000_000, False))
        size = len(text.encode()) / 1000
        print(f"dailypapers reader benchmark — {COLUMNS}x{ROWS} pty, a {size:.0f} KB paper")
        pty_run(db, big, args.opens)
        asyncio.run(stall_run(db))


if __name__ == "__main__":
    main()
