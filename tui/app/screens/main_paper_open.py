"""Reading, discussing, copying and opening the highlighted paper: the main screen's keys for
them (r, c, y, Y, o, O) and the workers that reach the clipboard helpers and the browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from ..commands import READER_SCREEN_ID

if TYPE_CHECKING:
    from .main_shape import MainScreenShape as _Screen
    from .menu import Choice
    from .reader import ReaderScreen
else:
    _Screen = object  # a plain mixin at run time: MainScreen is the Screen

READ_WAIT = 0.1  # seconds the reader waits for its stored text before it shows without it


class PaperOpenActions(_Screen):
    """Part of MainScreen (see main_shape.py)."""

    _reader: ReaderScreen | None = None  # built on the first open, shown again for each next

    def action_read_paper(self) -> None:
        paper = self.current_paper()
        if paper is not None:
            from .reader import ReaderScreen  # the reader's modules load on first use

            # A paper the search found in its full text opens on the match, marked.
            hit = self.source.text_hit(paper.id) if self.source is not None else None
            find = (hit.find or (hit.terms[0] if hit.terms else "")) if hit else ""
            offline = self.offline or self.demo
            start = hit.block if hit else None
            reader = self._reader
            if reader is None:
                reader = ReaderScreen(
                    self.store, self.library, paper, offline=offline, start_block=start,
                    find=find or None,
                )  # fmt: skip
                # Kept for every later open: building the screen is most of an open's time.
                self.app.install_screen(reader, READER_SCREEN_ID)
                self._reader = reader
            else:
                reader.prepare(paper, offline=offline, start_block=start, find=find or None)
            self._push_once_read(reader)

    def action_comments(self) -> None:
        paper = self.current_paper()
        if paper is not None:
            from .discussion import DiscussionScreen

            screen = DiscussionScreen(self.store, paper, offline=self.offline or self.demo)
            self.app.push_screen(screen, self.go_to_paper)

    def go_to_paper(self, paper_id: str | None) -> None:
        """Back from the discussion: the list (its comment counts may have changed), on the
        paper picked among the similar ones when there is one: highlighted where the view
        has it, else found by its id as a search finds it (Esc goes back)."""
        self.reload_view()
        if not paper_id:
            return
        index = self.source.index_of(paper_id) if self.source is not None else None
        if index is not None:
            self.papers.cursor = index
            self.papers.focus()
            return
        self.action_search()
        self.search_input.value = paper_id

    def _push_once_read(self, reader: ReaderScreen) -> None:
        """Show the reader when its text is read (a few ms, READ_WAIT at most): its first frame
        is the text. Pushed at once, an empty frame came first and slowed the read down."""
        pushed = False

        def push(*_: object) -> None:
            nonlocal pushed
            if pushed:
                return
            pushed = True
            timer.stop()
            if self.is_current and reader not in self.app.screen_stack:
                self.app.push_screen(reader)

        timer = self.set_timer(READ_WAIT, push)
        reader.reading.add_done_callback(push)

    def action_copy_link(self) -> None:
        from .paper_menus import hf_page

        paper = self.current_paper()
        if paper is not None:
            self.copy_text("the Hugging Face page", hf_page(paper))

    def action_copy_menu(self) -> None:
        self._paper_menu("Copy", lambda choice: self.copy_text(choice.label, choice.value))

    def action_open_link(self) -> None:
        from .paper_menus import hf_page

        paper = self.current_paper()
        if paper is not None:
            self.open_url(hf_page(paper))

    def action_open_menu(self) -> None:
        self._paper_menu("Open", lambda choice: self.open_url(choice.value))

    def _paper_menu(
        self, verb: Literal["Copy", "Open"], chosen: Callable[[Choice], object]
    ) -> None:
        """The copy (Y) or open (O) menu for the highlighted paper; ``chosen`` gets the pick."""
        from .menu import MenuScreen
        from .paper_menus import copy_choices, open_choices

        paper = self.current_paper()
        if paper is None:
            return
        choices = copy_choices(paper) if verb == "Copy" else open_choices(paper)

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                chosen(choice)

        self.app.push_screen(MenuScreen(f"{verb} — {paper.title}", choices), picked)
