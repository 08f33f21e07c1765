"""The reader's text: a whole paper in one Line API view, laid out lazily.

A paper is hundreds of blocks and thousands of lines. Only the blocks on screen are wrapped
before a frame is drawn; the others have an estimated height until small slices of work (a few
milliseconds each, between keys and frames) wrap them all. Wrapped blocks sit in an LRU, so a
long paper never holds all its lines at once. Positions are kept as (block, line in it): a
block whose estimate turns out wrong, or a resize, never moves the block at the top.

Every piece of paper text is network text: it is cleaned of escape and control characters and
added to rich ``Text`` as a plain string, never parsed as markup; a link is a number in an
``@click`` action, never its URL, and only a "#anchor" or a plain http(s) URL is followed.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.reader.block import Block
from ...core.reader.document import Document
from ...core.reader.sections import heading_label
from ...core.text import safe_url, strip_unsafe
from ..commands import bindings_for
from ..textual_private import set_virtual_size_quietly

MARGIN = 2  # cells left of the text
MAX_TEXT_WIDTH = 96  # a line of prose stays readable on a wide terminal
SLICE = 0.006  # seconds of background layout at a time: keys and frames go between slices
CACHED_BLOCKS = 150  # wrapped blocks kept; the rest are wrapped again when shown
_SPACES = re.compile(r"[ \t\u00a0]+")
_INVISIBLE = re.compile("[\u2061\u2062\u2063\u2064\u200b]")


@dataclass(frozen=True, slots=True)
class Link:
    block: int
    start: int  # offsets in the block's plain text
    end: int
    target: str  # "#anchor" or a plain http(s) URL


@dataclass(slots=True)
class Laid:
    """A block wrapped at one width: its lines (``width`` cells each, margin included) and the
    offset in the block's plain text where each line starts."""

    strips: list[Strip]
    starts: list[int]


@dataclass(slots=True)
class Piece:
    text: str
    style: str  # a component class, or ""
    link: int = -1  # index into the block's links


class ReaderView(ScrollView, can_focus=True):
    BINDINGS = bindings_for("reader")
    COMPONENT_CLASSES = {
        "reader--title",
        "reader--heading",
        "reader--subheading",
        "reader--math",
        "reader--code",
        "reader--link",
        "reader--link-focused",
        "reader--match",
        "reader--current-match",
        "reader--figure",
        "reader--pre",
        "reader--note",
        "reader--quote",
        "reader--bullet",
    }

    class Follow(Message):
        """A link was followed: ``target`` is "#anchor" or a plain http(s) URL."""

        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self._plain: list[str | None] = []
        self._pieces: dict[int, list[Piece]] = {}
        self._links: dict[int, list[Link]] = {}
        self._heights: list[int] = []
        self._exact: list[bool] = []
        self._starts: list[int] = [0]
        self._laid: LRUCache[int, Laid] = LRUCache(CACHED_BLOCKS)
        self._width = 0  # the width blocks are laid out at (whole lines, margin included)
        self._next_exact = 0  # where the background layout goes on
        self._layout_timer: object = None
        self._place: tuple[int, int, int] | None = None  # what on_move was last called for
        # find: (block, start, end) in reading order; the current one; blocks with a match
        self.matches: list[tuple[int, int, int]] = []
        self.current_match = -1
        self._match_blocks: dict[int, list[int]] = {}
        self.focused_link: Link | None = None
        self.jumps: list[int] = []  # blocks jumps inside the paper started from
        self.stall = 0.0  # the longest slice of layout, for the benchmark
        # Called when the place changes: the line at the top, the paper's length in lines, or
        # the section shown (the outline and the status line follow).
        self.on_move: Callable[[], None] = lambda: None

    # --- the document -------------------------------------------------------------------------

    def show(self, document: Document, *, top_block: int = 0) -> None:
        self._forget(document)
        self._width = 0
        self._relayout(top_block, 0.0)

    def clear(self) -> None:
        """No text: the screen is kept for the next paper, which shows here from its start."""
        self._forget(None)
        self._waiting_top = self._waiting_find = None
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _forget(self, document: Document | None) -> None:
        """Nothing left of the last text: its lines, layout, matches, links and jumps."""
        self.document = document
        self._plain = [None] * len(document.blocks) if document is not None else []
        self._heights, self._exact, self._starts = [], [], [0]
        self._joined = None
        self._pieces.clear()
        self._links.clear()
        self._laid.clear()
        self.matches, self.current_match, self._match_blocks = [], -1, {}
        self.focused_link = None
        self.jumps = []
        self._place = None

    @property
    def block_count(self) -> int:
        return len(self._heights)

    def plain(self, index: int) -> str:
        """Block ``index`` as the screen shows its words (cleaned, math as Unicode)."""
        text = self._plain[index]
        if text is None:
            text = "".join(piece.text for piece in self._pieces_of(index))
            self._plain[index] = text
        return text

    def _pieces_of(self, index: int) -> list[Piece]:
        pieces = self._pieces.get(index)
        if pieces is not None:
            return pieces
        assert self.document is not None
        block = self.document.blocks[index]
        pieces, links = _block_pieces(block, index)
        self._pieces[index] = pieces
        if links:
            self._links[index] = links
        if len(self._pieces) > CACHED_BLOCKS * 4:
            self._pieces.pop(next(iter(self._pieces)))
        return pieces

    def links(self, index: int) -> list[Link]:
        self._pieces_of(index)
        return self._links.get(index, [])

    # --- layout -------------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def _inner(self, width: int) -> int:
        return max(10, min(width - MARGIN - 1, MAX_TEXT_WIDTH))

    def _estimate(self, index: int, width: int) -> int:
        assert self.document is not None
        block = self.document.blocks[index]
        inner = self._inner(width)
        if block.kind == "pre":
            lines = sum(1 + len(line) // inner for line in block.text.split("\n"))
        else:
            lines = 1 + len(block.text) // max(1, inner - 8)
        return lines + self._gap(index)

    def _gap(self, index: int) -> int:
        """Blank lines after block ``index``: one, none between items of one list."""
        assert self.document is not None
        blocks = self.document.blocks
        if index + 1 < len(blocks) and blocks[index].kind == blocks[index + 1].kind == "list_item":
            return 0
        return 1

    def _relayout(self, top_block: int, fraction: float) -> None:
        """Lay out again at the current width, with ``top_block`` at the top (``fraction`` of
        the way into it)."""
        width = self.text_width
        if self.document is None or width <= 0:
            self._waiting_top = (top_block, fraction)  # laid out once the view has a size
            return
        self._waiting_top = None
        self._width = width
        self._laid.clear()
        self._joined = None  # found again from this layout's text: never an older one's
        count = len(self.document.blocks)
        self._heights = [self._estimate(i, width) for i in range(count)]
        self._exact = [False] * count
        self._next_exact = 0
        top_block = min(max(top_block, 0), max(count - 1, 0))
        if count:
            self._laid_block(top_block)
        self._restart()
        self._starts_stale = False
        offset = round(fraction * self._heights[top_block]) if count else 0
        self._scroll_to_line(self._starts[top_block] + offset if count else 0)
        self._fill_screen()
        self._schedule()
        self.refresh()
        if self._waiting_find is not None:  # asked for before the view had a size
            words, self._waiting_find = self._waiting_find, None
            self.find(words)
            self.on_move()

    _waiting_find: str | None = None

    def _restart(self) -> None:
        self._starts = [0, *accumulate(self._heights)]
        size = Size(self._width, self._starts[-1])
        if size != self.virtual_size:
            set_virtual_size_quietly(self, size)

    def _laid_block(self, index: int) -> Laid:
        laid = self._laid.get(index)
        if laid is None:
            laid = self._lay_out(index)
            self._laid[index] = laid
            height = len(laid.strips)
            if not self._exact[index]:
                self._exact[index] = True
            if self._heights[index] != height:
                self._heights[index] = height
                self._starts_stale = True
        return laid

    _starts_stale = False  # heights changed since the starts were summed
    _background_changed = False  # ... by the background layout: summed once it is done

    def _lay_out(self, index: int) -> Laid:
        width = self._width
        inner = self._inner(width)
        console = self.app.console
        base = self.visual_style.rich_style
        styles = self._styles()
        assert self.document is not None
        block = self.document.blocks[index]
        text = self._text(index, styles)
        indent, hanging = _indents(block)
        wrap_width = max(8, inner - indent - hanging)
        lines = text.wrap(console, wrap_width, overflow="fold", no_wrap=False)
        strips: list[Strip] = []
        starts: list[int] = []
        offset = 0
        plain = text.plain
        for number, line in enumerate(lines):
            starts.append(offset)
            offset += len(line.plain)
            if offset < len(plain) and plain[offset] == "\n":
                offset += 1
            lead = MARGIN + indent + (hanging if number else 0)
            segments = [Segment(" " * lead)]
            if block.kind == "list_item" and number == 0:
                segments.append(Segment(_bullet(block) + " ", styles["reader--bullet"]))
            segments += line.render(console)
            used = sum(segment.cell_length for segment in segments)
            if used < width:
                segments.append(Segment(" " * (width - used)))
            strip = Strip(Segment.apply_style(segments, base), max(used, width))
            strips.append(strip if used <= width else strip.crop(0, width))
        blank = Strip.blank(width, base)
        for _ in range(self._gap(index)):
            strips.append(blank)
            starts.append(len(plain))
        return Laid(strips, starts)

    def _styles(self) -> dict[str, Style]:
        """The component classes' styles, looked up once per theme (a look-up is ~0.1 ms)."""
        if self._part_styles is None:
            self._part_styles = {
                name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES
            }
        return self._part_styles

    _part_styles: dict[str, Style] | None = None

    def _text(self, index: int, styles: dict[str, Style]) -> Text:
        pieces = self._pieces_of(index)
        text = Text(end="")
        for piece in pieces:
            style = styles.get(piece.style) or _EMPHASIS.get(piece.style) or Style.null()
            if piece.link >= 0:
                focused = self.focused_link
                link = self._links[index][piece.link]
                name = "reader--link-focused" if focused == link else "reader--link"
                click = Style.from_meta({"@click": f"click_link({index},{piece.link})"})
                style = style + styles[name] + click
            text.append(piece.text, style)
        for match in self._match_blocks.get(index, ()):
            _block, start, end = self.matches[match]
            name = "reader--current-match" if match == self.current_match else "reader--match"
            text.stylize(styles[name], start, end)
        return text

    def _fill_screen(self) -> None:
        """Wrap every block on screen now, so the frame drawn next is exact. The block at the
        top stays where it is; only blocks below it can change height."""
        if self.document is None or not self._heights:
            return
        y = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height or self.size.height
        top = self.block_at(y)
        offset = y - self._starts[top]
        index, covered = top, 0
        while index < len(self._heights) and covered <= offset + height:
            self._laid_block(index)
            covered += self._heights[index]
            index += 1
        if self._starts_stale or self._background_changed:
            self._restart()
            self._starts_stale = self._background_changed = False
            self._scroll_to_line(self._starts[top] + offset)
        self._note_place()

    def _schedule(self) -> None:
        if self._layout_timer is None and self._next_exact < len(self._heights):
            self._layout_timer = self.set_timer(0.004, self._layout_more)

    def _moved_on(self) -> None:
        """After a move: the page beyond the screen is drawn in the next pause."""
        if self._layout_timer is None:
            self._layout_timer = self.set_timer(0.02, self._layout_more)

    def _layout_more(self) -> None:
        """One slice of the background layout: exact heights for the blocks not yet wrapped.
        The heights take effect (and the scrollbar with them) at the end, or when the screen
        needs them: a repaint per slice would cost more than the slices."""
        self._layout_timer = None
        if self.document is None:
            return
        started = time.perf_counter()
        deadline = started + SLICE
        count = len(self._heights)
        self._lay_out_near(deadline)
        while self._next_exact < count and time.perf_counter() < deadline:
            index = self._next_exact
            self._next_exact += 1
            if self._exact[index]:
                continue
            height = self._height(index)
            self._exact[index] = True
            if height != self._heights[index]:
                self._heights[index] = height
                self._background_changed = True
        if self._next_exact >= count and self._background_changed:
            self._fill_screen()  # the new heights summed, the block at the top kept in place
        self.stall = max(self.stall, time.perf_counter() - started)
        self._schedule()

    def _lay_out_near(self, deadline: float) -> None:
        """Draw the blocks of the page above and below the screen ahead of time, so that a
        PgDn or PgUp finds its lines drawn."""
        if not self._heights:
            return
        y = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height or self.size.height
        first, last = self.block_at(y - height), self.block_at(y + 2 * height)
        for index in range(first, last + 1):
            if time.perf_counter() >= deadline:
                return
            if index not in self._laid:
                self._laid_block(index)
        if self._starts_stale:  # blocks off screen: summed with the background layout's
            self._starts_stale = False
            self._background_changed = True

    def _height(self, index: int) -> int:
        """Block ``index``'s lines, without drawing them: wrapping depends on the words only."""
        laid = self._laid.get(index)
        if laid is not None:
            return len(laid.strips)
        assert self.document is not None
        block = self.document.blocks[index]
        indent, hanging = _indents(block)
        width = max(8, self._inner(self._width) - indent - hanging)
        lines = Text(self.plain(index), end="").wrap(self.app.console, width, overflow="fold")
        return len(lines) + self._gap(index)

    @property
    def laid_out(self) -> bool:
        """Has every block been wrapped at this width?"""
        return self._next_exact >= len(self._heights)

    def finish_layout(self) -> None:
        """Wrap every block now (tests, and the end of the paper)."""
        while not self.laid_out:
            self._layout_more()

    def _scroll_to_line(self, y: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        y = max(0, min(y, self._starts[-1] - height))
        if y != round(self.scroll_offset.y):
            self.scroll_to(y=y, animate=False, immediate=True)
            self.refresh()

    _waiting_top: tuple[int, float] | None = None

    def on_resize(self) -> None:
        if self.document is None or (self.text_width == self._width and not self._waiting_top):
            self._fill_screen()
            return
        top, fraction = self._waiting_top or self.position()
        self._relayout(top, fraction)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._part_styles = None
        self._laid.clear()  # a theme change: the colours are in the strips
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._waiting_top is not None and self.text_width > 0:
            self._relayout(*self._waiting_top)  # the size is known now: this frame shows text
        self._fill_screen()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.text_width
        base = self.visual_style.rich_style
        line = round(self.scroll_offset.y) + y
        if self.document is None or not self._heights or line >= self._starts[-1]:
            return Strip.blank(width, base)
        index = self.block_at(line)
        laid = self._laid_block(index)
        row = line - self._starts[index]
        if 0 <= row < len(laid.strips):
            strip = laid.strips[row]
            return strip if strip.cell_length == width else strip.crop_extend(0, width, base)
        return Strip.blank(width, base)

    # --- where the reader is ------------------------------------------------------------------

    def block_at(self, y: int) -> int:
        return max(0, min(bisect_right(self._starts, y) - 1, len(self._heights) - 1))

    def position(self) -> tuple[int, float]:
        """The block at the top and how far into it (0-1) the top of the screen is."""
        if not self._heights:
            return 0, 0.0
        y = round(self.scroll_offset.y)
        index = self.block_at(y)
        return index, (y - self._starts[index]) / max(1, self._heights[index])

    @property
    def top_block(self) -> int:
        return self.position()[0]

    @property
    def fraction_read(self) -> float:
        """How far down the paper the top of the screen is: 0.0 at the start, 1.0 at the end
        (the bottom of the screen would say 60% of a paper just opened). A text that fits on
        one screen is read whole."""
        end = self._end_line()
        if end <= 0:
            return 1.0
        return min(1.0, max(0.0, round(self.scroll_offset.y) / end))

    def _end_line(self) -> int:
        """The line at the top of the screen at the end of the paper."""
        total = self._starts[-1] if self._starts else 0
        return total - (self.scrollable_content_region.height or self.size.height)

    @property
    def section_block(self) -> int:
        """The block whose section the screen shows: the first block with words at the top (not
        one whose blank line after it is all that is left of it); at the end of the paper, the
        last heading on screen, since no later section can ever come to the top."""
        if self.document is None or not self._heights:
            return 0
        y = round(self.scroll_offset.y)
        index = self.block_at(y)
        end = self._end_line()
        if 0 < end <= y:
            height = self.scrollable_content_region.height or self.size.height
            outline = self.document.outline
            last = bisect_right(outline, self.block_at(y + height - 1)) - 1
            if last >= 0 and self._starts[outline[last]] >= y:
                return outline[last]
        if y - self._starts[index] >= self._heights[index] - self._gap(index):
            index = min(index + 1, len(self._heights) - 1)
        return index

    def _note_place(self) -> None:
        place = (round(self.scroll_offset.y), self._starts[-1], self.section_block)
        if place != self._place:
            self._place = place
            self.on_move()  # at once: the status line and the outline change in the same frame

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._note_place()
        self._moved_on()

    def go_to_block(self, index: int, *, row: int = 0, lead: int = 0) -> None:
        """Put line ``row`` of block ``index`` ``lead`` lines below the top of the screen."""
        if not self._heights:
            return
        index = min(max(index, 0), len(self._heights) - 1)
        self._laid_block(index)
        if self._starts_stale:
            self._restart()
            self._starts_stale = False
        self._scroll_to_line(self._starts[index] + row - lead)
        self._fill_screen()

    # --- moving -------------------------------------------------------------------------------

    def action_scroll_lines(self, count: int) -> None:
        self._scroll_to_line(round(self.scroll_offset.y) + count)

    def action_page(self, direction: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        self._scroll_to_line(round(self.scroll_offset.y) + direction * max(1, height - 2))

    def action_top(self) -> None:
        self._scroll_to_line(0)

    def action_end(self) -> None:
        self.finish_layout()  # the end is where every block's exact height says it is
        self._scroll_to_line(self._starts[-1])

    def section_step(self, direction: int) -> int | None:
        """The heading ``]`` (1) or ``[`` (-1) goes to."""
        if self.document is None:
            return None
        outline = self.document.outline
        top, fraction = self.position()
        if direction > 0:
            return next((i for i in outline if i > top), None)
        at_start = fraction == 0
        earlier = [i for i in outline if i < top or (i == top and not at_start)]
        return earlier[-1] if earlier else None

    def action_section(self, direction: int) -> None:
        target = self.section_step(direction)
        if target is not None:
            self.go_to_block(target)

    # --- find ---------------------------------------------------------------------------------

    def find(self, words: str) -> None:
        """Mark every match of ``words`` (ignoring case unless they have a capital) and go to
        the first one at or below the top of the screen."""
        if self.document is not None and not self._heights:
            self._waiting_find = words  # found once the view has a size and the text its lines
            return
        old = set(self._match_blocks)
        self.matches, self.current_match, self._match_blocks = [], -1, {}
        words = " ".join(words.split())
        if words and self.document is not None:
            text, lowered, starts = self._haystack()
            flags = 0
            if not any(c.isupper() for c in words):  # no capital: case is ignored
                if lowered is not None:  # a plain search of the lowered text: 5× faster
                    text, words = lowered, words.lower()
                else:
                    flags = re.IGNORECASE
            pattern = re.compile(re.escape(words).replace(r"\ ", r"\s+"), flags)
            for found in pattern.finditer(text):
                index = bisect_right(starts, found.start()) - 1
                start, end = found.start() - starts[index], found.end() - starts[index]
                self._match_blocks.setdefault(index, []).append(len(self.matches))
                self.matches.append((index, start, end))
        for index in old | set(self._match_blocks):
            self._laid.discard(index)
        if self.matches:
            top = self.top_block
            first = next((n for n, m in enumerate(self.matches) if m[0] >= top), 0)
            self.go_to_match(first)
        self.refresh()

    def _haystack(self) -> tuple[str, str | None, list[int]]:
        """Every block's words in one string (blocks apart by a character no search matches),
        the same lowered (None where lowering changes a length: offsets would move), and where
        each block starts in it: one regex pass finds every match."""
        document = self.document
        assert document is not None
        if self._joined is None or self._joined_of is not document:
            # Every block of the document (not of the layout, which may not be made yet).
            plains = [self.plain(index) for index in range(len(document.blocks))]
            starts = [0, *accumulate(len(text) + 1 for text in plains)][:-1]
            text = "\x00".join(plains)
            lowered = text.lower()
            self._joined = (text, lowered if len(lowered) == len(text) else None, starts)
            self._joined_of = document
        return self._joined

    _joined: tuple[str, str | None, list[int]] | None = None
    _joined_of: Document | None = None  # the document the haystack was made of

    def go_to_match(self, number: int) -> None:
        if not self.matches:
            return
        previous = self.current_match
        self.current_match = number % len(self.matches)
        index, start, _end = self.matches[self.current_match]
        if previous >= 0:
            self._laid.discard(self.matches[previous][0])
        self._laid.discard(index)
        laid = self._laid_block(index)
        row = max(0, bisect_right(laid.starts, start) - 1)
        self._show_row(index, row)
        self.refresh()

    def _show_row(self, index: int, row: int) -> None:
        """Scroll so that line ``row`` of block ``index`` is on screen, a third of the way
        down when it has to move."""
        if self._starts_stale:
            self._restart()
            self._starts_stale = False
        line = self._starts[index] + row
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height or self.size.height
        if not top <= line < top + height:
            self.go_to_block(index, row=row, lead=height // 3)

    def next_match(self, direction: int) -> None:
        if not self.matches:
            return
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height or self.size.height
        if self.current_match >= 0 and self._match_line(self.current_match) in range(
            top, top + height
        ):
            self.go_to_match(self.current_match + direction)
            return
        # The current match is off screen: the next one below (or above) the screen.
        lines = [(self._match_line(n), n) for n in range(len(self.matches))]
        if direction > 0:
            found = next((n for line, n in lines if line >= top), 0)
        else:
            found = next((n for line, n in reversed(lines) if line < top + height), -1)
        self.go_to_match(found)

    def _match_line(self, number: int) -> int:
        index, start, _end = self.matches[number]
        laid = self._laid_block(index)
        if self._starts_stale:
            self._restart()
            self._starts_stale = False
        return self._starts[index] + max(0, bisect_right(laid.starts, start) - 1)

    # --- links --------------------------------------------------------------------------------

    def _visible_links(self) -> list[Link]:
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height or self.size.height
        found = []
        for index in range(self.block_at(top), self.block_at(top + height - 1) + 1):
            links = self.links(index)
            if not links:
                continue
            laid = self._laid_block(index)
            for link in links:
                row = max(0, bisect_right(laid.starts, link.start) - 1)
                if top <= self._starts[index] + row < top + height:
                    found.append(link)
        return found

    def action_link(self, direction: int) -> None:
        links = self._visible_links()
        if not links:
            self.notify("No links on screen.", timeout=2, markup=False)
            return
        if self.focused_link in links:
            number = links.index(self.focused_link) + direction
            if not 0 <= number < len(links):
                number %= len(links)
        else:
            number = 0 if direction > 0 else len(links) - 1
        self._focus_link(links[number])

    def _focus_link(self, link: Link | None) -> None:
        if self.focused_link is not None:
            self._laid.discard(self.focused_link.block)
        self.focused_link = link
        if link is not None:
            self._laid.discard(link.block)
        self.refresh()

    def action_follow(self) -> None:
        link = self.focused_link
        if link is not None:
            self.post_message(self.Follow(link.target))

    def action_click_link(self, block: int, number: int) -> None:
        links = self.links(block)
        if 0 <= number < len(links):
            self._focus_link(links[number])
            self.post_message(self.Follow(links[number].target))

    def jump_to_anchor(self, anchor: str) -> bool:
        """Go to the block carrying ``anchor``; the place left is remembered for the way back."""
        if self.document is None:
            return False
        index = self.document.anchors.get(anchor)
        if index is None:
            return False
        self.jumps.append(self.top_block)
        self._focus_link(None)
        self.go_to_block(index)
        return True

    def action_jump_back(self) -> None:
        if self.jumps:
            self.go_to_block(self.jumps.pop())
        else:
            self.notify("No jump to go back from.", timeout=2, markup=False)


def _clean(text: str) -> str:
    return _INVISIBLE.sub("", strip_unsafe(text))


def _indents(block: Block) -> tuple[int, int]:
    """(cells before every line, more cells before the lines after the first)."""
    if block.kind == "list_item":
        return 2 * min(block.level, 6), len(_bullet(block)) + 1
    if block.kind in ("quote", "math"):
        return 4, 0
    if block.kind == "pre":
        return 2, 0
    return 0, 0


def _bullet(block: Block) -> str:
    return strip_unsafe(block.number)[:6] or "•"


_SPAN_STYLES = {"em": "em", "strong": "strong", "code": "reader--code", "math": "reader--math"}
# Emphasis is a text attribute, not a colour: it reads the same in every theme.
_EMPHASIS = {"em": Style(italic=True), "strong": Style(bold=True)}


def _block_pieces(block: Block, index: int) -> tuple[list[Piece], list[Link]]:
    """The block's words as styled pieces, and its links (http(s) or "#anchor" only)."""
    kind = block.kind
    pieces: list[Piece] = []
    links: list[Link] = []
    if kind == "heading":
        style = (
            "reader--title"
            if block.level <= 1
            else ("reader--heading" if block.level == 2 else "reader--subheading")
        )
        pieces.append(Piece(" ".join(_clean(heading_label(block)).split()), style))
        return pieces, links
    if kind == "pre":
        return [Piece(_clean(block.text).replace("\t", "    "), "reader--pre")], links
    if kind == "rule":
        return [Piece("─" * 24, "reader--note")], links
    base = {
        "figure": "reader--figure",
        "missing_table": "reader--note",
        "note": "reader--note",
        "quote": "reader--quote",
        "math": "reader--math",
    }.get(kind, "")
    if kind == "figure":
        label = " ".join(_clean(block.number).split())[:12]
        pieces.append(Piece(f"▣ Figure {label}: " if label else "▣ ", "reader--figure"))
    offset = sum(len(p.text) for p in pieces)
    for span in block.spans:
        words = _SPACES.sub(" ", _clean(span.text).replace("\n", " "))
        if not words:
            continue
        if offset == 0:
            words = words.lstrip(" ")
            if not words:
                continue
        style = _SPAN_STYLES.get(span.kind, "") or base
        number = -1
        if span.kind == "link":
            target = _link_target(span.target)
            if target:
                number = len(links)
                links.append(Link(index, offset, offset + len(words), target))
        pieces.append(Piece(words, style, number))
        offset += len(words)
    url = safe_url(block.url) if kind in ("figure", "missing_table") else None
    if url and not any(link.target == url for link in links):
        word = " [image]" if kind == "figure" else " [on arXiv]"
        pieces.append(Piece(" ", base))
        links.append(Link(index, offset + 1, offset + len(word), url))
        pieces.append(Piece(word.strip(), base, len(links) - 1))
    if pieces:
        pieces[-1].text = pieces[-1].text.rstrip()
    return pieces, links


def _link_target(target: str) -> str | None:
    """A link the reader may follow: a "#anchor" inside the paper or a plain http(s) URL."""
    if target.startswith("#"):
        anchor = target[1:]
        return target if anchor and anchor == _clean(anchor) and " " not in anchor else None
    return safe_url(target)
