"""`o` through the real launcher: a browser command that fails is said to have failed."""

from __future__ import annotations

import webbrowser

import pytest

from tui.app import browser


@pytest.fixture
def browser_command(monkeypatch: pytest.MonkeyPatch):
    """Set $BROWSER and make webbrowser read it again (it reads it once per process)."""

    def use(command: str) -> None:
        monkeypatch.setenv("BROWSER", command)
        monkeypatch.setattr(webbrowser, "_tryorder", None)
        monkeypatch.setattr(webbrowser, "_browsers", {})

    return use


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def test_a_browser_command_that_exits_non_zero_is_a_failure(browser_command):
    browser_command("false")
    problem = browser.open_url("https://huggingface.co/papers/2607.28618")
    assert problem == "the browser command 'false' failed (exit status 1)"
    browser_command("true")
    assert browser.open_url("https://huggingface.co/papers/2607.28618") is None


async def test_o_says_plainly_when_the_browser_could_not_open(seeded, make_app, browser_command):
    browser_command("false")
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = " ".join(toasts(app))
        assert "Could not open https://huggingface.co/papers/2607.28618" in shown
        assert "'false' failed (exit status 1)" in shown
        assert "Opened" not in shown


def test_the_browser_is_given_the_checked_link(browser_command, tmp_path):
    """The host a browser visits is the one shown: punycode, never a userinfo trick."""
    seen = tmp_path / "seen"
    script = tmp_path / "browse"
    script.write_text(f'#!/bin/sh\nprintf %s "$1" > {seen}\n')
    script.chmod(0o700)
    browser_command(f"{script} %s")
    assert browser.open_url("https://hüggingface.co/papers/x") is None
    assert seen.read_text() == "https://xn--hggingface-9db.co/papers/x"
    problem = browser.open_url("https://huggingface.co@evil.example/papers/x")
    assert problem == "not a plain http(s) link"


def test_o_says_the_page_was_opened_or_why_not_and_what_to_do_instead():
    url = "https://huggingface.co/papers/2607.28618"
    assert browser.opened_notice(url, None) == (f"Opened {url}", "information")
    assert browser.opened_notice(url, "no browser found") == (
        f"Could not open {url}: no browser found. Press y to copy it.",
        "warning",
    )
