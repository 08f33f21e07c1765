"""What a keystroke sets going and what its results put on screen, without an app."""

from __future__ import annotations

from app_support import seed

from tui.app.keystroke_steps import KeystrokeSteps, keystroke_steps
from tui.app.live_search import LiveSearch, search_cache, search_query
from tui.core.dates import Period
from tui.core.search import SearchResult
from tui.core.store import Store
from tui.core.views import ViewSpec

DAY = ViewSpec(period=Period("day", "2026-07-31"))


def result(*ids: str, text: str = "memory") -> SearchResult:
    return SearchResult(ids=list(ids), total=len(ids), query=search_query(text, False))


def test_an_emptied_box_searches_nothing_and_offline_is_said_once() -> None:
    assert keystroke_steps("  ", offline=True, offline_said=False) == KeystrokeSteps(
        search_cache=False, ask_web_after_pause=False, say_offline=False
    )
    online = keystroke_steps("memory", offline=False, offline_said=False)
    assert online.search_cache and online.ask_web_after_pause and not online.say_offline
    offline = keystroke_steps("memory", offline=True, offline_said=False)
    assert offline.search_cache and not offline.ask_web_after_pause and offline.say_offline
    assert not keystroke_steps("memory", offline=True, offline_said=True).say_offline


def test_a_frame_holds_the_list_the_header_and_the_words_to_highlight() -> None:
    search = LiveSearch(DAY, None, follow=True)
    first = search.typed("memory")
    frame = search.frame(first, "memory ", result("a", "b"), None)
    assert frame is not None
    assert frame.ids == ["a", "b"] and frame.from_web == set()
    assert frame.spec == ViewSpec(kind="search", sort="relevance", tag="memory")
    assert (frame.label, frame.count, frame.order) == ("Search: memory", "2", "best match first")
    assert frame.highlight_terms == ("memory",)
    assert frame.latest and not frame.keep_place  # a new query starts at its best match
    web = search.frame(first, "memory", result("a"), ["w"])
    assert web is not None and web.keep_place  # the web's additions keep the reader's place
    assert web.ids == ["a", "w"] and web.from_web == {"w"} and web.count == "2"


def test_an_older_keystrokes_frame_is_dropped_and_an_empty_one_counts_zero() -> None:
    search = LiveSearch(DAY, None, follow=True)
    first, second = search.typed("m"), search.typed("zz")
    nothing = search.frame(second, "zz", result(text="zz"), None)
    assert nothing is not None and nothing.ids == [] and nothing.count == 0
    assert search.frame(first, "m", result("a", text="m"), None) is None
    search.typed("zzz")  # shown, but no longer the latest keystroke's
    stale = search.frame(second, "zz", result(text="zz"), None)
    assert stale is not None and not stale.latest


def test_the_cache_search_says_what_the_filters_keep_only_when_nothing_matched(
    store: Store,
) -> None:
    seed(store, "daily_papers__limit30__2026-07-31.json")
    found, notes = search_cache(store, "omniscope", bookmarks_only=False)
    assert found.ids and notes == []
    nothing, notes = search_cache(store, "omniscope is:bookmarked", bookmarks_only=False)
    assert nothing.ids == []
    assert notes == ["is:bookmarked keeps your bookmarks: you have no bookmarks yet (b adds one)"]
