"""The header line: the view, its paper count, and the cache state that cache_state.py words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

# What the sort and filter words become on a narrow terminal.
SHORT = {
    "by upvotes": "upvotes",
    "newest first": "newest",
    "newest listing day first": "newest",
    "rising: upvotes in 24 h": "rising",
    "rising: no history yet": "rising: no history",
    "best match first": "",
    "read papers hidden": "unread",
}


def short_label(label: str) -> str:
    """A view's name for a narrow terminal: "Fri 31 Jul 2026" for "Daily · Fri 31 Jul 2026",
    "Week 2026-W31" for "Week 2026-W31 (27 Jul–2 Aug)"; the count and state still fit beside it."""
    label = label.removeprefix("Daily · ")
    if label.startswith("Week ") and label.endswith(")"):
        label = label.partition(" (")[0]
    return label


class HeaderLine(Horizontal):
    """``Daily · Fri 31 Jul 2026 · 30 papers`` on the left, the cache state on the right."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._shown: dict[str, tuple[str, tuple[object, ...], int]] = {}
        self._short = ""  # the narrow sort words, and whether a state follows them
        self._has_state = False

    def compose(self) -> ComposeResult:
        yield Static(id="header-view")
        yield Static(id="header-view-short")  # in its place below 100 columns
        yield Static(id="header-sort")
        yield Static(id="header-sort-short")  # in its place below 100 columns
        yield Static(id="header-state")

    def set_view(self, label: str, count: int | str, extra: str = "") -> None:
        noun = "paper" if count in (1, "1") else "papers"
        count_text = f"{count:,}" if isinstance(count, int) else count
        parts: list[str | tuple[str, str]] = [
            (f" {label}", "bold"),
            (f" · {count_text} {noun}", ""),
        ]
        self._put("#header-view", Content.assemble(*parts))
        parts[0] = (f" {short_label(label)}", "bold")
        self._put("#header-view-short", Content.assemble(*parts))
        self._put("#header-sort", Content.styled(f"{extra}  ", "$text-muted"))
        self._short = " · ".join(
            word for part in extra.split(" · ") if part and (word := SHORT.get(part, part))
        )
        self._put_short()

    def set_state(self, text: str, *, warning: bool = False) -> None:
        style = "$text-warning" if warning else "$text-muted"
        self._put("#header-state", Content.styled(f"{text} ", style))
        self._has_state = bool(text)
        self._put_short()

    def _put_short(self) -> None:
        """The narrow sort words, with a separator before the state: side by side, "newest"
        and "offline — …" would read as one phrase ("newest offline")."""
        short = self._short
        text = f" {short} · " if short and self._has_state else f" {short} " if short else ""
        self._put("#header-sort-short", Content.styled(text, "$text-muted"))

    def _put(self, selector: str, content: Content) -> None:
        """Update one part, laying out the screen only when its width changes: a layout
        re-renders both panes (measured: ~25 ms on every search keystroke)."""
        static = self.query_one(selector, Static)
        shown = (content.plain, tuple(content.spans))  # Content's == ignores the styles
        old = self._shown.get(selector)
        if old is not None and old[:2] == shown:
            return
        self._shown[selector] = (*shown, content.cell_length)
        fixed = selector.startswith("#header-view")  # 1fr wide: its text never changes its size
        resized = old is None or old[2] != content.cell_length
        static.update(content, layout=resized and not fixed)
