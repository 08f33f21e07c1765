"""The place kept for the next launch, and the tags menu's choices, without an app."""

from __future__ import annotations

from tui.app.live_search import LiveSearch
from tui.app.screens.tag_menu import tag_choices
from tui.app.session_place import remember_place
from tui.core.dates import Period
from tui.core.views import ViewSpec
from tui.session import Session

WEEK = ViewSpec(period=Period("week", "2026-W31"), sort="newest", hide_read=True)


def test_the_view_and_paper_are_kept_and_a_search_keeps_where_it_came_from() -> None:
    session = Session()
    remember_place(session, WEEK, False, "2607.1", None)
    assert (session.kind, session.period, session.sort) == ("period", "week:2026-W31", "newest")
    assert (session.hide_read, session.follow_latest, session.paper) == (True, False, "2607.1")
    search = LiveSearch(ViewSpec(kind="tag", tag="llm", sort="newest"), "2607.2", follow=True)
    results = ViewSpec(kind="search", sort="relevance", tag="memory")
    remember_place(session, results, False, "2607.9", search)
    assert (session.kind, session.tag, session.period, session.paper) == (
        "tag",
        "llm",
        None,
        "2607.2",
    )


def test_tags_get_letters_but_not_j_k_or_q() -> None:
    choices = tag_choices([(f"t{i}", i) for i in range(1, 40)])
    assert (choices[0].key, choices[0].detail) == ("a", "1 paper")
    assert (choices[1].detail, choices[1].value) == ("2 papers", "t2")
    keys = [c.key for c in choices]
    assert not {"j", "k", "q"} & set(keys) and keys[-1] == ""
