"""For you in the app: W watches an author of the paper, F lists the watch's papers with its
name and counts the new ones; M lists related papers with reasons."""

from __future__ import annotations

from datetime import UTC, datetime

from app_support import header_text, screen_rows, wait_for

from tui.app.screens.menu import MenuScreen
from tui.app.screens.more_like import MoreLikeThisScreen
from tui.app.watch_words import news_notice
from tui.app.widgets.paper_list import NEW_FOR_YOU, WATCHED, PaperList
from tui.core.watch_match import WatchMatch


async def test_w_watches_an_author_and_f_lists_their_papers(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        author = app.screen.store.paper(papers.current.id).authors[0]
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen), "the watch menu")
        await pilot.press("a")  # the first author, the name prefilled
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: library.watches(), "the watch saved")
        # Every view's rows that match a watch carry its mark: the paper under the cursor too.
        await wait_for(
            pilot, lambda: WATCHED in screen_rows(app, papers.region)[0][0], "the watch's mark"
        )
        # W again: the author is offered as watched, and the watch it matches is named.
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen), "the watch menu again")
        await wait_for(pilot, lambda: "Matches: " in rendered_screen(app), "the menu drawn")
        assert "· watched as “" in rendered_screen(app)
        await pilot.press("escape")
        await pilot.press("F")
        await wait_for(pilot, lambda: "For you" in header_text(app), "the For you view")
        assert "newest listing day first" in header_text(app)
        lines = [text for text, _ in screen_rows(app, papers.region)]
        assert any(author[:10] in line for line in lines)
        # d: For you within the cursor's day; the same key again: every day.
        await pilot.press("d")
        await wait_for(pilot, lambda: app.screen.spec.period is not None, "a day")
        label = app.screen.spec.label()
        assert label.startswith("For you · ") and label in header_text(app)
        await pilot.press("d")
        await wait_for(pilot, lambda: label not in header_text(app), "every day again")
        assert header_text(app).strip().startswith("For you · 1 paper")


async def test_a_refresh_bringing_a_watched_paper_is_said_and_counted(
    seeded, make_app, library, paper_factory
):
    from tui.core.models import Listing
    from tui.core.watch_list import WatchList

    WatchList(library).add("Ada", 'author:"Ada Watched"')
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.for_you is not None, "the watches matched")
        today = datetime.now(UTC).date().isoformat()
        new = paper_factory(
            "2612.00001", title="A watched new paper", authors=("Ada Watched",), listed_day=today
        )
        screen.store.ingest([new], [Listing(today, new.id)])
        screen.sync_watches(announce=True)  # as a refresh's end does
        await wait_for(
            pilot,
            lambda: any("1 new paper by people you watch" in n.message for n in app._notifications),
            "the news said",
        )
        await wait_for(pilot, lambda: "1 new for you" in header_text(app), "the header's count")
        await pilot.press("F")
        await wait_for(pilot, lambda: "A watched new paper" in rendered(app), "the For you row")
        line = next(t for t, _ in screen_rows(app, screen.papers.region) if "A watched" in t)
        assert NEW_FOR_YOU in line and "Ada" in line
        screen.write_seen()  # drawn: seen (the screen's tick does this every few seconds)
        screen.services.writer.flush()
        await pilot.press("F")  # back to the feed: nothing new for you any more
        await wait_for(pilot, lambda: "new for you" not in header_text(app), "seen, not new")


async def test_m_lists_related_papers_with_reasons(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, MoreLikeThisScreen), "M's list")
        related = app.screen.related
        assert related and related[0].reasons()


def test_news_notice_says_people_for_author_watches_only():
    lecun = [WatchMatch("1", ("lecun",), "2026-07-31", True)]
    assert news_notice(lecun, {"lecun": 'author:"LeCun"'}).startswith("1 new paper by people")
    topic = [WatchMatch("1", ("diff",), "", True), WatchMatch("2", ("diff",), "", True)]
    assert news_notice(topic, {"diff": "kw:diffusion"}).startswith("2 new papers for your")


def rendered(app) -> str:
    return "\n".join(t for t, _ in screen_rows(app, app.screen.papers.region))


def rendered_screen(app) -> str:
    return "\n".join(t for t, _ in screen_rows(app, app.screen.region))


async def test_a_long_watch_menu_scrolls_to_its_last_choice_at_80x24(seeded, make_app):
    from tui.core.dates import Period
    from tui.core.views import ViewSpec

    app = make_app(offline=True, initial=ViewSpec(period=Period("month", "2024-04")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("W")
        await wait_for(pilot, lambda: isinstance(app.screen, MenuScreen), "the watch menu")
        menu = app.screen
        assert len(menu.choices) >= 12  # taller than the screen: it has to scroll
        await pilot.press("end")
        await wait_for(pilot, lambda: menu.choices[-1].label in rendered_screen(app), "the end")
        assert "Enter or the letter picks" in rendered_screen(app)
