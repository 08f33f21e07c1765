"""Snapshots of the main screen and its states (pytest-textual-snapshot)."""

from __future__ import annotations

from app_support import fixture_body


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen_120x40(seeded, make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_settle)


def test_main_screen_80x24(seeded, make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settle)


def test_offline_state(seeded, make_app, snap_compare):
    assert snap_compare(make_app(offline=True), terminal_size=(120, 40), run_before=_settle)


def test_empty_offline_state(make_app, snap_compare):
    assert snap_compare(make_app(offline=True), terminal_size=(100, 30), run_before=_settle)


def test_help_screen(seeded, make_app, snap_compare):
    assert snap_compare(make_app(offline=True), terminal_size=(120, 40), press=["question_mark"])


def _read_some(library) -> None:
    """Papers 2 and 4 of the day (by upvotes) read, so read titles show beside unread ones."""
    entries = fixture_body("daily_papers__limit30__2026-07-31.json")
    papers = sorted((entry["paper"] for entry in entries), key=lambda p: -p["upvotes"])
    for paper in papers[1:4:2]:
        library.set_read(paper["id"], True)


def test_dark_theme_list_colours(seeded, library, make_app, snap_compare):
    _read_some(library)
    app = make_app(offline=True, theme="textual-dark")
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)


def test_light_theme_list_colours(seeded, library, make_app, snap_compare):
    _read_some(library)
    app = make_app(offline=True, theme="catppuccin-latte")
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)


def _month(make_app):
    from tui.core.dates import Period
    from tui.core.views import ViewSpec

    return make_app(offline=True, initial=ViewSpec(period=Period("month", "2024-04")))


def test_month_after_G_80x24(seeded, make_app, snap_compare):
    assert snap_compare(_month(make_app), terminal_size=(80, 24), press=["G"])


def test_month_after_G_then_g_80x24(seeded, make_app, snap_compare):
    assert snap_compare(_month(make_app), terminal_size=(80, 24), press=["G", "g"])


def test_month_after_pagedown_twice_120x40(seeded, make_app, snap_compare):
    assert snap_compare(_month(make_app), terminal_size=(120, 40), press=["pagedown", "pagedown"])


def test_for_you_light_80x24(seeded, library, make_app, snap_compare):
    """The For you view: each row's watch names before its title, the header's count."""
    from tui.core.views import ViewSpec
    from tui.core.watch_list import WatchList

    watches = WatchList(library)
    watches.add("agents", "agent")
    watches.add("video", "video")
    app = make_app(offline=True, theme="catppuccin-latte", initial=ViewSpec(kind="for_you"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)
