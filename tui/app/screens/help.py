"""The help screen: every key, as currently bound (the user's key map applied)."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import COMMANDS, display_keys, sections

EXTRA = (
    ("Move", "Tab, Shift+Tab", "Move focus between the list and the abstract"),
    ("App", "Ctrl+P", "Command palette: every action, searchable"),
)
MARKS = "Marks in the list:  ▲ upvotes   Nc comments   ★ bookmarked   ● unread   ⇣ found on the web"


def help_content(keymap: Mapping[str, str] | None = None) -> Content:
    rows: list[str | tuple[str, str]] = [("dailypapers — keys", "bold $text-primary"), "\n"]
    extra: dict[str, list[tuple[str, str]]] = {}
    for section, keys, text in EXTRA:
        extra.setdefault(section, []).append((keys, text))
    for section, commands in sections(COMMANDS).items():
        rows += ["\n", (section, "bold $text-secondary"), "\n"]
        lines = [(display_keys(c, keymap), c.help) for c in commands]
        lines += extra.get(section, [])
        for keys, text in lines:
            rows += [(f"  {keys:<18}", "bold $text-accent"), (f" {text}", ""), "\n"]
    rows += ["\n", (MARKS, "$text-muted"), "\n", ("Press Esc, q or ? to close.", "$text-muted")]
    return Content.assemble(*rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close_help"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_content(self.keymap), id="help-text")

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)
