"""The reader's outline: the paper's headings, the one at the top of the text highlighted."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import OptionList

from ..commands import READER_COMMANDS, binding
from ..textual_private import option_lines

# The reader's moves that mean the same in its outline: a heading down or up, a page, the first
# or the last heading. The same binding ids, so a key the user gives them works here too.
OUTLINE_MOVES = (
    "reader_down",
    "reader_up",
    "reader_page_down",
    "reader_page_up",
    "reader_top",
    "reader_end",
)


class ReaderOutline(OptionList):
    """An option list whose highlight redraws two lines, not the whole list: a PgDn often
    moves it, and redrawing every heading was a good part of that key's frame."""

    BINDINGS = [binding(c) for c in READER_COMMANDS if c.id in OUTLINE_MOVES]

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    _drawn: int | None = None  # the option drawn highlighted

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        for index in {self._drawn, highlighted} - {None}:
            lines = option_lines(self, index) if index is not None else None
            if lines is None:
                self.refresh()  # not laid out yet: all of it
            else:
                self.refresh_lines(*lines)
        self._drawn = highlighted

    def action_scroll_lines(self, count: int) -> None:
        self.action_cursor_down() if count > 0 else self.action_cursor_up()

    def action_page(self, direction: int) -> None:
        self.action_page_down() if direction > 0 else self.action_page_up()

    def action_top(self) -> None:
        self.action_first()

    def action_end(self) -> None:
        self.action_last()
