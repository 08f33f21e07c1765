"""The reader's find box: an input whose typing never lays the screen out again."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FindBox(Input):
    """Textual's input takes the width of its text as a size that needs a new layout of the
    screen, on every letter: a second frame after each one. The box has a fixed size (CSS), so
    the width of its text only moves its scrolling, which a repaint shows."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
