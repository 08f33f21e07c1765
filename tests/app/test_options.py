"""The options a run starts with come from the config and the last session, by one factory."""

from __future__ import annotations

from datetime import timedelta

from tui.app.options import AppOptions, app_options
from tui.config import Settings
from tui.session import Session


def test_the_config_and_the_session_make_the_options() -> None:
    settings = Settings(theme="nord", every_minutes=5, today_minutes=2, sort="newest",
                        keys={"bookmark": "ctrl+b"}, problems=["a problem."])  # fmt: skip
    session = Session(kind="period", follow_latest=True, sort="rising", hide_read=True,
                      paper="2607.26637")  # fmt: skip
    options = app_options(settings, session, offline=True)
    assert options.periodic == 300
    assert options.freshness.current == timedelta(minutes=2)
    assert (options.config_theme, options.theme) == ("nord", None)
    assert options.keymap == {"bookmark": "ctrl+b"}
    assert (options.default_sort, options.hide_read) == ("rising", True)
    assert options.initial_paper == "2607.26637"
    assert options.problems == ("a problem.",) and options.offline


def test_without_a_config_the_defaults_are_the_apps() -> None:
    assert app_options() == AppOptions()
    assert app_options(problems=["x"]).problems == ("x",)
