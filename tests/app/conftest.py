"""App fixtures: a store seeded with recorded papers, an app factory, the fake API in-process."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from app_support import fixture_body, seed
from papers_transport import InProcessAPI
from textual.widgets import Input

from tui.app.app import DailyPapersApp
from tui.app.options import app_options
from tui.core.library import Library
from tui.core.store import Store


@pytest.fixture(autouse=True)
def _steady_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking cursor: snapshots must not depend on when they are taken."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


@pytest.fixture(autouse=True)
def _workers_superseded_are_not_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    """``app.workers.wait_for_complete()`` waits for the workers running when it is called; one
    the app cancels meanwhile (a search superseded by the next letter, as the app means to)
    made it raise, in the tests that ran slowest on a loaded machine. A failed worker still
    raises."""
    from textual.worker import WorkerCancelled
    from textual.worker_manager import WorkerManager

    async def wait_for_complete(self: WorkerManager, workers: Any = None) -> None:
        for worker in list(workers or self):
            try:
                await worker.wait()
            except WorkerCancelled:
                pass

    monkeypatch.setattr(WorkerManager, "wait_for_complete", wait_for_complete)


@pytest.fixture
def library(store: Store, library: Library) -> Library:
    """The shared ``library``, opened after the store (as the app opens them)."""
    return library


@pytest.fixture
def seeded(store: Store) -> Store:
    """The 2026-07-31 batch (30 papers) and April 2024 (199 papers), fetched just now."""
    seed(store, "daily_papers__limit30__2026-07-31.json")
    seed(
        store,
        "daily_papers__month-2024-04__sort-publishedAt__limit100__p0.json",
        "daily_papers__month-2024-04__sort-publishedAt__limit100__p1.json",
        view="month:2024-04",
    )
    return store


@pytest.fixture
def api() -> InProcessAPI:
    """The fake Papers API in-process, serving the 2026-07-31 batch (30 papers)."""
    api = InProcessAPI(fixture_body("daily_papers__limit30__2026-07-31.json"))
    api.link_headers = False
    return api


@pytest.fixture
def make_app(store: Store, library: Library, api: InProcessAPI) -> Callable[..., DailyPapersApp]:
    def make(session: Any = None, session_path: Any = None, **options: Any) -> DailyPapersApp:
        options.setdefault("offline", False)
        options.setdefault("read_after", 3600.0)
        options.setdefault("today", lambda: date(2026, 8, 2))  # a Sunday after the 31 July batch
        # The linked repos of the paper under the cursor are asked for only in the tests of
        # them (test_hub_screens.py): elsewhere they would be requests the tests do not count.
        options.setdefault("links_rest", 3600.0)
        return DailyPapersApp(
            store,
            library,
            app_options(endpoint="http://hf.test", **options),
            transport=api.transport,
            session=session,
            session_path=session_path,
        )

    return make
