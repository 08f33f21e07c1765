"""The search box: an Input whose ↓ moves to the results (Enter does too)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """``/`` again from the results puts the cursor at the end of the query, to refine it
    (selecting it all would make the next key replace it)."""

    # Input sets its virtual size at every keystroke, and the reactive it inherits lays out the
    # whole screen each time (measured: ~25 ms a key, both panes re-rendered). The box has a
    # fixed width: only its own horizontal scrolling depends on that size, so no layout.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    BINDINGS = [Binding("down", "to_results", "Results", show=False, id="search_to_results")]

    async def _on_key(self, event: events.Key) -> None:
        # Editing keys (backspace, ctrl+u, arrows …) are bindings, which Textual runs only after
        # the key has bubbled up through the screen's queue. That queue is busy with the search
        # of the keystroke before, so a fast typist's next letter landed first: backspace then
        # "m" came out as "m" deleted. Running the box's own bindings here keeps keys in order.
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)

    def action_to_results(self) -> None:
        papers = self.screen.query_one("#papers")
        if getattr(papers, "count", 0):  # no results: stay, so the next keys still edit
            papers.focus()
