"""Helpers shared by the app tests (kept out of conftest.py so tests can import them)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tui.core.models import ParsedPage
from tui.core.parse import parse_entries
from tui.core.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hf_api"
DAY = "2026-07-31"


def fixture_body(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@cache
def parsed_fixture(name: str) -> ParsedPage:
    """A recorded page parsed once per test process: its records are frozen, and parsing the
    229 papers most app tests start with cost more than many of those tests."""
    return parse_entries(fixture_body(name))


def seed(store: Store, *names: str, view: str | None = "day:2026-07-31") -> None:
    for name in names:
        page = parsed_fixture(name)
        store.ingest(page.papers, page.listings, view=view)


def header_text(app: Any) -> str:
    return " ".join(str(w.render()) for w in app.screen.query_one("#header").query("Static"))


def abstract_text(app: Any) -> str:
    return app.screen.query_one("#abstract").text


def listed_ids(app: Any) -> list[str]:
    """The ids of the papers the list shows, in its order."""
    papers = app.screen.query_one("#papers")
    return [papers.source.row(i).id for i in range(papers.count)]


def screen_strips(app: Any, region: Any) -> list[Any]:
    """Each screen line in ``region`` as the frame the terminal is sent renders it (each
    widget's cached lines, as the compositor joins them): a Strip of styled segments.
    Only the rows of ``region`` are rendered, and nothing is marked as sent."""
    from textual.geometry import Region
    from textual.strip import Strip

    compositor = app.screen._compositor
    rows = Region(0, region.y, compositor.size.width, region.height)
    chops = compositor._render_chops(rows, lambda y: region.y <= y < region.bottom)
    return [
        Strip.join(chops[y].values()).crop(region.x, region.x + region.width)
        for y in range(region.y, region.bottom)
    ]


def screen_rows(app: Any, region: Any) -> list[tuple[str, set[Any]]]:
    """The text and the background colours of each screen line in ``region``."""
    return [
        (line.text, {segment.style.bgcolor for segment in line if segment.style is not None})
        for line in screen_strips(app, region)
    ]


def screen_line(app: Any, y: int = 0) -> str:
    """Line ``y`` of the screen as drawn (every widget's part of it), as plain text."""
    return app.screen._compositor.render_strips()[y].text


async def paste_query(app: Any, pilot: Any, text: str) -> None:
    """The whole query at once, as a paste: for tests about results, not about typing."""
    await pilot.press("slash")
    app.screen.query_one("#search").value = text
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot: Any, condition: Any, what: str, seconds: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds: work on a thread or behind a timer (the
    reader's stored text is read on one) takes what it takes on a loaded machine, and a fixed
    number of pauses was sometimes too few."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        await pilot.pause()
