"""Config and session in the app: rebound keys, restored places, themes, rising, sparklines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app_support import abstract_text, header_text

from tui.app.widgets.paper_list import PaperList
from tui.core.dates import Period
from tui.core.views import ViewSpec
from tui.session import Session, load


async def test_a_rebound_key_works_and_help_shows_it(seeded, make_app):
    app = make_app(offline=True, keymap={"next": "x", "bookmark": "ctrl+b"})
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("x")
        assert papers.cursor == 1
        await pilot.press("j")  # no longer bound
        assert papers.cursor == 1
        await pilot.press("ctrl+b")
        assert papers.current.bookmarked
        await pilot.press("question_mark")
        text = app.screen.text
        assert "x" in text.split("Next paper")[0].splitlines()[-1]
        assert "Ctrl+b" in text or "Ctrl+B" in text


async def test_config_problems_are_shown_but_the_app_starts(seeded, make_app):
    notes: list = []
    app = make_app(offline=True, problems=["view.sort should be one of upvotes, newest, rising."])
    async with app.run_test(size=(120, 40), message_hook=notes.append) as pilot:
        await pilot.pause()
        assert app.is_running
        assert any("view.sort should be" in str(getattr(m, "notification", "")) for m in notes)


async def test_the_session_comes_back(seeded, make_app, tmp_path):
    path = tmp_path / "state.json"
    april = ViewSpec(period=Period("month", "2024-04"))
    app = make_app(offline=True, session_path=path, initial=april)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "j", "j")
        chosen = app.screen.query_one(PaperList).current.id
        await pilot.press("q")
    saved = load(path)
    assert (saved.kind, saved.period, saved.sort, saved.paper) == (
        "period", "month:2024-04", "newest", chosen
    )  # fmt: skip
    assert saved.last_visit
    app = make_app(offline=True, session=saved, session_path=path, initial=saved.spec(),
                   initial_paper=saved.paper)  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Apr 2024" in header_text(app)
        assert app.screen.spec.sort == "newest"
        assert app.screen.query_one(PaperList).current.id == chosen


async def test_reopened_in_bookmarks_or_the_archive_the_same_key_goes_to_the_feed(
    seeded, make_app, library
):
    library.add_bookmark("2607.27958")
    for kind, key in (("bookmarks", "B"), ("archive", "a")):
        saved = Session(kind=kind, sort="newest")
        app = make_app(offline=True, session=saved, initial=saved.spec())
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.screen.spec.kind == kind
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.spec.kind == "period"
            assert "Fri 31 Jul 2026" in header_text(app)
            await pilot.press(key)
            assert app.screen.spec.kind == kind
            await pilot.press("escape")
            assert app.screen.spec.kind == "period"


async def test_following_the_latest_day_comes_back_as_the_latest(seeded, make_app, tmp_path):
    saved = Session(kind="period", period="day:2024-04-08", follow_latest=True)
    assert saved.spec() is None  # "the latest day", whichever it is at the next launch
    app = make_app(offline=True, session=saved, initial=saved.spec())
    async with app.run_test(size=(120, 40)):
        assert "Fri 31 Jul 2026" in header_text(app)


async def test_the_theme_chosen_persists_until_the_config_changes(seeded, make_app, tmp_path):
    path = tmp_path / "state.json"
    app = make_app(offline=True, session_path=path, config_theme="nord")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
    saved = load(path)
    assert (saved.theme, saved.config_theme) == ("gruvbox", "nord")
    app = make_app(offline=True, session=saved, config_theme="nord")
    async with app.run_test(size=(120, 40)):
        assert app.theme == "gruvbox"
    app = make_app(offline=True, session=saved, config_theme="dracula")
    async with app.run_test(size=(120, 40)):
        assert app.theme == "dracula"  # the config changed since: it wins
    app = make_app(offline=True, session=saved, config_theme="nord", theme="monokai")
    async with app.run_test(size=(120, 40)):
        assert app.theme == "monokai"  # --theme wins


async def test_an_unknown_theme_is_named_and_the_default_kept(seeded, make_app):
    app = make_app(offline=True, theme="no-such-theme")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in p for p in app.problems)


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


async def test_rising_sorts_by_upvotes_gained_in_a_day_and_sparklines_show_it(
    seeded, make_app, store
):
    now = datetime.now(UTC)
    conn = store.conn
    # Two papers of the day: the lower one gained more in the last 24 hours.
    history = {
        "2607.28618": [(now - timedelta(hours=30), 290), (now - timedelta(hours=20), 291)],
        "2607.27958": [(now - timedelta(hours=26), 1), (now - timedelta(hours=2), 5)],
    }
    for paper_id, points in history.items():
        for when, upvotes in points:
            conn.execute(
                "INSERT INTO snapshots (paper_id, taken_at, upvotes, comments) VALUES (?,?,?,0)",
                (paper_id, stamp(when), upvotes),
            )
    app = make_app(
        offline=True, initial=ViewSpec(period=Period("day", "2026-07-31"), sort="rising")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        top = [papers.source.row(i) for i in range(2)]
        assert [r.id for r in top] == ["2607.27958", "2607.28618"]
        assert top[0].rising == 11  # 12 now, 1 a day ago
        assert top[1].rising == 2  # 292 now, 290 a day ago
        assert "rising" in header_text(app)
        await pilot.pause()
        assert "▁" in abstract_text(app) or "█" in abstract_text(app)  # a sparkline


def test_the_latest_day_comes_back_with_its_sort_and_hide_read():
    left = Session(kind="period", period="day:2026-07-31", follow_latest=True, sort="rising",
                   hide_read=True)  # fmt: skip
    assert left.latest_options("upvotes") == ("rising", True)
    elsewhere = Session(kind="period", period="month:2024-04", follow_latest=False, sort="newest")
    assert elsewhere.latest_options("upvotes") == ("upvotes", False)
    assert Session().latest_options("newest") == ("newest", False)


async def test_the_latest_day_opens_with_the_saved_sort(seeded, make_app):
    app = make_app(offline=True, default_sort="rising", hide_read=True)
    async with app.run_test(size=(120, 40)):
        assert app.screen.spec.sort == "rising" and app.screen.spec.hide_read
        assert "Fri 31 Jul 2026" in header_text(app)


async def test_the_session_is_saved_while_the_app_runs(seeded, make_app, tmp_path, monkeypatch):
    from tui.app.screens import main

    monkeypatch.setattr(main, "TICK", 0.1)
    path = tmp_path / "state.json"
    app = make_app(offline=True, session_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m", "j", "j")
        chosen = app.screen.query_one(PaperList).current.id
        await pilot.pause(0.4)
        saved = load(path)  # no q: a closed terminal would leave this file
        assert (saved.period, saved.paper) == ("month:2026-07", chosen)


async def test_many_config_problems_are_one_notice_and_all_in_help(seeded, make_app):
    problems = [f"view.thing{n} is not a setting dailypapers knows; ignored." for n in range(7)]
    notes: list = []
    app = make_app(offline=True, problems=problems)
    async with app.run_test(size=(80, 24), message_hook=notes.append) as pilot:
        await pilot.pause()
        shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
        config = [text for text in shown if "thing" in text]
        assert len(config) == 1
        assert "view.thing0" in config[0] and "and 4 more: press ? to see them all" in config[0]
        await pilot.press("question_mark")
        for problem in problems:
            assert problem in app.screen.text


async def test_a_bad_theme_is_said_once(seeded, make_app):
    notes: list = []
    app = make_app(offline=True, theme="no-such-theme")
    async with app.run_test(size=(120, 40), message_hook=notes.append) as pilot:
        await pilot.pause()
        shown = [str(m.notification.message) for m in notes if hasattr(m, "notification")]
        assert sum("no-such-theme" in text for text in shown) == 1


def test_keys_shared_where_both_could_act_are_named():
    from tui.app.commands import key_conflicts

    assert key_conflicts({}) == []  # j and k serve the list and the abstract: never both
    clash = key_conflicts({"next": "n"})
    assert len(clash) == 1 and "n is bound to both next and note" in clash[0]
    assert "next gets it while the list has the focus, so give note a key" in clash[0]
    (quit_clash,) = key_conflicts({"quit": "b"})
    assert "bookmark gets it, so give quit a key of its own" in quit_clash


async def test_the_command_said_to_get_a_shared_key_does_get_it(seeded, make_app):
    app = make_app(offline=True, keymap={"next": "n", "quit": "b"})
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("n")
        await pilot.pause()
        assert papers.cursor == 1 and app.screen is not None
        assert len(app.screen_stack) == 1  # no note dialog
        await pilot.press("b")
        await pilot.pause()
        assert app.is_running and papers.current.bookmarked


async def test_the_view_is_refreshed_every_every_minutes_while_open(
    seeded, make_app, api, monkeypatch
):
    from tui.app.screens import main
    from tui.core.freshness import Freshness

    monkeypatch.setattr(main, "TICK", 0.1)
    from tui.core.dates import daily_today
    from tui.core.db import now_stamp

    today = daily_today()  # "is it today?" decides which interval applies: the real today
    seeded.log_fetch(f"day:{today}", started_at=now_stamp(), outcome="ok")  # fetched just now
    hour = timedelta(hours=1)
    quiet = make_app(
        freshness=Freshness(current=hour, past=hour), periodic=3600.0, today=lambda: today
    )
    async with quiet.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        assert api.requests == []  # fresh, and the periodic refresh is an hour away
    busy = make_app(freshness=Freshness(current=hour, past=hour), periodic=0.2, today=lambda: today)
    async with busy.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.8)
        await busy.workers.wait_for_complete()
        assert api.requests  # every_minutes passed: looked for new papers


def test_a_week_that_followed_the_latest_opens_on_the_newest_week(seeded):
    from tui.config import Settings
    from tui.launch import initial_view

    left = Session(kind="period", period="week:2024-W15", follow_latest=True, sort="newest")
    spec, follow = initial_view(seeded, Settings(), left)
    assert (spec.period, spec.sort, follow) == (Period("week", "2026-W31"), "newest", True)
    kept = Session(kind="period", period="week:2024-W15", follow_latest=False)
    spec, follow = initial_view(seeded, Settings(), kept)
    assert (spec.period, follow) == (Period("week", "2024-W15"), None)
    spec, follow = initial_view(seeded, Settings(default_view="month"), Session())
    assert (spec.period, follow) == (Period("month", "2026-07"), True)


async def test_a_followed_week_moves_on_when_a_newer_week_has_papers(seeded, make_app, api):
    import copy
    from datetime import date

    import httpx

    newer = copy.deepcopy(api.entries[:3])
    for entry in newer:
        entry["paper"]["id"] = entry["paper"]["id"].replace("2607.", "2608.")
        entry["paper"]["submittedOnDailyAt"] = "2026-08-03T00:00:00.000Z"

    def answer(request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if "week" in params:
            return httpx.Response(200, json=newer if params["week"] == "2026-W32" else [])
        if params.get("date") in (None, "2026-08-03"):
            return httpx.Response(200, json=newer if params.get("p", "0") == "0" else [])
        return httpx.Response(200, json=[])

    api.fault = answer
    week = ViewSpec(period=Period("week", "2026-W31"))
    app = make_app(initial=week, follow_latest=True, today=lambda: date(2026, 8, 3))
    async with app.run_test(size=(120, 40)) as pilot:
        from textual.worker import WorkerCancelled

        for _ in range(4):  # the first refresh hands over to the new week's own
            try:
                await app.workers.wait_for_complete()
            except WorkerCancelled:
                pass
            await pilot.pause()
        assert "Week 2026-W32" in header_text(app)
        assert app.screen.query_one(PaperList).count == 3
        assert any(r.url.params.get("week") == "2026-W32" for r in api.requests)


async def test_new_since_the_last_visit_counts_only_papers_new_to_the_user(
    seeded, make_app, library
):
    library.set_read("2607.28618")
    # Visited on the evening of 30 July (New York): the 31 July batch came after, April 2024's
    # papers are only new to the cache, and one paper of the batch is read already.
    visit = Session(last_visit="2026-07-30T20:00:00Z")
    app = make_app(offline=True, session=visit)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "29 new since your last visit" in header_text(app)


async def test_the_default_theme_given_on_the_command_line_is_remembered(
    seeded, make_app, tmp_path
):
    path = tmp_path / "state.json"
    saved = Session(theme="nord", config_theme=None)  # nord was chosen in the app before
    app = make_app(offline=True, session=saved, session_path=path, theme="textual-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("q")
    assert load(path).theme == "textual-dark"
    app = make_app(offline=True, session=load(path))  # the next launch, without --theme
    async with app.run_test(size=(120, 40)):
        assert app.theme == "textual-dark"


async def test_rising_without_history_says_so(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("s", "s")  # newest, then rising: one fetch only, nothing to compare
        await pilot.pause()
        assert app.screen.spec.sort == "rising"
        assert "rising: no history yet" in header_text(app)
        toasts = " ".join(str(t.render()) for t in app.screen.query("Toast"))
        assert "Sorted rising: no history yet: the cache has not watched these papers" in toasts
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "rising: no history yet" in header_text(app)


async def test_s_in_the_bookmarks_cycles_upvotes_and_newest_only(seeded, make_app, library):
    for paper_id in ("2607.27958", "2607.28618"):
        library.add_bookmark(paper_id)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        seen = []
        for _ in range(3):
            await pilot.press("s")
            seen.append(app.screen.spec.sort)
        assert seen == ["upvotes", "newest", "upvotes"]
        assert "rising" not in header_text(app)
