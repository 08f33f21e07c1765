"""Benchmark a refresh against hostile servers: how fast it fails, and at what peak memory.

Three servers on 127.0.0.1 (tests/hostileserver.py, the ones the tests use): an endless chunked
JSON answer, a 2 MB gzip bomb that inflates to 2 GB, and a server that drips one byte every
2 seconds. Each case runs `refresh_period` (the real HFClient with its default caps, deadline and
retries, and a real Store) in a fresh interpreter, so its peak RSS is that of the refresh alone.

    python bench/hostile.py                   # all three
    python bench/hostile.py --only bomb       # one case: endless, bomb, drip

Targets: fails within 30 s, peak RSS under 150 MB. The bomb is built once (about 10 s) and kept
in bench/data/ (gitignored).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the hostile servers of the tests
from hostileserver import HostileServer, gzip_bomb  # noqa: E402

CASES = ("endless", "bomb", "drip")
BOMB_MB = 2048
SECONDS_TARGET = 30.0
RSS_TARGET_MB = 150.0


def bomb_body() -> bytes:
    cached = HERE / "data" / f"bomb-{BOMB_MB}.gz"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(gzip_bomb(BOMB_MB))
    return cached.read_bytes()


def child(endpoint: str) -> None:
    """In the fresh interpreter: one refresh, then a JSON line with what happened."""
    from tui.core.api import ApiError, HFClient
    from tui.core.dates import Period
    from tui.core.store import Store
    from tui.core.sync import refresh_period

    async def run(store: Store) -> str:
        async with HFClient(endpoint) as client:
            try:
                await refresh_period(store, client, Period("day", "2026-07-31"))
            except ApiError as error:
                return str(error)
        return "(no failure)"

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "cache.db", Path(folder) / "library.db")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.monotonic()
        message = asyncio.run(run(store))
        seconds = time.monotonic() - started
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"message": message, "seconds": seconds, "before": before, "peak": peak}))


def measure(case: str) -> dict[str, object]:
    options: dict[str, object] = {"drip_every": 2.0}
    if case == "bomb":
        options["bomb"] = bomb_body()
    with HostileServer(case, **options) as server:  # type: ignore[arg-type]
        done = subprocess.run(
            [sys.executable, __file__, "--child", server.url],
            capture_output=True,
            text=True,
            timeout=120,
        )
    if done.returncode != 0:
        raise SystemExit(f"{case}: the refresh process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=CASES)
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"{'case':<8} {'fails after':>11} {'peak RSS':>9} {'(at start)':>10}  verdict  message")
    for case in (args.only,) if args.only else CASES:
        result = measure(case)
        seconds, peak = float(result["seconds"]), float(result["peak"])  # type: ignore[arg-type]
        ok = seconds < SECONDS_TARGET and peak < RSS_TARGET_MB
        print(
            f"{case:<8} {seconds:>9.1f} s {peak:>6.0f} MB {float(result['before']):>7.0f} MB"  # type: ignore[arg-type]
            f"  {'PASS' if ok else 'MISS':<7}  {result['message']}"
        )
    print(f"targets: fails within {SECONDS_TARGET:.0f} s, peak RSS under {RSS_TARGET_MB:.0f} MB")


if __name__ == "__main__":
    main()
