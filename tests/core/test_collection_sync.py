"""Bookmarks synced with a Hugging Face collection (tui/core/collection_sync.py), two libraries
standing for two machines, against the fake collections API of tests/hubserver.py."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_collections import NOT_INDEXED, FakeCollections
from hubserver import HubServer

from tui.core.collection_models import NOTE_LIMIT
from tui.core.collection_sync import SyncOptions, run_sync, sync_bookmarks
from tui.core.hub_token import FoundToken
from tui.core.library import Library
from tui.core.sync_state import SyncState
from tui.core.sync_summary import SyncSummary, header_words, worth_retrying

ALICE = FoundToken("hf_alice_write", "HF_TOKEN")
A, B, C, D = "2607.00001", "2607.00002", "2607.00003", "2607.00004"


@pytest.fixture(scope="module")
def hub() -> Iterator[HubServer]:
    with HubServer() as server:
        yield server


@pytest.fixture
def fake(hub: HubServer, client_defaults: Any) -> FakeCollections:
    hub.collections = FakeCollections()
    client_defaults(max_tries=1, read_timeout=2.0, connect_timeout=0.5, backoff_base=0.0)
    return hub.collections


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    first, second = Library(tmp_path / "a" / "library.db"), Library(tmp_path / "b" / "library.db")
    yield first, second
    first.close()
    second.close()


Sync = Callable[..., SyncSummary]


@pytest.fixture
def sync(hub: HubServer) -> Sync:
    def run(library: Library, found: FoundToken | None = ALICE, **options: Any) -> SyncSummary:
        return asyncio.run(
            sync_bookmarks(library, SyncOptions(**options), endpoint=hub.url, found=found)
        )

    return run


def bookmarks(library: Library) -> set[str]:
    return set(library.bookmark_ids())


def test_first_sync_makes_the_collection_then_a_second_changes_nothing_with_one_read(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    here.add_bookmark(A)
    here.add_bookmark(B)
    here.set_note(B, "x" * (NOTE_LIMIT + 100), ["mine"])
    first = sync(here)
    assert first.ok, first.error
    assert first.created and first.collection and first.collection.startswith("alice/dailypapers-")
    (collection,) = fake.collections.values()
    assert collection["private"] and collection["title"] == "dailypapers"
    assert fake.papers(first.collection) == [A, B]  # the oldest bookmark first
    hub_note = collection["items"][1]["note"]["text"]
    assert len(hub_note) == NOTE_LIMIT and hub_note.endswith("…")
    assert here.user_data(B).note == "x" * (NOTE_LIMIT + 100)  # whole here
    assert here.tags_of(B) == ["mine"]
    assert first.notes_cut == 1 and sum("cut with" in line for line in first.lines()) == 1
    assert dict(first.changes) == {A: "added to the collection", B: "added to the collection"}
    before = len(fake.requests)
    second = sync(here)
    assert second.ok and second.changes == []
    assert fake.requests[before:] == [("GET", f"/api/collections/{first.collection}")]
    assert "Nothing to change: 2 bookmarks in step" in second.lines()[-1]
    status = SyncState(here).status()
    assert header_words(status) == "synced just now" and not worth_retrying(status)


def test_adds_and_removals_travel_both_ways_between_two_machines(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    laptop, server = machines
    laptop.add_bookmark(A)
    laptop.add_bookmark(B)
    slug = sync(laptop).collection
    server.add_bookmark(C)
    server.set_note(C, "from the server", [])
    made = sync(server)
    assert made.collection == slug and not made.created  # found by its title, not made twice
    assert bookmarks(server) == {A, B, C}
    assert dict(made.changes)[A] == "bookmarked from the collection"
    # Listed by the title the collection gives until the cache has the paper's details.
    assert server.snapshot(A).title == f"Paper {A}" and server.snapshot(A).upvotes == 1
    fake.remove_on_website(slug, A)  # removed on the website
    server.remove_bookmark(B)  # removed on one machine
    assert dict(sync(server).changes) == {
        A: "removed here (removed on the Hub)",
        B: "removed from the collection (removed here)",
    }
    pulled = sync(laptop)
    assert bookmarks(laptop) == {C} and laptop.user_data(C).note == "from the server"
    assert dict(pulled.changes)[B] == "removed here (removed on the Hub)"
    assert fake.papers(slug) == [C]
    assert sync(laptop).changes == [] and sync(server).changes == []


def test_a_conflict_is_decided_by_the_later_change(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    for paper in (A, B, C):
        here.add_bookmark(paper)
    slug = sync(here).collection
    fake.remove_on_website(slug, A)
    fake.remove_on_website(slug, B)
    here.remove_bookmark(B)
    here.add_bookmark(B)  # bookmarked again here after its removal there: here wins
    here.remove_bookmark(C)
    fake.remove_on_website(slug, C)
    fake.add_on_website(slug, C)  # added there again after its removal here: there wins
    summary = dict(sync(here).changes)
    assert summary[A] == "removed here (removed on the Hub)"
    assert summary[B].startswith("added to the collection (bookmarked again here")
    assert summary[C].startswith("bookmarked from the collection (added there again")
    assert bookmarks(here) == {B, C} and sorted(fake.papers(slug)) == [B, C]


def test_notes_changed_on_one_side_travel_and_on_both_are_both_kept(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    here.add_bookmark(A)
    here.add_bookmark(B)
    here.set_note(A, "first", ["t"])
    slug = sync(here).collection
    collection = fake._by_slug(slug)
    collection["items"][0]["note"] = {"text": "edited on the web\x1b[31m", "html": ""}
    assert dict(sync(here).changes) == {A: "note updated from the collection"}
    assert here.user_data(A).note == "edited on the web" and here.tags_of(A) == ["t"]
    here.set_note(B, "mine", [])
    collection["items"][1]["note"] = {"text": "theirs", "html": ""}
    assert dict(sync(here).changes)[B] == "note kept from both sides (edited on both)"
    note = here.user_data(B).note or ""
    assert note.startswith("mine") and note.endswith("theirs")
    assert collection["items"][1]["note"]["text"] == note


def test_each_refusal_is_one_sentence_and_loses_nothing(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync, hub: HubServer
) -> None:
    here, other = machines
    here.add_bookmark(A)
    none = sync(here, found=None)
    assert (
        none.error and none.error.kind == "no_token" and "No Hugging Face token" in str(none.error)
    )
    assert header_words(SyncState(here).status()) == "sync: no token"
    read_only = sync(here, found=FoundToken("hf_alice_read", "HF_TOKEN"))
    assert read_only.error and read_only.error.kind == "read_only"
    assert "write token" in str(read_only.error) and "hf_alice_read" not in str(read_only.error)
    refused = sync(here, found=FoundToken("hf_revoked", "/home/a/.cache/huggingface/token"))
    assert refused.error and refused.error.kind == "token_refused"
    assert "the token file /home/a" not in str(refused.error)
    assert "/home/a/.cache/huggingface/token" in str(refused.error)
    assert "hf_revoked" not in str(refused.error)
    slug = sync(here).collection
    fake._by_slug(slug)["private"] = False
    other.add_bookmark(B)
    bob = sync(other, found=FoundToken("hf_bob_write", "HF_TOKEN"), slug=slug)
    assert bob.error and bob.error.kind == "other_user"
    assert "belongs to alice, and your token from HF_TOKEN is bob's" in str(bob.error)
    assert bookmarks(other) == {A, B}  # what could be read was taken; nothing lost
    fake._by_slug(slug)["private"] = True  # another user's private collection: a 404
    hidden = sync(other, found=FoundToken("hf_bob_write", "HF_TOKEN"), slug=slug)
    assert hidden.error and hidden.error.kind == "other_user"
    assert f"{slug} cannot be seen with your token from HF_TOKEN, which is bob's" in str(
        hidden.error
    )
    assert "--recreate" not in str(hidden.error) and bookmarks(other) == {A, B}
    assert all("\n" not in str(s.error) for s in (none, read_only, refused, bob))
    offline = asyncio.run(
        sync_bookmarks(here, SyncOptions(), endpoint="http://127.0.0.1:9", found=ALICE)
    )
    assert offline.error and offline.error.kind == "offline"
    assert header_words(SyncState(here).status()) == "sync: offline, will retry"
    assert worth_retrying(SyncState(here).status()) and bookmarks(here) == {A}


def test_a_deleted_collection_is_made_again_only_when_asked(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    here.add_bookmark(A)
    here.add_bookmark(B)
    slug = sync(here).collection
    fake.collections.clear()  # deleted on the website
    gone = sync(here)
    assert gone.error and gone.error.kind == "collection_gone" and "--recreate" in str(gone.error)
    assert bookmarks(here) == {A, B}  # not read as "every paper removed there"
    made = sync(here, recreate=True)
    assert made.ok and made.created and made.collection != slug
    assert sorted(fake.papers(made.collection)) == [A, B]


def test_a_paper_not_indexed_is_skipped_and_a_409_counts_as_there(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    here.add_bookmark(A)
    slug = sync(here).collection
    here.add_bookmark(NOT_INDEXED)
    here.add_bookmark(B)
    fake.add_on_website(slug, B)
    fake.hide_once = {B}  # the read before the writes missed it: the add answers 409
    summary = sync(here)
    assert summary.ok, summary.error
    assert dict(summary.changes)[NOT_INDEXED].startswith("not on Hugging Face yet")
    assert dict(summary.changes)[B] == "already in the collection"
    assert fake.papers(slug) == [A, B] and NOT_INDEXED in bookmarks(here)
    before = fake.writes()
    again = sync(here)
    assert fake.writes() == before + 1 and list(dict(again.changes)) == [NOT_INDEXED]


def test_429_and_5xx_stop_the_sync_saying_when_and_the_next_completes_the_rest(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    here.add_bookmark(A)
    slug = sync(here).collection
    here.add_bookmark(B)
    fake.limited, fake.retry_after = 1, "600"
    limited = sync(here)
    assert limited.error and limited.error.kind == "rate_limited"
    assert "wait 10 min" in str(limited.error)
    assert header_words(SyncState(here).status()) == "sync: rate limited, will retry"
    fake.broken = 1
    broken = sync(here)
    assert broken.error and broken.error.kind == "server" and "HTTP 503" in str(broken.error)
    assert sync(here).ok and fake.papers(slug) == [A, B]


def test_a_sync_killed_halfway_makes_no_duplicate_and_loses_nothing(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    papers = [f"2607.{n:05d}" for n in range(10, 20)]
    for paper in papers:
        here.add_bookmark(paper)
    fake.writes_left, fake.lost_answer = 4, True  # the collection and 3 adds, then a lost answer
    cut = sync(here)
    assert cut.error and cut.error.kind == "server"
    assert len(fake.papers(cut.collection)) == 4  # the 4th was made, its answer lost
    fake.writes_left = None
    resumed = sync(here)
    assert resumed.ok and resumed.collection == cut.collection
    assert sorted(fake.papers(cut.collection)) == papers  # no duplicate
    assert bookmarks(here) == set(papers) and sync(here).changes == []


def test_two_thousand_bookmarks_read_in_pages(
    fake: FakeCollections,
    machines: tuple[Library, Library],
    hub: HubServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here, _ = machines
    monkeypatch.setenv("HF_TOKEN", "hf_alice_write")  # run_sync finds it as the app would
    papers = [f"2608.{n:05d}" for n in range(2000)]
    first = sync_first_with(fake, here, papers)
    fake.item_page = 500
    before = len(fake.requests)
    found = run_sync(here, SyncOptions(), endpoint=hub.url)  # found by its title, then read
    assert found.ok and found.papers == 2000 and found.changes == []
    assert len(fake.requests) - before == 2 + 4  # whoami, the listing, four pages of 500
    assert len(SyncState(here).items(first)) == 2000
    before = len(fake.requests)
    assert run_sync(here, SyncOptions(), endpoint=hub.url).changes == []
    assert len(fake.requests) - before == 4  # the pages, nothing else


def sync_first_with(fake: FakeCollections, library: Library, papers: list[str]) -> str:
    """Both sides with the same 2,000 papers, as after a first sync made elsewhere."""
    status, body, _ = fake.answer(
        "POST", "/api/collections", {}, "Bearer hf_alice_write", {"title": "dailypapers"}
    )
    assert status == 200
    for paper in papers:
        fake.add_on_website(body["slug"], paper)
    conn = library.conn
    with conn:
        conn.executemany(
            "INSERT INTO bookmarks (paper_id, created_at) VALUES (?, '2026-01-01T00:00:00Z')",
            [(p,) for p in papers],
        )
    return str(body["slug"]).rsplit("-", 1)[-1]


def test_a_collection_that_lost_most_of_its_papers_removes_nothing_unless_accepted(
    fake: FakeCollections, machines: tuple[Library, Library], sync: Sync
) -> None:
    here, _ = machines
    ids = [f"2607.{n:05d}" for n in range(12)]
    for paper_id in ids:
        here.add_bookmark(paper_id)
    slug = sync(here).collection
    for paper_id in ids[:11]:  # the collection emptied (by mistake, or the Hub's)
        fake.remove_on_website(slug, paper_id)
    stopped = sync(here)
    assert stopped.error is not None and stopped.error.kind == "mass_removal"
    assert "11 of the 12 papers" in str(stopped.error) and "--accept-removals" in str(stopped.error)
    assert bookmarks(here) == set(ids)  # nothing removed here
    assert header_words(SyncState(here).status()) == "sync: removals to confirm"
    accepted = sync(here, accept_removals=True)
    assert accepted.ok and bookmarks(here) == {ids[11]}


def test_an_items_paper_facts_are_cleaned_and_checked() -> None:
    from tui.core.collection_client import parse_collection

    body = {
        "slug": "alice/dailypapers-64f9a55bb3115b4f513ec026",
        "items": [
            {"_id": "a1", "id": A, "type": "paper", "title": "Evil\x1b]52;c;aGk=\x07 [b]x[/b]",
             "publishedAt": "2026-07-30T00:00:00.000Z", "upvotes": 7},
            {"_id": "a2", "id": B, "type": "paper", "publishedAt": "soon", "upvotes": True},
        ],
    }  # fmt: skip
    items = parse_collection(body, "hub").items
    assert (items[A].title, items[A].published, items[A].upvotes) == (
        "Evil [b]x[/b]",
        "2026-07-30",
        7,
    )
    assert (items[B].title, items[B].published, items[B].upvotes) == (None, None, None)


def test_a_sync_waiting_on_a_silent_hub_stops_at_once_when_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket
    import threading
    import time

    from tui.core.sync_cancel import SyncCancel

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts, never answers
    monkeypatch.setenv("HF_TOKEN", "hf_alice_write")
    library = Library(tmp_path / "library.db")
    library.add_bookmark(A)
    cancel, result = SyncCancel(), []
    endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}"
    worker = threading.Thread(
        target=lambda: result.append(run_sync(library, endpoint=endpoint, cancel=cancel))
    )
    worker.start()
    time.sleep(0.3)
    started = time.monotonic()
    cancel.cancel()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 2
    assert result[0].error is not None and result[0].error.kind == "stopped"
    assert bookmarks(library) == {A}
    silent.close()
    library.close()
