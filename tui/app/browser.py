"""Opening a link in the browser without wrecking the terminal the app is drawing on.

Python's ``webbrowser`` picks the browser (honouring ``$BROWSER``). Two things it would do are
wrong inside a full-screen terminal app, and are avoided here:

- a text-mode browser (lynx, w3m, links, ``www-browser`` on a server) would start in the very
  terminal the app owns: refused, with a message;
- a graphical browser inherits the terminal's stdout and stderr, and its log lines would be
  drawn over the app: it is started with its output sent to /dev/null instead.

Only http(s) URLs are ever opened.
"""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser
from typing import Literal

from ..core.text import safe_url

# How long to wait for a launcher (xdg-open, open, a $BROWSER script) to say whether it worked:
# they hand the link to a browser and exit within a fraction of a second; a browser started
# directly keeps running, and running that long counts as opened. (Called from a worker.)
LAUNCH_WAIT = 2.0

TEXT_BROWSERS = {"lynx", "w3m", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl"}


def opened_notice(url: str, problem: str | None) -> tuple[str, Literal["information", "warning"]]:
    """What ``o`` says once the browser was asked: opened, or why not and what to do instead."""
    if problem is None:
        return f"Opened {url}", "information"
    return f"Could not open {url}: {problem}. Press y to copy it.", "warning"


def open_url(url: str) -> str | None:
    """Open ``url``; None on success, else the reason in words."""
    checked = safe_url(url)
    if checked is None:
        return "not a plain http(s) link"
    url = checked  # a Unicode host as punycode: the browser goes where the screen said
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return "no browser is available here"
    name = os.path.basename(getattr(controller, "name", "") or "")
    if name in TEXT_BROWSERS:
        return f"the browser here is text-mode ({name}), which would take over this terminal"
    if isinstance(controller, webbrowser.GenericBrowser):
        command = [controller.name, *(arg.replace("%s", url) for arg in controller.args)]
        if not any(url in part for part in command):
            command.append(url)
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=sys.platform != "win32",
            )
        except OSError as error:
            return f"the browser could not be started ({error.strerror or error})"
        return _launch_outcome(process, controller.name)
    try:
        opened = controller.open(url, new=2)
    except Exception as error:  # launchers raise whatever their platform raises
        return f"the browser could not be started ({error})"
    return None if opened else "the browser could not be started"


def _launch_outcome(process: subprocess.Popen[bytes], name: str) -> str | None:
    """None when the launcher exited well or is still running; else why it failed."""
    try:
        status = process.wait(timeout=LAUNCH_WAIT)
    except subprocess.TimeoutExpired:
        return None  # a browser itself, now showing the page
    if status == 0:
        return None
    return f"the browser command {os.path.basename(name)!r} failed (exit status {status})"
