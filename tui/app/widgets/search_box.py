"""The search box: an Input whose ↓ moves to the results (Enter does too)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [Binding("down", "to_results", "Results", show=False, id="search_to_results")]

    def action_to_results(self) -> None:
        self.screen.query_one("#papers").focus()
