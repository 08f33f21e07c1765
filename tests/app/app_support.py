"""Helpers shared by the app tests (kept out of conftest.py so tests can import them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.core.parse import parse_entries
from tui.core.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hf_api"
DAY = "2026-07-31"


def fixture_body(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def seed(store: Store, *names: str, view: str | None = "day:2026-07-31") -> None:
    for name in names:
        page = parse_entries(fixture_body(name))
        store.ingest(page.papers, page.listings, view=view)


def header_text(app: Any) -> str:
    return " ".join(str(w.render()) for w in app.screen.query_one("#header").query("Static"))


def abstract_text(app: Any) -> str:
    return app.screen.query_one("#abstract").text


def listed_ids(app: Any) -> list[str]:
    """The ids of the papers the list shows, in its order."""
    papers = app.screen.query_one("#papers")
    return [papers.source.row(i).id for i in range(papers.count)]


def screen_line(app: Any, y: int = 0) -> str:
    """Line ``y`` of the screen as drawn (every widget's part of it), as plain text."""
    return app.screen._compositor.render_strips()[y].text
