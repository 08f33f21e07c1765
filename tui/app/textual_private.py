"""Textual's private APIs the app relies on, all used from here.

Each one saves a frame or keeps keys in order where Textual has no public way to do it.
tests/app/test_textual_private.py checks that every one still exists in the installed Textual,
so an upgrade that drops one fails that test instead of the app at run time.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

__all__ = [
    "PRIVATE_HANDLERS",
    "FooterKey",
    "FooterLabel",
    "KeyGroup",
    "bindings_for_key",
    "footer_bindings_ready",
    "mark_footer_bindings_ready",
    "option_lines",
    "set_virtual_size_quietly",
]

# Private handlers the app's widgets override and call through ``super()``: (class, name).
PRIVATE_HANDLERS: tuple[tuple[type[Widget], str], ...] = ((Input, "_on_key"),)


def set_virtual_size_quietly(view: ScrollView, size: Size) -> None:
    """Set a scroll view's virtual size without the reactive's screen-wide relayout: only the
    view's own scrollbars depend on it (measured: a relayout is one more frame, ~30 ms)."""
    view.set_reactive(ScrollView.virtual_size, size)
    view._refresh_scrollbars()
    view._scroll_update(size)


def bindings_for_key(widget: Widget, key: str) -> tuple[Binding, ...]:
    """The widget's own bindings for ``key``, before the key bubbles up to the screen."""
    return tuple(widget._bindings.key_to_bindings.get(key, ()))


def footer_bindings_ready(footer: Footer) -> bool:
    """Has the footer been told the bindings once (it composes nothing before)?"""
    return bool(footer._bindings_ready)


def mark_footer_bindings_ready(footer: Footer) -> None:
    footer._bindings_ready = True


def option_lines(options: OptionList, index: int) -> tuple[int, int] | None:
    """The first line of option ``index`` and how many lines it has, if it is laid out: a
    changed highlight redraws those lines only."""
    line = options._index_to_line.get(index)
    return None if line is None else (line, options._heights.get(index, 1))
