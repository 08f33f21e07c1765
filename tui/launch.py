"""Start the app: open the store, read the config and the session, run, map the outcome to an
exit code. Kept apart from cli.py so that the command line imports Textual only for the app.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import click

from .paths import Paths


def demo_paths() -> tuple[Paths, Path]:
    """A throw-away database in a temporary folder, filled with the bundled sample."""
    from importlib.resources import files

    from .core.parse import parse_entries
    from .core.store import Store

    folder = Path(tempfile.mkdtemp(prefix="dailypapers-demo-"))
    paths = Paths(
        cache=folder / "cache.db",
        library=folder / "library.db",
        config=folder / "config.toml",
        state=folder / "state.json",
    )
    raw = files("tui.data").joinpath("sample.json.gz").read_bytes()
    page = parse_entries(json.loads(gzip.decompress(raw)))
    store = Store(paths.cache, paths.library, own_folder=paths.own_folder)
    store.ingest(page.papers, page.listings, view=None)
    store.close()
    return paths, folder


def initial_view(store: Any, settings: Any, session: Any) -> tuple[Any, bool | None]:
    """(view, follows the latest) to open with: the last session's, else the config's default
    (None: the latest day). A week or month that followed the latest opens on the newest one."""
    from .core.dates import Period, daily_today, parse_period
    from .core.views import ViewSpec

    spec = session.spec()
    if spec is not None:
        return spec, None
    kind = settings.default_view
    sort, hide_read = settings.sort, False
    if session.kind == "period" and session.follow_latest and session.period:
        try:
            kind = parse_period(session.period).kind
        except ValueError:
            kind = "day"
        sort, hide_read = session.latest_options(settings.sort)
    if kind in ("week", "month"):
        today = daily_today().isoformat()
        day = store.latest_day(today) or today
        period = Period.of(kind, Period("day", day).first)
        return ViewSpec(period=period, sort=sort, hide_read=hide_read), True
    if kind in ("archive", "bookmarks") and session.kind is None:
        return ViewSpec(kind=kind, sort="newest"), None
    return None, None


def collect_less_while_running() -> None:
    """Keep Python's full garbage collections from landing on keystrokes.

    A full collection walks every object the process holds; with the modules and the app
    loaded that took 60–100 ms (measured at 200,000 papers, search as you type), about once
    every eight keystrokes. What exists now (modules, classes, config) lives as long as the
    process: frozen, it is no longer walked. Full collections are then made ten times rarer;
    the young generations still collect as before, so garbage is still freed."""
    import gc

    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


def run_app(
    paths: Paths, *, offline: bool = False, demo: bool = False, theme: str | None = None
) -> int:
    from . import config, session
    from .core.db import StoreError
    from .core.library import Library
    from .core.store import Store

    folder = None
    if demo:
        user_config = paths.config
        paths, folder = demo_paths()
        paths = Paths(paths.cache, paths.library, user_config, paths.state)
        offline = True
    try:
        try:
            store = Store(paths.cache, paths.library, own_folder=paths.own_folder)
            library = Library(paths.library, own_folder=paths.own_folder)
        except StoreError as error:
            click.echo(f"dailypapers: {error}", err=True)
            return 1
        from .app.app import DailyPapersApp
        from .app.commands import COMMANDS, key_conflicts
        from .app.options import app_options

        settings = config.load(paths.config, commands={c.id for c in COMMANDS})
        settings.problems += key_conflicts(settings.keys)
        saved = session.load(paths.state)
        initial, follow = initial_view(store, settings, saved)
        options = app_options(
            settings,
            saved,
            offline=offline,
            demo=demo,
            theme=theme,
            initial=initial,
            follow_latest=follow,
        )
        app = DailyPapersApp(store, library, options, session=saved, session_path=paths.state)
        collect_less_while_running()
        result = app.run()
        store.close()
        library.close()
        return result or 0
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
