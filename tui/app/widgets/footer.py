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
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from ..commands import COMMANDS, by_id, display_keys
from .search_box import SearchBox

ORDER = {command.id: index for index, command in enumerate(COMMANDS)}


class CommandFooter(Footer):
    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
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
            if binding.show:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        ordered = sorted(shown.values(), key=lambda item: ORDER.get(item[0].id or "", len(ORDER)))
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
        return FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            "" if grouped else binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=(tooltip or binding.description) if grouped else tooltip,
            classes="-grouped" if grouped else "",
        ).data_bind(compact=Footer.compact)

    def _search_keys(self) -> Iterator[Widget]:
        back = by_id()["back"]
        keymap = getattr(self.app, "keymap", None)
        leave = display_keys(back, keymap).split(", ")[0]
        first = (keymap or {}).get("back", back.keys).split(",")[0].strip()
        for key, display, words in (
            ("down", "↓ Enter", "Results"),
            (first, leave, "Leave search"),
        ):
            yield FooterKey(key, display, words, "").data_bind(compact=Footer.compact)

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
