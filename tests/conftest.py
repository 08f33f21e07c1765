"""Shared fixtures: recorded API bodies, stores in tmp_path, a fake API server, cache dumps."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import bytecode_kept  # noqa: F401  (first: the modules imported below are kept compiled)
import pytest
from fakeserver import FakeHF
from store_fixture import store_fixture

from tui.core.library import Library
from tui.core.models import Paper

# Every table of cache.db, including the FTS index's own storage.
CACHE_TABLES = (
    "papers",
    "listings",
    "fetch_log",
    "snapshots",
    "meta",
    "papers_fts_data",
    "papers_fts_idx",
    "papers_fts_docsize",
    "papers_fts_config",
    "papers_related_data",
    "papers_related_idx",
)


USER_ENV = (
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_TOKEN_PATH",
    "HF_HOME",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HUGGINGFACE_CO_STAGING",
    "HF_ENDPOINT",
    "DAILYPAPERS_DB",
    "DAILYPAPERS_CONFIG",
    "DAILYPAPERS_DEBUG",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
)


def make_paper(paper_id: str = "2607.00001", **fields: Any) -> Paper:
    """A synthetic paper with sensible defaults; any field can be overridden."""
    values: dict[str, Any] = {
        "title": f"Synthetic paper {paper_id}",
        "abstract": "An abstract about nothing in particular.",
        "authors": ("Ada Lovelace", "Alan Turing"),
        "published": "2026-07-30",
        "upvotes": 1,
        "comments": 0,
        "listed_day": "2026-07-31",
    }
    values.update(fields)
    return Paper(id=paper_id, **values)


def dump_cache(path: Path, *, exclude: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every cache table (sorted), read through a fresh read-only connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dump = {}
        for table in CACHE_TABLES:
            if table in exclude:
                continue
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
        return dump
    finally:
        conn.close()


@pytest.fixture
def paper_factory() -> Callable[..., Paper]:
    return make_paper


@pytest.fixture
def cache_dump() -> Callable[..., dict[str, list[tuple[Any, ...]]]]:
    return dump_cache


@pytest.fixture
def db_paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "cache.db", tmp_path / "library.db"


store = store_fixture()


@pytest.fixture
def library(db_paths: tuple[Path, Path]) -> Iterator[Library]:
    lib = Library(db_paths[1])
    yield lib
    lib.close()


@pytest.fixture
def fake_hf() -> Iterator[FakeHF]:
    """A fake Papers API on 127.0.0.1 serving the recorded entries; stopped after the test."""
    with FakeHF() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_user_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's token (in the environment or in the token file that
    ``hf auth login`` writes), endpoint, database or proxy (the fake API is local)."""
    for name in USER_ENV:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "no-hf-home"))


# --- the command line -------------------------------------------------------------------------


class Cli:
    """Runs ``dailypapers ARGS`` in-process against the fake API, with its files in tmp_path."""

    def __init__(self, root: Path, server: FakeHF) -> None:
        from click.testing import CliRunner

        self.root = root
        self.server = server
        self.cache = root / "data" / "cache.db"
        self.library = root / "data" / "library.db"
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Any:
        from tui.cli import main

        return self.runner.invoke(main, list(args), input=input, prog_name="dailypapers")


def fast_client(monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> None:
    """Change HFClient's default arguments (the CLI builds its clients with the defaults)."""
    from tui.core.api import HFClient

    defaults = dict(HFClient.__init__.__kwdefaults__ or {})
    defaults.update(overrides)
    monkeypatch.setattr(HFClient.__init__, "__kwdefaults__", defaults)


@pytest.fixture
def cli(tmp_path: Path, fake_hf: FakeHF, monkeypatch: pytest.MonkeyPatch) -> Cli:
    runner = Cli(tmp_path, fake_hf)
    monkeypatch.setenv("HF_ENDPOINT", fake_hf.url)
    monkeypatch.setenv("DAILYPAPERS_DB", str(runner.cache))
    monkeypatch.setenv("DAILYPAPERS_CONFIG", str(tmp_path / "config.toml"))
    # One try, short timeouts: fault tests fail fast instead of backing off for seconds.
    fast_client(monkeypatch, max_tries=1, read_timeout=0.5, connect_timeout=0.5, backoff_base=0.0)
    return runner


@pytest.fixture
def client_defaults(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``client_defaults(max_tries=3, ...)``: other HFClient defaults for this test."""
    return lambda **overrides: fast_client(monkeypatch, **overrides)
