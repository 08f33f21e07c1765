"""Copying that works where researchers are: a local desktop, SSH, and tmux (often both).

Three routes are tried, and the user is told which ones delivered:

1. OSC 52 to the terminal (Textual's ``copy_to_clipboard``): works over SSH in most terminals.
2. Inside tmux (``$TMUX`` set): ``tmux load-buffer -w -`` puts the text in tmux's paste buffer
   (paste with tmux's own keys) and, where tmux allows, forwards it to the outer terminal.
   This works even when tmux is set to ignore OSC 52 from applications.
3. pyperclip, where a local clipboard exists (a desktop session: xclip/xsel/wl-copy, pbcopy).

The slow parts (2 and 3 start processes) run off the UI thread: see :func:`deliver`.
"""

from __future__ import annotations

import os
import shutil
import subprocess

TMUX_TIMEOUT = 2.0


def to_tmux(text: str) -> str | None:
    """Load tmux's paste buffer; None on success, else why not."""
    if not os.environ.get("TMUX"):
        return "not in tmux"
    tmux = shutil.which("tmux")
    if tmux is None:
        return "tmux not found"
    try:
        setting = subprocess.run(
            [tmux, "show-options", "-gv", "set-clipboard"],
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        setting = ""
    if setting == "on":
        return None  # tmux took the OSC 52 itself: loading the buffer again would make two
    for args in ([tmux, "load-buffer", "-w", "-"], [tmux, "load-buffer", "-"]):
        try:
            done = subprocess.run(
                args, input=text.encode("utf-8"), capture_output=True, timeout=TMUX_TIMEOUT
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"tmux failed ({error})"
        if done.returncode == 0:
            return None
    return "tmux refused the buffer"


def to_system(text: str) -> str | None:
    """The desktop clipboard through pyperclip; None on success, else why not."""
    if os.environ.get("SSH_CONNECTION") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no local clipboard over SSH"
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception as error:  # pyperclip raises its own exception types, and OSErrors
        return f"no system clipboard ({type(error).__name__})"
    return None


def deliver(text: str) -> list[str]:
    """Run the slow routes (tmux, system clipboard); the names of those that worked."""
    delivered = []
    if to_tmux(text) is None:
        delivered.append("tmux buffer")
    if to_system(text) is None:
        delivered.append("system clipboard")
    return delivered


def describe(what: str, text: str, delivered: list[str]) -> str:
    """The notification: exactly what was copied, and where it went."""
    shown = text if len(text) <= 200 else text[:197] + "…"
    routes = ", ".join(["terminal (OSC 52)", *delivered])
    return f"Copied {what}: {shown}\nvia {routes}"
