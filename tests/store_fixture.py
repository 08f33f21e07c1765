"""The one way the tests get a ``store`` fixture: an empty Store in the test's tmp_path, or a
filled one shared by a whole module (built once: filling it costs more than most tests)."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pytest

from tui.core.store import Store

SIGMA = "2607.27958"  # Σ-Mem, Nanyang Technological University, 12 upvotes, has code
FILESYSTEM = "2607.26637"  # Filesystem-Based Memory for LLM Agents, 7 upvotes, no code

Fill = Callable[[Store, Path], None]  # (the store, its folder): ingest papers, add user data


def store_fixture(
    *, scope: Literal["function", "module"] = "function", fill: Fill | None = None
) -> Any:
    """A ``store`` fixture. Function-scoped stores live in ``tmp_path`` itself (cache.db and
    library.db), where the ``library`` and ``cli`` fixtures look for them; a module-scoped one
    gets a folder of its own."""

    @pytest.fixture(scope=scope, name="store")
    def fixture(request: pytest.FixtureRequest) -> Iterator[Store]:
        if scope == "function":
            folder: Path = request.getfixturevalue("tmp_path")
        else:
            folder = request.getfixturevalue("tmp_path_factory").mktemp("store")
        for name in ("cache.db", "library.db"):
            shutil.copyfile(empty_databases() / name, folder / name)
        store = Store(folder / "cache.db", folder / "library.db")
        try:
            if fill is not None:
                fill(store, folder)
            yield store
        finally:
            store.close()

    return fixture


@cache
def empty_databases() -> Path:
    """A folder with an empty cache and library at the newest schema, made once per test
    process: each store starts as a copy, not by running every migration again (a fifth of a
    short app test's time)."""
    folder = Path(tempfile.mkdtemp(prefix="dailypapers-empty-"))
    Store(folder / "cache.db", folder / "library.db").close()
    for name in ("cache.db", "library.db"):
        # Whatever is still in the write-ahead log goes into the file that is copied.
        with closing(sqlite3.connect(folder / name)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for leftover in folder.glob("*.db-wal"):
        if leftover.stat().st_size:
            raise RuntimeError(f"{leftover.name} left beside the empty databases")
    return folder


def three_batches_and_some_user_data(store: Store, folder: Path) -> None:
    """The search tests' cache: three recorded batches, two bookmarks, a note with a tag and
    a read mark."""
    from fakeserver import DAY_0612, DAY_0731, MONTH_P0, load_fixture

    from tui.core.library import Library
    from tui.core.parse import parse_entries

    for name in (MONTH_P0, DAY_0612, DAY_0731):
        page = parse_entries(load_fixture(name))
        store.ingest(page.papers, page.listings)
    library = Library(folder / "library.db")
    library.add_bookmark(SIGMA)
    library.add_bookmark(FILESYSTEM)
    library.set_note(FILESYSTEM, "to check", ["memory-papers"])
    library.set_read(SIGMA)
    library.close()
