"""The main screen's parts (the mixins in screens/main_*.py): their message handlers must be
ones Textual finds. No Textual app is run."""

from __future__ import annotations

from tui.app.screens.main import MainScreen


def test_the_main_screens_parts_name_their_handlers_rather_than_decorate_them() -> None:
    # Textual collects @on handlers from the body of a MessagePump subclass only: in a plain
    # mixin the decorator is silently ignored, and the message goes unhandled.
    parts = [
        c
        for c in MainScreen.__mro__
        if c.__module__.startswith(("tui.app.screens.main_", "tui.app.screens.clipboard_"))
    ]
    assert len(parts) >= 7
    for part in parts:
        decorated = [name for name, value in vars(part).items() if hasattr(value, "_textual_on")]
        assert not decorated, f"{part.__name__}: @on is ignored here, name it on_<message>"
