"""What the list pane shows after every scrolling key: the screen's rows, read back from the
rendered frame, are the model's rows, with the highlight on the cursor's row.

The frame is the compositor's full render, built from each widget's cached lines: a line the
list forgot to repaint shows there as it does on the terminal (stale rows, duplicates, the
highlight on the wrong line).
"""

from __future__ import annotations

import pytest
from app_support import screen_rows

from tui.app.widgets.paper_list import PaperList
from tui.core.dates import Period
from tui.core.views import ViewSpec

MONTH = ViewSpec(period=Period("month", "2024-04"))  # 199 papers

KEYS = [
    "G", "g", "pagedown", "pagedown", "pageup", "end", "home",
    *["j"] * 30, *["k"] * 12, "pagedown", "G", "k", "pageup", "g",
]  # fmt: skip


def assert_list_shows_the_model(app, key: str) -> None:
    papers = app.screen.query_one(PaperList)
    region = papers.scrollable_content_region
    rows = screen_rows(app, region)
    top = round(papers.scroll_y)
    cursor_style = papers.get_component_rich_style("paper-list--cursor")
    highlighted = []
    for offset, (text, backgrounds) in enumerate(rows):
        index = top + offset
        row = papers.source.row(index)
        where = f"after {key!r}: screen row {offset} (list row {index})"
        if row is None:
            assert text.strip() == "", f"{where} should be blank, shows {text!r}"
            continue
        rank = text.split()[0]
        assert rank == str(index + 1), f"{where} shows rank {rank}: {text!r}"
        assert row.title[:12] in text, f"{where} should be {row.title[:40]!r}, shows {text!r}"
        if cursor_style.bgcolor in backgrounds:
            highlighted.append(index)
    assert highlighted == [papers.cursor], f"after {key!r}: highlight on {highlighted}"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_visible_row_is_the_models_after_each_scrolling_key(seeded, make_app, size):
    app = make_app(offline=True, initial=MONTH)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        assert papers.count == 199
        assert_list_shows_the_model(app, "start")
        for key in KEYS:
            await pilot.press(key)
            assert_list_shows_the_model(app, key)
        assert papers.cursor == 0


async def test_archive_end_shows_the_last_rows(seeded, make_app):
    app = make_app(offline=True, initial=ViewSpec(kind="archive"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert_list_shows_the_model(app, "G")
        papers = app.screen.query_one(PaperList)
        assert papers.cursor == papers.count - 1


async def test_titles_get_most_of_the_row_at_120_columns(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        text, _ = screen_rows(app, papers.scrollable_content_region)[0]
        title = papers.source.row(0).title
        shown = text[text.index(title[:10]) :].split("…")[0]
        assert title.startswith(shown) and len(shown) >= 40, text


async def test_the_mouse_wheel_scrolls_the_list(seeded, make_app):
    """The wheel once stopped the app: the list's own scroll helper had the name of Textual's,
    which the wheel calls with other arguments."""
    from textual import events

    app = make_app(offline=True, initial=MONTH)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        for _ in range(3):
            await pilot._post_mouse_events([events.MouseScrollDown], "#papers", (5, 5))
        await pilot.pause()
        assert app.is_running and papers.scroll_y > 0
        await pilot.press("j")
        assert_list_shows_the_model(app, "j after the wheel")
