"""Benchmark the linked repos under the abstract (issue 17): the real `dailypapers` in a pty,
online against the fake Hub (tests/hubserver.py, in this process, on 127.0.0.1).

- ``j`` p50 on the trending list while the detail fetches run (a key, a rest long enough for
  the highlighted paper's detail to be fetched, the next key), beside ``j`` p50 in a burst;
- 50 ``j`` at key-repeat speed (one every 33 ms): the detail requests the server saw during
  the burst (target 0), then after the cursor rests (target 1);
- from the server receiving the detail request of a paper to its "N models · …" line painted.

Prints numbers, never asserts. A fresh cache in a temporary folder each run.

    python bench/linked.py [--keys 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from app import Terminal, environment, line, percentile  # noqa: E402
from hubserver import HUB_THREE, HubServer  # noqa: E402

REST = 0.5  # the app's wait before a detail fetch (AppOptions.links_rest)
REPEAT = 0.033  # seconds between keys of a held key (30 a second)


def detail_requests(hub: HubServer) -> int:
    return sum(1 for p in hub.paths if p.startswith("/api/papers/") and "search" not in p)


def run(keys: int) -> None:
    with tempfile.TemporaryDirectory() as folder, HubServer(log=f"{folder}/log") as hub:
        env = environment(Path(folder) / "cache.db")
        env.update(HF_ENDPOINT=hub.url, HF_HOME=f"{folder}/hf", XDG_CONFIG_HOME=folder,
                   XDG_DATA_HOME=folder, XDG_CACHE_HOME=folder)  # fmt: skip
        term = Terminal([], env)
        term.read_until("▲".encode())
        term.drain(0.5)
        term.key_until(b"h", b"Many Linked")
        term.drain(1.0)  # the first paper rested on: its detail fetched

        # From the server seeing a paper's detail request to its counts painted.
        start = len(term.output)
        os.write(term.fd, b"j")  # #2: HUB_THREE, never fetched
        painted = term.read_until(b"3 models", timeout=5.0, start=start)
        painted_at = time.time() - (time.perf_counter() - painted)
        asked = [json.loads(x) for x in Path(f"{folder}/log").read_text().splitlines()]
        asked_at = max(r["t"] for r in asked if r.get("path") == f"/api/papers/{HUB_THREE}")
        line("detail request seen → counts painted", f"{(painted_at - asked_at) * 1000:.1f} ms",
             "≤ 1 frame after the answer")  # fmt: skip

        # j with the detail fetches running: each key lands while the last rest's fetch ends.
        before = detail_requests(hub)
        resting = []
        for _ in range(keys):
            resting.append(term.key(b"j"))
            time.sleep(REST + 0.02 - resting[-1])
        fetched = detail_requests(hub) - before
        p50 = statistics.median(resting) * 1000
        line("j p50, a detail fetched after each key", f"{p50:.1f} ms", "bench/app.py's figure")
        line("  p95", f"{percentile(resting, 0.95) * 1000:.1f} ms")
        line("  detail requests made meanwhile", f"{fetched}", f"≤ {keys}")
        burst_keys = [term.key(b"k", quiet=0.02) for _ in range(keys)]
        line("j p50 in a burst (no fetch starts)", f"{statistics.median(burst_keys) * 1000:.1f} ms")
        term.drain(1.0)

        # 50 j at key-repeat speed, then a rest.
        before = detail_requests(hub)
        for _ in range(50):
            os.write(term.fd, b"j")
            time.sleep(REPEAT)
            term.drain(0.0)
        during = detail_requests(hub) - before
        time.sleep(REST * 2)
        term.drain(0.2)
        after = detail_requests(hub) - before
        line("50 j at key-repeat speed: detail requests", f"{during}", "target 0", during == 0)
        line("  once the cursor rests", f"{after}", "target 1", after == 1)

        term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=30)
    run(parser.parse_args().keys)


if __name__ == "__main__":
    main()
