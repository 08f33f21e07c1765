"""`:` goes to a day, a week or a month typed in a small dialog."""

from __future__ import annotations

from datetime import date

import pytest
from app_support import header_text

from tui.app.screens.goto import GoToScreen, period_for


async def go_to(app, pilot, text: str) -> None:
    await pilot.press("colon")
    await pilot.pause()
    assert isinstance(app.screen, GoToScreen)
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


async def test_colon_opens_the_day_week_or_month_typed(seeded, make_app, api):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(app, pilot, "2024-W15")
        assert "Week 2024-W15" in header_text(app)
        await go_to(app, pilot, "2024-04-05")
        assert "Daily · Fri 5 Apr 2024" in header_text(app)
        await go_to(app, pilot, "2024-04")
        assert "Apr 2024 · 199 papers" in header_text(app)
        await go_to(app, pilot, "2026-07-31")
        assert "Daily · Fri 31 Jul 2026 · 30 papers" in header_text(app)
    assert api.requests == []


async def test_bad_input_is_named_in_the_dialog_and_esc_leaves_it(seeded, make_app):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(app, pilot, "2024-13")
        assert isinstance(app.screen, GoToScreen)  # still open, the text kept to fix
        error = str(app.screen.query_one("#goto-error").render())
        assert "'2024-13' is not a day, a week or a month" in error
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, GoToScreen)
        assert "Daily · Fri 31 Jul 2026" in header_text(app)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-08-03", "2026-08-03 is in the future (today is 2026-08-02)."),
        ("2022-12", "Daily Papers began on 4 May 2023."),
        ("  ", "Type a day (2026-07-31), a week (2026-W31) or a month (2026-07)."),
        ("[b]x", "'[b]x' is not a day, a week or a month"),
    ],
)
def test_what_cannot_be_opened_is_said_plainly(text: str, words: str) -> None:
    with pytest.raises(ValueError) as caught:
        period_for(text, date(2026, 8, 2))
    assert str(caught.value).startswith(words)


def test_the_three_forms() -> None:
    today = date(2026, 8, 2)
    assert period_for("2024-04-05", today).view_key == "day:2024-04-05"
    assert period_for("2024-w15", today).view_key == "week:2024-W15"
    assert period_for(" 2024-04 ", today).view_key == "month:2024-04"


async def test_colon_a_month_and_enter_in_one_burst_open_that_month(seeded, make_app):
    # The letters behind ":" come back for the dialog once it is ready; the Enter behind them
    # must wait its turn, not submit the box while it is still empty.
    from textual import events

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, character in [("colon", ":"), *[(c, c) for c in "2024-04"], ("enter", "\r")]:
            app.post_message(events.Key(key, character))
        for _ in range(40):  # a busy machine: give the dialog time to open and take them
            await pilot.pause(0.05)
            if not isinstance(app.screen, GoToScreen) and "Apr 2024" in header_text(app):
                break
        assert not isinstance(app.screen, GoToScreen)
        assert "Apr 2024 · 199 papers" in header_text(app)
