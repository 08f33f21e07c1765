"""The reader (p) as a user sees it: read from the lines drawn on screen, at 120×40 and 80×24."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import pytest
from app_support import listed_ids, screen_rows, wait_for

from tui.app import clipboard
from tui.app.screens.figures import FigureScreen
from tui.app.screens.main import MainScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets import reader_view
from tui.core.reader.block import Block
from tui.core.reader.document import Document
from tui.core.reader.span import Span

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "papers_md"
PADDLE = (TEXTS / "2510.14528.md").read_text(encoding="utf-8")
FAST = {"max_tries": 1, "backoff_base": 0.01, "read_timeout": 0.5, "deadline": 0.5}


@pytest.fixture(autouse=True)
def _no_clipboard_programs(monkeypatch):
    """OSC 52 only: no tmux or desktop clipboard started by a test; and the background layout
    in one go (its slices keep the app from the idle each Pilot pause waits for)."""
    monkeypatch.setattr(clipboard, "deliver", lambda text: [])
    monkeypatch.setattr(reader_view, "SLICE", 5.0)


def screen(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def text_lines(app) -> list[str]:
    """The reader's text as drawn (its region of the screen)."""
    view = app.screen.query_one("#reader-text")
    region = view.region  # less its scrollbar
    right = region.x + view.scrollable_content_region.width
    return [line[region.x : right].rstrip() for line in screen(app)[region.y : region.bottom]]


def status(app) -> str:
    return screen(app)[app.screen.query_one("#reader-status").region.y]


def top_text(app) -> str:
    return next(line.strip() for line in text_lines(app) if line.strip())


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_reader(pilot, *keys: str) -> None:
    """p, then ``keys`` once the reader shows what it read (its text is read on a thread)."""
    await settle(pilot)
    await pilot.press("p")
    await wait_for(pilot, lambda: reader_opened(pilot.app), "the reader to open")
    await pilot.press(*keys)
    await settle(pilot)


def reader_opened(app) -> bool:
    return isinstance(app.screen, ReaderScreen) and app.screen.state != "opening"


def first_paper(store, text: str = PADDLE) -> str:
    """The paper highlighted at start, with ``text`` stored as its full text."""
    from app_support import seed

    seed(store, "daily_papers__limit30__2026-07-31.json")
    paper_id = "2607.28618"  # first by upvotes on 31 July
    store.save_full_text(paper_id, text, "AskChem")
    return paper_id


async def test_p_opens_the_stored_paper_with_its_outline_and_esc_goes_back(store, make_app):
    first_paper(store)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")  # the third paper: Esc must come back to it
        await settle(pilot)
        await pilot.press("k", "k")
        await open_reader(pilot)
        assert isinstance(app.screen, ReaderScreen)
        lines = screen(app)
        assert lines[0].strip().startswith("AskChem")
        outline = app.screen.query_one("#reader-outline").region
        shown = [line[outline.x : outline.right] for line in lines]
        assert any("2.1 Architecture" in line for line in shown)  # the outline, always there
        assert any("PaddleOCR-VL" in line for line in text_lines(app))
        assert "t Outline" in lines[-1] and "/ Find" in lines[-1]
        # ] to the next section (Abstract, 1, 2, 2.1); the status line names it
        await pilot.press(*["right_square_bracket"] * 4)
        await pilot.pause()
        assert top_text(app) == "2.1 Architecture"
        assert "2.1 Architecture" in status(app)
        # the outline: t, down to 2.2 (j, as in the text), Enter jumps
        await pilot.press("t", "j", "down", "j", "enter")
        await pilot.pause()
        assert top_text(app) == "2.2 Training Recipe"
        # G and g in the outline: its last and first headings; Esc leaves it where it was
        await pilot.press("t", "G", "enter")
        await pilot.pause()
        assert "E.5 Chart Recognition" in status(app)  # the last heading, at the end
        await pilot.press("t", "g", "k", "j", "enter")
        await pilot.pause()
        assert top_text(app) == "Abstract"
        await pilot.press("t", "j", "escape")
        await pilot.pause()
        assert top_text(app) == "Abstract"  # Esc leaves the outline without a jump
        await pilot.press("j")
        await pilot.pause()
        assert top_text(app).startswith("In this report")  # j is the text's again
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert top_text(app) == "2.1.1 Layout Analysis"
        # how far down: the status line's figure is what the list shows once back
        read = status(app).split()[-1]
        assert read.endswith("%") and read != "0%"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#papers").current.id == "2607.28618"
        app.writer.flush()
        app.screen.check_library_changes()
        await pilot.pause()
        assert f" {read}  2c" in next(line for line in screen(app) if "AskChem" in line)


async def test_keys_move_and_find_marks_matches_at_80x24(store, make_app):
    first_paper(store)
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        view = app.screen.query_one("#reader-text")
        assert not app.screen.query_one("#reader-outline").display  # t shows it on 80 columns
        assert status(app).rstrip().endswith(" 0%")  # how far the top of the screen is
        before = text_lines(app)
        await pilot.press("j")
        await pilot.pause()
        assert text_lines(app)[0] == before[1]
        await pilot.press("space")
        await pilot.pause()
        assert text_lines(app)[0] == before[len(before) - 2 + 1]  # a page, less two lines
        assert text_lines(app)[1] != before[len(before) - 2 + 1]
        await pilot.press("G")
        await pilot.pause()
        assert "100%" in status(app)
        await pilot.press("k")
        await pilot.pause()
        assert status(app).rstrip().endswith(" 99%")  # not read to the end
        await pilot.press("g")
        await pilot.pause()
        assert text_lines(app) == before
        await pilot.press("slash", *"layout")
        app.screen.query_one("#reader-find").value = "layout analysis"  # the rest as a paste
        await pilot.press("enter")
        await pilot.pause()
        count = len(view.matches)
        assert count > 5 and f"1/{count}" in status(app)
        assert any("layout" in line.lower() for line in text_lines(app))
        await pilot.press("n", "n")
        await pilot.pause()
        assert f"3/{count}" in status(app)
        await pilot.press("N")
        await pilot.pause()
        assert f"2/{count}" in status(app)
        # the current match is drawn in its own colours, the others in theirs
        strips = app.screen._compositor.render_strips()
        region = view.region
        marked = {
            (segment.text, segment.style.bgcolor)
            for strip in strips[region.y : region.bottom]
            for segment in strip
            if segment.style is not None and segment.text.lower() in ("layout analysis", "layout")
        }
        base = view.visual_style.rich_style.bgcolor
        assert marked and all(colour != base for _text, colour in marked)
        # Esc in the reader takes the matches away first, then leaves
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert not view.matches and isinstance(app.screen, ReaderScreen)


async def test_y_copies_the_section_as_markdown_and_says_so(store, make_app):
    first_paper(store)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, *["right_square_bracket"] * 3)
        # the palette offers the reader's commands there, and runs them on the text
        await pilot.press("ctrl+p", *"next section")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert top_text(app) == "2.1 Architecture"
        await pilot.press("y")
        await settle(pilot)
        copied = app.clipboard
        assert copied.startswith("### 2.1 Architecture\n\nPaddleOCR-VL decomposes")
        assert "2.1.1 Layout Analysis" in copied  # its subsections come along
        assert "2.2 Training Recipe" not in copied
        assert copied.rstrip().endswith("(https://huggingface.co/papers/2607.28618)")
        said = [str(n.message) for n in app._notifications]
        assert any(text.startswith("Copied “2.1 Architecture” as Markdown") for text in said)


async def test_the_place_is_kept_and_a_resize_keeps_the_block_at_the_top(store, make_app, library):
    paper_id = first_paper(store)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, *["right_square_bracket"] * 11)
        assert top_text(app) == "3.1 Data Curation"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert top_text(app) == "3.1 Data Curation"
        await pilot.press("escape")
        await settle(pilot)
        # The list, resized behind the reader, is laid out for 80 columns once it shows.
        assert app.screen.has_class("-narrow")
        app.writer.flush()
        assert library.reading_position(paper_id) is not None
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        assert top_text(app) == "3.1 Data Curation"


def _fetching_api(api, answer):
    """The fake API, with ``answer(request)`` for the full texts."""

    def respond(request: httpx.Request):
        if request.url.path.endswith(".md"):
            return answer(request)
        status, body, headers = api.answer(request.url.path, dict(request.url.params), "")
        return httpx.Response(status, content=body, headers=headers)

    api.fault = respond


async def test_a_paper_is_fetched_stored_and_shown(seeded, make_app, api):
    _fetching_api(api, lambda request: httpx.Response(200, text=PADDLE))
    app = make_app(client_options=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot)
        assert any("PaddleOCR-VL" in line for line in text_lines(app))
        assert seeded.full_text(listed_ids(app.screen_stack[0])[0]) is not None


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (404, "Hugging Face has no full text of this paper."),
        (500, "Could not fetch the paper's text"),
    ],
)
async def test_a_failed_fetch_says_so_over_the_abstract(seeded, make_app, api, status, said):
    _fetching_api(api, lambda request: httpx.Response(status, text="no"))
    app = make_app(client_options=FAST)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        shown = " ".join(" ".join(text_lines(app)).split())
        assert said in shown
        assert "Abstract" in shown and "AskChem" in shown
        if status == 404:
            assert "https://arxiv.org/pdf/2607.28618" in shown
        assert "Find" not in screen(app)[-1]  # no text to find in: the footer does not offer it
        assert seeded.full_text("2607.28618") is None  # nothing half-written


HOSTILE = Document(
    "2607.28618",
    "AskChem",
    "",
    (
        Block("heading", (Span("1 Intro \x1b]0;owned\x07"),), level=2),
        Block(
            "paragraph",
            (
                Span("Red \x1b[31mtext\x1b[0m and [red]x[/] and [@click=app.quit]q[/] "),
                Span("click me", "link", "javascript:alert(1)"),
                Span(" then "),
                Span("the method", "link", "#S2"),
            ),
        ),
        *(Block("paragraph", (Span(f"Filler paragraph {n}."),)) for n in range(40)),
        Block("heading", (Span("2 Method"),), level=2, anchor="S2"),
        *(Block("paragraph", (Span(f"The method, part {n}."),)) for n in range(30)),
    ),
)


async def test_hostile_text_is_inert_and_anchor_links_jump_and_come_back(store, make_app):
    first_paper(store, "Title: x\n\nMarkdown Content:\nplain\x1b[2J text\n")
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        strips = app.screen._compositor.render_strips()
        assert not any("\x1b" in segment.text for strip in strips for segment in strip)
        app.screen.open_document(HOSTILE, 0)
        await pilot.pause()
        shown = "\n".join(text_lines(app))
        assert "[red]x[/]" in shown and "[@click=app.quit]q[/]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        strips = app.screen._compositor.render_strips()
        metas = [
            seg.style.meta for strip in strips for seg in strip if seg.style and seg.style.meta
        ]
        assert all("javascript" not in str(meta) for meta in metas)
        # Tab reaches the one link that can be followed: the jump inside the paper
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert top_text(app) == "2 Method"
        await pilot.press("backspace")
        await pilot.pause()
        assert top_text(app) == "1 Intro"
        # a click on the link follows it too
        y, line = next((y, line) for y, line in enumerate(text_lines(app)) if "the method" in line)
        await pilot.click("#reader-text", offset=(line.index("the method") + 2, y))
        await pilot.pause()
        assert top_text(app) == "2 Method"
        assert app.is_running and isinstance(app.screen, ReaderScreen)


def test_reader_dark_120x40(store, make_app, snap_compare):
    first_paper(store)

    async def run_before(pilot) -> None:
        await open_reader(pilot, *["right_square_bracket"] * 4)
        await pilot.press("slash", *"layout", "enter")
        await settle(pilot)

    app = make_app(offline=True, theme="textual-dark")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_reader_light_80x24(store, make_app, snap_compare):
    first_paper(store)

    async def run_before(pilot) -> None:
        await open_reader(pilot, *["right_square_bracket"] * 4, "tab")
        await settle(pilot)

    app = make_app(offline=True, theme="textual-light")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_esc_while_fetching_goes_back_and_stores_nothing(seeded, make_app, api):
    import asyncio

    async def hang(request):
        await asyncio.sleep(30)
        return httpx.Response(200, text=PADDLE)

    _fetching_api(api, hang)
    app = make_app(client_options={**FAST, "read_timeout": 60.0, "deadline": 60.0})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause(0.2)
        assert "Fetching the paper…" in " ".join(text_lines(app))
        await pilot.press("j")  # keys still work meanwhile
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await app.workers.wait_for_complete()
        assert seeded.full_text("2607.28618") is None


async def test_a_second_paper_opens_in_the_same_screen_with_nothing_of_the_first(store, make_app):
    first_paper(store)
    second = "Title: Second\n\nMarkdown Content:\nOnly the second paper's words are here.\n"
    store.save_full_text("2607.28227", second, "Second")  # second by upvotes
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, "slash", *"model", "enter")
        reader = app.screen
        assert reader.query_one("#reader-text").matches
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")
        await open_reader(pilot)
        assert app.screen is reader  # built once
        assert screen(app)[0].strip().startswith("Second")
        assert [line for line in text_lines(app) if line] == [
            "  Only the second paper's words are here."
        ]
        assert not reader.query_one("#reader-text").matches
        assert not reader.query_one("#reader-find").display
        assert not reader.query_one("#reader-outline").display  # no sections


def _heading(words: str, level: int = 2) -> Block:
    return Block("heading", (Span(words),), level=level)


def _paragraph(words: str) -> Block:
    return Block("paragraph", (Span(words),))


# A long first section, then an appendix whose last sections are short: at the end of the
# paper the screen shows E.2 to E.5, with E.1's last lines at its top.
APPENDIX = Document(
    "2607.28618",
    "AskChem",
    "",
    (
        _heading("1 Introduction"),
        *(_paragraph(f"Filler paragraph {n}.") for n in range(40)),
        _heading("E.1 Layout Detection", 3),
        *(_paragraph(f"Layout paragraph {n}.") for n in range(6)),
        *(
            block
            for name in ("E.2 Text", "E.3 Table", "E.4 Formula", "E.5 Chart")
            for block in (_heading(name, 3), _paragraph(f"{name} in one line."))
        ),
    ),
)


def section_named(app) -> str:
    return status(app).split("  ")[0].strip()


async def test_at_the_end_the_status_and_the_outline_name_the_last_section_shown(store, make_app):
    first_paper(store, "Title: x\n\nMarkdown Content:\nplain text\n")
    app = make_app(offline=True)
    async with app.run_test(size=(120, 24)) as pilot:
        await open_reader(pilot)
        app.screen.open_document(APPENDIX, 0)
        await settle(pilot)
        await pilot.press("G")
        await pilot.pause()
        shown = [line.strip() for line in text_lines(app)]
        assert shown[0] == "" and shown[1] == "Layout paragraph 4."  # E.1's end at the top
        assert shown[-2] == "E.5 Chart in one line."
        assert section_named(app) == "E.5 Chart"  # not E.1, whose heading is far above
        rows = [
            (text.strip(), frozenset(colours))
            for text, colours in screen_rows(app, app.screen.outline.scrollable_content_region)
            if text.strip()
        ]
        usual = Counter(colours for _text, colours in rows).most_common(1)[0][0]
        assert [text for text, colours in rows if colours != usual] == ["E.5 Chart"]
        # A heading under a blank line at the top: its section is the one on screen.
        await pilot.press("g", "right_square_bracket", "k")
        await pilot.pause()
        shown = [line.strip() for line in text_lines(app)]
        assert shown[0] == "" and shown[1] == "E.1 Layout Detection"
        assert section_named(app) == "E.1 Layout Detection"


PAGE_ONLY = (
    "Title: AskChem\n\nURL Source: https://huggingface.co/papers/2607.28618\n\n"
    "Markdown Content:\nAskChem\n\nChemistry literature synthesis is hard.\n"
)


async def test_a_page_only_text_says_so_once_and_offers_no_keys_for_a_text(store, make_app):
    first_paper(store, PAGE_ONLY)
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        shown = " ".join(" ".join(screen(app)[:-1]).split())
        assert "Chemistry literature synthesis is hard." in shown
        assert shown.count("https://arxiv.org/pdf/2607.28618") == 1
        assert shown.count("only") == 1
        footer = screen(app)[-1]
        assert "esc Back" in footer
        for words in ("Outline", "Find", "Figures", "Copy"):
            assert words not in footer
        from tui.app.palette import PaperCommands

        offered = {command.id for command, _ in PaperCommands(app.screen)._commands()}
        assert "reader_back" in offered  # the palette offers what the footer does
        assert not offered & {"reader_find", "reader_outline", "reader_figures", "reader_copy"}
        await pilot.press("slash", "t", "f")  # none of them does anything either
        await pilot.pause()
        assert not app.screen.query_one("#reader-find").display
        assert isinstance(app.screen, ReaderScreen) and shown in " ".join(
            " ".join(screen(app)[:-1]).split()
        )


FIGURES = Document(
    "2607.28618",
    "AskChem",
    "",
    (
        _heading("1 Introduction"),
        *(
            Block(
                "figure",
                (Span(f"A caption long enough to wrap in the list at eighty columns {n} end{n}."),),
                number=f"A{n}",
                url=f"https://arxiv.org/f{n}.png",
            )
            for n in range(8)
        ),
    ),
)


async def test_the_figure_list_shows_each_figure_whole_and_names_its_keys(store, make_app):
    first_paper(store, "Title: x\n\nMarkdown Content:\nplain text\n")
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot)
        app.screen.open_document(FIGURES, 0)
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        footer = screen(app)[-1]
        assert all(key in footer for key in ("Go to", "o Open link", "y Copy link", "esc Back"))
        box = app.screen.query_one("#figures-options").content_region
        for line in screen(app)[box.y : box.bottom]:  # the numbers' column holds nothing else
            inside = line[box.x : box.right]
            assert inside.startswith(" A") or inside.startswith("    ") or not inside.strip()
        for n in range(8):  # each figure in turn, highlighted: number, caption, link
            shown = "\n".join(screen(app)[1:-1])
            assert f" A{n} A caption" in shown and f"end{n}." in shown, (n, shown)
            assert f"https://arxiv.org/f{n}.png" in shown, (n, shown)
            await pilot.press("j")
        await pilot.press("k", "enter")  # the last one: the text goes to it
        await pilot.pause()
        assert not isinstance(app.screen, FigureScreen)
        assert "end7." in " ".join(text_lines(app))
