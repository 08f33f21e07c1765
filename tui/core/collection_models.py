"""What the Hub says of a collection (API2.md §3.3) and what the library keeps of the last sync
with it: plain values, read from untrusted JSON once (collection_client.py) and compared by
collection_sync.py."""

from __future__ import annotations

from dataclasses import dataclass, field

NOTE_LIMIT = 500  # characters of an item's note the Hub keeps (API2.md §3.4)


@dataclass(frozen=True, slots=True)
class HubUser:
    """``/api/whoami-v2``'s answer, the little of it a sync needs."""

    name: str
    role: str | None = None  # "read", "write", "fineGrained", …; None for an OAuth token


@dataclass(frozen=True, slots=True)
class RemoteItem:
    """A paper in a collection: its item's ``_id`` (what a removal names) and its note."""

    paper_id: str
    item_id: str
    note: str | None = None
    # What the item says of the paper (API2.md §3.3): shown for a paper bookmarked from the
    # collection until the cache has its details.
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    upvotes: int | None = None


@dataclass(slots=True)
class RemoteCollection:
    """A collection as the Hub sent it; only its papers are kept (other kinds of item are the
    user's business, never touched)."""

    slug: str
    title: str = ""
    owner: str | None = None
    private: bool = True
    last_updated: str | None = None
    items: dict[str, RemoteItem] = field(default_factory=dict)

    @property
    def collection_id(self) -> str:
        """The 24-hex tail of the slug: it stays when the collection is renamed (API2.md §3.2)."""
        return collection_id_of(self.slug)


@dataclass(frozen=True, slots=True)
class StoredCollection:
    """A collection synced with before, as the library keeps it."""

    collection_id: str
    slug: str
    endpoint: str
    owner: str | None = None
    is_default: bool = False
    synced_at: str | None = None


@dataclass(frozen=True, slots=True)
class SyncedItem:
    """A paper both sides had at the last sync: the item's id and the note the Hub held."""

    item_id: str
    note: str | None = None


def collection_id_of(slug: str) -> str:
    """``alice/dailypapers-64f9a55bb3115b4f513ec026`` → ``64f9a55bb3115b4f513ec026`` (the slug
    itself when it has no such tail)."""
    tail = slug.rsplit("-", 1)[-1]
    return tail if len(tail) == 24 and all(c in "0123456789abcdef" for c in tail) else slug


def hub_note(note: str | None) -> tuple[str | None, bool]:
    """A local note as the Hub can keep it (at most NOTE_LIMIT characters, cut with "…"), and
    whether it was cut. The local note itself stays whole."""
    if not note:
        return None, False
    if len(note) <= NOTE_LIMIT:
        return note, False
    return note[: NOTE_LIMIT - 1] + "…", True
