"""The search box: an Input whose ↓ moves to the results (Enter does too), and whose edits
hold the screen's next frame until their results are in it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from textual import events
from textual.binding import Binding
from textual.dom import NoScreen
from textual.geometry import Size
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widgets import Input

from ...core.query import MAX_QUERY
from ..textual_private import bindings_for_key

# The longest an edit waits for its results before it is painted alone (the results of a quick
# search arrive in about 10 ms; a slow one should not make the typed letter lag behind).
HOLD_FRAME = 0.04
KEYS_WAIT = 1.0  # the longest keys typed behind Enter wait for its results
SETTLE = 0.003  # for the widgets updated with the results to report to the screen


class SearchBox(Input):
    """``/`` again from the results puts the cursor at the end of the query, to refine it
    (selecting it all would make the next key replace it)."""

    # Input sets its virtual size at every keystroke, and the reactive it inherits lays out the
    # whole screen each time (measured: ~25 ms a key, both panes re-rendered). The box has a
    # fixed width: only its own horizontal scrolling depends on that size, so no layout.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("select_on_focus", False)
        kwargs.setdefault("max_length", MAX_QUERY)  # what search reads: no more can be typed
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._held: AbstractContextManager[None] | None = None
        self._hold_timer: Timer | None = None
        self._after_frame: list[Callable[[], object]] = []
        self._keys_for_results: list[events.Key] | None = None  # typed while they are on the way
        self._keys_timer: Timer | None = None
        # Set by the screen: are the results of the query as it stands still being searched?
        self.results_pending: Callable[[], bool] = lambda: False

    # Why frames are held. Textual paints the edited box in a frame of its own, at once; the
    # results of the search it starts then wait for the screen's next frame slot, which its
    # update timer puts 17 to 33 ms later (60 frames a second, the first slot skipped). Holding
    # the box's frame until the results are shown paints both in one frame as soon as they
    # come: measured at 200,000 papers, a keystroke to its new list went from 37 to about 20 ms.

    def watch_value(self) -> None:
        self.hold_frames()

    def hold_frames(self) -> None:
        """No frame until :meth:`release_frames`, or ``HOLD_FRAME`` seconds at most."""
        if self._hold_timer is not None:
            self._hold_timer.stop()
        if self._held is None:
            self._held = self.app.batch_update()
            self._held.__enter__()
        self._hold_timer = self.set_timer(HOLD_FRAME, self.release_frames)

    @property
    def holding(self) -> bool:
        """Frames are held for an edit's results."""
        return self._held is not None

    def after_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` after the next frame: the held one, if frames are held. (The
        screen runs ``call_after_refresh`` callbacks whenever it is idle during a hold, which
        would put the work meant for the frame after into this one.)"""
        if self._held is None:
            self.screen.call_after_refresh(callback)
        else:
            self._after_frame.append(callback)

    def release_frames_soon(self) -> None:
        """Release in a moment: once the widgets just updated (the list, the header) have told
        the screen so. Each does that from its own queue, and a frame let out now would go
        without the ones that have not yet, leaving them to the next frame slot."""
        if self._held is not None:
            if self._hold_timer is not None:
                self._hold_timer.stop()
            self._hold_timer = self.set_timer(SETTLE, self.release_frames)

    def release_frames(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)
        waiting, self._after_frame = self._after_frame, []
        try:
            screen = self.screen
        except NoScreen:
            return  # the app is closing
        if held is not None:
            screen.check_idle()  # it paints when next idle, and it already has been: prompt it
        for callback in waiting:
            screen.call_after_refresh(callback)

    def on_unmount(self) -> None:
        self.release_frames()

    BINDINGS = [Binding("down", "to_results", "Results", show=False, id="search_to_results")]

    async def _on_key(self, event: events.Key) -> None:
        if self._keys_for_results is not None or self.screen.focused is not self:
            # Typed right behind Enter or ↓: for the results (see action_to_results). The app
            # handed the key here before focus moved, or the results are still on their way.
            event.stop()
            event.prevent_default()
            key = events.Key(event.key, event.character)
            if self._keys_for_results is not None:
                self._keys_for_results.append(key)
            else:
                self.app.post_message(key)  # dispatched again, to what has focus now
            return
        # Editing keys (backspace, ctrl+u, arrows …) are bindings, which Textual runs only after
        # the key has bubbled up through the screen's queue. That queue is busy with the search
        # of the keystroke before, so a fast typist's next letter landed first: backspace then
        # "m" came out as "m" deleted. Running the box's own bindings here keeps keys in order.
        if not event.is_printable:
            for binding in bindings_for_key(self, event.key):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        # A query is one line: pasted lines (a title copied across a line break) are joined,
        # where Input keeps the first. And Input refuses a paste that would pass max_length,
        # whole: it is cut to the room left.
        event.stop()
        event.prevent_default()  # Input's own handler would paste it again
        text = " ".join(event.text.split())
        if not text:
            return
        selection = self.selection
        start, end = sorted((selection.start, selection.end))
        room = self.max_length - (len(self.value) - (end - start)) if self.max_length else None
        self.replace(text[: max(0, room)] if room is not None else text, start, end)

    async def action_submit(self) -> None:
        await super().action_submit()
        self.action_to_results()

    # Going to the results. "/memory⏎jj" typed in one burst: when Enter arrives, the list may
    # still show the view search was opened from (or an earlier keystroke's results), and j, b
    # would act on those papers. So while the query's results are on their way, the keys typed
    # next wait here, and go to the results once they are shown (``results_shown``).

    def action_to_results(self) -> None:
        if self._keys_for_results is not None:
            return  # already waiting for them
        if self.results_pending():
            self._keys_for_results = []
            self._keys_timer = self.set_timer(KEYS_WAIT, self._give_up_waiting)
            return
        self._go_to_results(self._list_count())

    def results_shown(self, count: int) -> None:
        """The screen shows the results of its latest query (``count`` papers): if that is the
        query as it stands in the box, the keys waiting for them go to them."""
        if self._keys_for_results is not None and not self.results_pending():
            self._go_to_results(count)

    def _give_up_waiting(self) -> None:
        if self._keys_for_results is not None:
            self._go_to_results(self._list_count())

    def _list_count(self) -> int:
        return int(getattr(self.screen.query_one("#papers"), "count", 0))

    def _go_to_results(self, count: int) -> None:
        if self._keys_timer is not None:
            self._keys_timer.stop()
            self._keys_timer = None
        keys, self._keys_for_results = self._keys_for_results or [], None
        if count:  # no results: stay, so the next keys still edit
            # At once, not after the queue (as ``focus()`` does): the keys behind this one
            # are already on their way here (see _on_key).
            self.screen.set_focus(self.screen.query_one("#papers"))
        for key in keys:
            self.app.post_message(key)  # in the order typed, to what has focus now
