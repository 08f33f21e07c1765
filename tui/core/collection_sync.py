"""Bookmarks kept in step with a Hugging Face collection, both ways (API2.md §3.6).

A paper both sides had at the last sync is recorded (sync_state.py); that record is what tells
"added there" from "removed here":

- bookmarked here only: added to the collection, unless the record says the collection had it,
  in which case it was removed on the Hub since; that removal is carried over, except when the
  bookmark here was made after the last sync and after the collection last changed (the later
  change wins: it is added back);
- in the collection only: bookmarked here, unless the record says it was bookmarked here, in
  which case it was removed here since and is removed there; except when the collection's item
  is a new one (another ``_id``): it was added there again after the last sync, and that later
  change wins;
- both: nothing, but the notes: a note changed on one side since the last sync goes to the
  other; changed on both, both texts are kept here (yours first) and sent.

Notes travel as the item's note, cut to 500 characters with "…" there and whole here; tags
stay local. Local changes are made first, then the writes, one at a time; each item's id is
recorded the moment it is created, so a sync killed halfway makes no duplicate the next time
and loses nothing. Running it twice in a row changes nothing and costs one read (the
collection): whoami is asked once per token and remembered.

A collection that is gone (404) is never taken for "every paper removed there": the sync stops
and says so, and only ``recreate`` (``dailypapers sync --recreate``) makes a new one with the
bookmarks, because the user may have deleted it on purpose.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .api import ApiError, HFClient
from .collection_client import CollectionClient, valid_slug
from .collection_models import (
    RemoteCollection,
    RemoteItem,
    StoredCollection,
    SyncedItem,
    hub_note,
)
from .errors import SyncError
from .hub_token import FoundToken, find_token
from .library import MAX_NOTE, Library
from .models import Paper
from .sync_cancel import SyncCancel
from .sync_state import SyncState
from .sync_summary import SyncSummary

DEFAULT_TITLE = "dailypapers"
DESCRIPTION = "Bookmarks kept in step by dailypapers, a terminal reader for Daily Papers."
MASS_REMOVAL = 10  # removals there this many and over half the collection: asked, not done
MAX_WAIT = 30.0  # seconds of Retry-After a sync waits out; past it, it stops and says when
HUB_NOTE_LINE = "--- also written on Hugging Face ---"
Answer = TypeVar("Answer")


@dataclass(frozen=True, slots=True)
class SyncOptions:
    slug: str | None = None  # --collection, else the config's [sync] collection
    recreate: bool = False  # make a new collection when the stored one was deleted
    accept_removals: bool = False  # carry over a removal of most of the bookmarks there
    dry_run: bool = False


class CollectionSync:
    """One sync of the library's bookmarks with one collection."""

    def __init__(
        self,
        library: Library,
        client: CollectionClient,
        *,
        endpoint: str,
        token: str,
        token_where: str | None = None,
        options: SyncOptions | None = None,
    ) -> None:
        self.library = library
        self.state = SyncState(library)
        self.client = client
        self.endpoint = endpoint
        self.token = token
        self.token_where = token_where
        self.options = options or SyncOptions()
        self.summary = SyncSummary(dry_run=self.options.dry_run)
        self._owner: str | None = None
        self._role: str | None = None
        self._verb = "would be " if self.options.dry_run else ""
        self._in_step: list[tuple[str, str, str | None]] = []  # found on both sides, unrecorded

    # --- the whole sync -------------------------------------------------------------------

    async def run(self) -> SyncSummary:
        """Sync; never raises for what can go wrong on the network (``summary.error`` says it),
        and saves the outcome for the app's header."""
        summary = self.summary
        try:
            stored, remote = await self._collection()
            summary.collection = remote.slug if remote else stored.slug
            summary.url = f"{self.endpoint}/collections/{summary.collection}"
            await self._reconcile(stored, remote)
            if not self.options.dry_run:
                summary.synced_at = self.state.mark_synced(stored.collection_id)
        except SyncError as error:
            summary.error = error
        summary.requests = self.client.api.requests
        if not self.options.dry_run:
            self.state.save_status(summary.status())
        return summary

    # --- which collection -------------------------------------------------------------------

    async def _collection(self) -> tuple[StoredCollection, RemoteCollection | None]:
        """The collection to sync with, and what it holds now; made when there is none yet."""
        slug = self.options.slug
        if slug is not None and valid_slug(slug) is None:
            raise SyncError(
                f"{slug!r} is not a collection slug (like alice/dailypapers-"
                "64f9a55bb3115b4f513ec026, from the collection's address)",
                kind="refused",
            )
        stored = self.state.collection(self.endpoint, slug)
        if stored is not None:
            try:
                remote = await self._guard(self.client.collection(stored.slug), stored.slug)
            except SyncError as error:
                if error.kind != "collection_gone" or not self.options.recreate or slug:
                    raise
                if not self.options.dry_run:
                    self.state.forget_collection(stored.collection_id)
            else:
                if remote.slug != stored.slug and not self.options.dry_run:  # renamed on the web
                    self.state.save_collection(_renamed(stored, remote))
                self._owner = remote.owner
                return stored, remote
        if slug is not None:  # a collection named by the user, synced with for the first time
            if self.state.user(self.token) is None:  # to name the owner should it refuse a write
                self.state.save_user(self.token, await self._guard(self.client.whoami(), None))
            remote = await self._guard(self.client.collection(slug), slug)
            stored = StoredCollection(
                remote.collection_id, remote.slug, self.endpoint, remote.owner
            )
            if not self.options.dry_run:
                self.state.save_collection(stored)
            self._owner = remote.owner
            return stored, remote
        return await self._default_collection()

    async def _default_collection(self) -> tuple[StoredCollection, RemoteCollection | None]:
        """The user's own "dailypapers" collection: found by its title (made on another
        machine), else made, private."""
        user = self.state.user(self.token)
        if user is None:
            user = await self._guard(self.client.whoami(), None)
            self.state.save_user(self.token, user)
        self._owner, self._role = user.name, user.role
        found = await self._guard(self.client.find_by_title(user.name, DEFAULT_TITLE), None)
        if found is not None:
            remote = await self._guard(self.client.collection(found.slug), found.slug)
        elif self.options.dry_run:
            self.summary.created = True
            slug = f"{user.name}/{DEFAULT_TITLE}"
            return StoredCollection(slug, slug, self.endpoint, user.name, True), None
        else:
            remote = await self._guard(
                self.client.create(user.name, DEFAULT_TITLE, DESCRIPTION), None, writing=True
            )
            self.summary.created = True
        stored = StoredCollection(
            remote.collection_id, remote.slug, self.endpoint, user.name, is_default=True
        )
        if not self.options.dry_run:
            self.state.save_collection(stored)
        return stored, remote

    # --- what changed, and carrying it over ---------------------------------------------------

    async def _reconcile(self, stored: StoredCollection, remote: RemoteCollection | None) -> None:
        cid = stored.collection_id
        last = self.state.items(cid) if remote is not None else {}
        local = self.state.bookmarks()
        there = remote.items if remote is not None else {}
        # The later of the last sync and the collection's last change: a bookmark made here
        # since is newer than a removal there.
        stamps = [stamp for stamp in (stored.synced_at, remote and remote.last_updated) if stamp]
        changed_after = max(stamps, default="")
        self._check_removals(local, last, there)
        to_add: list[str] = []
        to_remove: list[tuple[str, str]] = []
        notes_to_send: list[tuple[str, str, str | None, bool]] = []
        for paper_id, (bookmarked_at, note) in local.items():
            item, before = there.get(paper_id), last.get(paper_id)
            if item is not None:
                self._both(cid, paper_id, note, item, before, notes_to_send)
            elif before is None:
                to_add.append(paper_id)
            elif stored.synced_at and bookmarked_at > changed_after:
                to_add.append(paper_id)  # bookmarked again here after its removal there
            else:
                self._local(paper_id, f"removed here (removed on the Hub){self._did()}")
                if not self.options.dry_run:
                    self.library.remove_bookmark(paper_id)
                    self.state.drop_item(cid, paper_id)
        for paper_id, item in there.items():
            if paper_id in local:
                continue
            before = last.get(paper_id)
            if before is not None and before.item_id == item.item_id:
                to_remove.append((paper_id, item.item_id))
                continue
            again = " (added there again after its removal here)" if before else ""
            self._local(paper_id, f"{self._verb}bookmarked from the collection{again}")
            if not self.options.dry_run:
                known = self.library.snapshot(paper_id) is not None
                self.library.add_bookmark(paper_id, None if known else _paper_of(item))
                if item.note:
                    self._take_note(paper_id, item.note)
                self.state.record_item(cid, paper_id, item.item_id, item.note)
        for paper_id in last.keys() - local.keys() - there.keys():
            if not self.options.dry_run:
                self.state.drop_item(cid, paper_id)  # removed on both sides
        self.summary.papers = len(local.keys() & there.keys())
        if self._in_step and not self.options.dry_run:
            self.state.record_items(cid, self._in_step)
        slug = remote.slug if remote is not None else stored.slug
        await self._write(cid, slug, local, last, to_add, to_remove, notes_to_send)

    def _check_removals(
        self, local: Mapping[str, object], last: Mapping[str, object], there: Mapping[str, object]
    ) -> None:
        """A collection that lost most of what the last sync saw is more likely a mistake (or
        the Hub's) than a choice: it stops before any bookmark is removed here."""
        gone = [paper_id for paper_id in local if paper_id in last and paper_id not in there]
        if self.options.accept_removals or len(gone) < MASS_REMOVAL:
            return
        if len(gone) * 2 <= len(last):
            return
        raise SyncError(
            f"{len(gone)} of the {len(last)} papers the last sync saw are no longer in the "
            "collection; nothing was removed here. If that was you, `dailypapers sync "
            "--accept-removals` removes them here too.",
            kind="mass_removal",
        )

    def _both(
        self,
        cid: str,
        paper_id: str,
        note: str | None,
        item: RemoteItem,
        before: SyncedItem | None,
        notes_to_send: list[tuple[str, str, str | None, bool]],
    ) -> None:
        """A paper both sides have: its notes compared, the record renewed."""
        mine, _ = hub_note(note)
        theirs = item.note
        base = before.note if before is not None else None
        if (mine or None) == (theirs or None):
            if before is None or before != SyncedItem(item.item_id, theirs):
                self._in_step.append((paper_id, item.item_id, theirs))
            return
        if before is not None and (theirs or None) == (base or None):
            notes_to_send.append((paper_id, item.item_id, note, True))  # changed here only
            return
        if (before is not None and (mine or None) == (base or None)) or not note:
            self._local(paper_id, f"note {self._verb}updated from the collection")
            if not self.options.dry_run:
                self._take_note(paper_id, theirs)
                self.state.record_item(cid, paper_id, item.item_id, theirs)
            return
        if not theirs:
            notes_to_send.append((paper_id, item.item_id, note, True))
            return
        # Written on both sides: both texts kept here, and the two sent.
        merged = f"{note}\n\n{HUB_NOTE_LINE}\n{theirs}"[:MAX_NOTE]
        self._local(paper_id, f"note {self._verb}kept from both sides (edited on both)")
        if not self.options.dry_run:
            self._take_note(paper_id, merged)
        notes_to_send.append((paper_id, item.item_id, merged, False))

    def _take_note(self, paper_id: str, note: str | None) -> None:
        """The note from the Hub, the paper's tags kept."""
        self.library.set_note(paper_id, note or "", self.library.tags_of(paper_id))

    async def _write(
        self,
        cid: str,
        slug: str,
        local: dict[str, tuple[str, str | None]],
        last: dict[str, SyncedItem],
        to_add: list[str],
        to_remove: list[tuple[str, str]],
        notes_to_send: list[tuple[str, str, str | None, bool]],
    ) -> None:
        """The Hub's side, one write at a time (API2.md §3.4); a 409 means the paper is there
        already (its item's id is read once at the end)."""
        already: list[str] = []
        for paper_id in to_add:
            note, cut = hub_note(local[paper_id][1])
            again = " (bookmarked again here after its removal there)" if paper_id in last else ""
            if self.options.dry_run:
                self._hub(paper_id, f"would be added to the collection{again}", cut)
                continue
            try:
                item_id = await self._guard(
                    self.client.add_paper(slug, paper_id, note), slug, writing=True
                )
            except _Skipped as skipped:
                if skipped.status == 409:
                    already.append(paper_id)
                else:
                    self._local(paper_id, skipped.words)
                continue
            if item_id is None:
                already.append(paper_id)
            else:
                self.state.record_item(cid, paper_id, item_id, note)
            self._hub(paper_id, f"added to the collection{again}", cut)
        for paper_id, item_id in to_remove:
            if not self.options.dry_run:
                try:
                    await self._guard(self.client.remove_item(slug, item_id), slug, writing=True)
                except _Skipped as skipped:
                    self._local(paper_id, skipped.words)
                    continue
                self.state.drop_item(cid, paper_id)
            self._local(paper_id, f"{self._verb}removed from the collection (removed here)")
        for paper_id, item_id, text, say in notes_to_send:
            note, cut = hub_note(text)
            if not self.options.dry_run:
                try:
                    await self._guard(self.client.set_note(slug, item_id, note), slug, writing=True)
                except _Skipped:
                    continue  # the item went meanwhile: the next sync sees it gone
                self.state.record_item(cid, paper_id, item_id, note)
            if say:
                self._hub(paper_id, f"note {self._verb}sent to the collection", cut)
            elif cut:
                self.summary.notes_cut += 1
        if already:
            remote = await self._guard(self.client.collection(slug), slug)
            for paper_id in already:
                if (item := remote.items.get(paper_id)) is not None:
                    self.state.record_item(cid, paper_id, item.item_id, item.note)
                    self._hub(paper_id, "already in the collection", False)

    # --- words and errors ---------------------------------------------------------------------

    def _did(self) -> str:
        return " (would be)" if self.options.dry_run else ""

    def _local(self, paper_id: str, words: str) -> None:
        self.summary.add(paper_id, words)

    def _hub(self, paper_id: str, words: str, cut: bool) -> None:
        if cut:
            self.summary.notes_cut += 1
        self.summary.add(paper_id, words)

    async def _guard(
        self, call: Awaitable[Answer], slug: str | None, *, writing: bool = False
    ) -> Answer:
        """Await a collections call; its failure as a SyncError that stops the sync, or as
        _Skipped for a paper the Hub refuses alone (not indexed: 404; there already: 409)."""
        try:
            return await call
        except ApiError as error:
            raise self._stop(error, slug, writing) from None

    def _stop(self, error: ApiError, slug: str | None, writing: bool) -> SyncError | _Skipped:
        status = error.status
        where = f" from {self.token_where}" if self.token_where else ""
        if status == 401:
            return SyncError(
                f"Hugging Face refused your token{where} (expired or revoked); run "
                "`hf auth login` to renew it, then sync again.",
                kind="token_refused",
            )
        if status == 403:
            owner = self._owner
            user = self.state.user(self.token)
            if owner and user and user.name != owner:
                return SyncError(
                    f"The collection {slug} belongs to {owner}, and your token{where} is "
                    f"{user.name}'s: it cannot change it. Sync with a collection of yours "
                    "(leave out --collection), or use a token of the collection's owner.",
                    kind="other_user",
                )
            return SyncError(
                f"Your token{where} cannot change collections (a read-only token?); create a "
                "write token at https://huggingface.co/settings/tokens, then sync again.",
                kind="read_only",
            )
        if status == 409 and writing:
            return _Skipped(409, "already in the collection")
        if status == 404 and writing and slug:
            return _Skipped(
                404,
                "not on Hugging Face yet: kept here, tried again next sync (opening its "
                "page on huggingface.co/papers adds it)",
            )
        user = self.state.user(self.token)
        namespace = slug.split("/", 1)[0] if slug else None
        if status == 404 and slug and user and namespace != user.name:
            return SyncError(
                f"The collection {slug} cannot be seen with your token{where}, which is "
                f"{user.name}'s: it is {namespace}'s, private (or deleted). Sync with a "
                "collection of yours (leave out --collection), or use a token of its owner.",
                kind="other_user",
            )
        if status == 404 and slug:
            return SyncError(
                f"The collection {slug} is not on Hugging Face (deleted on the website, or "
                "private to another user); your bookmarks here are kept. Run `dailypapers sync "
                "--recreate` to make a new one with them, or name another with --collection.",
                kind="collection_gone",
            )
        if status == 429:
            return SyncError(
                f"{error}. Nothing is lost: run the sync again then, it completes the rest.",
                kind="rate_limited",
            )
        if error.unreachable or error.cannot_connect:
            return SyncError(
                f"{error}; the sync will complete when Hugging Face can be reached.",
                kind="offline",
            )
        if status is not None and 400 <= status < 500 and writing:
            return _Skipped(status, f"refused by Hugging Face ({error}); kept here")
        return SyncError(
            f"{error}; what was done is kept, and the next sync completes the rest.",
            kind="server",
        )


class _Skipped(SyncError):
    """One paper the Hub would not take; the sync goes on with the others."""

    def __init__(self, status: int, words: str) -> None:
        super().__init__(words, kind="refused")
        self.status = status
        self.words = words


def _paper_of(item: RemoteItem) -> Paper | None:
    """What the collection says of a paper, kept with the bookmark until the cache knows more
    (a second machine's bookmarks list titles at once, not bare ids)."""
    if not item.title:
        return None
    return Paper(item.paper_id, item.title, published=item.published, upvotes=item.upvotes)


def _renamed(stored: StoredCollection, remote: RemoteCollection) -> StoredCollection:
    return StoredCollection(
        stored.collection_id,
        remote.slug,
        stored.endpoint,
        remote.owner,
        stored.is_default,
        stored.synced_at,
    )


async def sync_bookmarks(
    library: Library,
    options: SyncOptions,
    *,
    endpoint: str | None = None,
    found: FoundToken | None = None,
) -> SyncSummary:
    """One sync with the user's token (found as the Hugging Face tools find it; sent even with
    HF_HUB_DISABLE_IMPLICIT_TOKEN, since a sync is the user asking to write)."""
    found = found or find_token()
    if found is None:
        summary = SyncSummary(dry_run=options.dry_run)
        summary.error = SyncError(
            "No Hugging Face token found (HF_TOKEN, or the file `hf auth login` writes); log "
            "in with a write token, then sync again. Your bookmarks stay here meanwhile.",
            kind="no_token",
        )
        if not options.dry_run:
            SyncState(library).save_status(summary.status())
        return summary
    async with HFClient(endpoint, token=found.value, max_wait=MAX_WAIT) as api:
        sync = CollectionSync(
            library,
            CollectionClient(api),
            endpoint=api.endpoint,
            token=found.value,
            token_where=found.where(),
            options=options,
        )
        return await sync.run()


def run_sync(
    library_path: Path | Library,
    options: SyncOptions | None = None,
    *,
    endpoint: str | None = None,
    cancel: SyncCancel | None = None,
) -> SyncSummary:
    """For the app's thread worker: one whole sync on its own event loop; never raises for
    the network or the token (the summary says it). ``header_words(SyncState(library).status())``
    gives the header's words afterwards. ``cancel`` stops it from another thread (the app
    quitting); what it did is kept and the summary says it stopped."""
    library = library_path if isinstance(library_path, Library) else Library(library_path)
    chosen = options or SyncOptions()

    async def sync() -> SyncSummary:
        task = asyncio.current_task()
        if cancel is not None and task is not None:
            cancel.attach(asyncio.get_running_loop(), task)
        return await sync_bookmarks(library, chosen, endpoint=endpoint)

    try:
        return asyncio.run(sync())
    except asyncio.CancelledError:
        summary = SyncSummary(dry_run=chosen.dry_run)
        summary.error = SyncError(
            "The sync was stopped before it ended; what it did is kept and the next sync "
            "completes the rest.",
            kind="stopped",
        )
        return summary
    finally:
        if library is not library_path:
            library.close()
