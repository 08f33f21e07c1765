"""Copying and opening links from a screen (the main screen and the reader alike): OSC 52 at
once, tmux and the system clipboard, or the browser, in a thread worker; each ends in a notice
posted to the screen (Told)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from .. import browser, clipboard
from ..messages import Told

if TYPE_CHECKING:
    from textual.screen import Screen

    _Screen = Screen[None]
else:
    _Screen = object  # a plain mixin at run time: the screen it is part of is the Screen


class ClipboardActions(_Screen):
    """Part of MainScreen and of ReaderScreen."""

    def copy_text(self, what: str, text: str) -> None:
        """Copy with OSC 52 now; tmux and the system clipboard in a worker; then say how."""
        self.app.copy_to_clipboard(text)
        self._deliver_copy(what, text)

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _deliver_copy(self, what: str, text: str) -> None:
        delivered = clipboard.deliver(text)
        self.post_message(Told(clipboard.describe(what, text, delivered), timeout=4))

    @work(thread=True, group="browser", exit_on_error=False)
    def open_url(self, url: str) -> None:
        self.post_message(Told(*browser.opened_notice(url, browser.open_url(url))))
