"""The main screen's small choices, without an app: where escape goes, when the abstract is
drawn, whether the library changed."""

from __future__ import annotations

import pytest

from tui.app.abstract_timing import abstract_when
from tui.app.back_key import back_goes_to
from tui.app.library_watch import changed_version
from tui.core.errors import StoreError
from tui.core.library import Library


def test_escape_leaves_a_search_then_the_abstract_then_a_tag_for_the_feed() -> None:
    def back(searching=False, reading=False, list_focused=True, kind="period"):
        return back_goes_to(
            searching=searching, reading=reading, list_focused=list_focused, view_kind=kind
        )

    assert back(searching=True) == "leave search"
    assert back(searching=True, list_focused=False) == "leave search"  # from the abstract too
    assert back(searching=True, reading=True) == "list"  # a result read full screen: the list
    assert back(reading=True) == "list"
    assert back(list_focused=False, kind="tag") == "list"
    for kind in ("tag", "bookmarks", "archive"):
        assert back(kind=kind) == "feed"
    assert back() is None  # the feed itself: nowhere further back
    assert back(kind="search") is None


def test_the_abstract_waits_a_frame_while_typing_or_before_the_first_paint() -> None:
    assert abstract_when(typing=False, painted=True) == "now"
    assert abstract_when(typing=True, painted=True) == "after the search box's frame"
    assert abstract_when(typing=True, painted=False) == "after the search box's frame"
    assert abstract_when(typing=False, painted=False) == "after the first frame"


def test_a_library_change_is_seen_once_and_an_unreadable_library_waits(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = changed_version(library, None)
    assert first is not None
    assert changed_version(library, first) is None  # nothing changed since

    def unreadable() -> int:
        raise StoreError("The library is locked.")

    monkeypatch.setattr(library, "data_version", unreadable)
    assert changed_version(library, first) is None
