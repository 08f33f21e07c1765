"""For you in the app: W watches an author of the paper, F lists the watch's papers with its
name and counts the new ones; M lists related papers with reasons."""

from __future__ import annotations

from app_support import header_text, screen_rows, wait_for

from tui.app.screens.menu import MenuScreen
from tui.app.screens.more_like import MoreLikeThisScreen
from tui.app.watch_words import news_notice
from tui.app.widgets.paper_list import PaperList
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
        await pilot.press("F")
        await wait_for(pilot, lambda: "For you" in header_text(app), "the For you view")
        assert "new for you" in header_text(app)
        lines = [text for text, _ in screen_rows(app, papers.region)]
        assert any(author[:10] in line for line in lines)


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
