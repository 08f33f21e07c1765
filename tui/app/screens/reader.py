"""The reader: a whole paper, full screen, with its outline, find, figures and your place kept.

The stored text is read in a thread and shows at once; a paper never read is fetched in a
worker (one request, the small "pages" bucket) while the abstract shows under "Fetching the
paper…", every key working and Esc leaving (which cancels the fetch). Where the user is
goes to the library through the app's writer on leaving and every few seconds while reading.
"""

from __future__ import annotations

import asyncio
from typing import cast

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.db import StoreError
from ...core.library import Library
from ...core.models import Paper, hf_paper_url
from ...core.reader.document import Document
from ...core.reader.figure import Figure
from ...core.reader.plain import section_markdown
from ...core.reader.sections import heading_label, section_of
from ...core.reader.stored_text import StoredText
from ...core.reading_position import percent_read
from ...core.store import Store
from ...core.text import safe_url, strip_unsafe
from ..commands import READER_SCREEN_ID, bindings_for
from ..messages import FullTextLoaded, Told
from ..reader_states import FETCHING, NOT_INDEXED, OFFLINE, failure_sentence, state_document
from ..services import AppServices
from ..widgets.find_box import FindBox
from ..widgets.footer import CommandFooter
from ..widgets.reader_outline import ReaderOutline
from ..widgets.reader_status import ReaderStatus
from ..widgets.reader_view import ReaderView
from .clipboard_actions import ClipboardActions
from .figures import FigureScreen

WIDE = 120  # from this many columns the outline is always shown
SAVE_EVERY = 5.0  # seconds between saves of the reading position while reading


class ReaderScreen(ClipboardActions, Screen[None]):
    BINDINGS = bindings_for("reader_screen")

    def __init__(
        self,
        store: Store,
        library: Library,
        paper: Paper,
        *,
        offline: bool = False,
        start_block: int | None = None,
        find: str | None = None,
    ) -> None:
        super().__init__(id=READER_SCREEN_ID)
        self.store = store
        self.library = library
        self._save_timer: Timer | None = None
        self.prepare(paper, offline=offline, start_block=start_block, find=find)

    def prepare(
        self,
        paper: Paper,
        *,
        offline: bool = False,
        start_block: int | None = None,
        find: str | None = None,
    ) -> None:
        """The paper the screen shows when it is pushed next. One screen serves every open:
        building it again (its widgets, their styles, the footer) was most of an open's time."""
        self.paper = paper
        self.offline = offline
        self.start_block = start_block
        self.find_text = find
        self.document: Document | None = None  # the paper's text, once there is one
        self.state = "opening"  # opening | fetching | text | missing | failed | closed
        self.outline_wanted = False  # t on a narrow screen
        self._saved: tuple[int, float] | None = None
        self._fresh = True  # shown on the next resume (not on a return from the figures)
        # Read on a thread from now: the screen is shown once the read is done (see MainScreen),
        # so that its first frame is the text.
        self.reading: asyncio.Future[FullTextLoaded] = asyncio.get_running_loop().run_in_executor(
            None, self._read_stored, paper.id
        )

    def compose(self) -> ComposeResult:
        yield Static(id="reader-title")
        with Horizontal(id="reader-body"):
            yield ReaderOutline(id="reader-outline")
            yield ReaderView(id="reader-text")
        yield FindBox(placeholder="Find in the paper", id="reader-find")
        yield ReaderStatus(id="reader-status")
        yield CommandFooter()

    @property
    def services(self) -> AppServices:
        return cast(AppServices, self.app)

    @property
    def view(self) -> ReaderView:
        return self.query_one("#reader-text", ReaderView)

    @property
    def outline(self) -> ReaderOutline:
        return self.query_one("#reader-outline", ReaderOutline)

    @property
    def find_box(self) -> FindBox:
        return self.query_one("#reader-find", FindBox)

    def on_mount(self) -> None:
        self.view.on_move = self._moved
        self.watch(self.find_box, "value", self._find_changed, init=False)
        self._save_timer = self.set_interval(SAVE_EVERY, self.save_position)

    def on_screen_resume(self) -> None:
        if not self._fresh:
            return  # back from the figures, the help or the palette: all is as it was
        self._fresh = False
        self.find_box.value = ""
        self.find_box.display = False
        self._title(self.paper.title or self.paper.id)
        if not self.reading.done():
            self.view.clear()  # not the last paper's text, even for a frame
        self.view.focus()
        self._fit_outline()
        self._load()
        if self._save_timer is not None:
            self._save_timer.resume()

    def on_resize(self) -> None:
        self._fit_outline()

    def _title(self, title: str) -> None:
        self.query_one("#reader-title", Static).update(
            Content.assemble(
                (" ".join(strip_unsafe(title).split()), "bold"),
                (f"  {self.paper.id}", "$text-muted"),
            )
        )

    # --- opening ------------------------------------------------------------------------------

    def _read_stored(self, paper_id: str) -> FullTextLoaded:
        """On a thread: the stored text and the place the user stopped at."""
        try:
            stored = self.store.full_text(paper_id)
        except StoreError as error:
            return FullTextLoaded(None, None, str(error))
        except Exception as error:  # a damaged stored text: said, and fetched again
            return FullTextLoaded(None, None, f"The stored text could not be read ({error}).")
        try:
            position = self.library.reading_position(paper_id)
        except StoreError:
            position = None  # the text still opens, at its start
        return FullTextLoaded(stored, position)

    def _load(self) -> None:
        """Show what the read found: at once when it is done already (it started with the
        screen, on a thread, so the first frame can show the text), else when it is."""
        reading = self.reading
        if reading.done():
            self.on_full_text_loaded(reading.result())
        else:
            reading.add_done_callback(self._read_done)

    def _read_done(self, done: asyncio.Future[FullTextLoaded]) -> None:
        if done is self.reading:  # not the read of a paper opened and left before
            self.post_message(done.result())

    def on_full_text_loaded(self, message: FullTextLoaded) -> None:
        if self.state != "opening":
            return  # left meanwhile
        stored = cast("StoredText | None", message.stored)
        if stored is not None:
            block = getattr(message.position, "block", 0)
            self.open_document(stored.document, block if self.start_block is None else None)
            return
        if message.problem:
            self._show_state("failed", f"{message.problem}")
        elif self.offline:
            self._show_state("failed", OFFLINE)
        else:
            self._show_state("fetching", FETCHING)
            self._fetch()

    @work(exclusive=True, group="reader-fetch", exit_on_error=False)
    async def _fetch(self) -> None:
        try:
            client = await self.services.get_client()
            raw = await client.full_text(self.paper.id)
            if raw is None:
                self._show_state("missing", NOT_INDEXED, pdf=True)
                return
            stored = await asyncio.to_thread(
                self.store.save_full_text, self.paper.id, raw, self.paper.title
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a network or store failure: said in one sentence
            self._show_state("failed", failure_sentence(error))
            return
        self.open_document(stored.document, 0)

    def _show_state(self, state: str, sentence: str, *, pdf: bool = False) -> None:
        self.state = state
        self.document = None
        self.view.show(state_document(self.paper, sentence, pdf=pdf))
        self._status()
        self.refresh_bindings()

    def open_document(self, document: Document, block: int | None) -> None:
        self.state = "text"
        self.document = document
        view = self.view
        start = self.start_block if block is None else block
        view.show(document, top_block=start or 0)
        self._saved = None  # the first save says the paper was opened
        if document.title:
            self._title(document.title)
        # A text that is only the paper's page says so at its top, with the PDF's link
        # (normalise.py's note): said once, in the text, where Tab reaches the link.
        self._fit_outline()  # its place now, so the text is wrapped once
        # Its lines after the first frame of text: a long paper's outline is hundreds of lines.
        self.call_after_refresh(self._fill_outline, document)
        if self.find_text:  # a search's hit: its words found, and shown in the box as typed
            self.find_box.value = self.find_text
            self.find_box.display = True
            view.find(self.find_text)
            self.find_text = None
        self._status()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that act on the text are not offered (nor run) while there is none to act
        on: fetching, not indexed, failed, or only the paper's page."""
        if action not in _ON_THE_TEXT:
            return True
        document = self.document
        if self.state != "text" or document is None or document.page_only:
            return False
        if action == "outline":
            return bool(document.outline)
        if action == "figures":
            return bool(document.figures)
        return True

    # --- the outline --------------------------------------------------------------------------

    def _fill_outline(self, document: Document) -> None:
        if document is not self.document:
            return  # another text came meanwhile
        self.outline.set_options(
            Option(
                Content("  " * max(0, document.blocks[i].level - 2) + _outline_label(document, i)),
                id=str(i),
            )
            for i in document.outline
        )
        self._fit_outline()
        self._highlight_section()

    def _fit_outline(self) -> None:
        has = self.document is not None and bool(self.document.outline)
        wide = self.size.width >= WIDE
        self.outline.display = has and (wide or self.outline_wanted)
        self.set_class(not wide, "-narrow")
        self.set_class(not wide and self.outline.display, "-outline-open")
        if not self.outline.display and self.focused is self.outline:
            self.view.focus()

    def action_outline(self) -> None:
        if self.document is None or not self.document.outline:
            self.notify("This text has no sections.", timeout=2, markup=False)
            return
        if self.focused is self.outline:
            self.outline_wanted = False
            self.view.focus()
        else:
            self.outline_wanted = True
            self._fit_outline()
            self._highlight_section()
            self.outline.focus()
        self._fit_outline()

    @on(OptionList.OptionSelected, "#reader-outline")
    def _outline_jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.view.go_to_block(int(event.option.id))
        self.outline_wanted = False
        self.view.focus()
        self._fit_outline()

    def _highlight_section(self) -> None:
        if self.document is None or not self.outline.display or self.focused is self.outline:
            return
        section = section_of(self.document, self.view.section_block)
        if section is None:
            self.outline.highlighted = None
            return
        self.outline.highlighted = self.document.outline.index(section)

    def _moved(self) -> None:
        self._highlight_section()
        self._status()

    # --- the status line ----------------------------------------------------------------------

    def _status(self) -> None:
        view = self.view
        parts: list[str | tuple[str, str]] = []
        if self.state == "fetching":
            parts.append((FETCHING, "$text-warning"))
        elif self.state == "text" and self.document is not None:
            section = section_of(self.document, view.section_block)
            if section is not None:
                parts.append((_outline_label(self.document, section), "$text-secondary"))
            parts.append((f"  {percent_read(view.fraction_read)}%", "$text-muted"))
            if view.matches:
                parts.append((f"  {view.current_match + 1}/{len(view.matches)}", "$text-accent"))
            elif self.find_box.value.strip():
                parts.append(("  no match", "$text-warning"))
        self.query_one("#reader-status", ReaderStatus).show(Content.assemble(*parts))

    # --- find ---------------------------------------------------------------------------------

    def action_find(self) -> None:
        if self.focused is self.find_box:
            raise SkipAction()  # typing in the box: the slash is text
        self.find_box.display = True
        self.set_focus(self.find_box)

    def _find_changed(self, value: str) -> None:
        """As the letter is typed, not on the message after it: one frame shows the letter
        and its matches (the message came after a frame of its own)."""
        if self.state == "text":
            self.view.find(value)
            self._status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.find_box:
            self.view.focus()
            if not event.value.strip():
                self.find_box.display = False

    def action_find_next(self, direction: int) -> None:
        if not self.view.matches:
            if self.find_box.value.strip():
                self.notify("No match.", timeout=2, markup=False)
            return
        self.view.next_match(direction)
        self._status()

    # --- figures, copying, links --------------------------------------------------------------

    def action_figures(self) -> None:
        figures = self.document.figures if self.document is not None else ()
        if not figures:
            self.notify("No figures in this text.", timeout=2, markup=False)
            return

        def picked(choice: tuple[str, Figure] | None) -> None:
            if choice is None:
                return
            what, figure = choice
            url = safe_url(figure.url)
            if what == "go":
                self.view.go_to_block(figure.block)
            elif url is None:
                self.notify("That figure has no link.", severity="warning", markup=False)
            elif what == "open":
                self.open_url(url)
            else:
                self.copy_text(f"the link of figure {strip_unsafe(figure.number)}", url)

        self.app.push_screen(FigureScreen(figures), picked)

    def action_copy_section(self) -> None:
        if self.document is None:
            self.notify("No text to copy yet.", timeout=2, markup=False)
            return
        block = self.view.section_block  # the section the status line names
        text = section_markdown(self.document, block, hf_paper_url(self.paper.id))
        section = section_of(self.document, block)
        what = "the start of the paper"
        if section is not None:
            what = f"“{_outline_label(self.document, section)}” as Markdown"
        self.copy_text(what, text)

    def on_told(self, message: Told) -> None:
        self.notify(message.text, severity=message.severity, timeout=message.timeout, markup=False)

    @on(ReaderView.Follow)
    def _follow(self, event: ReaderView.Follow) -> None:
        target = event.target
        if target.startswith("#"):
            if not self.view.jump_to_anchor(target[1:]):
                self.notify("That part is not in this text.", timeout=2, markup=False)
            else:
                self.notify("Backspace goes back.", timeout=2, markup=False)
            return
        url = safe_url(target)
        if url is not None:
            self.open_url(url)

    # --- leaving ------------------------------------------------------------------------------

    def save_position(self) -> None:
        if self.state != "text" or self.document is None:
            return
        view = self.view
        block, _ = view.position()
        place = (block, round(view.fraction_read, 3))
        if place == self._saved:
            return
        self._saved = place
        paper_id, library = self.paper.id, self.library
        self.services.writer.submit(lambda: library.set_reading_position(paper_id, *place))

    def action_back(self) -> None:
        if self.focused is self.find_box:
            self.find_box.value = ""
            self.find_box.display = False
            self.view.find("")
            self.view.focus()
            self._status()
            return
        if self.focused is self.outline:
            self.outline_wanted = False
            self.view.focus()
            self._fit_outline()
            return
        self.save_position()
        self.workers.cancel_group(self, "reader-fetch")
        if self._save_timer is not None:
            self._save_timer.pause()
        self.state = "closed"
        self.document = None
        self.view.clear()  # the paper's text is not kept while the list shows
        self.refresh_bindings()
        self.dismiss()


# The actions that need the paper's text (check_action).
_ON_THE_TEXT = frozenset({"outline", "find", "find_next", "figures", "copy_section"})


def _outline_label(document: Document, index: int) -> str:
    return " ".join(strip_unsafe(heading_label(document.blocks[index])).split())
