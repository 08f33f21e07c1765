"""The live search's decisions, without an app: stale results, the web's papers, its words."""

from __future__ import annotations

from tui.app.live_search import LiveSearch, empty_search_text, search_query
from tui.core.dates import Period
from tui.core.search import SearchResult
from tui.core.views import ViewSpec

DAY = ViewSpec(period=Period("day", "2026-07-31"))


def result(*ids: str, text: str = "memory") -> SearchResult:
    return SearchResult(ids=list(ids), total=len(ids), query=search_query(text, False))


def test_a_newer_keystrokes_results_are_never_replaced_by_an_older_ones() -> None:
    search = LiveSearch(DAY, "2607.1", follow=True)
    first, second = search.typed("m"), search.typed("me")
    assert search.accept(second, "me", result("b"), None) == ["b"]
    assert search.accept(first, "m", result("a"), None) is None
    assert search.shown_text == "me" and not search.pending("me")
    assert search.pending("mem")  # the box is ahead of the screen


def test_the_webs_papers_follow_the_local_ones_and_go_with_other_words() -> None:
    search = LiveSearch(DAY, None, follow=False)
    sequence = search.typed("kazakh")
    assert search.accept(sequence, "kazakh", result("a", "b"), ["b", "w"]) == ["a", "b", "w"]
    assert search.header_words("kazakh", result("a", "b"), ["a", "b", "w"]) == (
        "Search: kazakh",
        "3",
        "2 new from the web ⇣",
    )
    # a re-run of the same words keeps the web's papers; other words drop them
    rerun = search.rerun()
    assert rerun is not None
    assert search.accept(rerun, "kazakh", result("a"), None) == ["a", "b", "w"]
    other = search.typed("kazakhs")
    assert search.accept(other, "kazakhs", result("a"), None) == ["a"]


def test_header_words_cut_long_queries_and_name_the_bookmarks() -> None:
    search = LiveSearch(ViewSpec(kind="bookmarks", sort="newest"), None, follow=False)
    long = "word " * 20
    label, count, order = search.header_words(long, result("a", text=long), ["a"])
    assert label == "Bookmarks · Search: " + long.strip()[:39] + "…"
    assert (count, order) == ("1", "best match first")
    assert search.rerun() is None  # nothing typed: nothing to run again


def test_an_empty_result_says_whether_the_web_is_asked() -> None:
    assert empty_search_text(None, offline=False).startswith("Type to search")
    search = LiveSearch(DAY, None, follow=False)
    sequence = search.typed("zzqqxx")
    search.accept(sequence, "zzqqxx", result(text="zzqqxx"), None)
    assert "The web is asked when you pause." in search.empty_text(offline=False)
    assert "The web is asked" not in search.empty_text(offline=True)
    search.web_failed(sequence)
    assert "The web search failed." in search.empty_text(offline=False)
    search.accept(sequence, "zzqqxx", result(text="zzqqxx"), [])
    assert "Nothing in the cache or on Hugging Face matches" in search.empty_text(offline=False)


def test_a_misread_filter_is_named() -> None:
    search = LiveSearch(DAY, None, follow=False)
    search.typed("since:2026-13-45")
    assert empty_search_text(search, offline=False).splitlines()[:2] == [
        "“since:2026-13-45” was not searched: a filter in it cannot be read.",
        "since: 2026-13-45 is not a real date.",
    ]


def test_searching_from_the_bookmarks_keeps_to_them() -> None:
    assert "bookmarked" in search_query("memory", True).flags
    assert "bookmarked" not in search_query("memory", False).flags


def test_an_empty_in_text_search_says_it_looked_in_the_stored_texts() -> None:
    search = LiveSearch(DAY, None, follow=False)
    sequence = search.typed("in:text zzqqxx")
    search.accept(sequence, "in:text zzqqxx", result(text="in:text zzqqxx"), None)
    assert search.empty_text(offline=False).startswith(
        "Nothing in the full texts you have stored matches “in:text zzqqxx”.\n"
    )
