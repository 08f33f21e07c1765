"""The Textual application: styles, app-wide keys, the palette, the API client, the theme."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App

from ..core.dates import daily_today
from ..core.library import Library
from ..core.store import Store
from ..core.sync import DEFAULT_FRESHNESS, Freshness
from ..core.views import ViewSpec
from .commands import bindings_for
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
        *,
        offline: bool = False,
        endpoint: str | None = None,
        transport: Any = None,
        freshness: Freshness = DEFAULT_FRESHNESS,
        periodic: float = 15 * 60.0,
        keymap: Mapping[str, str] | None = None,
        theme: str | None = None,
        initial: ViewSpec | None = None,
        initial_paper: str | None = None,
        read_after: float = 1.5,
        client_options: Mapping[str, Any] | None = None,
        today: Callable[[], date] | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.read_after = read_after
        self.today = today or daily_today
        self.demo = demo
        self.store = store
        self.library = library
        self.offline = offline
        self.endpoint = endpoint
        self.transport = transport  # tests hand in an httpx transport
        self.freshness = freshness
        self.periodic = periodic
        self.keymap: dict[str, str] = dict(keymap or {})
        self.initial = initial
        self.initial_paper = initial_paper
        self.client_options = {"read_timeout": 10.0, "max_tries": 3, **(client_options or {})}
        self._client: Any = None
        # The notification is thread-safe: the writer thread reports failures with it.
        self.writer = Writer(lambda message: self.notify(message, severity="error", markup=False))
        self._client_lock = asyncio.Lock()
        if theme:
            self.theme = theme

    def get_default_screen(self) -> MainScreen:
        return MainScreen(
            self.store,
            self.library,
            offline=self.offline,
            freshness=self.freshness,
            periodic=self.periodic,
            initial=self.initial,
            initial_paper=self.initial_paper,
            read_after=self.read_after,
            today=self.today,
            demo=self.demo,
        )

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)

    async def get_client(self) -> Any:
        """The API client, made on first use (httpx is imported then, off the UI thread)."""
        async with self._client_lock:
            if self._client is None:
                api = await asyncio.to_thread(__import__, "tui.core.api", fromlist=["HFClient"])
                self._client = api.HFClient(
                    self.endpoint, transport=self.transport, **self.client_options
                )
            return self._client

    async def on_unmount(self) -> None:
        await asyncio.to_thread(self.writer.close)  # every queued write lands before exit
        if self._client is not None:
            await self._client.aclose()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.keymap))
