"""The footer: the main keys in the command table's order, or the search box's own keys.

Textual's footer lists keys in the order the bindings happen to sit in; a key rebound from the
config moves its binding to the end, and the footer's order with it. Here the command table
decides. And while the search box has the focus, letters are the query, so the footer says
what leaves the box instead: ↓ or Enter to the results, Esc back to the view.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from ..commands import COMMANDS, by_id, display_keys
from ..textual_private import (
    FooterKey,
    FooterLabel,
    KeyGroup,
    footer_bindings_ready,
    mark_footer_bindings_ready,
)
from .search_box import SearchBox

ORDER = {command.id: index for index, command in enumerate(COMMANDS)}
WIDE_ONLY = frozenset(command.id for command in COMMANDS if command.wide_footer)
# A dialog's own keys (not in the table: the figure list's) come before the app's (help, quit).
OWN_KEYS = next(i for i, command in enumerate(COMMANDS) if command.target == "app") - 0.5


class CommandFooter(Footer):
    _recompose_queued = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Compose again once for a burst of binding changes: each focus change, mount and
        screen switch signals one, and Textual composed the footer again for every one of
        them (23 times in a start; 11 ms each)."""
        mark_footer_bindings_ready(self)
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._recompose_queued:
            self._recompose_queued = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_queued = False
        await self.recompose()

    def compose(self) -> ComposeResult:
        if not footer_bindings_ready(self):
            return
        if isinstance(self.screen.focused, SearchBox):
            keys = list(self._search_keys())
        else:
            keys = list(self._command_keys())
        self.styles.grid_size_columns = len(keys)
        yield from keys
        yield from self._palette_key()

    def _command_keys(self) -> Iterator[Widget]:
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and not (self.compact and binding.id in WIDE_ONLY):
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        ordered = sorted(shown.values(), key=lambda item: ORDER.get(item[0].id or "", OWN_KEYS))
        # Commands of one group ("j k Scroll") show as one entry: their keys, then its words.
        for group, items in groupby(ordered, lambda item: item[0].group):
            members = list(items)
            if group is not None and len(members) > 1:
                yield KeyGroup(
                    *(self._key(*member, grouped=True) for member in members),
                    classes="-compact" if group.compact else "",
                )
                yield FooterLabel(group.description)
            else:
                yield from (self._key(*member) for member in members)

    def _key(
        self, binding: Binding, enabled: bool, tooltip: str, *, grouped: bool = False
    ) -> FooterKey:
        key = FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            "" if grouped else binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=(tooltip or binding.description) if grouped else tooltip,
            classes="-grouped" if grouped else "",
        )
        return self._settled(key)

    def _search_keys(self) -> Iterator[Widget]:
        back = by_id()["back"]
        keymap = getattr(self.app, "keymap", None)
        leave = display_keys(back, keymap).split(", ")[0]
        first = (keymap or {}).get("back", back.keys).split(",")[0].strip()
        for key, display, words in (
            ("down", "↓ Enter", "Results"),
            (first, leave, "Leave search"),
        ):
            yield self._settled(FooterKey(key, display, words, ""))

    def _settled(self, key: FooterKey) -> FooterKey:
        """``key``, born in the footer's compact state and bound to it. A key that switches
        after mounting restyles itself twice, and the footer is composed again at each focus
        and bindings change: 130 restyles, 0.2 s, in every start at 120 columns."""
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)
        return key.data_bind(compact=Footer.compact)

    def _palette_key(self) -> Iterator[FooterKey]:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None:
            return
        _node, binding, enabled, _tooltip = found
        yield FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            classes="-command-palette",
            disabled=not enabled,
            tooltip=binding.tooltip or binding.description,
        )
