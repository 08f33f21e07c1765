"""Search in the app: as you type, escape back, the web's extra papers, offline, safe input."""

from __future__ import annotations

import httpx
from app_support import abstract_text, fixture_body, header_text, listed_ids, paste_query

from tui.app.widgets.paper_list import PaperList

FAST = {"max_tries": 1, "backoff_base": 0.01, "read_timeout": 1.0}
WEB_PAUSE = 0.1  # seconds of no typing before the web is asked: longer than between keys
# Long enough that a busy machine cannot reach it while a test types and looks at the screen.
SLOW_WEB_PAUSE = 1.0


async def type_query(app, pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text) if text else None
    await app.workers.wait_for_complete()
    await pilot.pause()


def web_answers(api, found: list) -> None:
    """The fake API's web search answers ``found``; every daily list is empty."""
    api.fault = lambda request: httpx.Response(
        200, json=found if request.url.path == "/api/papers/search" else []
    )


async def after_the_web(app, pilot) -> None:
    """Past the pause before the web is asked, its answer merged and shown."""
    await pilot.pause(app.options.remote_pause + 0.1)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_typing_searches_the_cache_as_you_type(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await type_query(app, pilot, "memory age")  # the last word is still being typed
        ids = listed_ids(app)
        assert "2607.26637" in ids  # Filesystem-Based Memory for LLM Agents
        assert "Search: memory age" in header_text(app)
        assert papers.count < 30
        # the words are highlighted in the abstract (as plain text, still readable)
        papers.cursor = ids.index("2607.26637")
        await pilot.pause()
        assert "Filesystem-Based Memory for LLM Agents" in abstract_text(app)


async def test_escape_returns_to_the_view_and_the_paper(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j", "j")
        before = papers.current.id
        await type_query(app, pilot, "diffusion")
        await pilot.press("escape")
        await pilot.pause()
        assert "Daily · Fri 31 Jul 2026" in header_text(app)
        assert papers.current.id == before
        assert not app.screen.query_one("#search").display


async def test_filters_author_and_upvotes(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await paste_query(app, pilot, "upvotes>200 ")
        assert set(listed_ids(app)) == {
            "2607.28618",
            "2607.28227",
            "2404.14219",
        }
        await pilot.press("escape")
        await paste_query(app, pilot, "author:Martiniani ")
        assert listed_ids(app) == ["2607.28618"]


async def test_enter_moves_to_the_results_and_j_walks_them(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await type_query(app, pilot, "memory")
        await pilot.press("enter", "j")
        assert app.focused is papers and papers.cursor == 1


async def test_bookmarks_are_searchable(seeded, make_app, library):
    library.add_bookmark("2607.26637")
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        await type_query(app, pilot, "memory ")
        assert listed_ids(app) == ["2607.26637"]
        assert "Bookmarks · Search: memory" in header_text(app)


async def test_the_web_adds_papers_the_cache_lacked(seeded, make_app, api):
    web_answers(api, fixture_body("papers_search__q-kazakh.json"))
    app = make_app(client_options=FAST, remote_pause=WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await type_query(app, pilot, "kazakh")
        await after_the_web(app, pilot)
        papers = app.screen.query_one(PaperList)
        rows = [papers.source.row(i) for i in range(papers.count)]
        assert len(rows) == 9
        assert all(row.from_web for row in rows)
        assert "new from the web" in header_text(app)
        searched = [r for r in api.requests if r.url.path == "/api/papers/search"]
        assert searched and searched[-1].url.params["q"] == "kazakh"
        # they are in the cache now: found again offline, without the web
    assert app.store.paper("2404.04487") is not None


async def test_the_webs_papers_must_pass_the_querys_filters(seeded, make_app, api):
    web_answers(api, fixture_body("papers_search__q-kazakh.json"))
    app = make_app(client_options=FAST, remote_pause=WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        # 9 papers come back for "kazakh": two have 1 upvote, three speak of "language"
        await paste_query(app, pilot, "kazakh upvotes>0 -language ")
        await after_the_web(app, pilot)
        ids = listed_ids(app)
        assert ids == ["2404.04487"]  # KazQAD; Sherkala has 1 upvote but is a language model
        searched = [r for r in api.requests if r.url.path == "/api/papers/search"]
        assert searched[-1].url.params["q"] == "kazakh"
    assert app.store.paper("2503.01493") is not None  # stored all the same, for later


async def test_a_pasted_link_to_an_uncached_paper_fetches_that_paper(seeded, make_app, api):
    paper = fixture_body("papers__2605.15320.json")
    api.fault = lambda request: httpx.Response(
        200 if request.url.path == "/api/papers/2605.15320" else 404,
        json=paper if request.url.path == "/api/papers/2605.15320" else {"error": "Not Found"},
    )
    app = make_app(client_options=FAST, remote_pause=WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await paste_query(app, pilot, "https://arxiv.org/abs/2605.15320v2")
        await after_the_web(app, pilot)
        assert listed_ids(app) == ["2605.15320"]
        assert "FFAvatar" in abstract_text(app)
        assert not [r for r in api.requests if r.url.path == "/api/papers/search"]
    assert app.store.paper("2605.15320") is not None


async def test_offline_skips_the_web_and_says_so_once(seeded, make_app, api):
    app = make_app(offline=True, remote_pause=WEB_PAUSE)
    notes: list[str] = []
    async with app.run_test(size=(120, 40), message_hook=lambda m: notes.append(repr(m))) as pilot:
        await type_query(app, pilot, "memory agents")
        await pilot.pause(WEB_PAUSE + 0.1)
        assert api.requests == []
        assert sum("searching the cache only" in n for n in notes) == 1


async def test_hostile_input_changes_nothing_but_the_results(seeded, make_app, store):
    before = store.stats()["papers"]
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(app, pilot, "NEAR(")  # typed: each keystroke's query is odd too
        await pilot.press("escape")
        for text in ['"', "*", 'a" OR "b', "[bold]x", "); DROP TABLE papers;"]:
            await paste_query(app, pilot, text)
            await pilot.press("escape")
        await pilot.press("slash")
        app.screen.query_one("#search").value = "memory " + "x" * 300  # pasted, not typed
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        assert app.is_running
    assert store.stats()["papers"] == before


async def test_papers_found_on_the_web_stay_marked_as_the_query_grows(seeded, make_app, api):
    web_answers(api, fixture_body("papers_search__q-kazakh.json"))
    app = make_app(client_options=FAST, remote_pause=WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await type_query(app, pilot, "kaz")
        await after_the_web(app, pilot)  # a pause in typing: the web is asked for "kaz"
        await pilot.press(*"akh")
        await after_the_web(app, pilot)
        papers = app.screen.query_one(PaperList)
        rows = [papers.source.row(i) for i in range(papers.count)]
        assert len(rows) == 9 and all(row.from_web for row in rows)


async def test_editing_keys_keep_their_order_while_the_screen_is_busy(seeded, make_app):
    """Backspace then a letter, typed faster than the screen handles each keystroke's search,
    must come out in the order typed (they once arrived swapped: "zq", ⌫, ⌫, "m" gave "z")."""
    import time

    from textual import events

    from tui.app.screens.main import MainScreen

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(app, pilot, "zq")
        box = app.screen.query_one("#search")
        handler = MainScreen.on_input_changed

        def slow(screen, event):  # a screen whose queue lags behind the typist
            time.sleep(0.03)
            handler(screen, event)

        app.screen.on_input_changed = slow.__get__(app.screen)
        for key, character in [
            ("backspace", "\x7f"),
            ("backspace", "\x7f"),
            *[(c, c) for c in "mamba"],
        ]:
            app.post_message(events.Key(key, character))
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        assert box.value == "mamba"


async def test_an_empty_search_speaks_of_the_search_not_the_feed(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(app, pilot, "zzqqxx")
        message = str(app.screen.query_one("#list-message").render())
        assert "Nothing in the cache matches “zzqqxx”." in message
        assert "Press [ or ]" not in message and "Press t" not in message
        assert "Search: zzqqxx · 0 papers" in header_text(app)
        await pilot.press(*["backspace"] * 6)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Type to search" in str(app.screen.query_one("#list-message").render())


async def test_an_empty_result_says_when_the_web_has_answered_and_keeps_the_keys(
    seeded, make_app, api
):
    web_answers(api, [])
    app = make_app(client_options=FAST, remote_pause=SLOW_WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await type_query(app, pilot, "zzqqxx")
        message = lambda: str(app.screen.query_one("#list-message").render())  # noqa: E731
        assert "The web is asked when you pause." in message()
        await after_the_web(app, pilot)
        assert "Nothing in the cache or on Hugging Face matches" in message()
        await pilot.press("down", "enter", "backspace")  # nothing to move to: still editing
        await app.workers.wait_for_complete()
        assert app.screen.query_one("#search").value == "zzqqx"


async def test_keys_typed_in_one_burst_with_the_slash_go_to_the_search_box(seeded, make_app):
    """ "/agents" arriving at once (a fast typist, a paste through tmux send-keys) must all be
    the query: the letters once reached the list first, and "a" opened the archive."""
    from textual import events

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for character in "/agents":
            key = "slash" if character == "/" else character
            app.post_message(events.Key(key, character))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        box = app.screen.query_one("#search")
        assert box.value == "agents"
        assert app.focused is box
        assert "Search: agents" in header_text(app)
        # "/" typed inside the box is text, as any other character
        for character in "/x":
            app.post_message(events.Key("slash" if character == "/" else character, character))
        await pilot.pause(0.3)
        assert box.value == "agents/x"


async def test_enter_typed_ahead_of_the_results_still_moves_to_them(seeded, make_app, monkeypatch):
    """Enter pressed while the query's search is still running (after a query with no
    results) goes to the results once they are shown, instead of staying in the box."""
    import time

    from textual import events

    from tui.app import live_search

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(app, pilot, "zzqqx")
        assert app.screen.query_one(PaperList).count == 0
        real_search = live_search.search

        def slow_search(store, query):
            time.sleep(0.1)
            return real_search(store, query)

        monkeypatch.setattr(live_search, "search", slow_search)
        keys = [("backspace", "\x7f")] * 5 + [(c, c) for c in "memory"] + [("enter", "\r")]
        for key, character in keys:
            app.post_message(events.Key(key, character))
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#search").value == "memory"
        assert app.focused is app.screen.query_one(PaperList)
        assert "2607.26637" in listed_ids(app)


async def test_an_edit_holds_the_frame_for_its_results_and_no_longer(seeded, make_app, monkeypatch):
    """Each edit holds the screen's frame so the box and its results paint together: the
    results release it, and a search slower than HOLD_FRAME does not keep the letter back."""
    import asyncio
    import time

    from textual import events

    from tui.app import live_search
    from tui.app.widgets import search_box

    hold = 0.2  # longer than the real one, so that a busy machine cannot miss the hold
    monkeypatch.setattr(search_box, "HOLD_FRAME", hold)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(app, pilot, "memory")
        box = app.screen.query_one("#search")
        assert not box.holding and app._batch_count == 0  # the results let the frame go
        real_search = live_search.search

        def slow_search(store, query):
            time.sleep(hold * 3)
            return real_search(store, query)

        monkeypatch.setattr(live_search, "search", slow_search)
        app.post_message(events.Key("x", "x"))
        for _ in range(100):
            await asyncio.sleep(0.002)
            if box.value == "memoryx":
                break
        assert box.holding and box.value == "memoryx"
        await asyncio.sleep(hold * 1.5)
        assert not box.holding and app._batch_count == 0  # painted before its results came
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Search: memoryx" in header_text(app)
        await pilot.press("escape")  # leaving empties the box: nothing may stay held
        await pilot.pause()
        assert not box.holding and app._batch_count == 0
        assert "Search" not in header_text(app)


async def test_opening_search_reads_the_vocabulary_for_prefixes(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await app.workers.wait_for_complete()
        memory = app.store.search_memory
        assert memory.vocabulary and any(word == "memory" for word, _ in memory.vocabulary)


async def test_keys_typed_right_behind_enter_walk_the_results(seeded, make_app):
    """ "⏎j" in one burst: j moves down the results; it once went into the query."""
    from textual import events

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(app, pilot, "memory")
        papers = app.screen.query_one(PaperList)
        assert papers.count > 2 and papers.cursor == 0
        for key, character in [("enter", "\r"), ("j", "j"), ("j", "j")]:
            app.post_message(events.Key(key, character))
        await pilot.pause(0.2)
        assert app.screen.query_one("#search").value == "memory"
        assert app.focused is papers
        assert papers.cursor == 2


async def test_the_box_takes_as_much_as_search_reads(seeded, make_app):
    """Search reads the first 1,000 characters: the box takes no more (a paste is cut)."""
    from textual import events

    from tui.core.query import MAX_QUERY

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#search")
        box.post_message(events.Paste("memory " * 200))
        await pilot.pause()
        assert len(box.value) == MAX_QUERY
        await pilot.press("z")
        assert len(box.value) == MAX_QUERY


async def test_a_burst_through_enter_acts_on_the_results_not_the_view_behind(
    seeded, make_app, library, monkeypatch
):
    """ "/memory⏎jb" at once: Enter comes before any result is shown, while the list still
    shows the day view. j and b must wait for the results and act on them (they once moved
    and bookmarked a paper of the day view)."""
    import time

    from textual import events

    from tui.app import live_search

    real_search = live_search.search

    def slow_search(store, query):
        time.sleep(0.05)  # a big cache: the results come well after the burst
        return real_search(store, query)

    monkeypatch.setattr(live_search, "search", slow_search)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        day_ids = listed_ids(app)
        burst = [("slash", "/"), *[(c, c) for c in "memory"], ("enter", "\r"), ("j", "j")]
        for key, character in [*burst, ("b", "b")]:
            app.post_message(events.Key(key, character))
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        papers = app.screen.query_one(PaperList)
        results = listed_ids(app)
        assert "Search: memory" in header_text(app)
        assert app.focused is papers and papers.cursor == 1
        assert results != day_ids[: len(results)]
        app.writer.flush()
        assert library.is_bookmarked(results[1])
        assert not any(library.is_bookmarked(i) for i in day_ids if i != results[1])


async def test_an_empty_result_says_when_the_web_search_failed(seeded, make_app, api):
    app = make_app(client_options=FAST, remote_pause=SLOW_WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        api.fault = lambda request: httpx.Response(503, json={"error": "down"})
        await type_query(app, pilot, "zzqqxx")
        message = lambda: str(app.screen.query_one("#list-message").render())  # noqa: E731
        assert "The web is asked when you pause." in message()
        await after_the_web(app, pilot)
        assert "The web search failed." in message()
        assert "The web is asked" not in message()


async def test_pasted_lines_are_joined_into_one_query(seeded, make_app):
    from textual import events

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#search")
        box.post_message(events.Paste("Filesystem-Based Memory\nfor LLM Agents\n"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert box.value == "Filesystem-Based Memory for LLM Agents"
        assert listed_ids(app)[0] == "2607.26637"


async def test_the_same_words_ask_the_web_once(seeded, make_app, api):
    """Typed again, or edited back to the same words, a query reuses the web's answer."""
    found = [fixture_body("daily_papers__limit30__2026-07-31.json")[0]["paper"]]
    web_answers(api, found)
    app = make_app(client_options=FAST, remote_pause=WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        searches = lambda: [r for r in api.requests if r.url.path == "/api/papers/search"]  # noqa: E731
        await paste_query(app, pilot, "memory")  # at once: no pause asks the web for "m"
        await after_the_web(app, pilot)
        assert len(searches()) == 1
        await pilot.press("s")
        await after_the_web(app, pilot)
        await pilot.press("backspace")
        await after_the_web(app, pilot)
        assert [r.url.params["q"] for r in searches()] == ["memory", "memorys"]


async def test_the_webs_papers_follow_the_results_on_screen(seeded, make_app, api):
    """The web's new papers are added after the results already shown, which keep their
    order: ranked among them, they once pushed the best local match down the list."""
    web_answers(api, fixture_body("papers_search__q-kazakh.json"))
    app = make_app(client_options=FAST, remote_pause=SLOW_WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await paste_query(app, pilot, "language")
        before = listed_ids(app)
        assert before
        await after_the_web(app, pilot)
        after = listed_ids(app)
        assert len(after) > len(before)
        assert after[: len(before)] == before
        papers = app.screen.query_one(PaperList)
        assert all(papers.source.row(i).from_web for i in range(len(before), len(after)))


def message_lines(app) -> list[str]:
    return str(app.screen.query_one("#list-message").render()).splitlines()


async def test_a_query_finds_the_same_papers_typed_after_enter_and_on_a_refresh(
    seeded, make_app, store
):
    """ "model" typed finds "models" too; Enter and the periodic refresh's re-run must not
    narrow it to the whole word, and the command line finds the same (tests/cli)."""
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(app, pilot, "model")
        typed, header = listed_ids(app), header_text(app)
        assert "Search: model · " in header
        whole = {r[0] for r in store.conn.execute(
            "SELECT id FROM papers WHERE rowid IN"
            " (SELECT rowid FROM papers_fts WHERE papers_fts MATCH '\"model\"')"
        ).fetchall()}  # fmt: skip
        assert whole < set(typed)  # "models", "modeling" too
        await pilot.press("enter")
        app.screen.rerun_search()  # what a refresh does when it lands
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert listed_ids(app) == typed
        assert header_text(app) == header


async def test_a_misread_filter_says_what_is_wrong_and_asks_no_web(seeded, make_app, api):
    web_answers(api, [])
    app = make_app(client_options=FAST, remote_pause=WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await paste_query(app, pilot, "memory since:2026-13-45 until:yesterday author:")
        assert message_lines(app)[:4] == [
            "“memory since:2026-13-45 until:yesterday author:” was not searched: a filter in it"
            " cannot be read.",
            "since: 2026-13-45 is not a real date.",
            "until: takes a date as YYYY-MM-DD, e.g. until:2026-07-31.",
            "author: needs a name, e.g. author:LeCun.",
        ]
        await after_the_web(app, pilot)
        assert [r for r in api.requests if r.url.path == "/api/papers/search"] == []
        assert "0 papers" in header_text(app)


async def test_filters_the_web_is_not_asked_for_say_what_they_keep(seeded, make_app, api):
    web_answers(api, [])
    app = make_app(client_options=FAST, remote_pause=WEB_PAUSE)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await paste_query(app, pilot, "is:bookmarked")
        assert message_lines(app)[:2] == [
            "Nothing in the cache matches “is:bookmarked”.",
            "is:bookmarked keeps your bookmarks: you have no bookmarks yet (b adds one).",
        ]
        await pilot.press("escape")
        await paste_query(app, pilot, "has:github upvotes>100000")
        assert message_lines(app)[:2] == [
            "Nothing in the cache matches “has:github upvotes>100000”.",
            "has:github keeps papers with a GitHub repository.",
        ]
        await after_the_web(app, pilot)
        assert [r for r in api.requests if r.url.path == "/api/papers/search"] == []
        assert not any("web" in line for line in message_lines(app))


async def test_a_word_of_your_note_or_tags_finds_the_paper(seeded, make_app, library):
    library.set_note("2607.26637", "compare with zettelkasten", ["to-reread"])
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await paste_query(app, pilot, "zettelkasten")
        assert listed_ids(app) == ["2607.26637"]
        await pilot.press("escape")
        await paste_query(app, pilot, "to-reread memory")  # a tag, and a word of the paper
        assert listed_ids(app)[0] == "2607.26637"
        await pilot.press("escape")
        await paste_query(app, pilot, "memory -zettelkasten")
        assert "2607.26637" not in listed_ids(app)
