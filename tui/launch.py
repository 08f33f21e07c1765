"""Start the app: open the store, build the app, run it, map the outcome to an exit code.

Kept apart from cli.py so that the command line imports Textual only when the app opens.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from importlib.resources import files
from pathlib import Path

import click

from .paths import Paths


def demo_paths() -> tuple[Paths, Path]:
    """A throw-away database in a temporary folder, filled with the bundled sample."""
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
    store = Store(paths.cache, paths.library)
    store.ingest(page.papers, page.listings, view=None)
    store.close()
    return paths, folder


def run_app(
    paths: Paths, *, offline: bool = False, demo: bool = False, theme: str | None = None
) -> int:
    from .core.db import StoreError
    from .core.library import Library
    from .core.store import Store

    folder = None
    if demo:
        paths, folder = demo_paths()
        offline = True
    try:
        try:
            store = Store(paths.cache, paths.library)
            library = Library(paths.library)
        except StoreError as error:
            click.echo(f"dailypapers: {error}", err=True)
            return 1
        from .app.app import DailyPapersApp

        app = DailyPapersApp(store, library, offline=offline, theme=theme, demo=demo)
        result = app.run()
        store.close()
        library.close()
        return result or 0
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
