"""Start the Textual app (kept apart so the CLI imports Textual only when the app opens)."""

from __future__ import annotations

from .paths import Paths


def run_app(
    paths: Paths, *, offline: bool = False, demo: bool = False, theme: str | None = None
) -> int:
    raise SystemExit("dailypapers: the app is not built yet; use the subcommands (--help)")
