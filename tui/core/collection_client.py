"""The Hugging Face collections API (API2.md §3), on HFClient's rules: the token goes only to
HF_ENDPOINT and is never printed, writes go one at a time and never follow a redirect, 429 and
5xx are retried as HFClient retries them. Everything the Hub sends is cleaned here, once: a
slug or an item id goes into a path only when it has the shape the Hub gives them.

Raises ApiError (its ``status`` tells a 404 from a 409); collection_sync.py says what each
means for the user's bookmarks.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from .api import ApiError, HFClient
from .collection_models import HubUser, RemoteCollection, RemoteItem
from .endpoint import origin
from .library import clean_paragraphs_keep
from .models import normalise_paper_id
from .text import clean_line

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_TITLE = 500  # cells of an item's title kept (a title is far shorter)

LIST_PAGE = 100  # collections per page, the API's maximum
LIST_PAGES_MAX = 20
ITEM_PAGES_MAX = 200  # if the Hub ever pages a collection's items: 200 pages is far past any
_SLUG = re.compile(r"[A-Za-z0-9][\w.-]{0,95}/[\w.-]{1,200}", re.ASCII)
_ITEM_ID = re.compile(r"[A-Za-z0-9]{1,64}", re.ASCII)


def valid_slug(slug: object) -> str | None:
    """A slug as it may go into a path (``namespace/title-slug-id``), else None."""
    if isinstance(slug, str) and _SLUG.fullmatch(slug) and ".." not in slug:
        return slug
    return None


def _note(item: dict[str, Any]) -> str | None:
    note = item.get("note")
    if isinstance(note, dict):
        note = note.get("text")
    return clean_paragraphs_keep(note) if isinstance(note, str) else None


def _paper_facts(item: dict[str, Any]) -> tuple[str | None, str | None, int | None]:
    """The title, publication day and upvotes a paper item carries, each when usable."""
    title = clean_line(item.get("title"))
    published = item.get("publishedAt")
    day = published[:10] if isinstance(published, str) and _DAY.match(published) else None
    upvotes = item.get("upvotes")
    votes = upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None
    return (title[:MAX_TITLE] if title else None), day, votes


def parse_collection(body: Any, host: str) -> RemoteCollection:
    """A collection's JSON (API2.md §3.3) as kept: its slug, owner and papers. Raises ApiError
    for a body that is not one."""
    if isinstance(body, dict) and isinstance(body.get("data"), dict):
        body = body["data"]  # PATCH answers {"data": <collection>}
    slug = valid_slug(body.get("slug")) if isinstance(body, dict) else None
    if slug is None:
        raise ApiError(f"{host} sent an unexpected collection (no usable slug)", retryable=False)
    owner = body.get("owner")
    owner_name = owner.get("name") if isinstance(owner, dict) else owner
    collection = RemoteCollection(
        slug=slug,
        title=clean_line(body.get("title")) or "",
        owner=clean_line(owner_name),
        private=bool(body.get("private", True)),
        last_updated=clean_line(body.get("lastUpdated")),
    )
    add_items(collection, body.get("items"))
    return collection


def add_items(collection: RemoteCollection, items: Any) -> int:
    """The papers among ``items`` added to the collection; how many were new."""
    added = 0
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or item.get("type") != "paper":
            continue  # models, datasets, Spaces, collections: not bookmarks, left alone
        paper_id = normalise_paper_id(item.get("id"))
        item_id = item.get("_id")
        if paper_id is None or not (isinstance(item_id, str) and _ITEM_ID.fullmatch(item_id)):
            continue
        if paper_id not in collection.items:
            collection.items[paper_id] = RemoteItem(
                paper_id, item_id, _note(item), *_paper_facts(item)
            )
            added += 1
    return added


class CollectionClient:
    """One user's collections, through an HFClient that carries their token."""

    def __init__(self, api: HFClient) -> None:
        self.api = api
        self.host = api.host

    @staticmethod
    def _path(slug: str, *rest: str) -> str:
        return "/".join(["/api/collections", quote(slug, safe="/"), *(quote(r) for r in rest)])

    async def whoami(self) -> HubUser:
        body, _ = await self.api.get_json("/api/whoami-v2")
        name = clean_line(body.get("name")) if isinstance(body, dict) else None
        if not name or valid_slug(f"{name}/x") is None:
            raise ApiError(f"{self.host} sent an unexpected whoami answer", retryable=False)
        auth = body.get("auth")
        token = auth.get("accessToken") if isinstance(auth, dict) else None
        return HubUser(name, clean_line(token.get("role")) if isinstance(token, dict) else None)

    async def find_by_title(self, owner: str, title: str) -> RemoteCollection | None:
        """The owner's collection with exactly this title, from the paged listing (whose items
        are cut to 4: get it for the whole)."""
        path: str = "/api/collections"
        params: dict[str, str] | None = {
            "owner": owner,
            "sort": "lastModified",
            "limit": str(LIST_PAGE),
        }
        seen: set[str] = set()
        for _ in range(LIST_PAGES_MAX):
            body, response = await self.api.get_json(path, params)
            page = body if isinstance(body, list) else []
            fresh = 0
            for entry in page:
                slug = valid_slug(entry.get("slug")) if isinstance(entry, dict) else None
                if slug is None or slug in seen:
                    continue
                seen.add(slug)
                fresh += 1
                if clean_line(entry.get("title")) == title:
                    return parse_collection(entry, self.host)
            following = response.links.get("next", {}).get("url")
            # A next link on the last page made a client loop for ever (API2.md §3.1).
            if not page or not fresh or not following:
                return None
            target = response.request.url.join(following)
            if origin(target) != origin(response.request.url):
                return None
            path, params = str(target), None
        return None

    async def collection(self, slug: str) -> RemoteCollection:
        """A collection with all its papers (following ``Link: rel=next`` should the Hub ever
        page them). ApiError 404 when it is gone."""
        body, response = await self.api.get_json(self._path(slug))
        collection = parse_collection(body, self.host)
        for _ in range(ITEM_PAGES_MAX):
            following = response.links.get("next", {}).get("url")
            if not following:
                break
            target = response.request.url.join(following)
            if origin(target) != origin(response.request.url):
                break
            body, response = await self.api.get_json(str(target))
            items = body.get("items") if isinstance(body, dict) else body
            if not add_items(collection, items):
                break
        return collection

    async def create(self, namespace: str, title: str, description: str) -> RemoteCollection:
        """A new private collection. Tried once: a create repeated after a lost answer would
        make a second one (the caller looks for it by title first)."""
        body = {"title": title, "namespace": namespace, "private": True}
        body["description"] = description[:150]
        answer, _ = await self.api.send_json("POST", "/api/collections", body, attempts=1)
        return parse_collection(answer, self.host)

    async def add_paper(self, slug: str, paper_id: str, note: str | None) -> str | None:
        """Add a paper; its new item's id (None when the answer does not show it). ApiError 409
        when it is there already, 404 when the Hub has not indexed the paper."""
        body: dict[str, Any] = {"item": {"type": "paper", "id": paper_id}}
        if note:
            body["note"] = note
        answer, _ = await self.api.send_json("POST", self._path(slug, "items"), body)
        try:
            item = parse_collection(answer, self.host).items.get(paper_id)
        except ApiError:
            return None
        return item.item_id if item else None

    async def remove_item(self, slug: str, item_id: str) -> None:
        """Remove an item; one already gone (404) is removed all the same."""
        try:
            await self.api.send_json("DELETE", self._path(slug, "items", item_id))
        except ApiError as error:
            if error.status != 404:
                raise

    async def set_note(self, slug: str, item_id: str, note: str | None) -> None:
        await self.api.send_json("PATCH", self._path(slug, "items", item_id), {"note": note or ""})
