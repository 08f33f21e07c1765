"""The reader's figure list: each figure's number and caption; open or copy its link."""

from __future__ import annotations

import textwrap

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.reader.figure import Figure
from ...core.text import safe_url, strip_unsafe
from ..widgets.footer import CommandFooter

CAPTION = 160  # characters of a caption shown in the list
INDENT = 4  # the number's column: "A12 "


def figure_prompt(figure: Figure, width: int) -> Content:
    """``  3 Its caption, wrapped`` then its link, both under the caption's first word."""
    caption = " ".join(strip_unsafe(figure.caption).split())
    if len(caption) > CAPTION:
        caption = caption[: CAPTION - 1] + "…"
    url = safe_url(figure.url) or "(no link)"
    room = max(20, width - INDENT)
    lines = textwrap.wrap(caption, room) or [""]
    # A link is one word: cut into pieces of the room, never at its slashes only.
    links = [url[start : start + room] for start in range(0, len(url), room)]
    indent = "\n" + " " * INDENT
    return Content.assemble(
        (f"{strip_unsafe(figure.number)[:8] or '?':>3} ", "bold $text-accent"),
        indent.join(lines),
        (indent + indent.join(links), "$text-muted"),
    )


class FigureScreen(ModalScreen[tuple[str, Figure] | None]):
    """Dismissed with ("open" | "copy" | "go", the figure), or None."""

    BINDINGS = [
        # Before the list's own Enter, so that the footer can name it.
        Binding("enter", "pick('go')", "Go to", id="figure_go", priority=True),
        Binding("o", "pick('open')", "Open link", id="figure_open"),
        Binding("y", "pick('copy')", "Copy link", id="figure_copy"),
        Binding("escape,q,f", "close", "Back", id="close_figures"),
        Binding("j", "move(1)", show=False, id="figure_down"),
        Binding("k", "move(-1)", show=False, id="figure_up"),
    ]

    def __init__(self, figures: tuple[Figure, ...]) -> None:
        super().__init__()
        self.figures = figures

    def compose(self) -> ComposeResult:
        # The list is the box (its border, its title): a box around it, as tall as its content,
        # let the list grow past the box's bottom, where its last lines were cut off and the
        # list, thinking them shown, never scrolled to them.
        figures = OptionList(id="figures-options")
        figures.border_title = Content.styled(f"Figures ({len(self.figures)})", "bold")
        yield figures
        yield CommandFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        self._fill(options.scrollable_content_region.width)

    def on_resize(self) -> None:
        options = self.query_one(OptionList)
        self._fill(options.scrollable_content_region.width)

    _filled_for = -1

    def _fill(self, width: int) -> None:
        """The figures, each caption and link wrapped under the caption's first word (a hanging
        indent, so the numbers stand alone in their column), for the list's width."""
        width = width or 76
        if width == self._filled_for:
            return
        self._filled_for = width
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(figure_prompt(figure, width), id=str(index))
            for index, figure in enumerate(self.figures)
        )
        options.highlighted = highlighted if highlighted is not None else 0

    def _current(self) -> Figure | None:
        index = self.query_one(OptionList).highlighted
        return self.figures[index] if index is not None else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("go", self.figures[event.option_index]))

    def action_pick(self, what: str) -> None:
        figure = self._current()
        if figure is not None:
            self.dismiss((what, figure))

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
