"""The note editor: a free-text note and comma-separated tags for one paper.

Ctrl+S hands the text to ``save``, which queues the write; the editor stays open, with the
text, until the write is reported (:class:`LibraryWritten`): written, it closes; failed, it
says why and keeps the text, to try again or copy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from ..library_written import LibraryWritten

# The rule parse_tags applies, said where tags are typed: commas separate, spaces do not, and
# the case is kept as typed but never makes two tags.
TAG_HINT = 'Tags, separated by commas: "reading group" is one tag, and LLM matches llm'


class NoteScreen(ModalScreen[bool | None]):
    """Returns, once saved, whether another window's text was kept beside the user's; None
    on cancel. ``save(note, tags text, this screen)`` queues the write, which reports back
    here."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save_note"),
        Binding("escape", "cancel", "Cancel", id="cancel_note"),
        # Priority: the focus moves before the next key is handed to a field. As an ordinary
        # binding, tab ran only after bubbling up, and fast typing after it went into the note.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        note: str | None,
        tags: Sequence[str],
        save: Callable[[str, str, NoteScreen], None],
    ) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note or ""
        self.tags = ", ".join(tags)
        self.save = save
        self.saving = False  # a save is queued and not reported yet
        self._warned = False  # Esc with unsaved changes: said once, the next Esc discards

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Label(
                Content.assemble(("Note on ", "$text-muted"), (self.paper_title, "bold")),
                id="note-title",
            )
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Label(Content.styled(TAG_HINT, "$text-muted"))
            yield Input(self.tags, placeholder="e.g. reading group, LLM", id="note-tags")
            yield Label(id="note-status")
            with Horizontal(id="note-buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="note-save")
                yield Button("Cancel (Esc)", id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return  # the first Ctrl+S is being written
        self.saving = True
        self._status("Saving…", "$text-muted")
        self.save(self.query_one(TextArea).text, self.query_one(Input).value, self)

    def on_library_written(self, message: LibraryWritten) -> None:
        self.saving = False
        if message.error is None:
            self.dismiss(bool(message.value))
            return
        # The text stays in the editor: the user can try again, or copy it somewhere safe.
        self._status(f"Not saved: {message.error}. Ctrl+S tries again.", "$error")
        self.notify(f"Could not save the note: {message.error}", severity="error", markup=False)

    def _status(self, text: str, style: str) -> None:
        status = self.query_one("#note-status", Label)
        status.update(Content.styled(text, style))
        status.add_class("-shown")  # no blank line under the tags until there is news

    def action_cancel(self) -> None:
        if self.saving:
            # Closing now would hide whether the note got saved: wait for the answer.
            self.notify("Saving the note: a moment…", timeout=2, markup=False)
            return
        changed = (self.query_one(TextArea).text, self.query_one(Input).value) != (
            self.note,
            self.tags,
        )
        if changed and not self._warned:
            # Typed text is the user's: one Esc does not throw it away.
            self._warned = True
            self.notify(
                "Unsaved changes: Esc again discards them, Ctrl+S saves.",
                severity="warning",
                timeout=4,
                markup=False,
            )
            return
        if changed:
            self.notify("The changes to the note were discarded.", timeout=2, markup=False)
        self.dismiss(None)
