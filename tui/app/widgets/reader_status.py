"""The reader's status line: the section at the top, how far down, the find's "3/17"."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class ReaderStatus(Widget):
    """One line, redrawn alone: a ``Static.update`` lays out the whole screen again, a frame
    the reader cannot spend on every key."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Content("")

    def show(self, content: Content) -> None:
        if content != self.content:
            self.content = content
            self.refresh()

    def render(self) -> Content:
        return self.content
