"""Snapshots of the main screen and its states (pytest-textual-snapshot)."""

from __future__ import annotations


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen_120x40(seeded, make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_settle)


def test_main_screen_80x24(seeded, make_app, snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settle)


def test_offline_state(seeded, make_app, snap_compare):
    assert snap_compare(make_app(offline=True), terminal_size=(120, 40), run_before=_settle)


def test_empty_offline_state(make_app, snap_compare):
    assert snap_compare(make_app(offline=True), terminal_size=(100, 30), run_before=_settle)


def test_help_screen(seeded, make_app, snap_compare):
    assert snap_compare(make_app(offline=True), terminal_size=(120, 40), press=["question_mark"])
