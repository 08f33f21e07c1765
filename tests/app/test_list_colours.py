"""The list's colours in every bundled theme, read from the rendered frame: read titles, ranks
and comment counts are dimmer than unread titles and still readable, on plain rows and on the
cursor's row."""

from __future__ import annotations

import pytest
from app_support import paste_query, screen_strips
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from tui.app.widgets.colours import contrast
from tui.app.widgets.paper_list import PaperList

RGB_THEMES = sorted(name for name in BUILTIN_THEMES if not name.startswith("ansi"))


def parts(strip, row) -> dict[str, tuple[Color, Color, bool]]:
    """Foreground, background and dimness of the rank, title and comment count of a row."""
    text = strip.text
    found = {}
    wanted = {
        "rank": text.split()[0],
        "title": row.title[:10],
        "comments": f"{row.comments}c" if row.comments else None,
    }
    for name, needle in wanted.items():
        if needle is None:
            continue
        at = text.index(needle)
        position = 0
        for segment in strip:
            if position <= at < position + len(segment.text):
                style = segment.style
                found[name] = (
                    Color.from_rich_color(style.color),
                    Color.from_rich_color(style.bgcolor),
                    bool(style.dim),
                )
                break
            position += len(segment.text)
    return found


async def _rows(app, pilot, theme: str):
    app.theme = theme
    await pilot.pause()
    papers = app.screen.query_one(PaperList)
    strips = screen_strips(app, papers.scrollable_content_region)
    return papers, strips


async def test_read_titles_ranks_and_counts_are_dimmer_and_readable_in_every_theme(
    seeded, make_app, library
):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        read_id = papers.source.row(2).id
        library.set_read(read_id, True)
        app.screen.open_view(app.screen.spec, keep_paper=papers.current.id)
        await pilot.pause()
        for theme in RGB_THEMES:
            papers, strips = await _rows(app, pilot, theme)
            rows = {index: papers.source.row(index) for index in range(4)}
            cursor = parts(strips[0], rows[0])
            unread = parts(strips[1], rows[1])
            read = parts(strips[2], rows[2])
            assert rows[2].read and not rows[1].read
            fg, bg, _ = unread["title"]
            title_contrast = contrast(fg, bg)
            for name, (fg, bg, _) in (("read title", read["title"]), ("rank", unread["rank"]),
                                      ("comments", unread["comments"])):  # fmt: skip
                seen = contrast(fg, bg)
                assert seen >= 3.0, f"{theme}: {name} {fg.hex} on {bg.hex} is {seen:.1f}:1"
                assert seen < title_contrast, f"{theme}: {name} is not dimmer than a title"
            for name, (fg, bg, _) in cursor.items():
                seen = contrast(fg, bg)
                assert seen >= 3.0, f"{theme}: cursor {name} {fg.hex} on {bg.hex} is {seen:.1f}:1"


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
async def test_ansi_themes_dim_read_titles(seeded, make_app, library, theme):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        library.set_read(papers.source.row(1).id, True)
        app.screen.open_view(app.screen.spec, keep_paper=papers.current.id)
        await pilot.pause()
        papers, strips = await _rows(app, pilot, theme)
        assert parts(strips[1], papers.source.row(1))["title"][2] is True
        assert parts(strips[2], papers.source.row(2))["title"][2] is False


async def test_search_words_are_marked_in_the_listed_titles(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await paste_query(app, pilot, "agent")
        papers = app.screen.query_one(PaperList)
        strips = screen_strips(app, papers.scrollable_content_region)
        marked_rows = 0
        for offset, strip in enumerate(strips[: papers.count]):
            title = papers.source.row(offset).title
            marked = [seg.text for seg in strip if seg.style and seg.style.underline]
            assert all(word.lower().startswith("agent") for word in marked), marked
            if "agent" in title.lower()[:40]:
                marked_rows += bool(marked)
        assert marked_rows >= 2
        await pilot.press("escape")
        await pilot.pause()
        strips = screen_strips(app, papers.scrollable_content_region)
        assert not [
            seg.text for strip in strips for seg in strip if seg.style and seg.style.underline
        ]
