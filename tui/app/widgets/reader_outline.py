"""The reader's outline: the paper's headings, the one at the top of the text highlighted."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import OptionList

from ..textual_private import option_lines


class ReaderOutline(OptionList):
    """An option list whose highlight redraws two lines, not the whole list: a PgDn often
    moves it, and redrawing every heading was a good part of that key's frame."""

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
