"""App fixtures: a store seeded with recorded papers, an app factory, an API stand-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from app_support import DAY, fixture_body, seed
from textual.widgets import Input

from tui.app.app import DailyPapersApp
from tui.app.options import app_options
from tui.core.library import Library
from tui.core.store import Store


@pytest.fixture(autouse=True)
def _steady_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking cursor: snapshots must not depend on when they are taken."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "cache.db", tmp_path / "library.db")
    yield store
    store.close()


@pytest.fixture
def library(tmp_path: Path, store: Store) -> Library:
    library = Library(tmp_path / "library.db")
    yield library
    library.close()


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


class FakeAPI:
    """An httpx transport answering like the Papers API, from the recorded bodies."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.fault: Callable[[httpx.Request], httpx.Response] | None = None
        self.entries: list[dict[str, Any]] = fixture_body("daily_papers__limit30__2026-07-31.json")

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fault is not None:
            return self.fault(request)
        params = request.url.params
        if request.url.path == "/api/daily_papers":
            day = params.get("date")
            if day and day != DAY:
                return httpx.Response(200, json=[])
            page = int(params.get("p", "0"))
            return httpx.Response(200, json=self.entries if page == 0 else [])
        return httpx.Response(404, json={"error": "Not found"})

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture
def make_app(store: Store, library: Library, api: FakeAPI) -> Callable[..., DailyPapersApp]:
    def make(session: Any = None, session_path: Any = None, **options: Any) -> DailyPapersApp:
        options.setdefault("offline", False)
        options.setdefault("read_after", 3600.0)
        options.setdefault("today", lambda: date(2026, 8, 2))  # a Sunday after the 31 July batch
        return DailyPapersApp(
            store,
            library,
            app_options(endpoint="http://hf.test", **options),
            transport=api.transport,
            session=session,
            session_path=session_path,
        )

    return make
