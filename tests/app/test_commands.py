"""Every key of the app is in the one command table: help lists it, the widgets bind it."""

from __future__ import annotations

from tui.app.commands import key_conflicts
from tui.app.screens.help import help_rows
from tui.app.widgets.abstract import AbstractPane


def test_space_pages_the_abstract_and_help_says_so() -> None:
    assert ("Move", "Space", "Scroll the abstract a page down", "abstract_page_down") in list(
        help_rows()
    )
    spaces = [b for b in AbstractPane.BINDINGS if getattr(b, "key", None) == "space"]
    assert [(b.action, b.id) for b in spaces] == [("page_down", "abstract_page_down")]
    assert key_conflicts() == []
    # a key map moves it, as any other command
    assert ("Move", "Ctrl+F", "Scroll the abstract a page down", "abstract_page_down") in list(
        help_rows({"abstract_page_down": "ctrl+f"})
    )
