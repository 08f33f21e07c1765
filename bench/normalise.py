"""Time the normaliser on the recorded full texts and on generated 180 KB and 1 MB papers.

    python bench/normalise.py [--runs 7]

Prints the p50 of several runs for each text, with the target (<= 150 ms for 180 KB on the
2-core machine) and PASS/MISS. A benchmark, not a test: it never fails a run.
"""

from __future__ import annotations

import argparse
import statistics
import time

from paper_gen import FIXTURES, PAPER_ID, make_paper

from tui.core.reader import latex_unicode
from tui.core.reader.normalise import normalise

TARGET_180K = 150.0  # ms


def p50_ms(raw: str, paper_id: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        latex_unicode.latex_to_unicode.cache_clear()  # each run as the first of a session
        start = time.perf_counter()
        normalise(raw, paper_id)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    normalise("warm up", "0000.00000")
    texts = [
        (path.name, path.read_text(encoding="utf-8"), path.name[:10])
        for path in sorted(FIXTURES.glob("*.md"))
        if path.name != "README.md"
    ]
    texts.append(("generated 180 KB", make_paper(180_000), PAPER_ID))
    texts.append(("generated 1 MB", make_paper(1_000_000), PAPER_ID))
    for label, raw, paper_id in texts:
        ms = p50_ms(raw, paper_id, args.runs)
        size = len(raw.encode()) / 1000
        note = ""
        if label == "generated 180 KB":
            note = f"target <= {TARGET_180K:.0f} ms  {'PASS' if ms <= TARGET_180K else 'MISS'}"
        print(f"{label:<24} {size:>7.0f} KB  p50 {ms:>7.1f} ms  {note}")


if __name__ == "__main__":
    main()
