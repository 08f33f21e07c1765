"""Untrusted text reaches the screen as plain text: markup shows literally, escapes never pass."""

from __future__ import annotations

import json

from app_support import FIXTURES, abstract_text

from tui.app.widgets.paper_list import PaperList
from tui.core.parse import parse_entries

HOSTILE = {
    "paper": {
        "id": "2607.99999",
        "title": "[bold]Boom[/bold] [@click=app.quit]Click me[/] \x1b]52;c;SGVsbG8=\x07\x1b[31mred",
        "summary": (
            "Line one [link=file:///etc/passwd]x[/link]\n  Second paragraph \u202etxet\x1b[2J"
        ),
        "authors": [{"name": "[b]Mallory[/b]"}, {"name": "Hidden", "hidden": True}],
        "publishedAt": "2026-07-30T00:00:00.000Z",
        "submittedOnDailyAt": "2026-07-31T00:00:00.000Z",
        "upvotes": 5,
        "githubRepo": "javascript:alert(1)",
        "projectPage": "https://example.org/[x]",
        "ai_keywords": ["[red]kw[/red]"],
    },
    "numComments": 1,
}


def entries() -> list[dict]:
    herd = json.loads((FIXTURES / "papers_search__q-llama-3-herd.json").read_text())
    huge = herd[0]  # 533 authors
    huge["paper"]["submittedOnDailyAt"] = "2026-07-31T00:00:00.000Z"
    long_abstract = {
        "paper": {
            "id": "2607.99998",
            "title": "Long",
            # Far longer than any real abstract, just under the 20,000-character cap of parse.py.
            "summary": " ".join(f"word{i}" for i in range(2000)),
            "submittedOnDailyAt": "2026-07-31T00:00:00.000Z",
            "upvotes": 4,
        }
    }
    bare = {"paper": {"id": "2607.99997", "submittedOnDailyAt": "2026-07-31T00:00:00.000Z"}}
    return [HOSTILE, huge, long_abstract, bare]


async def test_hostile_entries_render_as_plain_text(store, make_app):
    page = parse_entries(entries())
    assert page.skipped == 0
    store.ingest(page.papers, page.listings, view="day:2026-07-31")
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        assert papers.count == 4
        seen = {}
        for index in range(papers.count):
            papers.cursor = index
            await pilot.pause()
            seen[papers.current.id] = abstract_text(app)
            line = "".join(seg.text for seg in papers.render_line(index).__iter__())
            assert "\x1b" not in line
        hostile = seen["2607.99999"]
        assert "[bold]Boom[/bold] [@click=app.quit]Click me[/]" in hostile
        assert "[b]Mallory[/b]" in hostile and "Hidden" not in hostile
        assert "[red]kw[/red]" in hostile
        assert "javascript" not in hostile
        assert "\x1b" not in hostile and "\u202e" not in hostile and "52;c" not in hostile
        assert "Line one [link=file:///etc/passwd]x[/link]\n\nSecond paragraph" in hostile
        assert app.is_running  # the [@click=app.quit] did nothing
        assert "and 523 more" in seen["2407.21783"]
        assert "word1999" in seen["2607.99998"]
        assert "2607.99997" in seen["2607.99997"]  # no title: the id stands in
        assert "No abstract" in seen["2607.99997"]
