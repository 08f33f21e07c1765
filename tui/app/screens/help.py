"""The help screen: every key, as currently bound (the user's key map applied), with the command
ids that the config's ``[keys]`` table takes, and any trouble found in the config file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import COMMANDS, display_keys, sections

EXTRA = (
    ("Move", "Tab, Shift+Tab", "Move focus between the list and the abstract"),
    ("App", "Ctrl+P", "Command palette: every action, searchable"),
)
# The search language (tui/core/query.py; README's search paragraph says the same).
SEARCH_SYNTAX = (
    ("memory agents", "Every word must match, each as the start of a word: model finds models"),
    ('"exact phrase"', "The words next to each other, exactly"),
    ("a OR b", "Either one (OR in capitals, between words or phrases)"),
    ('-word  -"phrase"', "Must not match (NOT word too)"),
    ("author:  org:  kw:", 'In the authors, organization or keywords: author:"Yann LeCun"'),
    ("tag:TAG", "A tag of yours; a word of your notes or tags also finds the paper"),
    ("upvotes>N", "Also >=, <, <=, =; stars>N, comments>N"),
    ("since:  until:", "YYYY-MM-DD: any day the paper was listed on"),
    ("is:  has:", "is:bookmarked, is:unread, is:read; has:code, has:project, has:note"),
    ("2404.01258", "An arXiv id or a paper link: that paper"),
)
MARKS = "Marks in the list:  ▲ upvotes   Nc comments   ★ bookmarked   ● unread   ⇣ found on the web"


def help_rows(keymap: Mapping[str, str] | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(section, keys, what it does, command id) for every key, section by section."""
    extra: dict[str, list[tuple[str, str]]] = {}
    for section, keys, text in EXTRA:
        extra.setdefault(section, []).append((keys, text))
    for section, commands in sections(COMMANDS).items():
        for command in commands:
            yield section, display_keys(command, keymap), command.help, command.id
        for keys, text in extra.get(section, []):
            yield section, keys, text, ""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close_help"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(
        self, keymap: Mapping[str, str] | None = None, problems: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.keymap = keymap
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Content.styled("dailypapers — keys", "bold $text-primary"))
            if self.problems:
                yield Static(
                    Content.styled("Problems in the config file (defaults used)", "bold $warning"),
                    classes="help-section",
                )
                for problem in self.problems:
                    yield Static(Content("• " + problem), classes="help-problem")
            section_shown = None
            grid: Grid | None = None
            cells: list[Static] = []
            for section, keys, text, command_id in help_rows(self.keymap):
                if section != section_shown:
                    if grid is not None:
                        yield Grid(*cells, classes="help-grid")
                    section_shown, cells, grid = section, [], Grid()
                    yield Static(Content.styled(section, "bold $text-secondary"),
                                 classes="help-section")  # fmt: skip
                # Two columns, so a long description wraps under itself, not under the keys.
                cells.append(Static(Content.styled(keys, "bold $text-accent"), classes="help-keys"))
                what = Content.assemble(
                    text, (f"  {command_id}", "$text-muted") if command_id else ""
                )
                cells.append(Static(what, classes="help-text"))
            if cells:
                yield Grid(*cells, classes="help-grid")
            yield Static(Content.styled("Search (/)", "bold $text-secondary"),
                         classes="help-section")  # fmt: skip
            cells = []
            for syntax, text in SEARCH_SYNTAX:
                cells.append(Static(Content.styled(syntax, "bold $text-accent"),
                                    classes="help-keys"))  # fmt: skip
                cells.append(Static(Content(text), classes="help-text"))
            yield Grid(*cells, classes="help-grid")
            yield Static(Content.styled(MARKS, "$text-muted"), classes="help-section")
            yield Static(
                Content.styled(
                    "The dim words are command ids, for [keys] in the config file "
                    "(dailypapers --paths shows where it is). Esc, q or ? closes.",
                    "$text-muted",
                ),
                classes="help-section",
            )

    @property
    def text(self) -> str:
        """What the screen shows, as plain text, a row per line (keys, then what they do)."""
        lines: list[str] = []
        for widget in self.query(Static):
            shown = str(widget.render())
            if widget.has_class("help-text") and lines:
                lines[-1] = f"{lines[-1]:<20} {shown}"
            else:
                lines.append(shown)
        return "\n".join(lines)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)
