"""A refresh process killed mid-write leaves a sound cache, all-or-nothing, and every bookmark."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakeserver import DAY_0731, load_fixture

from tui.core.library import Library
from tui.core.models import Paper
from tui.core.parse import parse_entries
from tui.core.search import search
from tui.core.store import Store

BATCH = 20_000
STALL_AT = 10_000  # rows written inside the open transaction before the writer stalls

# Opens a Store and ingests BATCH synthetic papers in one transaction. A temporary trigger calls a
# Python function on every inserted row; at row STALL_AT it tells the test (marker file) and
# stalls, so the test can SIGKILL it with the transaction open and half of it already written
# (the batch is larger than SQLite's page cache, so pages spill to the WAL before the commit).
WRITER = textwrap.dedent(
    f"""
    import sys, time
    from pathlib import Path
    from tui.core.models import Listing, Paper
    from tui.core.store import Store

    cache, library, marker = map(Path, sys.argv[1:4])
    store = Store(cache, library)
    conn = store.conn
    count = 0

    def slow_down():
        global count
        count += 1
        if count == {STALL_AT}:
            marker.write_text("in transaction")
            time.sleep(120)
        return 0

    conn.create_function("slow_down", 0, slow_down)
    conn.execute(
        "CREATE TEMP TRIGGER slow AFTER INSERT ON main.papers BEGIN SELECT slow_down(); END"
    )
    papers = [
        Paper(id=f"2501.{{n:05d}}", title=f"Synthetic crash paper {{n}}",
              abstract="interrupted " * 30, authors=("A. Writer",), upvotes=n % 500,
              published="2025-01-14", listed_day="2025-01-15")
        for n in range({BATCH})
    ]
    listings = [Listing(p.id, "2025-01-15") for p in papers]
    store.ingest(papers, listings, view="day:2025-01-15")
    marker.write_text("committed")
    """
)


def wait_for(marker: Path, process: subprocess.Popen[bytes], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists() and marker.read_text():
            return marker.read_text()
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the writer exited early ({process.returncode}): {err.decode()[-2000:]}")
        time.sleep(0.02)
    process.kill()
    pytest.fail("the writer never reached the middle of its transaction")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_refresh_killed_mid_transaction(
    tmp_path: Path, cache_dump: Callable[..., dict[str, Any]]
) -> None:
    cache_path, library_path = tmp_path / "cache.db", tmp_path / "library.db"
    store = Store(cache_path, library_path)
    page = parse_entries(load_fixture(DAY_0731))
    store.ingest(page.papers, page.listings, view="day:2026-07-31")
    library = Library(library_path)
    bookmarked = ["2607.27958", "2607.26637", "2404.03648"]
    for paper_id in bookmarked:
        library.add_bookmark(paper_id, store.paper(paper_id) or Paper(id=paper_id, title="Kept"))
    library.set_note("2607.27958", "keep me", ["crash-test"])
    library.close()
    store.close()
    before = cache_dump(cache_path)

    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(cache_path), str(library_path), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert wait_for(marker, process) == "in transaction"
        wal = Path(f"{cache_path}-wal")
        assert wal.exists() and wal.stat().st_size > 1_000_000  # half a batch really was written
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL

    conn = sqlite3.connect(cache_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')")
    finally:
        conn.close()
    after = cache_dump(cache_path)
    papers = len(after["papers"])
    assert papers in (len(before["papers"]), len(before["papers"]) + BATCH)  # all or nothing
    assert after == before  # killed before COMMIT: nothing of the batch landed

    library = Library(library_path)
    reopened = Store(cache_path, library_path)
    try:
        assert sorted(library.bookmark_ids()) == sorted(bookmarked)
        assert library.user_data("2607.27958").note == "keep me"
        assert library.tags_of("2607.27958") == ["crash-test"]
        assert reopened.notices == []
        assert search(reopened, "interrupted").ids == []
        assert "2607.27958" in search(reopened, "reliability").ids
        # The next refresh lands normally.
        reopened.ingest([Paper(id="2501.00001", title="After the crash")])
        assert reopened.paper("2501.00001") is not None
    finally:
        reopened.close()
        library.close()
