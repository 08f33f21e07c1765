"""Benchmark the app as a user meets it: the real `dailypapers` in a pseudo-terminal.

Prints numbers, never asserts. Uses the caches bench/gen.py builds (20,000 and 200,000 papers):

- cold start: whole process, from exec to the first painted list (offline, a real pty);
- per key: `j` on a month view (~600 rows, the 20,000 cache) and on a large month (~7,000 rows,
  the 200,000 cache), from the key's bytes written to the frame that answers it;
- view switches: day view and archive view (`a`) of the 200,000 cache;
- resident memory of the app with the 200,000-paper cache open and browsed;
- in-process: the same keys through Textual's Pilot, without the terminal.

The app runs on a private copy of each cache whose write-ahead log is dropped first, so the
cache's daily whole-file check (20 s after start) usually falls inside the measured keys, as it
does on a user's first start of the day.

    python bench/app.py [--sizes 20000,200000] [--keys 60]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen

COLUMNS, ROWS = 120, 40
BIN = Path(sys.executable).parent / "dailypapers"


class Terminal:
    """The app in a pty: write keys, read frames, time both."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.execve(str(BIN), [str(BIN), *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        self.output = bytearray()

    def read_until(self, needle: bytes, timeout: float = 20.0, start: int = 0) -> float:
        """The moment ``needle`` appears in the output (from byte ``start`` on)."""
        deadline = time.perf_counter() + timeout
        while self.output.find(needle, start) < 0:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{needle!r} not seen")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.output += os.read(self.fd, 65536)
        return time.perf_counter()

    def drain(self, quiet: float = 0.15) -> None:
        """Read until the app has been silent for ``quiet`` seconds."""
        while True:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                return
            self.output += os.read(self.fd, 65536)

    def key(self, key: bytes, quiet: float = 0.12) -> float:
        """Seconds from writing a key until the frame answering it has been fully written.

        The frame may come in several writes (the list line first, the abstract next): the time
        is that of the last byte before the app goes quiet for ``quiet`` seconds.
        """
        self.drain(0.05)
        sent = time.perf_counter()
        os.write(self.fd, key)
        last = sent
        ready, _, _ = select.select([self.fd], [], [], 5.0)
        while ready:
            self.output += os.read(self.fd, 65536)
            last = time.perf_counter()
            ready, _, _ = select.select([self.fd], [], [], quiet)
        return last - sent

    def key_until(self, key: bytes, needle: bytes, timeout: float = 5.0) -> float:
        """Seconds from writing a key until ``needle`` is in what the app wrote after it."""
        self.drain(0.05)
        start = len(self.output)
        sent = time.perf_counter()
        os.write(self.fd, key)
        return self.read_until(needle, timeout, start) - sent

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmRSS"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        try:
            os.write(self.fd, b"q")
            deadline = time.time() + 3
            while time.time() < deadline:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    return
                self.drain(0.05)
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def compile_package() -> None:
    """Bytecode for the package, as a user's Python writes on the first run: where
    PYTHONDONTWRITEBYTECODE is set (this machine), every start would compile it from source."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "tui"), quiet=1)


def environment(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    env["DAILYPAPERS_DB"] = str(db)
    env["DAILYPAPERS_CONFIG"] = str(db.with_suffix(".config.toml"))
    return env


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    print(f"  {label:<44}{value:>14}  {target:<28}{verdict}")


def fresh_copy(source: Path) -> Path:
    """A private copy of a cache (and its library), so the app's writes touch no bench data."""
    target = source.with_name(f".app-bench-{source.name}")
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, target)
    library = gen.library_beside(source)
    if library.exists():
        shutil.copyfile(library, gen.library_beside(target))
    return target


def busiest_month(db: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db)
    row = conn.execute(
        "SELECT substr(day, 1, 7) AS m, count(*) FROM listings GROUP BY m ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    conn.close()
    return row[0]


def pty_run(db: Path, n: int, keys: int) -> None:
    env = environment(db)
    # Cold start: three runs, from exec to the first list row painted.
    starts = []
    for _ in range(3):
        term = Terminal(["--offline"], env)
        painted = term.read_until(b"\xe2\x96\xb2")  # "▲", the upvote mark of a list row
        starts.append(painted - term.started)
        term.drain(0.3)
        term.close()
    best = min(starts)
    line("cold start to first painted list", f"{best:.3f} s", "target ≤ 0.45 s", best <= 0.45)
    line("  (runs)", ", ".join(f"{s:.3f}" for s in starts))

    term = Terminal(["--offline"], env)
    term.read_until(b"\xe2\x96\xb2")
    term.drain(0.5)
    # Views: the month, then j through it.
    term.key(b"m", quiet=0.4)
    month = [term.key(b"j") for _ in range(keys)]
    label = "j on a month view"
    p50 = statistics.median(month) * 1000
    line(f"{label} p50 (pty)", f"{p50:.1f} ms", "target ≤ 40 ms", p50 <= 40)
    line(f"{label} p95 (pty)", f"{percentile(month, 0.95) * 1000:.1f} ms")
    day = term.key(b"d", quiet=0.4)
    archive = term.key(b"a", quiet=0.4)
    line("open day view (d)", f"{day * 1000:.1f} ms")
    line("open archive view (a)", f"{archive * 1000:.1f} ms",
         "target ≤ day + 100 ms", archive <= day + 0.1)  # fmt: skip
    end = term.key(b"G", quiet=0.4)
    line("archive: G to the last paper", f"{end * 1000:.1f} ms")
    pages = [term.key(b"\x1b[5~") for _ in range(20)]  # PgUp
    line("archive: PgUp p50", f"{statistics.median(pages) * 1000:.1f} ms")
    # Search as you type: each keystroke to its new list painted (the web is not asked offline).
    term.key(b"/", quiet=0.3)
    typing = []
    for query in ("diffusion model", "language agents", "video generation", "reasoning"):
        for index, char in enumerate(query):
            typed = query[: index + 1]
            if char == " ":
                term.key(b" ")  # the header reads the same: nothing to wait for
                continue
            # The new list is painted when the header names the query with its new count
            # (the label is written as one run, then the style changes: ESC follows it).
            needle = f"Search: {typed}\x1b".encode()
            typing.append(term.key_until(char.encode(), needle))
        for _ in query:
            term.key(b"\x7f")  # backspace, ready for the next query
    p95 = percentile(typing, 0.95) * 1000
    line("search: keystroke to new list, p50", f"{statistics.median(typing) * 1000:.1f} ms")
    line("search: keystroke to new list, p95", f"{p95:.1f} ms", "target ≤ 50 ms", p95 <= 50)
    term.key(b"\x1b", quiet=0.3)
    rss = term.rss_mb()
    ok = rss <= 80 if n >= 200_000 else None
    line(
        f"resident memory, {n:,} cached",
        f"{rss:.1f} MB",
        "target ≤ 80 MB" if ok is not None else "",
        ok,
    )
    term.close()


async def pilot_run(db: Path, keys: int) -> None:
    from tui.app.app import DailyPapersApp
    from tui.app.options import app_options
    from tui.core.dates import Period
    from tui.core.library import Library
    from tui.core.store import Store
    from tui.core.views import ViewSpec
    from tui.launch import collect_less_while_running
    from tui.paths import library_beside

    collect_less_while_running()  # as the app's own process does (launch.py)
    store = Store(db, library_beside(db))
    library = Library(library_beside(db))
    month = busiest_month(db)
    options = app_options(offline=True, initial=ViewSpec(period=Period("month", month)))
    app = DailyPapersApp(store, library, options)
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        await pilot.pause(0.3)
        count = app.screen.papers.count
        # The work a key does: move the cursor, read the paper, lay out the abstract, handle
        # the messages that follow and render the frame a terminal would receive (headless,
        # the frame's bytes are made here as the driver would). Counted as CPU time: Pilot's
        # pause sleeps at least 20 ms to detect idleness, which no user waits for.
        frames: list[str] = []

        def display(screen: object, update: object) -> None:
            if update is not None:
                frames.append(update.render_segments(app.console))

        app._display = display
        times = []
        for _ in range(keys):
            await pilot.pause()  # idle before the key, not timed
            started = time.process_time()
            app.screen.papers.action_cursor_down()
            await pilot._wait_for_screen()  # every message handled; the frame is rendered
            app.screen._on_timer_update()  # the frame, if the update timer has not run yet
            times.append(time.process_time() - started)
        p50 = statistics.median(times) * 1000
        line(f"j in-process (CPU), month of {count:,} rows, p50", f"{p50:.1f} ms",
             "target ≤ 17 ms", p50 <= 17)  # fmt: skip
        line(
            f"j in-process (CPU), month of {count:,} rows, p95",
            f"{percentile(times, 0.95) * 1000:.1f} ms",
        )
    store.close()
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,200000")
    parser.add_argument("--keys", type=int, default=60)
    args = parser.parse_args()
    print(f"dailypapers app benchmark — {COLUMNS}x{ROWS} pty, Python {sys.version.split()[0]}")
    compile_package()
    for n in [int(s) for s in args.sizes.split(",") if s]:
        meta = gen.ensure(n, progress=lambda text: print(text, file=sys.stderr))
        db = fresh_copy(Path(meta["path"]))
        print(f"== {n:,} papers ({db.stat().st_size / 1e6:.0f} MB), month {busiest_month(db)} ==")
        pty_run(db, n, args.keys)
        asyncio.run(pilot_run(db, args.keys))


if __name__ == "__main__":
    main()
