"""The Textual application: styles, app-wide keys, the palette, the API client, the theme."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand

from ..core.library import Library
from ..core.store import Store
from ..paths import describe_os_error
from ..session import Session
from ..session import save as save_session
from .commands import bindings_for
from .options import AppOptions
from .palette import PaperCommands
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .writer import Writer


def styles_dir() -> Path:
    """``styles/`` beside the package in a checkout, ``tui/styles`` inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "styles", package.parent / "styles"):
        if (candidate / "app.tcss").exists():
            return candidate
    return package.parent / "styles"


class DailyPapersApp(App[int]):
    CSS_PATH = [styles_dir() / "app.tcss"]
    TITLE = "dailypapers"
    BINDINGS = bindings_for("app")
    COMMANDS = App.COMMANDS | {PaperCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        store: Store,
        library: Library,
        options: AppOptions | None = None,
        *,
        transport: Any = None,
        session: Session | None = None,
        session_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.options = options = options or AppOptions()
        self._saved_session: Session | None = None
        self.problems = list(options.problems)  # config trouble, told once the app is up
        self.session = session or Session()
        self.session_path = session_path
        self.config_theme = options.config_theme
        self.requested_theme = options.theme
        self.store = store
        self.library = library
        self.transport = transport  # tests hand in an httpx transport
        self.keymap: dict[str, str] = dict(options.keymap)
        self.client_options = {"read_timeout": 10.0, "max_tries": 3, **options.client_options}
        self._client: Any = None
        # The notification is thread-safe: the writer thread reports failures with it.
        self.writer = Writer(
            lambda message: self.notify(message, severity="error", markup=False),
            on_busy=lambda message: self.notify(message, severity="warning", markup=False),
        )
        self._client_lock = asyncio.Lock()
        self._keys_replaying = 0  # keys sent back to the screen on top, not yet handed to it
        self._replaying_until = 0.0

    # Keys typed in one burst with a key that opens a dialog ("n" then the note, "Y b"): the app
    # hands each key to the focused widget as it arrives, so those behind the opening key went
    # to the screen below, before the dialog existed, and came back up to the app with no
    # binding to run; they were lost. Each key remembers the screen it was handed to; one that
    # comes back from a screen no longer on top, unhandled, goes to the dialog once it is ready.

    # Keys behind those wait their turn: ":2024-04⏎" in one burst sent the letters back for the
    # dialog, but the Enter, arriving once the dialog had the focus, went first and submitted
    # an empty box. While keys are on their way back, the keys that follow queue behind them.

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self.screen_stack:
            return  # closing: a key sent back arrived after the last screen went
        if isinstance(event, events.Key) and not event.is_forwarded:
            if getattr(event, "replayed", False):
                self._keys_replaying = max(0, self._keys_replaying - 1)
            elif self._keys_replaying and time.monotonic() < self._replaying_until:
                self._replay(events.Key(event.key, event.character))
                return
            event.for_screen = self.screen  # type: ignore[attr-defined]
        elif isinstance(event, events.Key) and self._keys_replaying:
            # Back from the screen below, unhandled, while keys are on their way to the one on
            # top: behind them, not through the top screen's bindings now (Enter would submit
            # the dialog's box before the letters typed ahead of it are in).
            meant_for = getattr(event, "for_screen", None)
            if meant_for is not None and meant_for is not self.screen:
                self._replay(events.Key(event.key, event.character))
                return
        await super().on_event(event)

    def _replay(self, key: events.Key) -> None:
        """Hand ``key`` to the screen on top once it is ready, behind the keys already sent."""
        key.replayed = True  # type: ignore[attr-defined]
        self._keys_replaying += 1
        # A key sent back to a screen that closed before taking it never comes: after a
        # moment the keys that follow stop waiting for it.
        self._replaying_until = time.monotonic() + 1.0
        self.screen.call_after_refresh(self.post_message, key)

    def on_key(self, event: events.Key) -> None:
        meant_for = getattr(event, "for_screen", None)
        if not self.screen_stack:
            return  # closing
        screen = self.screen
        if meant_for is None or meant_for is screen or event.key in screen.active_bindings:
            return  # where it was meant to go, or the dialog's own binding ran for it
        self._replay(events.Key(event.key, event.character))

    def get_default_screen(self) -> MainScreen:
        return MainScreen(
            self.store, self.library, self.options, last_visit=self.session.last_visit
        )

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self._apply_theme()
        self._theme_at_start = self.theme
        if self.problems:
            # One notice, however many problems: a stack of toasts pushes the first ones off
            # a small screen. Help (?) lists every one of them.
            shown = self.problems[:3]
            more = len(self.problems) - len(shown)
            text = "\n".join(f"• {p}" for p in shown)
            if more:
                text += f"\n… and {more} more: press ? to see them all."
            title = "Config problems"
            self.notify(text, title=title, severity="warning", timeout=20, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.writer.submit(self._check_library)  # on the writer's thread: never slows the start

    def _check_library(self) -> None:
        """Say once, at start, when nothing the user keeps can be saved (a read-only library,
        a full disk), rather than at each b or n."""
        problem = self.library.write_problem()
        if problem:
            self.notify(problem, severity="error", timeout=20, markup=False)

    def _apply_theme(self) -> None:
        """--theme, else the theme last chosen in the app, else the config's; a bad name is said."""
        chosen = self.requested_theme
        if not chosen:
            remembered = self.session.theme
            if remembered and self.session.config_theme == self.config_theme:
                chosen = remembered  # picked in the app since the config last changed
            else:
                chosen = self.config_theme
        if not chosen:
            return
        if chosen not in self.available_themes:
            names = ", ".join(sorted(self.available_themes)[:8])
            self.problems.append(f"There is no theme {chosen!r}; some that exist: {names} …")
            chosen = self.session.theme  # the last good choice, if there is one
            if chosen not in self.available_themes:
                return
        elif self.requested_theme:
            # --theme is remembered even when it is the theme already showing (textual-dark,
            # the default): no change of theme would be seen to remember it by.
            self.session.theme = chosen
            self.session.config_theme = self.config_theme
        self.theme = chosen

    def _theme_changed(self, theme: Any) -> None:
        if self.theme == self._theme_at_start and self.session.theme is None:
            return  # the start-up theme being applied, not a choice
        self.session.theme = self.theme
        self.session.config_theme = self.config_theme
        self.save_session()

    def save_session(self) -> None:
        """Remember the view, the paper and the theme for the next launch.

        Called on quit and every few seconds while the app runs (when something changed), so
        a closed terminal or a dropped SSH connection loses at most those few seconds.
        """
        if self.session_path is None:
            return
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None and main.is_mounted:
            main.remember(self.session)
        if self.session == self._saved_session:
            return
        try:
            save_session(self.session_path, self.session)
            self._saved_session = replace(self.session)
        except OSError as error:
            self.log.warning(f"could not save the session: {describe_os_error(error)}")

    async def get_client(self) -> Any:
        """The API client, made on first use (httpx is imported then, off the UI thread)."""
        async with self._client_lock:
            if self._client is None:
                api = await asyncio.to_thread(__import__, "tui.core.api", fromlist=["HFClient"])
                self._client = api.HFClient(
                    self.options.endpoint,
                    transport=self.transport,
                    on_token_refused=self._token_refused,
                    **self.client_options,
                )
            return self._client

    def _token_refused(self, words: str) -> None:
        """Said once: the client goes on without the token, for every request after this."""
        self.notify(
            words, title="Token refused (401)", severity="warning", timeout=20, markup=False
        )

    async def action_quit(self) -> None:
        self.session.last_visit = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.save_session()
        self.exit(0)

    async def on_unmount(self) -> None:
        await asyncio.to_thread(self.writer.close)  # every queued write lands before exit
        if self._client is not None:
            await self._client.aclose()

    def get_system_commands(self, screen: Any) -> Iterable[SystemCommand]:
        """Textual's own palette commands, less those ours already cover (Keys is our help,
        Quit is q) and with a screenshot that tells where it went."""
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Minimize", "Maximize"):
                yield command
        yield SystemCommand(
            "Screenshot", "Save an SVG screenshot of the screen", self.save_screenshot_here
        )

    def save_screenshot_here(self) -> None:
        """An SVG of the screen in the Downloads folder (or the current one), path notified."""
        from platformdirs import user_downloads_path

        folder = user_downloads_path()
        if not folder.is_dir():
            folder = Path.cwd()
        try:
            saved = self.save_screenshot(path=str(folder))
        except OSError as error:
            self.notify(f"Could not save a screenshot: {error}", severity="error", markup=False)
            return
        self.notify(f"Screenshot saved: {saved}", markup=False)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.keymap, self.problems))
