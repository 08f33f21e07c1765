"""The command palette (ctrl+p): every action of the command table, with its current key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from .commands import COMMANDS, READER_SCREEN_ID, Command, display_keys

# Added to the score of a command whose name matches: above any match on help text alone.
NAMED = 1000.0


def highlighted(matcher: Matcher, text: str) -> Content:
    """The fuzzy match highlighted, on plain text (Matcher.highlight would parse markup)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class PaperCommands(Provider):
    def _commands(self) -> list[tuple[Command, str]]:
        """The commands of the screen the palette was opened on, and the app's."""
        keymap = getattr(self.app, "keymap", None)
        reading = self.screen.id == READER_SCREEN_ID
        return [
            (c, display_keys(c, keymap))
            for c in COMMANDS
            if (c.target == "app" or c.target.startswith("reader") == reading) and self._offered(c)
        ]

    def _offered(self, command: Command) -> bool:
        """Not a command the screen refuses now (the reader's Find while there is no text):
        the palette offers what the footer offers."""
        if command.target not in ("screen", "reader_screen"):
            return True
        name = command.action.split("(", 1)[0]
        return self.screen.check_action(name, ()) is not False

    async def _run(self, command: Command) -> None:
        screen = self.app.screen
        if command.target == "app":
            await self.app.run_action(command.action)
            return
        if command.target == "reader":
            node = screen.query_one("#reader-text")
        elif command.target == "list":
            node = screen.query_one("#papers")
        elif command.target == "abstract":
            node = screen.query_one("#abstract")
        else:
            node = screen
        await self.app.run_action(command.action, node)

    async def discover(self) -> Hits:
        for command, keys in self._commands():
            text = f"{command.help}  ({keys})"
            yield DiscoveryHit(
                Content(text), partial(self._run, command), text=text, help=command.section
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, keys in self._commands():
            text = f"{command.help}  ({keys})"
            # A command whose name matches comes first: "book" is Bookmark and Bookmarks, not
            # Back, whose help happens to mention bookmarks. Help-only matches rank below.
            named = matcher.match(command.title)
            score = NAMED + named if named > 0 else matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, text),
                    partial(self._run, command),
                    text=text,
                    help=command.section,
                )
