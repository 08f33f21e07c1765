"""The go-to-date dialog: a day, an ISO week or a month, typed; it opens that period."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from ...core.dates import FIRST_DAY, Period, parse_period


def period_for(text: str, today: date) -> Period:
    """The period ``text`` names (YYYY-MM-DD, YYYY-Www, YYYY-MM); ValueError in plain words."""
    if not text.strip():
        raise ValueError("Type a day (2026-07-31), a week (2026-W31) or a month (2026-07).")
    try:
        period = parse_period(text.strip())
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a day, a week or a month: type 2026-07-31, 2026-W31 "
            "or 2026-07."
        ) from None
    if period.first > today:
        raise ValueError(f"{period.key} is in the future (today is {today.isoformat()}).")
    if period.last < FIRST_DAY:
        raise ValueError("Daily Papers began on 4 May 2023.")
    return period


class GoToScreen(ModalScreen[Period | None]):
    """Returns the period typed, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_go_to")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            yield Label(Content.styled("Go to a day, a week or a month", "bold"))
            yield Input(placeholder="2026-07-31, 2026-W31 or 2026-07", id="goto-input")
            yield Label(id="goto-error")
            yield Label(Content.styled("Enter to open it, Esc to cancel", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            period = period_for(event.value, self.today)
        except ValueError as error:
            # The user's text comes back in the message: plain Content, never markup.
            self.query_one("#goto-error", Label).update(Content.styled(str(error), "$text-error"))
            return
        self.dismiss(period)

    def action_cancel(self) -> None:
        self.dismiss(None)
