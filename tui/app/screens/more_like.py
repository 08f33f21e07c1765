"""More like this (M): the papers of the cache related to one paper, best first, each with why;
Enter goes to one. From the cache alone: it works offline."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.models import Paper
from ...core.related import Related


class MoreLikeThisScreen(ModalScreen[str | None]):
    """Returns the id of the paper picked, or None on Esc."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", id="close_more_like"),
        Binding("j", "move(1)", "Down", show=False, id="more_like_down"),
        Binding("k", "move(-1)", "Up", show=False, id="more_like_up"),
    ]

    def __init__(self, paper: Paper, related: list[Related], titles: dict[str, str]) -> None:
        super().__init__()
        self.paper = paper
        self.related = related
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-box"):
            # Titles and names are network text: plain Content, never markup.
            yield Static(Content.styled("More like " + self.paper.title, "bold"), id="menu-title")
            if not self.related:
                yield Static(Content("Nothing in your cache relates to this paper yet."))
            options = [
                Option(
                    Content.assemble(
                        (self.titles.get(r.paper_id, r.paper_id), ""),
                        ("\n  " + " · ".join(r.reasons()), "$text-muted"),
                    ),
                    id=str(index),
                )
                for index, r in enumerate(self.related)
            ]
            yield OptionList(*options, id="menu-options")
            yield Static(Content.styled("Enter goes to the paper · Esc closes", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.related[event.option_index].paper_id)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
