"""The list pane: one line per paper, drawn with Textual's Line API from a paged row source.

Only the visible lines are ever built (``render_line``), each from a row the source reads a page
at a time, so a 25-paper day and a 200,000-paper archive cost the same to open and to scroll.
Titles are untrusted text: they become plain text segments, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.models import PaperRow
from ...core.reading_position import percent_read
from ..commands import bindings_for
from ..source import RowSource
from ..textual_private import set_virtual_size_quietly
from .colours import background_of, colour_of, muted_on, readable_on, text_on

UPVOTE = "▲"
BOOKMARK = "★"
UNREAD = "●"
FROM_WEB = "⇣"
IN_TEXT = "¶"  # found in the paper's stored full text (not its title or abstract)
WATCHED = "◆"  # matches one of your watches
NEW_FOR_YOU = "✦"  # matches a watch and was not seen in a list before (For you)
WATCH_NAMES = 16  # cells of the For you view's watch names before a title, at most
WATCH_NAMES_LEAST = 5  # fewer cells than this to spare: the names are left to the abstract


# Parts drawn in a muted colour; on the cursor's row, the cursor's text at this opacity.
MUTED = frozenset({"paper-list--rank", "paper-list--comments", "paper-list--read"})
CURSOR_MUTED = 0.85
DIM = Style(dim=True)


def ellipsize(text: str, width: int) -> str:
    """Cut text to ``width`` cells, ending in an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def reading_text(fraction: float | None) -> str:
    """`` 38%``: how far the paper's full text has been read, on the rows of papers whose text
    was opened ("" for the others, whose titles keep the room)."""
    if fraction is None:
        return ""
    return f" {percent_read(fraction)}%"


class PaperList(ScrollView, can_focus=True):
    """A virtual list of papers with a cursor."""

    BINDINGS = bindings_for("list")

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--rank",
        "paper-list--upvotes",
        "paper-list--comments",
        "paper-list--bookmark",
        "paper-list--unread",
        "paper-list--read",
        "paper-list--web",
        "paper-list--text",
        "paper-list--progress",
        "paper-list--match",
        "paper-list--watch",
    }

    # A var, not a reactive: a reactive repaints the whole list on every move, where only the
    # two rows the cursor leaves and enters change (watch_cursor refreshes just those).
    cursor: var[int] = var(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor is on another paper (or on none: ``row`` is None)."""

        paper_list: PaperList
        row: PaperRow | None
        index: int

        @property
        def control(self) -> PaperList:
            return self.paper_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source: RowSource | None = None
        # Called at once when the cursor moves, so the abstract pane changes in the same frame
        # as the list: a message would be handled a frame later (measured: 2 frames per key).
        self.on_highlight: Callable[[PaperList.Highlighted], None] | None = None
        self.show_rising = False  # add "+12" (upvotes in the last 24 h) after the upvotes
        self._last_announced: tuple[str | None, int] | None = None
        self._part_styles: dict[tuple[str, bool], Style] = {}
        self.match: re.Pattern[str] | None = None  # the search's words, marked in titles
        self.show_watches = False  # the For you view: which watch matched, before each title
        self.watch_column = False  # a column for the watch marks (only once there are watches)
        # The papers drawn with a watch's mark since the screen last took them: seen, so no
        # longer new for you (drawn is what the user saw, not the page that was read).
        self.watched_drawn: set[str] = set()

    # --- data -------------------------------------------------------------------------------

    def set_source(
        self, source: RowSource, *, cursor: int = 0, scroll_y: int | None = None
    ) -> None:
        """Show another view (or the same view, re-read). Keeps the cursor where asked."""
        self.source = source
        count = len(source)
        self._set_virtual_size(Size(self.size.width, count))
        cursor = max(0, min(cursor, count - 1)) if count else 0
        self._scroll_top_to(scroll_y or 0)
        self._last_announced = None
        self.cursor = cursor
        self.refresh()

    def set_match(self, match: re.Pattern[str] | None) -> None:
        """Mark these words in the titles (None: mark nothing)."""
        if match != self.match:
            self.match = match
            self.refresh()

    @property
    def count(self) -> int:
        return len(self.source) if self.source is not None else 0

    @property
    def current(self) -> PaperRow | None:
        if self.source is None:
            return None
        return self.source.row(self.cursor)

    # --- cursor -----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        count = self.count
        return max(0, min(value, count - 1)) if count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if not self._scroll_cursor_into_view():
            # The rows did not move: only the two the cursor left and entered change.
            self.refresh(Region(0, old - self.scroll_offset.y, self.size.width, 1))
            self.refresh(Region(0, new - self.scroll_offset.y, self.size.width, 1))
        row = self.current
        key = (row.id if row else None, new)
        if key != self._last_announced:
            self._last_announced = key
            message = self.Highlighted(self, row, new)
            if self.on_highlight is not None:
                self.on_highlight(message)
            else:
                self.post_message(message)

    def _scroll_top_to(self, top: int) -> bool:
        """Put row ``top`` at the top of the pane; True when the rows moved.

        Through the ``scroll_y`` reactive, whose watcher repaints the whole pane and moves the
        scrollbar: every visible row changes when the list scrolls. (``set_scroll`` skips the
        watcher: the pane kept its old rows around the two the cursor touched.)
        """
        top = max(0, min(top, self.count - self._visible_height()))
        if top == round(self.scroll_y):
            return False
        self.scroll_target_y = self.scroll_y = top
        return True

    def _visible_height(self) -> int:
        return self.scrollable_content_region.height or self.size.height

    def _scroll_cursor_into_view(self) -> bool:
        """Scroll the least that shows the cursor's row; True when the rows moved."""
        height = self._visible_height()
        if height <= 0:
            return False
        top = round(self.scroll_y)
        if self.cursor < top:
            return self._scroll_top_to(self.cursor)
        if self.cursor >= top + height:
            return self._scroll_top_to(self.cursor - height + 1)
        return False

    def _page_height(self) -> int:
        return max(1, self._visible_height() - 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.count - 1

    def action_page_down(self) -> None:
        page = self._page_height()
        self._scroll_top_to(round(self.scroll_y) + page)
        self.cursor += page

    def action_page_up(self) -> None:
        page = self._page_height()
        self._scroll_top_to(round(self.scroll_y) - page)
        self.cursor -= page

    async def _on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.count:
            self.cursor = index

    def _set_virtual_size(self, size: Size) -> None:
        """Without the reactive's screen-wide relayout: only this list's scrollbar depends on it
        (measured: a relayout is one more frame, ~30 ms, on every search keystroke)."""
        if size != self.virtual_size:
            set_virtual_size_quietly(self, size)

    def on_resize(self, event: events.Resize) -> None:
        self._set_virtual_size(Size(event.size.width, self.count))
        self._scroll_cursor_into_view()

    # --- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._part_styles.clear()  # a new theme, or focus came or went (the cursor's look)

    def _part(self, name: str, on_cursor: bool) -> Style:
        """The style of one part of a row, its colour resolved on the row's own background: on
        the cursor's row every part takes the cursor's text colour (accents and muted greys
        are not readable on every theme's cursor), the muted parts a little dimmer."""
        key = (name, on_cursor)
        style = self._part_styles.get(key)
        if style is None:
            style = self._part_styles[key] = self._resolve_part(name, on_cursor)
        return style

    def _resolve_part(self, name: str, on_cursor: bool) -> Style:
        _, background = self.background_colors
        if not on_cursor:
            if name == "line":
                return self.rich_style
            part = self.get_component_styles(name)
            color = colour_of(part, background)
            style = self.rich_style
            if name in MUTED:
                if color.ansi is not None or background.ansi is not None:
                    style += DIM  # an ANSI theme has no colour to fade toward
                else:
                    text = Color.from_rich_color(style.color)
                    color = muted_on(background, text, background + color)
            return style + text_on(background, color, part.text_style)
        cursor = self.get_component_styles("paper-list--cursor")
        cursor_background = background_of(background, cursor.background)
        color = readable_on(cursor_background, colour_of(cursor, cursor_background))
        line = Style(bgcolor=cursor_background.rich_color)
        line += text_on(cursor_background, color, cursor.text_style)
        if name in MUTED:
            line += text_on(cursor_background, color.multiply_alpha(CURSOR_MUTED))
        if name != "line":
            line += self.get_component_styles(name).text_style  # a match stays underlined
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        index = self.scroll_offset.y + y
        row = self.source.row(index) if self.source is not None else None
        if row is None:
            return Strip.blank(width, self.rich_style)
        if row.watches:
            self.watched_drawn.add(row.id)
        return Strip(self._segments(row, index, width, index == self.cursor), width).simplify()

    def _segments(self, row: PaperRow, index: int, width: int, on_cursor: bool) -> list[Segment]:
        rank_width = len(str(max(1, self.count)))
        if row.trend_rank is not None:  # Hugging Face's rank, whatever the sort: "#1"
            rank = f"{'#' + str(row.trend_rank):>{rank_width + 1}} "
        else:
            rank = f"{index + 1:>{rank_width}} "
        votes = f"{UPVOTE}{row.upvotes:>4} " if row.upvotes is not None else f"{UPVOTE}   - "
        if self.show_rising:
            votes += f"{'+' + str(row.rising) if row.rising else '':>5} "
        # A fixed-width column, so that the titles' ellipses line up.
        comments = f"{row.comments}c".rjust(4) if row.comments else " " * 4
        # A web find is never a local full-text hit: one column holds either mark.
        found = (
            (FROM_WEB, "paper-list--web")
            if row.from_web
            else (IN_TEXT, "paper-list--text")
            if row.text_hit is not None
            else (" ", "line")
        )
        progress = reading_text(row.reading)
        marks = [
            found,
            (BOOKMARK, "paper-list--bookmark") if row.bookmarked else (" ", "line"),
            (UNREAD, "paper-list--unread") if not row.read else (" ", "line"),
        ]
        if self.watch_column:
            marks.append(
                (NEW_FOR_YOU, "paper-list--watch")
                if row.new_for_you
                else (WATCHED, "paper-list--watch")
                if row.watches
                else (" ", "line")
            )
        # Watch names are the user's own words, cleaned when saved: plain text, never markup.
        tail = len(progress) + len(comments) + 1 + len(marks)
        names = ""
        # At most a third of the room a title has, so that a narrow list keeps its titles.
        room = min(WATCH_NAMES, (width - len(rank) - len(votes) - tail - 1) // 3)
        if self.show_watches and row.watches and room >= WATCH_NAMES_LEAST:
            names = ellipsize(", ".join(row.watches), room) + " · "
        title_width = max(0, width - len(rank) - len(votes) - cell_len(names) - tail - 1)
        title = ellipsize(row.title, title_width)
        padding = " " * max(0, title_width - cell_len(title))
        part = self._part
        line = part("line", on_cursor)
        title_style = part("paper-list--read", on_cursor) if row.read else line
        segments = [
            Segment(" ", line),
            Segment(rank, part("paper-list--rank", on_cursor)),
            Segment(votes, part("paper-list--upvotes", on_cursor)),
            *([Segment(names, part("paper-list--watch", on_cursor))] if names else []),
            *self._title(title, title_style, on_cursor),
            Segment(padding, line),
        ]
        if progress:
            segments.append(Segment(progress, part("paper-list--progress", on_cursor)))
        segments += [
            Segment(comments, part("paper-list--comments", on_cursor)),
            Segment(" ", line),
        ]
        segments.extend(Segment(mark, part(component, on_cursor)) for mark, component in marks)
        return segments

    def _title(self, title: str, style: Style, on_cursor: bool) -> list[Segment]:
        """The title, with the search's words marked."""
        if self.match is None:
            return [Segment(title, style)]
        segments = []
        end = 0
        for found in self.match.finditer(title):
            if found.start() > end:
                segments.append(Segment(title[end : found.start()], style))
            segments.append(Segment(found.group(), self._part("paper-list--match", on_cursor)))
            end = found.end()
        segments.append(Segment(title[end:], style))
        return segments
