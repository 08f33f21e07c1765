"""Every command of the app, declared once: its id, default keys, words, and where it acts.

The bindings of each widget, the footer, the help screen, the command palette and the user's
key map (config ``[keys]``, by id) are all made from this one table, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Command:
    id: str  # the binding id, and the name used in the config's [keys] table
    keys: str  # default keys, comma-separated, in Textual's key names
    action: str  # the action method, without "action_"
    title: str  # short, for the footer and the palette
    help: str  # one line, for the help screen and the palette
    target: str = "screen"  # screen | list | abstract | app | reader (its text) | reader_screen
    footer: bool = False
    key_display: str | None = None
    section: str = "Papers"
    # Run as the key arrives, before the keys behind it are handed to the focused widget.
    priority: bool = False
    # Commands with the same group show in the footer as one entry: their keys, then these words.
    group: str | None = None
    # The id of a command whose key this one takes over where it acts (the reader's q is
    # "back", not "quit"): not a conflict.
    shadows: str | None = None
    # In the footer from 100 columns only: at 80 the main keys fill it (the key still works).
    wide_footer: bool = False


READER_SCREEN_ID = "reader"  # the reader screen's id: the palette offers its commands there

# The reader's keys: "reader" ones act on its text (its moves act on the outline while that has
# the focus: ReaderOutline; the others wait, as all do in the find box), "reader_screen" ones
# anywhere on the reader.
_R = "Reader"
READER_COMMANDS: tuple[Command, ...] = (
    Command(
        "reader_down",
        "j,down",
        "scroll_lines(1)",
        "Down",
        "Reader: one line down",
        "reader",
        section=_R,
    ),
    Command(
        "reader_up", "k,up", "scroll_lines(-1)", "Up", "Reader: one line up", "reader", section=_R
    ),
    Command(
        "reader_page_down",
        "space,pagedown",
        "page(1)",
        "Page down",
        "Reader: a page down",
        "reader",
        section=_R,
    ),
    Command(
        "reader_page_up",
        "b,pageup",
        "page(-1)",
        "Page up",
        "Reader: a page up",
        "reader",
        section=_R,
    ),
    Command(
        "reader_top", "g,home", "top", "Top", "Reader: the start of the paper", "reader", section=_R
    ),
    Command(
        "reader_end", "G,end", "end", "End", "Reader: the end of the paper", "reader", section=_R
    ),
    Command(
        "reader_next_section",
        "right_square_bracket",
        "section(1)",
        "Next section",
        "Reader: the next section",
        "reader",
        key_display="]",
        section=_R,
    ),
    Command(
        "reader_previous_section",
        "left_square_bracket",
        "section(-1)",
        "Previous section",
        "Reader: the previous section (or the start of this one)",
        "reader",
        key_display="[",
        section=_R,
    ),
    Command(
        "reader_next_link",
        "tab",
        "link(1)",
        "Next link",
        "Reader: the next link on screen",
        "reader",
        section=_R,
    ),
    Command(
        "reader_previous_link",
        "shift+tab",
        "link(-1)",
        "Previous link",
        "Reader: the previous link on screen",
        "reader",
        section=_R,
    ),
    Command(
        "reader_follow",
        "enter",
        "follow",
        "Follow",
        "Reader: follow the link (a jump inside the paper, or the browser)",
        "reader",
        section=_R,
    ),
    Command(
        "reader_jump_back",
        "backspace",
        "jump_back",
        "Jump back",
        "Reader: back to where the last jump inside the paper started",
        "reader",
        section=_R,
    ),
    Command(
        "reader_outline",
        "t",
        "outline",
        "Outline",
        "Reader: show / go to the outline (sections; Enter jumps)",
        "reader_screen",
        footer=True,
        section=_R,
    ),
    Command(
        "reader_find",
        "slash",
        "find",
        "Find",
        "Reader: find in the paper",
        "reader_screen",
        footer=True,
        key_display="/",
        section=_R,
        priority=True,
    ),
    Command(
        "reader_find_next",
        "n",
        "find_next(1)",
        "Next match",
        "Reader: the next match",
        "reader_screen",
        section=_R,
    ),
    Command(
        "reader_find_previous",
        "N",
        "find_next(-1)",
        "Previous match",
        "Reader: the previous match",
        "reader_screen",
        section=_R,
    ),
    Command(
        "reader_figures",
        "f",
        "figures",
        "Figures",
        "Reader: the figure list (open or copy a figure's link)",
        "reader_screen",
        footer=True,
        section=_R,
    ),
    Command(
        "reader_copy",
        "y",
        "copy_section",
        "Copy section",
        "Reader: copy the section at the top as Markdown, with a link to the paper",
        "reader_screen",
        footer=True,
        section=_R,
    ),
    Command(
        "reader_back",
        "escape,q",
        "back",
        "Back",
        "Reader: back to the papers (Esc also closes the outline or the find box)",
        "reader_screen",
        footer=True,
        section=_R,
        shadows="quit",
    ),
)

COMMANDS: tuple[Command, ...] = (
    # moving around the list
    Command("next", "j,down", "cursor_down", "Next", "Next paper", "list", section="Move"),
    Command("previous", "k,up", "cursor_up", "Previous", "Previous paper", "list", section="Move"),
    Command("first", "g,home", "first", "First", "First paper", "list", section="Move"),
    Command("last", "G,end", "last", "Last", "Last paper", "list", section="Move"),
    Command(
        "page_down", "pagedown", "page_down", "Page down", "One page down", "list", section="Move"
    ),
    Command("page_up", "pageup", "page_up", "Page up", "One page up", "list", section="Move"),
    Command(
        "open_abstract",
        "enter",
        "open_abstract",
        "Read",
        "Focus the abstract (full screen on a narrow terminal)",
        "screen",
        section="Move",
    ),
    Command(
        "abstract_down",
        "j",
        "scroll_down",
        "Scroll down",
        "Scroll the abstract down",
        "abstract",
        footer=True,  # the footer says why j and k scroll
        section="Move",
        group="Scroll",
    ),
    Command(
        "abstract_up",
        "k",
        "scroll_up",
        "Scroll up",
        "Scroll the abstract up",
        "abstract",
        footer=True,  # the footer says why j and k scroll
        section="Move",
        group="Scroll",
    ),
    Command(
        "abstract_page_down",
        "space",
        "page_down",
        "Page down",
        "Scroll the abstract a page down",
        "abstract",
        section="Move",
    ),
    # After the abstract's keys: its footer reads "j k Scroll  esc Back".
    Command(
        "back",
        "escape",
        "back",
        "Back",
        "Back: leave search or the abstract; from tags, bookmarks, archive to the feed",
        "screen",
        section="Move",
    ),
    # views
    Command("day", "d", "view('day')", "Day", "Day view", footer=True, section="Views"),
    Command("week", "w", "view('week')", "Week", "ISO week view", footer=True, section="Views"),
    Command("month", "m", "view('month')", "Month", "Month view", footer=True, section="Views"),
    Command(
        "trending",
        "h",
        "trending",
        "Trending",
        "Trending on Hugging Face, in its order (again: back to the feed)",
        footer=True,
        wide_footer=True,
        section="Views",
    ),
    Command(
        "for_you",
        "F",
        "for_you",
        "For you",
        "For you: the papers your watches match, newest first, new ones marked (again: back)",
        section="Views",
    ),
    Command(
        "watch_search",
        "ctrl+s",
        "watch_search",
        "Watch search",
        "In the search box: save the search as a watch (its papers then show in For you)",
        section="Views",
    ),
    Command(
        "archive",
        "a",
        "archive",
        "Archive",
        "Archive: every cached paper, newest listing day first",
        section="Views",
    ),
    Command(
        "previous_period",
        "left_square_bracket",
        "step(-1)",
        "Previous period",
        "Previous day, week or month",
        key_display="[",
        section="Views",
    ),
    Command(
        "next_period",
        "right_square_bracket",
        "step(1)",
        "Next period",
        "Next day, week or month",
        key_display="]",
        section="Views",
    ),
    Command(
        "latest", "t", "latest", "Latest", "Back to the latest day with papers", section="Views"
    ),
    Command(
        "go_to_date",
        "colon",
        "go_to_date",
        "Go to date",
        "Go to a typed day, week or month",
        key_display=":",
        section="Views",
    ),
    Command(
        "sort",
        "s",
        "toggle_sort",
        "Sort",
        "Sort by upvotes / newest / rising (trending: its rank / upvotes / newest)",
        section="Views",
    ),
    Command("refresh", "r", "refresh", "Refresh", "Refresh this view now", section="Views"),
    Command(
        "search",
        "slash",
        "search",
        "Search",
        "Search the cache as you type, then the web",
        footer=True,
        key_display="/",
        section="Views",
        priority=True,  # "/query" typed in one burst: every letter after the slash is the query
    ),
    Command(
        "bookmarks",
        "B",
        "bookmarks",
        "Bookmarks",
        "Bookmarks view (again: back to the feed)",
        section="Views",
    ),
    Command("tags", "T", "tags", "Tags", "Your tags: pick one to see its papers", section="Views"),
    Command(
        "hide_read",
        "H",
        "toggle_hide_read",
        "Hide read",
        "Hide / show papers already read",
        section="Views",
    ),
    # the paper
    Command(
        "bookmark",
        "b",
        "toggle_bookmark",
        "Bookmark",
        "Bookmark the paper, or unbookmark it",
        footer=True,
    ),
    Command("note", "n", "edit_note", "Note", "Edit the paper's note and tags"),
    Command(
        "linked_repos",
        "L",
        "linked_repos",
        "Linked",
        "The models, datasets and Spaces linked to the paper (open or copy one)",
    ),
    Command(
        "watch_menu",
        "W",
        "watch_menu",
        "Watch…",
        "Watch menu: this paper's authors, organisation or AI keywords (and your watches)",
    ),
    Command(
        "more_like_this",
        "M",
        "more_like_this",
        "More like this",
        "Papers related to this one in your cache, with the reasons (Enter goes to one)",
    ),
    Command("read", "u", "toggle_read", "Read", "Mark the paper read / unread"),
    Command(
        "copy_link",
        "y",
        "copy_link",
        "Copy",
        "Copy the paper's Hugging Face page URL",
        footer=True,
    ),
    Command(
        "copy_menu",
        "Y",
        "copy_menu",
        "Copy…",
        "Copy menu: HF page, arXiv, PDF, GitHub, project page, Markdown link, BibTeX",
    ),
    Command("open_link", "o", "open_link", "Open", "Open the paper's page in the browser"),
    Command(
        "open_menu",
        "O",
        "open_menu",
        "Open…",
        "Open menu: HF page, arXiv, PDF, GitHub, project page",
    ),
    Command(
        "read_paper",
        "p",
        "read_paper",
        "Read",
        "Read the whole paper: outline, find, figures, your place kept",
        footer=True,
    ),
    Command(
        "comments",
        "c",
        "comments",
        "Comments",
        "The paper's discussion: comments, replies, the similar papers (Enter jumps to one)",
    ),  # not in the footer: at 80 columns it would push the main keys off it
    *READER_COMMANDS,
    # the app
    Command(
        "help",
        "question_mark,f1",
        "help",
        "Help",
        "Show every key",
        "app",
        footer=True,
        key_display="?",
        section="App",
    ),
    Command(
        "sync",
        "S",
        "sync_collection",
        "Sync",
        "Sync bookmarks with your Hugging Face collection (both ways; notes travel too)",
        section="App",
    ),
    Command("quit", "q", "quit", "Quit", "Quit", "app", footer=True, section="App"),
)


def binding(command: Command) -> Binding:
    return Binding(
        command.keys,
        command.action,
        command.title,
        show=command.footer,
        key_display=command.key_display,
        id=command.id,
        tooltip=command.help,
        priority=command.priority,
        group=Binding.Group(command.group) if command.group else None,
    )


def bindings_for(target: str) -> list[BindingType]:
    return [binding(c) for c in COMMANDS if c.target == target]


def by_id() -> dict[str, Command]:
    return {c.id: c for c in COMMANDS}


def display_keys(command: Command, keymap: Mapping[str, str] | None = None) -> str:
    """The keys of a command as a person reads them ("j, ↓"), the key map applied."""
    keys = (keymap or {}).get(command.id, command.keys)
    return ", ".join(_pretty(k.strip()) for k in keys.split(",") if k.strip())


_PRETTY = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "colon": ":",
    "space": "Space",
    "shift+tab": "Shift+Tab",
    "backspace": "Backspace",
}


def _pretty(key: str) -> str:
    """``ctrl+b`` → ``Ctrl+B``, ``f1`` → ``F1``, ``question_mark`` → ``?``."""
    if key in _PRETTY:
        return _PRETTY[key]
    for modifier in ("ctrl", "alt", "shift", "meta", "super"):
        if key.startswith(modifier + "+"):
            rest = key[len(modifier) + 1 :]
            shown = _pretty(rest)
            return f"{modifier.title()}+{shown.upper() if len(shown) == 1 else shown}"
    if len(key) in (2, 3) and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    from textual.keys import key_to_character

    character = key_to_character(key)
    return character if character and character.isprintable() and len(key) > 1 else key


# Textual offers a key to the focused widget first, then the screen, then the app; on one of
# them, the binding declared first wins.
_TARGET_ORDER = {"list": 0, "abstract": 0, "reader": 0, "screen": 1, "reader_screen": 1, "app": 2}
# The screens the targets live on: keys of different screens never meet.
_SCREEN_OF = {"list": "main", "abstract": "main", "screen": "main", "app": "app"}


def _meet(first: Command, other: Command) -> bool:
    """Could one key press reach both commands?"""
    if {first.target, other.target} == {"list", "abstract"}:
        return False  # only one of them has the focus
    if other.id == first.shadows or first.id == other.shadows:
        return False
    screens = {_SCREEN_OF.get(first.target, "reader"), _SCREEN_OF.get(other.target, "reader")}
    return "app" in screens or len(screens) == 1


def _winner(first: Command, other: Command) -> tuple[Command, Command]:
    """(the command a shared key runs, the one it never reaches); ``first`` is declared first."""
    if _TARGET_ORDER[other.target] < _TARGET_ORDER[first.target]:
        return other, first
    return first, other


def key_conflicts(keymap: Mapping[str, str] | None = None) -> list[str]:
    """Sentences naming each key that two commands share where both could act at once (the
    list's and the abstract's keys never meet: only one of them has the focus)."""
    seen: dict[str, list[Command]] = {}
    for command in COMMANDS:
        keys = (keymap or {}).get(command.id, command.keys)
        for key in dict.fromkeys(k.strip() for k in keys.split(",") if k.strip()):
            seen.setdefault(key, []).append(command)
    problems = []
    for key, commands in seen.items():
        for index, first in enumerate(commands):
            clash = next(
                (c for c in commands[index + 1 :] if _meet(first, c)),
                None,
            )
            if clash is not None:
                winner, loser = _winner(first, clash)
                where = ""
                if {winner.target, loser.target} & {"list", "abstract"} and (
                    winner.target != loser.target
                ):
                    where = f" while the {winner.target} has the focus"
                problems.append(
                    f"keys: {_pretty(key)} is bound to both {first.id} and {clash.id}; "
                    f"{winner.id} gets it{where}, so give {loser.id} a key of its own."
                )
                break
    return problems


def sections(commands: Iterable[Command] = COMMANDS) -> dict[str, list[Command]]:
    grouped: dict[str, list[Command]] = {}
    for command in commands:
        grouped.setdefault(command.section, []).append(command)
    return grouped
