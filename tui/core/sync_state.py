"""What the library keeps of the syncs with Hugging Face collections (schema 5): the collections,
each paper both sides had at the last sync, the user a token belongs to, and how the last sync
went. User data: a cache clear never touches it, and ``library export`` leaves it out on
purpose (it describes this machine's last sync; imported on another machine it would read as
removals nobody made).

Each change commits at once (``synchronous=FULL``, as every library write): a sync killed
halfway has recorded every item it created, so the next one makes no duplicate.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

from .collection_models import HubUser, StoredCollection, SyncedItem
from .db import now_stamp
from .library import Library

STATUS_KEY = "collection_sync.status"
USER_KEY = "collection_sync.user."  # + a digest of the token (never the token)


class SyncState:
    """The sync tables of one library. Safe to share between threads, as the library is."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return self.library.transaction()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.library.query(sql, params)

    # --- collections ----------------------------------------------------------------------

    def collection(self, endpoint: str, slug: str | None = None) -> StoredCollection | None:
        """The collection ``slug`` names (by its slug or its id), else this endpoint's
        default one (the one a sync without ``--collection`` made or found)."""
        columns = "collection_id, slug, endpoint, owner, is_default, synced_at"
        if slug:
            from .collection_models import collection_id_of

            rows = self._rows(
                f"SELECT {columns} FROM hub_collections WHERE endpoint = ?"
                " AND (slug = ? OR collection_id = ?)",
                (endpoint, slug, collection_id_of(slug)),
            )
        else:
            rows = self._rows(
                f"SELECT {columns} FROM hub_collections WHERE endpoint = ? AND is_default = 1",
                (endpoint,),
            )
        if not rows:
            return None
        cid, stored_slug, stored_endpoint, owner, is_default, synced_at = rows[0]
        return StoredCollection(
            cid, stored_slug, stored_endpoint, owner, bool(is_default), synced_at
        )

    def save_collection(self, stored: StoredCollection) -> None:
        """Keep a collection (its slug renewed after a rename); a default one replaces the
        endpoint's previous default."""
        with self._write() as conn:
            if stored.is_default:
                conn.execute(
                    "UPDATE hub_collections SET is_default = 0 WHERE endpoint = ?",
                    (stored.endpoint,),
                )
            conn.execute(
                "INSERT INTO hub_collections (collection_id, slug, endpoint, owner, is_default,"
                " synced_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (collection_id) DO UPDATE SET"
                " slug = excluded.slug, owner = excluded.owner,"
                " is_default = max(is_default, excluded.is_default)",
                (
                    stored.collection_id,
                    stored.slug,
                    stored.endpoint,
                    stored.owner,
                    int(stored.is_default),
                    stored.synced_at,
                ),
            )

    def forget_collection(self, collection_id: str) -> None:
        """A collection deleted on the Hub, to be made anew: its last-sync record goes (the
        bookmarks stay, and the next sync adds them all to the new one)."""
        with self._write() as conn:
            conn.execute("DELETE FROM hub_items WHERE collection_id = ?", (collection_id,))
            conn.execute("DELETE FROM hub_collections WHERE collection_id = ?", (collection_id,))

    def mark_synced(self, collection_id: str, when: str | None = None) -> str:
        stamp = when or now_stamp()
        with self._write() as conn:
            conn.execute(
                "UPDATE hub_collections SET synced_at = ? WHERE collection_id = ?",
                (stamp, collection_id),
            )
        return stamp

    # --- items ----------------------------------------------------------------------------

    def items(self, collection_id: str) -> dict[str, SyncedItem]:
        """Each paper both sides had at the last sync, by paper id."""
        rows = self._rows(
            "SELECT paper_id, item_id, note FROM hub_items WHERE collection_id = ?",
            (collection_id,),
        )
        return {str(p): SyncedItem(str(i), n) for p, i, n in rows}

    def record_item(
        self, collection_id: str, paper_id: str, item_id: str, note: str | None
    ) -> None:
        """Both sides have the paper now (committed at once: a sync killed after this makes
        no second item)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hub_items (collection_id, paper_id, item_id, note, seen_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection_id, paper_id) DO UPDATE SET"
                " item_id = excluded.item_id, note = excluded.note, seen_at = excluded.seen_at",
                (collection_id, paper_id, item_id, note, now_stamp()),
            )

    def record_items(self, collection_id: str, items: list[tuple[str, str, str | None]]) -> None:
        """Many (paper id, item id, note) found on both sides, in one transaction: none was
        created by this sync, so a sync killed before this loses nothing but the record."""
        stamp = now_stamp()
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO hub_items (collection_id, paper_id, item_id, note, seen_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection_id, paper_id) DO UPDATE SET"
                " item_id = excluded.item_id, note = excluded.note, seen_at = excluded.seen_at",
                [(collection_id, p, i, n, stamp) for p, i, n in items],
            )

    def drop_item(self, collection_id: str, paper_id: str) -> None:
        with self._write() as conn:
            conn.execute(
                "DELETE FROM hub_items WHERE collection_id = ? AND paper_id = ?",
                (collection_id, paper_id),
            )

    def bookmarks(self) -> dict[str, tuple[str, str | None]]:
        """Every bookmark with its date and note, the oldest first (one query for 2,000)."""
        rows = self._rows(
            "SELECT b.paper_id, b.created_at, n.note FROM bookmarks b"
            " LEFT JOIN notes n ON n.paper_id = b.paper_id ORDER BY b.created_at, b.rowid"
        )
        return {str(p): (str(at), note) for p, at, note in rows}

    # --- the token's user, and the last sync's outcome --------------------------------------

    @staticmethod
    def _user_key(token: str) -> str:
        return USER_KEY + hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]

    def user(self, token: str) -> HubUser | None:
        """Whom ``token`` belongs to, as whoami said before (it is "intentionally strict" on
        rate limits, API2.md §3.5: asked once per token)."""
        value = self.library.remembered(self._user_key(token))
        try:
            data = json.loads(value) if value else None
            return HubUser(str(data["name"]), data.get("role")) if data else None
        except (ValueError, KeyError, TypeError):
            return None

    def save_user(self, token: str, user: HubUser) -> None:
        self.library.remember(
            self._user_key(token), json.dumps({"name": user.name, "role": user.role})
        )

    def status(self) -> dict[str, Any] | None:
        """The last sync's outcome as saved by :meth:`save_status` (for the app's header)."""
        value = self.library.remembered(STATUS_KEY)
        try:
            data = json.loads(value) if value else None
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def save_status(self, status: dict[str, Any]) -> None:
        self.library.remember(STATUS_KEY, json.dumps(status, ensure_ascii=False))
