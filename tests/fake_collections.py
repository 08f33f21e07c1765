"""A fake of the Hugging Face collections API (API2.md §3) and whoami-v2 (§3.5), served by
tests/hubserver.py: the same paths, bodies and errors as far as API2.md knows them.

Tokens (``Authorization: Bearer …``): ``hf_alice_write`` and ``hf_bob_write`` can write,
``hf_alice_read`` only read (403 on a write); any other token gets 401. Paper NOT_INDEXED
gets 404 on add, as a paper Hugging Face has not indexed; a paper already there gets 409.

Faults a test sets on the instance: ``writes_left`` (after that many writes, each write answers
500; with ``lost_answer`` the write is made first and only its answer lost), ``limited`` (the
next requests answer 429 with ``Retry-After: retry_after``), ``broken`` (the next requests answer
503), ``item_page`` (a collection's items paged with ``Link: rel=next``, ``?p=N``).

By hand, an item removed "on the website" is the real request:
``curl -X DELETE -H 'Authorization: Bearer hf_alice_write' $HUB/api/collections/SLUG/items/ID``
(the item's ``_id`` is in ``curl -H … $HUB/api/collections/SLUG``).
"""

from __future__ import annotations

import itertools
import threading
from typing import Any
from urllib.parse import unquote, urlencode

USERS = {
    "hf_alice_write": ("alice", "write"),
    "hf_alice_read": ("alice", "read"),
    "hf_bob_write": ("bob", "write"),
}
NOT_INDEXED = "2607.99404"
Answer = tuple[int, Any, dict[str, str]]


class FakeCollections:
    """The collections of every fake user, in memory; ``answer`` serves one request."""

    def __init__(self) -> None:
        self.collections: dict[str, dict[str, Any]] = {}  # by 24-hex id
        self.requests: list[tuple[str, str]] = []  # (method, path) of each request
        self.lock = threading.Lock()
        self._ids = itertools.count(0x690DF2D0C9390ED6AB0F0000)
        self.writes_left: int | None = None
        self.lost_answer = False
        self.limited = 0
        self.retry_after = "1"
        self.broken = 0
        self.item_page: int | None = None
        self.hide_once: set[str] = set()  # papers the next GET leaves out (a stale read: 409)
        self.clock = itertools.count(1)

    def new_id(self) -> str:
        return f"{next(self._ids):024x}"

    def stamp(self) -> str:
        return f"2026-12-01T00:00:{next(self.clock) % 60:02d}.{next(self.clock) % 1000:03d}Z"

    def writes(self) -> int:
        return sum(1 for method, _ in self.requests if method != "GET")

    def reads(self) -> int:
        return sum(1 for method, _ in self.requests if method == "GET")

    def papers(self, slug: str) -> list[str]:
        """The paper ids of a collection, in order (for tests)."""
        return [item["id"] for item in self._by_slug(slug)["items"] if item["type"] == "paper"]

    def remove_on_website(self, slug: str, paper_id: str) -> None:
        with self.lock:
            collection = self._by_slug(slug)
            collection["items"] = [i for i in collection["items"] if i["id"] != paper_id]
            collection["lastUpdated"] = self.stamp()

    def add_on_website(self, slug: str, paper_id: str, note: str | None = None) -> None:
        with self.lock:
            self._add(self._by_slug(slug), paper_id, note)

    def _by_slug(self, slug: str) -> dict[str, Any]:
        return self.collections[slug.rsplit("-", 1)[-1]]

    def _add(self, collection: dict[str, Any], paper_id: str, note: str | None) -> dict[str, Any]:
        item: dict[str, Any] = {
            "_id": self.new_id(),
            "id": paper_id,
            "type": "paper",
            "position": len(collection["items"]),
            "title": f"Paper {paper_id}",
            "upvotes": 1,
        }
        if note:
            item["note"] = {"html": f"<p>{note}</p>", "text": note}
        collection["items"].append(item)
        collection["lastUpdated"] = self.stamp()
        return item

    # --- serving ----------------------------------------------------------------------------

    def answer(
        self, method: str, path: str, query: dict[str, str], auth: str | None, body: Any
    ) -> Answer:
        with self.lock:
            self.requests.append((method, path))
            if self.limited:
                self.limited -= 1
                return 429, {"error": "rate limited"}, {"Retry-After": self.retry_after}
            if self.broken:
                self.broken -= 1
                return 503, {"error": "Service Unavailable"}, {}
            user = USERS.get((auth or "").removeprefix("Bearer "))
            if auth and user is None:
                return 401, {"error": "Invalid credentials in Authorization header"}, {}
            if method != "GET":
                if user is None:
                    return 401, {"error": "You must be authenticated"}, {}
                if self.writes_left is not None:
                    if self.writes_left <= 0:
                        if self.lost_answer:
                            self._route(method, path, query, user, body)
                        return 500, {"error": "Internal Error"}, {}
                    self.writes_left -= 1
            return self._route(method, path, query, user, body)

    def _route(self, method: str, path: str, query: dict[str, str], user: Any, body: Any) -> Answer:
        if path == "/api/whoami-v2":
            if user is None:
                return 401, {"error": "You must be authenticated"}, {}
            return 200, whoami(*user), {}
        if path == "/api/collections":
            if method == "POST":
                return self._create(user, body)
            return self._list(query, user)
        parts = [unquote(p) for p in path.removeprefix("/api/collections/").split("/")]
        if len(parts) < 2:
            return 404, {"error": "Not Found"}, {}
        slug = f"{parts[0]}/{parts[1]}"
        collection = self.collections.get(parts[1].rsplit("-", 1)[-1])
        visible = collection is not None and (
            not collection["private"] or (user and user[0] == collection["owner"]["name"])
        )
        if collection is None or not visible:
            return 404, {"error": "Collection not found"}, {}
        rest = parts[2:]
        if method == "GET" and not rest:
            return self._get(collection, slug, query)
        if method != "GET" and user[0] != collection["owner"]["name"]:
            return 403, {"error": "You don't have the rights to edit this collection"}, {}
        if method != "GET" and user[1] != "write":
            return 403, {"error": "This token does not have write access"}, {}
        if method == "POST" and rest == ["items"]:
            return self._add_item(collection, body)
        if len(rest) == 2 and rest[0] == "items":
            found = [i for i in collection["items"] if i["_id"] == rest[1]]
            if not found:
                return 404, {"error": "Item not found"}, {}
            if method == "DELETE":
                collection["items"].remove(found[0])
                collection["lastUpdated"] = self.stamp()
                return 204, None, {}
            if method == "PATCH":
                note = (body or {}).get("note")
                if note is not None and len(note) > 500:
                    return 400, {"error": "note must be at most 500 characters"}, {}
                if note:
                    found[0]["note"] = {"html": f"<p>{note}</p>", "text": note}
                else:
                    found[0].pop("note", None)
                collection["lastUpdated"] = self.stamp()
                return 200, {}, {}
        return 405, {"error": "Method not allowed"}, {}

    def _create(self, user: Any, body: Any) -> Answer:
        if user[1] != "write":
            return 403, {"error": "This token does not have write access"}, {}
        title = str((body or {}).get("title") or "")
        namespace = (body or {}).get("namespace") or user[0]
        ident = self.new_id()
        slug = f"{namespace}/{title.lower().replace(' ', '-')}-{ident}"
        self.collections[ident] = {
            "slug": slug,
            "title": title,
            "description": (body or {}).get("description"),
            "owner": {"_id": "64f9a55bb3115b4f513e0000", "name": namespace, "type": "user"},
            "items": [],
            "private": bool((body or {}).get("private")),
            "lastUpdated": self.stamp(),
            "theme": "orange",
            "upvotes": 0,
        }
        return 200, self.collections[ident], {}

    def _add_item(self, collection: dict[str, Any], body: Any) -> Answer:
        item = (body or {}).get("item") or {}
        paper_id = str(item.get("id"))
        if item.get("type") != "paper" or paper_id == NOT_INDEXED:
            return 404, {"error": f"Paper {paper_id} not found"}, {}
        if any(i["id"] == paper_id and i["type"] == "paper" for i in collection["items"]):
            return 409, {"error": "Item already in collection"}, {}
        note = (body or {}).get("note")
        if note is not None and len(note) > 500:
            return 400, {"error": "note must be at most 500 characters"}, {}
        item = self._add(collection, paper_id, note)
        # The updated collection; its items cut to the new one here, so that 2,000 adds do
        # not send 2,000 ever longer bodies (the real Hub's answer may hold them all).
        return 200, dict(collection, items=[item]), {}

    def _get(self, collection: dict[str, Any], slug: str, query: dict[str, str]) -> Answer:
        body = dict(collection, position=0, shareUrl=f"https://hf.co/collections/{slug}")
        if self.hide_once:
            body["items"] = [i for i in collection["items"] if i["id"] not in self.hide_once]
            self.hide_once = set()
            return 200, body, {}
        if self.item_page is None:
            return 200, body, {}
        page = int(query.get("p", "0"))
        items = collection["items"]
        body["items"] = items[page * self.item_page : (page + 1) * self.item_page]
        headers = {}
        if len(items) > (page + 1) * self.item_page:
            following = f"/api/collections/{collection['slug']}?{urlencode({'p': page + 1})}"
            headers["Link"] = f'<{following}>; rel="next"'
        return 200, body, headers

    def _list(self, query: dict[str, str], user: Any) -> Answer:
        owner = query.get("owner")
        limit, page = int(query.get("limit", "100")), int(query.get("p", "0"))
        rows = [
            dict(c, items=c["items"][:4])
            for c in self.collections.values()
            if (owner is None or c["owner"]["name"] == owner)
            and (not c["private"] or (user and user[0] == c["owner"]["name"]))
        ]
        rows.sort(key=lambda c: c["lastUpdated"], reverse=True)
        headers = {}
        if len(rows) > (page + 1) * limit:
            headers["Link"] = (
                f'</api/collections?{urlencode(dict(query, p=str(page + 1)))}>; rel="next"'
            )
        return 200, rows[page * limit : (page + 1) * limit], headers


def whoami(name: str, role: str) -> dict[str, Any]:
    """The shape of API2.md §3.5 (the hub.js CI bot's answer, with this user's name)."""
    return {
        "type": "user",
        "id": "62f264b9f3c90f4b6514a269",
        "name": name,
        "fullname": name.title(),
        "email": f"{name}@example.com",
        "emailVerified": True,
        "canPay": False,
        "isPro": False,
        "periodEnd": None,
        "avatarUrl": "/avatars/x.svg",
        "billingMode": "postpaid",
        "orgs": [],
        "auth": {
            "type": "access_token",
            "accessToken": {"displayName": "dailypapers", "role": role},
        },
    }
