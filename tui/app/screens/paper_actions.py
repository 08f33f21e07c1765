"""What the user does to the paper under the cursor: read it, keep it, note it, copy it, open it.

A mixin of :class:`MainScreen`: the screen owns the side effects; this file keeps them in one
place. A bookmark or read mark shows on screen at once (an override on the row source) and is
written by the app's single writer thread, in order; the screen says it is saved only once the
writer reports it written, and takes the change back, saying why, when the write failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.message_pump import MessagePump

from ...core.db import StoreError
from ...core.models import Paper, paper_links
from .. import browser, clipboard
from ..library_written import LibraryWritten
from ..widgets.paper_list import PaperList

if TYPE_CHECKING:
    from .main import MainScreen

NO_ABSTRACT = "No abstract on Hugging Face for this paper."


class PaperActions:
    """Mixed into MainScreen (``self`` is the screen).

    The menus, the note editor (TextArea) and the exporters are imported where they are first
    used: each is start-up time the first screen does not need (bench/app.py, cold start)."""

    def write_library(
        self: MainScreen,
        message: LibraryWritten,
        write: Callable[[], object],
        reply_to: MessagePump | None = None,
    ) -> None:
        """Queue a library write; ``message`` (with the outcome filled in) comes back to
        ``reply_to`` (this screen, or the dialog that asked) once it is written or failed."""
        target = reply_to or self

        def report(value: object, error: str | None) -> None:
            target.post_message(replace(message, value=value, error=error))

        self.app.writer.submit(write, report)

    def on_library_written(self: MainScreen, message: LibraryWritten) -> None:
        paper_id, error, what = message.paper_id, message.error, message.what
        if what in ("bookmark", "unbookmark"):
            if self.source is not None:
                self.source.settle(paper_id, written=error is None, bookmarked=what == "bookmark")
            if error:
                doing = "bookmark" if what == "bookmark" else "remove the bookmark of"
                self.notify(
                    f"Could not {doing} {message.title}: {error}", severity="error", markup=False
                )
            else:
                word = "Bookmarked" if what == "bookmark" else "Removed bookmark"
                self.notify(f"{word}: {message.title}", timeout=2, markup=False)
        elif what in ("read", "unread"):
            if self.source is not None:
                self.source.settle(paper_id, written=error is None, read=what == "read")
            if error and (message.told or not self.read_mark_failure_told):
                # The read timer marks every paper looked at: its failures are said once.
                self.read_mark_failure_told = True
                self.notify(
                    f"Could not mark {message.title} {what}: {error}",
                    severity="error",
                    markup=False,
                )
            elif not error and message.told:
                self.notify(f"Marked {what}.", timeout=2, markup=False)
        self.papers.refresh_rows()
        self._refresh_user(paper_id)

    def check_library_changes(self: MainScreen) -> None:
        """On the tick: when the library changed since the last look (another window, a
        command, or this app's own writer), show its bookmarks, read marks and notes again.
        One ``PRAGMA data_version`` when nothing changed."""
        try:
            version = self.library.data_version()
        except StoreError:
            return
        if version == self.library_version:
            return
        self.library_version = version
        if self.source is not None:
            self.source.reload_marks()
            self.papers.refresh_rows()
        current = self.papers.current
        if current is not None:
            self.show_paper(current.id, listed_day=current.day)

    # --- the paper under the cursor -----------------------------------------------------------

    def paper_highlighted(self: MainScreen, event: PaperList.Highlighted) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        row = event.row
        if row is None:
            self.abstract.show(None)
            return
        if event.index != 0:
            self.moved_since_open = True
        typing = self.search_state is not None and self.focused is self.search_input
        if typing or not self.painted:
            # Typing, or starting: the list is painted first and the abstract in the frame after
            # it, so each keystroke's results (and the first screen) show sooner; a later
            # keystroke's results win.
            def show_if_current() -> None:
                current = self.papers.current
                if current is not None and current.id == row.id:
                    self.show_paper(row.id, listed_day=row.day)

            if typing:
                self.search_input.after_frame(show_if_current)
            else:
                self.call_after_refresh(show_if_current)
        else:
            self.show_paper(row.id, listed_day=row.day)
        if not row.read and row.id not in self.kept_unread:
            paper_id = row.id
            self._read_timer = self.set_timer(self.read_after, lambda: self.mark_read(paper_id))

    def show_paper(self: MainScreen, paper_id: str, *, listed_day: str | None = None) -> None:
        """Draw the abstract pane for a paper (same paper: the scroll position is kept)."""
        try:
            paper = self.store.paper(paper_id)
            user = self.library.user_data(paper_id)
            history = [value for _, value in self.store.snapshots(paper_id)]
        except StoreError as error:
            self.abstract.show_message("Cannot read this paper", str(error))
            return
        if paper is None:
            # A bookmark kept by id only (added offline), or a paper the cache has lost since.
            self.abstract.show_message(paper_id, "This paper's details are not in the cache.")
            return
        # The list's row knows a b the writer has not saved yet: the pane says what the list says.
        row = self.papers.current
        bookmarked = row.bookmarked if row is not None and row.id == paper_id else None
        if not paper.abstract and self.store.is_cached(paper_id):
            # Fetched, and Hugging Face has no abstract for it: not a gap in the cache.
            paper = replace(paper, abstract=NO_ABSTRACT)
        self.abstract.show(
            paper,
            user,
            history=history,
            listed_day=listed_day,
            highlight=self.highlight_terms,
            bookmarked=bookmarked,
        )

    def current_paper(self: MainScreen) -> Paper | None:
        row = self.papers.current
        if row is None:
            self.notify("No paper is highlighted.", severity="warning", markup=False)
            return None
        paper = self.store.paper(row.id)
        return paper or Paper(id=row.id, title=row.title)

    # --- read marks ---------------------------------------------------------------------------

    def mark_read(self: MainScreen, paper_id: str, read: bool = True) -> None:
        current = self.papers.current
        if current is None or current.id != paper_id:
            return
        self._set_read(paper_id, current.title, read, told=False)

    def _set_read(self: MainScreen, paper_id: str, title: str, read: bool, *, told: bool) -> None:
        if self.source is not None:
            self.source.set_override(paper_id, read=read)
        self.papers.refresh_rows()
        message = LibraryWritten(paper_id, "read" if read else "unread", title, told=told)
        self.write_library(message, lambda: self.library.set_read(paper_id, read))

    def action_toggle_read(self: MainScreen) -> None:
        row = self.papers.current
        if row is None:
            return
        if self._read_timer is not None:  # an explicit choice wins over the timer
            self._read_timer.stop()
            self._read_timer = None
        self._set_read(row.id, row.title, not row.read, told=True)  # said once written
        # Marked unread on purpose: the timer that marks a highlighted paper read leaves it
        # alone from now on (a refresh or H re-highlights it, which would undo the u).
        if row.read:
            self.kept_unread.add(row.id)
        else:
            self.kept_unread.discard(row.id)

    def action_toggle_hide_read(self: MainScreen) -> None:
        hide = not self.spec.hide_read
        current = self.papers.current
        keep = current.id if current else None
        if hide and current is not None and current.read:
            # The paper under the cursor goes: stay where it was, on the next unread paper,
            # and come back to it if H is pressed again without moving.
            landing = self._nearest_unread()
            self.unhide_to = (current.id, landing)
            keep = landing
        elif not hide and current is not None and self.unhide_to is not None:
            if self.unhide_to[1] == current.id:
                keep = self.unhide_to[0]
            self.unhide_to = None
        self.spec = self.spec.with_hide_read(hide)
        if self.feed_spec is not None:
            self.feed_spec = self.feed_spec.with_hide_read(hide)
        self.app.writer.flush()  # the view is read from the database: include pending marks
        self._show_spec(keep_paper=keep)
        self.notify("Hiding read papers." if hide else "Showing read papers too.", timeout=2)

    def _nearest_unread(self: MainScreen, reach: int = 300) -> str | None:
        """The first unread paper after the cursor, else before it (a page or two away)."""
        papers, source = self.papers, self.source
        if source is None:
            return None
        cursor = papers.cursor
        after = range(cursor + 1, min(len(source), cursor + 1 + reach))
        before = range(cursor - 1, max(-1, cursor - 1 - reach), -1)
        for index in (*after, *before):
            row = source.row(index)
            if row is not None and not row.read:
                return row.id
        return None

    # --- bookmarks ----------------------------------------------------------------------------

    def action_toggle_bookmark(self: MainScreen) -> None:
        row = self.papers.current
        if row is None:
            return
        paper = self.current_paper()
        keep = not row.bookmarked
        if self.source is not None:
            self.source.set_override(row.id, bookmarked=keep)
        self.papers.refresh_rows()
        # "★ Bookmarked" comes and goes at once; "Bookmarked: …" is said once it is written,
        # and a failed write takes the star back (on_library_written).
        self.show_paper(row.id, listed_day=row.day)
        message = LibraryWritten(row.id, "bookmark" if keep else "unbookmark", row.title)
        if keep:
            self.write_library(message, lambda: self.library.add_bookmark(row.id, paper))
        else:
            self.write_library(message, lambda: self.library.remove_bookmark(row.id))

    def _refresh_user(self: MainScreen, paper_id: str) -> None:
        current = self.papers.current
        if current is not None and current.id == paper_id:
            self.show_paper(paper_id, listed_day=current.day)

    # --- notes and tags -----------------------------------------------------------------------

    def action_edit_note(self: MainScreen) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        self.app.writer.flush()
        user = self.library.user_data(paper.id)
        # What the editor shows: compared, when saving, with what the library holds then, so a
        # note saved meanwhile in another window is kept rather than overwritten.
        opened = (user.note, list(user.tags))

        from ...core.library import parse_tags
        from .note import NoteScreen

        def save(note: str, tags: str, editor: NoteScreen) -> None:
            self.write_library(
                LibraryWritten(paper.id, "note", paper.title),
                lambda: self.library.set_note(
                    paper.id, note, parse_tags(tags), paper, opened=opened
                ),
                reply_to=editor,
            )

        def closed(kept_other: bool | None) -> None:
            if kept_other is None:
                return  # cancelled
            self._refresh_user(paper.id)
            if kept_other:
                self.notify(
                    "Note saved. It had been changed in another window since you opened it: "
                    "that text is kept too, below yours (press n to see both).",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
            else:
                self.notify("Note saved.", timeout=2, markup=False)

        self.app.push_screen(NoteScreen(paper.title, user.note, user.tags, save), closed)

    def action_tags(self: MainScreen) -> None:
        """Pick one of your tags and show its papers."""
        from .menu import Choice, MenuScreen

        self.app.writer.flush()
        tags = self.library.all_tags()
        if not tags:
            self.notify("No tags yet: press n on a paper to tag it.", markup=False)
            return
        letters = "abcdefghilmnoprstuvwxyz0123456789"  # not j, k or q: they move and close
        choices = [
            Choice(letters[i] if i < len(letters) else "", tag, f"{count} paper"
                   f"{'s' if count != 1 else ''}", tag)
            for i, (tag, count) in enumerate(tags[:200])
        ]  # fmt: skip

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.open_tag(choice.value)

        self.app.push_screen(MenuScreen("Your tags", choices), picked)

    # --- copy and open ------------------------------------------------------------------------

    def action_copy_link(self: MainScreen) -> None:
        paper = self.current_paper()
        if paper is not None:
            self.copy_text("the Hugging Face page", paper_links(paper)[0][2])

    def action_copy_menu(self: MainScreen) -> None:
        from ...core.export import bibtex_entry, markdown_link
        from .menu import Choice, MenuScreen

        paper = self.current_paper()
        if paper is None:
            return
        choices = [Choice(key, label, url, url) for key, label, url in paper_links(paper)]
        link = markdown_link(paper)
        choices.append(Choice("m", "Markdown link", link, link))
        # For a paper's .bib or a chat: the reference alone. Notes and tags are private; the
        # bookmarks export carries them.
        bibtex = bibtex_entry(paper)
        choices.append(Choice("b", "BibTeX entry", bibtex.splitlines()[0] + " …", bibtex))

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.copy_text(choice.label, choice.value)

        self.app.push_screen(MenuScreen(f"Copy — {paper.title}", choices), picked)

    def action_open_link(self: MainScreen) -> None:
        paper = self.current_paper()
        if paper is not None:
            self.open_url(paper_links(paper)[0][2])

    def action_open_menu(self: MainScreen) -> None:
        from .menu import Choice, MenuScreen

        paper = self.current_paper()
        if paper is None:
            return
        choices = [Choice(key, label, url, url) for key, label, url in paper_links(paper)]

        def picked(choice: Choice | None) -> None:
            if choice is not None:
                self.open_url(choice.value)

        self.app.push_screen(MenuScreen(f"Open — {paper.title}", choices), picked)

    def copy_text(self: MainScreen, what: str, text: str) -> None:
        """Copy with OSC 52 now; tmux and the system clipboard in a worker; then say how."""
        self.app.copy_to_clipboard(text)
        self._deliver_copy(what, text)

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _deliver_copy(self: MainScreen, what: str, text: str) -> None:
        delivered = clipboard.deliver(text)
        message = clipboard.describe(what, text, delivered)
        self.app.call_from_thread(self.notify, message, markup=False, timeout=4)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_url(self: MainScreen, url: str) -> None:
        problem = browser.open_url(url)
        if problem is None:
            message, severity = f"Opened {url}", "information"
        else:
            message, severity = f"Could not open {url}: {problem}. Press y to copy it.", "warning"
        self.app.call_from_thread(self.notify, message, markup=False, severity=severity)
