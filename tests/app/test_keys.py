"""Every key of the main screen, asserting on what changed (Pilot)."""

from __future__ import annotations

from datetime import date

import pytest
from app_support import abstract_text, header_text
from textual.command import CommandPalette

from tui.app.screens.help import HelpScreen
from tui.app.widgets.abstract import AbstractPane
from tui.app.widgets.paper_list import PaperList
from tui.core.dates import Period
from tui.core.views import ViewSpec


async def test_opens_on_the_latest_cached_day_by_upvotes(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        assert "Daily · Fri 31 Jul 2026" in header_text(app)
        assert "30 papers" in header_text(app)
        assert papers.count == 30
        upvotes = [papers.source.row(i).upvotes for i in range(papers.count)]
        assert upvotes == sorted(upvotes, reverse=True)
        assert papers.current.id == "2607.28618"
        assert "AskChem" in abstract_text(app)


async def test_j_k_and_arrows_move_the_highlight_and_the_abstract(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        first = papers.current
        await pilot.press("j")
        second = papers.current
        assert papers.cursor == 1 and second.id != first.id
        assert second.title.split(":")[0] in abstract_text(app)
        await pilot.press("down", "down")
        assert papers.cursor == 3
        await pilot.press("k", "up")
        assert papers.cursor == 1
        await pilot.press("k", "k", "k")  # stops at the top
        assert papers.cursor == 0 and papers.current.id == first.id


async def test_first_last_and_pages(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 24)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("G")
        assert papers.cursor == 29
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("end")
        assert papers.cursor == 29
        await pilot.press("home")
        assert papers.cursor == 0
        await pilot.press("pagedown")
        page = papers.cursor
        assert 10 <= page < 29
        await pilot.press("pageup")
        assert papers.cursor == 0


async def test_tab_enter_and_escape_move_focus(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.focused, PaperList)
        await pilot.press("tab")
        assert isinstance(app.focused, AbstractPane)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, PaperList)
        await pilot.press("enter")
        assert isinstance(app.focused, AbstractPane)
        await pilot.press("escape")
        assert isinstance(app.focused, PaperList)


async def test_enter_opens_the_abstract_full_screen_when_narrow(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.has_class("-narrow")
        await pilot.press("enter")
        assert not screen.query_one("#list-pane").display
        assert isinstance(app.focused, AbstractPane)
        await pilot.press("escape")
        assert screen.query_one("#list-pane").display
        assert isinstance(app.focused, PaperList)


async def test_week_month_and_day_views(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        assert "Week 2026-W31" in header_text(app)
        await pilot.press("m")
        assert "Jul 2026" in header_text(app)
        await pilot.press("d")
        assert "Daily · Fri 31 Jul 2026" in header_text(app)


async def test_brackets_step_periods_and_t_returns_to_the_latest(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("left_square_bracket")
        # Friday to Thursday: the day before has nothing cached here, and says so
        assert "Thu 30 Jul 2026" in header_text(app)
        assert "0 papers" in header_text(app)
        await pilot.press("right_square_bracket")
        assert "Fri 31 Jul 2026" in header_text(app)
        await pilot.press("m", "left_square_bracket")
        assert "Jun 2026" in header_text(app)
        from tui.core.dates import Period
        from tui.core.views import ViewSpec

        app.screen.open_view(ViewSpec(period=Period("month", "2024-06")))  # across two years
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert "Mar 2024" in header_text(app)
        await pilot.press("right_square_bracket")
        assert "Apr 2024" in header_text(app)
        assert app.screen.query_one(PaperList).count == 199
        await pilot.press("t")
        assert "Jul 2026" in header_text(app)


async def test_stepping_skips_weekends_unless_they_have_papers(seeded, make_app):
    from tui.core.dates import Period
    from tui.core.views import ViewSpec

    app = make_app(offline=True, initial=ViewSpec(period=Period("day", "2024-04-08")))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Mon 8 Apr 2024" in header_text(app)
        await pilot.press("left_square_bracket")
        assert "Fri 5 Apr 2024" in header_text(app)  # Saturday and Sunday skipped
        await pilot.press("right_square_bracket")
        assert "Mon 8 Apr 2024" in header_text(app)
        app.screen.open_view(ViewSpec(period=Period("day", "2024-04-26")))
        await pilot.press("right_square_bracket")
        assert "Sun 28 Apr 2024" in header_text(app)  # this Sunday had a batch
        assert "2 papers" in header_text(app)


async def test_s_toggles_sort_and_keeps_the_paper(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j")
        chosen = papers.current.id
        await pilot.press("s")
        assert app.screen.spec.sort == "newest"
        assert papers.current.id == chosen
        rows = [papers.source.row(i) for i in range(papers.count)]
        keys = [(row.published, row.id) for row in rows]
        assert keys == sorted(keys, reverse=True)  # one day: newest arXiv date, then id, first
        await pilot.press("s")
        assert app.screen.spec.sort == "rising"
        assert papers.current.id == chosen
        await pilot.press("s")
        assert app.screen.spec.sort == "upvotes"
        assert papers.current.id == chosen


async def test_a_opens_the_archive_newest_first_and_back(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        papers = app.screen.query_one(PaperList)
        assert "Archive" in header_text(app)
        assert papers.count == 229
        days = [papers.source.row(i).day for i in range(papers.count)]
        assert days == sorted(days, reverse=True)
        await pilot.press("G")
        assert papers.cursor == 228
        await pilot.press("a")
        assert "Daily · Fri 31 Jul 2026" in header_text(app)


async def test_y_copies_the_hugging_face_url(seeded, make_app, monkeypatch):
    from tui.app import clipboard

    monkeypatch.setattr(clipboard, "deliver", lambda text: [])
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "y")
        await pilot.pause()
        current = app.screen.query_one(PaperList).current
        assert app.clipboard == f"https://huggingface.co/papers/{current.id}"


async def test_o_opens_the_page_in_a_browser(seeded, make_app, monkeypatch):
    from tui.app import browser

    opened: list[str] = []
    monkeypatch.setattr(browser, "open_url", lambda url: opened.append(url))
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opened == ["https://huggingface.co/papers/2607.28618"]


async def test_help_and_f1_list_every_key(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        for words in ("Next paper", "Day view", "Archive", "Copy the paper", "Quit", "Ctrl+P"):
            assert words in text
        # The search language, as README gives it: every operator has a line.
        lines = text.splitlines()
        assert "Search (/)" in lines
        for operator in ('"exact phrase"', "a OR b", "-word", "author:", "org:", "kw:", "tag:",
                         "upvotes>N", "since:", "until:", "is:", "has:", "2404.01258"):  # fmt: skip
            assert any(line.startswith(operator) or f" {operator}" in line for line in lines), (
                operator
            )
        assert any("model finds models" in line for line in lines)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_ctrl_p_opens_the_palette_with_our_commands(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"month view")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert "Jul 2026" in header_text(app)


async def test_q_quits(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert not app.is_running


async def test_r_refreshes_now(seeded, make_app, api):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        before = len(api.requests)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(api.requests) > before
        assert "updated just now" in header_text(app)


async def test_a_paper_becomes_read_after_a_moment(seeded, make_app, library):
    # 2 s: on a busy machine one key press can take most of a second.
    app = make_app(offline=True, read_after=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("j")
        chosen = papers.current.id
        assert not papers.current.read and not library.is_read(chosen)
        await pilot.pause(2.5)
        await app.workers.wait_for_complete()
        assert papers.current.read
        assert library.is_read(chosen)


async def test_a_paper_marked_unread_stays_unread_when_the_view_is_shown_again(
    seeded, make_app, library
):
    app = make_app(offline=True, read_after=0.3)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("j")
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        chosen = papers.current.id
        assert library.is_read(chosen)
        await pilot.press("u")  # unread, on purpose
        await app.workers.wait_for_complete()
        app.screen.reload_view()  # as a refresh does
        await pilot.press("H", "H")
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        assert papers.current.id == chosen
        assert not papers.current.read and not library.is_read(chosen)


async def test_leaving_the_archive_bookmarks_or_a_tag_keeps_the_feeds_sort(
    seeded, make_app, library
):
    library.add_bookmark("2607.28618")
    library.set_note("2607.28227", "", ["agents"])
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")  # upvotes → newest, on the feed
        assert app.screen.spec.sort == "newest"
        for way_out in (("a", "d"), ("B", "w"), ("T", "a", "m")):
            await pilot.press("s", "s")  # … → rising → upvotes: the user's choice
            assert app.screen.spec.sort == "upvotes"
            await pilot.press(*way_out)
            assert app.screen.spec.kind == "period"
            assert app.screen.spec.sort == "upvotes", way_out
            assert "by upvotes" in header_text(app)
            await pilot.press("s")


async def test_escape_goes_back_from_a_tag_bookmarks_or_the_archive(seeded, make_app, library):
    library.set_note("2607.28227", "", ["agents"])
    library.add_bookmark("2607.28618")
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j")
        where = papers.current.id
        for way_in in (("T", "a"), ("B",), ("a",)):
            await pilot.press(*way_in)
            assert app.screen.spec.kind != "period"
            await pilot.press("escape")
            assert "Daily · Fri 31 Jul 2026" in header_text(app), way_in
            assert papers.current.id == where


async def test_right_bracket_stops_at_the_latest_papers_and_says_so(seeded, make_app, api):
    notes: list = []
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40), message_hook=notes.append) as pilot:
        for _ in range(3):
            await pilot.press("right_square_bracket")
        assert "Daily · Fri 31 Jul 2026 · 30 papers" in header_text(app)
        shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
        assert "Fri 31 Jul 2026 is the latest day with papers. r looks for newer ones." in shown
        await pilot.press("m", "right_square_bracket")  # today (2 Aug) is in August
        assert "Aug 2026" in header_text(app)
        await pilot.press("right_square_bracket")
        shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
        assert shown[-1] == "This is the latest month."
        await pilot.press("w", "right_square_bracket")
        assert "Week 2026-W31" in header_text(app)
        shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
        assert shown[-1] == "This is the latest week."
    assert api.requests == []


async def test_right_bracket_reaches_the_current_week_and_month_after_t(seeded, make_app):
    notes: list = []
    app = make_app(offline=True, today=lambda: date(2026, 8, 5))  # a Wednesday of W32
    async with app.run_test(size=(120, 40), message_hook=notes.append) as pilot:
        for view, latest, current, word in (
            ("w", "Week 2026-W31", "Week 2026-W32", "week"),
            ("m", "Jul 2026", "Aug 2026", "month"),
        ):
            await pilot.press(view, "t")
            assert latest in header_text(app)  # the latest papers (31 July)
            await pilot.press("right_square_bracket")
            assert current in header_text(app)  # this week or month, even with no papers yet
            await pilot.press("right_square_bracket")
            assert current in header_text(app)
            shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
            assert shown[-1] == f"This is the latest {word}."


@pytest.mark.parametrize(
    ("kind", "empty", "latest"), [("week", "Week 2026-W32", "Week 2026-W31"),
                                  ("month", "Aug 2026", "Jul 2026")]
)  # fmt: skip
async def test_a_week_or_month_opened_on_an_empty_current_one_moves_to_the_latest_papers(
    make_app, kind, empty, latest
):
    # default = "week" on a first launch: the current week, until the first fetch tells
    # which batch is the newest; then the week of that batch, as the day view does.
    today = date(2026, 8, 5)
    opened = ViewSpec(period=Period.of(kind, today))
    app = make_app(today=lambda: today, initial=opened, follow_latest=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):  # the first refresh, then the refresh of the week it moved to
            await pilot.pause(0.02)
            if app.screen.query_one(PaperList).count:
                break
        assert latest in header_text(app) and empty not in header_text(app)
        assert app.screen.query_one(PaperList).count == 30


async def test_rising_is_offered_only_where_papers_still_gather_upvotes(seeded, make_app):
    from tui.core.dates import Period
    from tui.core.views import ViewSpec

    notes: list = []
    app = make_app(offline=True, initial=ViewSpec(period=Period("month", "2024-04")))
    async with app.run_test(size=(120, 40), message_hook=notes.append) as pilot:
        await pilot.press("s")
        assert app.screen.spec.sort == "newest"
        await pilot.press("s")
        assert app.screen.spec.sort == "upvotes"  # no "rising" for April 2024
        await pilot.pause()
    shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
    assert "ended more than a week ago" not in shown[0]  # upvotes → newest skips nothing
    assert "rising is for recent papers: these ended more than a week ago" in shown[-1]


async def test_the_palettes_screenshot_says_where_it_went(seeded, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("platformdirs.user_downloads_path", lambda: tmp_path / "no-such-folder")
    notes: list = []
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40), message_hook=notes.append) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and "Quit" not in titles and "Screenshot" in titles
        app.save_screenshot_here()
        await pilot.pause()
    saved = list(tmp_path.glob("*.svg"))
    assert len(saved) == 1 and "Fri 31 Jul 2026" in saved[0].read_text().replace("&#160;", " ")
    shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
    assert f"Screenshot saved: {saved[0]}" in shown


async def test_a_week_of_days_fetched_one_by_one_is_not_called_empty_offline(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")  # 2026-W31: only its Friday was fetched, as a day
        await pilot.pause()
        assert "30 papers" in header_text(app)
        assert "offline — cached papers" in header_text(app)
        assert "nothing cached" not in header_text(app)
        await pilot.press("left_square_bracket")  # the week before: nothing at all
        await pilot.pause()
        assert "offline — nothing cached" in header_text(app)


async def test_the_palette_ranks_the_command_named_by_the_query_first(seeded, make_app):
    from textual.command import CommandList

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for query, first in (
            ("book", "Bookmark"),
            ("tags", "Your tags"),
            ("sort", "Sort by upvotes"),
        ):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await pilot.pause(0.4)
            options = app.screen.query_one(CommandList)
            top = str(options.get_option_at_index(0).prompt)
            assert top.startswith(first), (query, top)
            assert not top.startswith("Back"), (query, top)
            await pilot.press("escape")
            await pilot.pause()


async def test_a_key_pressed_before_the_panes_are_built_is_dropped(seeded, make_app):
    """`/` half a second after launch ran the search action before #papers existed, and the
    app stopped. Until the screen is mounted, its actions are off; once mounted, on."""
    app = make_app(offline=True)
    early = app.get_default_screen()
    assert not early.check_action("search", ())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.check_action("search", ())
        await pilot.press("slash")
        assert app.screen.search_input.display
