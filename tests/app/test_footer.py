"""The footer: the command table's order whatever the keys, and the search box's own keys."""

from __future__ import annotations

from app_support import screen_line

WORDS = ("Day", "Week", "Month", "Search", "Bookmark", "Copy", "Help", "Quit")


def footer(app) -> str:
    return screen_line(app, app.size.height - 1)


async def footer_with(app, pilot, words: str) -> str:
    """The footer once it shows ``words`` (it is redrawn after the focus or the keys change)."""
    for _ in range(100):
        line = footer(app)
        if words in line:
            return line
        await pilot.pause(0.02)
    return footer(app)


def order_of(line: str, words: tuple[str, ...]) -> list[str]:
    return sorted(words, key=lambda word: line.find(f" {word} "))


async def test_rebound_keys_keep_the_footer_in_the_command_tables_order(seeded, make_app):
    app = make_app(offline=True, keymap={"day": "f5", "bookmark": "ctrl+b", "week": "x"})
    async with app.run_test(size=(120, 40)) as pilot:
        line = await footer_with(app, pilot, " Quit ")
        assert all(f" {word} " in line for word in WORDS), line
        assert order_of(line, WORDS) == list(WORDS), line
        assert "f5 Day" in line and "x Week" in line and "^b Bookmark" in line


async def test_in_the_search_box_the_footer_shows_how_to_leave_it(seeded, make_app):
    app = make_app(offline=True, keymap={"back": "ctrl+g,escape"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"memory")
        line = await footer_with(app, pilot, "Leave search")
        assert "↓ Enter Results" in line, line
        assert "^g Leave search" in line or "Ctrl+G Leave search" in line, line
        assert " Day " not in line and " Search " not in line, line
        await pilot.press("down")
        line = await footer_with(app, pilot, " Quit ")
        assert order_of(line, WORDS) == list(WORDS), line  # the results: the usual keys again
