"""Benchmark the history backfill: `dailypapers refresh --since …` against a local fake API.

Serves ~20,000 papers on ~1,000 weekdays from 2023-05-04 (texts from the recorded fixtures'
shapes, bench/gen.py), by date or month, 100 a page, ~40 ms per answer like a real round trip.
Runs the real command twice and prints wall time and requests: the second run, right after,
should make no request at all (every past day is fresh).

    python bench/backfill.py [--papers 20000] [--latency 0.04]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen

FIRST = date(2023, 5, 4)


def entries(n: int) -> dict[str, list[dict]]:
    """Day → API entries, about 20 per weekday."""
    rng = random.Random(f"{gen.SEED}-backfill-{n}")
    corpus = gen.load_corpus(min(n, 20_000), rng)
    days, day = [], FIRST
    while day < date.today():  # every weekday of Daily Papers history, ~21 papers each
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    by_day: dict[str, list[dict]] = {}
    for index in range(n):
        listed = days[index % len(days)]
        slot = gen.Slot(
            id=f"{listed:%y%m}.{10000 + index:05d}",
            published=listed - timedelta(days=1),
            days=(listed,),
        )
        paper = gen.make_paper(corpus, slot, rng)
        by_day.setdefault(listed.isoformat(), []).append({
            "paper": {
                "id": paper.id,
                "title": paper.title,
                "summary": paper.abstract,
                "authors": [{"name": a, "hidden": False} for a in paper.authors],
                "publishedAt": f"{paper.published}T00:00:00.000Z",
                "submittedOnDailyAt": f"{listed.isoformat()}T00:00:00.000Z",
                "upvotes": paper.upvotes,
                "ai_summary": paper.ai_summary,
                "ai_keywords": list(paper.ai_keywords),
            },
            "numComments": paper.comments or 0,
        })  # fmt: skip
    return by_day


class Counter:
    requests = 0
    lock = threading.Lock()


def serve(by_day: dict[str, list[dict]], latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with Counter.lock:
                Counter.requests += 1
            time.sleep(latency)
            query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
            if "date" in query:
                rows = by_day.get(query["date"], [])
            elif "month" in query:
                rows = [
                    e for d in sorted(by_day) if d.startswith(query["month"]) for e in by_day[d]
                ]
            else:
                rows = by_day[max(by_day)]
            limit, page = int(query.get("limit", 50)), int(query.get("p", 0))
            body = json.dumps(rows[page * limit : (page + 1) * limit]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(db: Path, url: str, since: str, until: str) -> tuple[float, int, str]:
    env = dict(os.environ, HF_ENDPOINT=url, DAILYPAPERS_DB=str(db))
    before = Counter.requests
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "dailypapers"), "refresh", "--since", since, "--until", until],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    last = (done.stdout.strip().splitlines() or [""])[-1]
    if done.returncode != 0:
        last += f" | exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"
    return elapsed, Counter.requests - before, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--latency", type=float, default=0.04)
    args = parser.parse_args()
    print(f"building {args.papers:,} papers …", file=sys.stderr)
    by_day = entries(args.papers)
    until = max(by_day)
    server = serve(by_day, args.latency)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    folder = Path(tempfile.mkdtemp(prefix="dailypapers-backfill-"))
    db = folder / "cache.db"
    print(f"dailypapers backfill benchmark — {args.papers:,} papers on {len(by_day):,} days "
          f"({FIRST} … {until}), {args.latency * 1000:.0f} ms per answer")  # fmt: skip
    first = run(db, url, FIRST.isoformat(), until)
    print(f"  first run     {first[0]:7.1f} s  {first[1]:5d} requests   {first[2]}")
    second = run(db, url, FIRST.isoformat(), until)
    print(f"  second run    {second[0]:7.1f} s  {second[1]:5d} requests   {second[2]}")
    print(f"  cache         {db.stat().st_size / 1e6:7.1f} MB   ({folder})")
    server.shutdown()


if __name__ == "__main__":
    main()
