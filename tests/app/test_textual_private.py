"""The private Textual APIs of tui/app/textual_private.py still exist in the installed Textual.

An upgrade that renames one fails here, by name, instead of in the middle of a frame."""

from __future__ import annotations

import inspect

import pytest
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList

from tui.app import textual_private
from tui.app.textual_private import PRIVATE_HANDLERS


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        (ScrollView, "_refresh_scrollbars"),
        (ScrollView, "_scroll_update"),
        (Footer, "_bindings_ready"),
        # tests/app/conftest.py stops the cursor blinking with it, for steady snapshots
        (Input, "_toggle_cursor"),
        (OptionList, "_index_to_line"),
        (OptionList, "_heights"),
        *PRIVATE_HANDLERS,
    ],
)
def test_each_private_attribute_still_exists(owner: type, name: str) -> None:
    assert hasattr(owner, name), f"Textual no longer has {owner.__name__}.{name}"


def test_the_private_handlers_are_still_coroutines_taking_the_event() -> None:
    for owner, name in PRIVATE_HANDLERS:
        handler = getattr(owner, name)
        assert inspect.iscoroutinefunction(handler)
        assert list(inspect.signature(handler).parameters) == ["self", "event"]


def test_the_private_footer_widgets_still_import() -> None:
    for name in ("FooterKey", "FooterLabel", "KeyGroup"):
        assert issubclass(getattr(textual_private, name), Widget)


def test_the_scrollbar_updates_take_the_new_size() -> None:
    assert list(inspect.signature(ScrollView._scroll_update).parameters) == [
        "self",
        "virtual_size",
    ]
    assert list(inspect.signature(ScrollView._refresh_scrollbars).parameters) == ["self"]


def test_widgets_still_keep_their_bindings_by_key() -> None:
    widget = Input()
    assert textual_private.bindings_for_key(widget, "backspace")
    assert textual_private.bindings_for_key(widget, "no-such-key") == ()


def test_a_quiet_virtual_size_is_set() -> None:
    view = ScrollView()
    textual_private.set_virtual_size_quietly(view, Size(10, 20))
    assert view.virtual_size == Size(10, 20)
