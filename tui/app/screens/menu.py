"""A small menu of choices (copy, open, tags): arrows and enter, or the letter shown."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class Choice:
    key: str  # one letter that picks it directly
    label: str
    detail: str  # what will be copied or opened (plain text, shown dimmed)
    value: str


class MenuScreen(ModalScreen[Choice | None]):
    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", id="close_menu"),
        Binding("j", "move(1)", "Down", show=False, id="menu_down"),
        Binding("k", "move(-1)", "Up", show=False, id="menu_up"),
    ]

    def __init__(self, title: str, choices: list[Choice]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-box"):
            yield Static(Content.styled(self.title_text, "bold"), id="menu-title")
            options = []
            for index, choice in enumerate(self.choices):
                detail = choice.detail if len(choice.detail) <= 70 else choice.detail[:69] + "…"
                prompt = Content.assemble(
                    (f" {choice.key or ' '} ", "bold $text-accent"),
                    (f" {choice.label}", ""),
                    ("\n    " + detail, "$text-muted") if detail else "",
                )
                # By position: choices past the letters have no key, and ids must be unique.
                options.append(Option(prompt, id=str(index)))
            yield OptionList(*options, id="menu-options")
            yield Static(Content.styled("Enter or the letter picks · Esc closes", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def on_key(self, event: events.Key) -> None:
        choice = self._by_key(event.character or "")
        if choice is not None:
            event.stop()
            self.dismiss(choice)

    def _by_key(self, key: str) -> Choice | None:
        if not key:
            return None
        return next((c for c in self.choices if c.key == key), None)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
