"""The bookmarks kept in step with the Hugging Face collection (S; [sync] auto): the main
screen's keys, timers and worker for it.

A sync runs in a thread (run_sync: its own event loop and its own library connection, each change
committed at once, as the writer's are; SQLite's lock orders the two). A bookmark pressed
meanwhile is written by the writer as usual; the sync read the bookmarks before it, so it leaves
it alone, and the next sync (started once this one ends) carries it over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

from ...core.db import StoreError
from ...core.errors import ApiError
from ...core.sync_cancel import SyncCancel
from ..messages import CollectionSynced
from ..sync_words import changed_here, sync_notice

if TYPE_CHECKING:
    from .main_shape import MainScreenShape as _Screen
else:
    _Screen = object  # a plain mixin at run time: MainScreen is the Screen


class HubSyncActions(_Screen):
    """Part of MainScreen. Its handlers are named on_<message> (found through the MRO): Textual
    collects @on handlers only from the body of a Screen subclass."""

    _sync_timer: Timer | None = None  # the next background sync, waiting
    _sync_cancel: SyncCancel | None = None  # the sync running, to stop when the app quits

    def on_unmount(self) -> None:
        """The app is closing: a sync waiting on a silent Hub stops now (the exit waits for
        the worker's thread); what it did is kept."""
        if self._sync_cancel is not None:
            self._sync_cancel.cancel()

    def action_sync_collection(self) -> None:
        if self.offline or self.demo:
            self.notify("Offline (--offline or --demo): the sync needs Hugging Face.", markup=False)
            return
        self.start_sync(manual=True)

    def sync_soon(self) -> None:
        """A bookmark or a note changed: with [sync] auto, sync once changes stop for a while
        (each change restarts the wait)."""
        if self.hub_sync.wants_change_synced():
            self._sync_after(self.options.sync_debounce)

    def _sync_after(self, delay: float) -> None:
        if self._sync_timer is not None:
            self._sync_timer.stop()
        self._sync_timer = self.set_timer(max(delay, 0.01), self._sync_due)  # 0: no timer

    def _sync_due(self) -> None:
        self._sync_timer = None
        if self.hub_sync.retry_due():
            self.start_sync(manual=False)

    def start_sync(self, *, manual: bool) -> None:
        if not self.hub_sync.begin():
            if manual:
                self.notify("A sync is under way; another follows it.", timeout=3, markup=False)
            return
        if self._sync_timer is not None:
            self._sync_timer.stop()
            self._sync_timer = None
        if manual:
            self.notify("Syncing bookmarks with Hugging Face…", timeout=2, markup=False)
        self.refresh_header()
        self._sync_worker(manual)

    @work(thread=True, exclusive=True, group="collection-sync", exit_on_error=False)
    def _sync_worker(self, manual: bool) -> None:
        from ...core.collection_sync import SyncOptions, run_sync

        cancel = self._sync_cancel = SyncCancel()
        try:
            self.services.writer.flush()  # the last b pressed is in the library, then synced
            summary = run_sync(
                self.library.path,
                SyncOptions(slug=self.options.sync_collection or None),
                endpoint=self.options.endpoint,
                cancel=cancel,
            )
        except (StoreError, ApiError) as error:
            self.post_message(CollectionSynced(None, manual, str(error)))
            return
        self.post_message(CollectionSynced(summary, manual))

    def on_collection_synced(self, message: CollectionSynced) -> None:
        summary = message.summary
        changed = summary is not None and changed_here(summary)
        status = summary.status() if summary is not None else None
        end = self.hub_sync.ended(status, manual=message.manual, changed=changed)
        if summary is not None and changed:
            self.check_library_changes()  # the ★ marks, the abstract
            if self.spec.kind in ("bookmarks", "tag"):
                self.reload_view()
            if any(words.startswith("bookmarked from") for _, words in summary.changes):
                self.fill_in_kept()  # titles for the papers that came with only an id
        if end.tell:
            if summary is None:
                words, warning = f"Sync stopped: {message.problem}", True
            else:
                words, warning = sync_notice(summary)
            self.notify(
                words,
                severity="warning" if warning else "information",
                timeout=8 if warning else 4,
                markup=False,
            )
        if end.next_in is not None:
            self._sync_after(end.next_in)
        elif end.again:
            self._sync_after(self.options.sync_debounce)
        self.refresh_header()
