"""When the app syncs with the collection by itself (background_sync.py), and its words about it
(sync_words.py): no Textual, no network."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.app.background_sync import BackgroundSync
from tui.app.sync_words import changed_here, sync_notice, sync_state_words, with_sync_words
from tui.core.errors import SyncError
from tui.core.sync_summary import SyncSummary

OK = {"at": "2026-08-02T10:00:00Z", "kind": None, "collection": "alice/dailypapers-1"}
OFFLINE = {"at": None, "kind": "offline", "collection": None}
NO_TOKEN = {"at": None, "kind": "no_token", "collection": None}


def test_out_of_reach_is_tried_again_later_each_time_and_a_success_starts_over() -> None:
    sync = BackgroundSync(auto=True, retry_delays=(60.0, 120.0, 300.0, 600.0))
    delays = []
    for _ in range(5):
        assert sync.begin()
        delays.append(sync.ended(OFFLINE, manual=False, changed=False).next_in)
    assert delays == [60.0, 120.0, 300.0, 600.0, 600.0]
    assert sync.begin()
    assert sync.ended(OK, manual=False, changed=False).next_in == sync.every  # a look, later
    assert sync.begin()
    assert sync.ended(OFFLINE, manual=False, changed=False).next_in == 60.0


def test_no_token_is_said_once_and_pauses_the_background_sync_until_s_succeeds() -> None:
    sync = BackgroundSync(auto=True)
    assert sync.begin()
    end = sync.ended(NO_TOKEN, manual=False, changed=False)
    assert end.tell and end.next_in is None
    assert not sync.wants_change_synced() and not sync.retry_due()
    assert sync.begin()  # S
    assert sync.ended(NO_TOKEN, manual=True, changed=False).tell  # asked: always answered
    assert sync.begin()
    assert not sync.ended(NO_TOKEN, manual=False, changed=False).tell  # by itself: said once
    assert sync.begin()
    sync.ended(OK, manual=True, changed=False)
    assert sync.wants_change_synced()


def test_one_sync_at_a_time_and_a_change_meanwhile_is_synced_after_it() -> None:
    sync = BackgroundSync(auto=True)
    assert sync.begin()
    assert not sync.begin()  # a second S, or the timer, while one runs
    assert not sync.wants_change_synced()  # a b meanwhile
    end = sync.ended(OK, manual=False, changed=False)
    assert end.again and not end.tell
    assert sync.begin()
    assert not sync.ended(OK, manual=False, changed=False).again


def test_the_notice_counts_what_happened_and_the_header_stays_short_at_80_columns() -> None:
    summary = SyncSummary(collection="alice/dailypapers-1", created=True, papers=3)
    summary.add("2607.00001", "added to the collection")
    summary.add("2607.00002", "added to the collection (bookmarked again here after …)")
    summary.add("2607.00003", "bookmarked from the collection")
    assert sync_notice(summary) == (
        "Made the collection alice/dailypapers-1 (private). "
        "Synced: 2 added to the collection, 1 bookmarked from it.",
        False,
    )
    assert changed_here(summary)
    notes = SyncSummary(notes_cut=1)
    notes.add("2607.00004", "note sent to the collection")
    assert sync_notice(notes) == (
        "Synced: 1 note carried over. 1 note was cut to 500 characters there (whole here).",
        False,
    )
    notes.add("2607.00005", "note sent to the collection")
    assert sync_notice(notes)[0].startswith("Synced: 2 notes carried over.")
    assert sync_notice(SyncSummary(papers=1)) == (
        "Synced: nothing to change, 1 bookmark in step.",
        False,
    )
    stopped = SyncSummary(error=SyncError("Hugging Face could not be reached", kind="offline"))
    assert sync_notice(stopped) == ("Sync stopped: Hugging Face could not be reached", True)
    assert not changed_here(stopped)

    now = datetime(2026, 8, 2, 10, 2, tzinfo=UTC)
    assert sync_state_words(OK, running=False, compact=False, now=now) == "synced 2 min ago"
    assert sync_state_words(OK, running=False, compact=True, now=now) == "synced"
    assert sync_state_words(OFFLINE, running=False, compact=True) == "sync: offline"
    assert sync_state_words(OFFLINE, running=True, compact=True) == "syncing…"
    assert sync_state_words(None, running=False, compact=False) is None
    state = "updated 12 min ago"
    room = 80 * 45 // 100 - 1  # the header's state at 80 columns
    assert with_sync_words(state, ["sync: offline"], room=room) == f"{state} · sync: offline"
    crowded = "12 new · offline · 2 h ago · retry 5 min"
    assert with_sync_words(crowded, ["sync: offline"], room=room) == crowded
    failed = "refresh failed: no answer in 10 s, retrying in 23 s"
    wide = ["sync: offline, will retry", "sync: offline"]
    assert with_sync_words(failed, wide, room=59) == failed  # 100 columns: no room
    assert with_sync_words(failed, wide, room=71) == f"{failed} · sync: offline"
