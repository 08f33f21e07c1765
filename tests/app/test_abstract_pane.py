"""The abstract pane as the reader sees it: its rows, the bookmark, search words, and the focus.

Read from what is drawn (the screen's strips), not from the widget's state."""

from __future__ import annotations

import threading

import pytest
from app_support import listed_ids, paste_query, wait_for
from rich.style import Style
from textual.color import Color
from textual.widgets import Footer

from tui.app.widgets.abstract import AbstractPane
from tui.app.widgets.paper_list import PaperList

ASKCHEM = "2607.28618"  # the 31 July batch's first paper: code, project page, 8 stars


def screen_lines(app) -> list[list[tuple[str, Style]]]:
    """Every line of the screen as drawn: (text, style) per segment."""
    return [[(s.text, s.style) for s in strip] for strip in app.screen._compositor.render_strips()]


def text_of(line: list[tuple[str, Style]]) -> str:
    return "".join(text for text, _ in line)


def pane_lines(app) -> list[str]:
    """The abstract pane's lines as drawn, its border included (left of the text)."""
    pane = app.screen.query_one(AbstractPane)
    region = pane.region
    lines = screen_lines(app)[region.y : region.bottom]
    return [text_of(line)[region.x : region.right] for line in lines]


def cell_style(app, x: int, y: int) -> Style:
    line = screen_lines(app)[y]
    at = 0
    for text, style in line:
        if at <= x < at + len(text):
            return style
        at += len(text)
    raise AssertionError(f"no cell at {x},{y}")


def style_of_word(app, word: str, line_has: str) -> Style:
    """The style the screen draws ``word`` in, on the line that shows ``line_has``."""
    for line in screen_lines(app):
        text = text_of(line)
        if line_has in text:
            for segment, style in line:
                if segment == word:
                    return style
    raise AssertionError(f"{word!r} is not drawn as one piece on a line with {line_has!r}")


def look(style: Style) -> tuple:
    """What a style shows (its mouse metadata aside)."""
    return (style.color, style.bgcolor, style.bold, style.italic, style.underline)


async def footer_text(pilot) -> str:
    """The footer line, once it has caught up with the focus (it is rebuilt a frame later)."""
    app = pilot.app
    previous = None
    for _ in range(20):
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        text = text_of(screen_lines(app)[footer.region.y])
        if text.strip() and text == previous:
            return text
        previous = text
    return previous or ""


# --- the link rows and the bookmark ------------------------------------------------------


async def test_the_link_rows_line_up_and_stars_are_not_the_bookmark_mark(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(PaperList).current.id == ASKCHEM
        lines = pane_lines(app)
        rows = {}
        for line in lines:
            words = line[1:].split()
            if words and words[0] in ("Code", "Stars", "Page", "arXiv", "HF"):
                label = words[0]
                rows[label] = line.index(words[1], line.index(label) + len(label))
        assert set(rows) == {"Code", "Stars", "Page", "arXiv", "HF"}
        assert len(set(rows.values())) == 1, rows  # one column for every value
        text = "\n".join(lines)
        assert f"https://arxiv.org/abs/{ASKCHEM}" in text  # the id, in its link
        stars = next(line for line in lines if "Stars" in line)
        assert "☆ 8 stars" in stars
        assert "★" not in text  # ★ is the bookmark's mark, and this paper is not bookmarked


async def test_b_says_bookmarked_in_the_pane_at_once_and_moves_nothing_below(
    seeded, make_app, library
):
    gate = threading.Event()  # the library's writes wait: the pane must not
    add, remove = library.add_bookmark, library.remove_bookmark
    library.add_bookmark = lambda *a, **k: (gate.wait(5), add(*a, **k))
    library.remove_bookmark = lambda *a, **k: (gate.wait(5), remove(*a, **k))
    app = make_app(offline=True)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            before = pane_lines(app)
            authors = next(i for i, line in enumerate(before) if "Bing Yan" in line)
            assert "Bookmarked" not in "\n".join(before)
            await pilot.press("b")
            after = pane_lines(app)
            assert "★ Bookmarked" in after[authors - 1]
            assert "Bing Yan" in after[authors]  # the line was there, blank: nothing moved
            gate.set()
            app.writer.flush()
            await pilot.pause()
            assert "★ Bookmarked" in "\n".join(pane_lines(app))  # and once it is saved
            assert library.user_data(ASKCHEM).bookmarked
            gate.clear()
            await pilot.press("b")
            assert "Bookmarked" not in "\n".join(pane_lines(app))
            gate.set()
    finally:
        gate.set()
    assert not library.user_data(ASKCHEM).bookmarked


async def test_a_bookmark_kept_from_an_earlier_day_shows_in_the_pane(seeded, make_app, library):
    library.add_bookmark(ASKCHEM)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "★ Bookmarked" in "\n".join(pane_lines(app))


# --- search words ------------------------------------------------------------------------


async def test_search_words_are_highlighted_in_the_title_as_in_the_abstract(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await paste_query(app, pilot, "claim")
        assert listed_ids(app)[0] == ASKCHEM
        in_title = style_of_word(app, "Claim", "AskChem: Claim-Centered")
        # The abstract follows the list after a rest (abstract_timing): wait for its words.
        await wait_for(
            pilot,
            lambda: any("provenance-carrying" in text_of(line) for line in screen_lines(app)),
            "the abstract",
        )
        in_body = style_of_word(app, "claim", "provenance-carrying")
        rest_of_title = style_of_word(app, "AskChem: ", "AskChem: Claim-Centered")
        assert look(in_title) == look(in_body)
        assert in_title.underline and not rest_of_title.underline
        assert in_title.color != rest_of_title.color


# --- the focus ---------------------------------------------------------------------------


def accent(app) -> Color:
    return Color.parse(app.theme_variables["accent"])


@pytest.mark.parametrize("theme", ["textual-dark", "catppuccin-latte"])
async def test_the_focused_abstract_shows_it_and_the_footer_names_its_keys(seeded, make_app, theme):
    app = make_app(offline=True, theme=theme)
    async with app.run_test(size=(120, 30)) as pilot:  # too short for the whole abstract
        await pilot.pause()
        pane = app.screen.query_one(AbstractPane)
        papers = app.screen.query_one(PaperList)
        x, y = pane.region.x, pane.region.y + 3
        edge, cursor_row = cell_style(app, x, y), cell_style(app, papers.region.x + 1, y - 3)
        assert pane_lines(app)[3][0] == "▏"  # a thin line between the panes
        assert "Scroll" not in await footer_text(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is pane
        assert pane_lines(app)[3][0] == "▌"  # a bar ...
        bar = cell_style(app, x, y)
        assert bar.color.triplet == accent(app).rich_color.triplet  # ... of the accent colour
        assert bar.color != edge.color
        blurred = cell_style(app, papers.region.x + 1, y - 3)
        assert blurred.bgcolor != cursor_row.bgcolor  # the list's cursor row steps back
        footer = await footer_text(pilot)
        assert footer.lstrip().startswith("j k Scroll") and "esc Back" in footer
        await pilot.press("j")  # ... and j scrolls it, as the footer says
        assert pane.scroll_y == 1 and papers.cursor == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is papers
        assert pane_lines(app)[3][0] == "▏"
        assert "Scroll" not in await footer_text(pilot)


async def test_at_80_columns_the_focus_shows_and_the_footer_still_fits(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AbstractPane)
        assert set(pane_lines(app)[0].strip()) == {"▔"}  # the stacked panes' thin line
        footer = await footer_text(pilot)
        assert "q Quit" in footer and footer.rstrip().endswith("^p palette")
        await pilot.press("tab")
        await pilot.pause()
        top = pane_lines(app)[0]
        assert set(top.strip()) == {"▀"}
        assert cell_style(app, 10, pane.region.y).color.triplet == accent(app).rich_color.triplet
        footer = await footer_text(pilot)
        # The palette's key makes room (Esc, named on wider screens, did not fit either).
        assert footer.startswith("j k Scroll") and footer.rstrip().endswith("q Quit")
        await pilot.press("escape", "enter")  # the abstract full screen: all of it is text
        await pilot.pause()
        assert not app.screen.query_one("#list-pane").display
        assert "Qwen" not in pane_lines(app)[0] and "AskChem" in pane_lines(app)[0]
        footer = await footer_text(pilot)
        assert footer.startswith("j k Scroll") and footer.rstrip().endswith("q Quit")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, PaperList)


async def test_a_rebound_back_key_is_the_one_the_abstract_names_and_obeys(seeded, make_app):
    app = make_app(offline=True, keymap={"back": "x"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        await pilot.pause()
        assert "x Back" in await footer_text(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.focused, PaperList)
