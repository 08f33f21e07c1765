"""The dialog that names a new watch: the name prefilled, the query shown; Enter saves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class WatchNameScreen(ModalScreen[str | None]):
    """Returns the name typed, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_watch_name")]

    def __init__(self, query: str, name: str) -> None:
        super().__init__()
        self.query_text = query
        self.suggested = name

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            # The query may hold a paper's names: plain Content, never markup.
            yield Label(Content.styled("Watch " + self.query_text, "bold"))
            yield Input(value=self.suggested, placeholder="a short name", id="watch-name")
            yield Label(id="watch-name-error")
            yield Label(Content.styled("Enter watches under this name · Esc cancels",
                                       "$text-muted"))  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            error = self.query_one("#watch-name-error", Label)
            error.update(Content.styled("A watch needs a name.", "$text-error"))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
