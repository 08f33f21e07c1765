"""The trending view's and the linked repos' decisions, as functions: no app, no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from textual.content import Content

from tui.app.back_key import back_goes_to
from tui.app.linked_rows import linked_rows, status_words
from tui.app.linked_watch import LinkedReposWatch
from tui.app.navigation import empty_view_text, sort_after, sort_label
from tui.app.trending_refresh import TrendingRefresh
from tui.app.widgets.linked_lines import linked_parts
from tui.core.errors import ApiError
from tui.core.fetch_result import FetchResult
from tui.core.hub_models import LinkedRepo, PaperLinks
from tui.core.store import Store
from tui.core.views import ViewSpec
from tui.session import Session

TRENDING = ViewSpec(kind="trending", sort="trending")


def repos(kind: str, n: int) -> list[LinkedRepo]:
    return [LinkedRepo(kind, f"org/{kind}-{i}", likes=i * 10) for i in range(n)]


def test_s_cycles_rank_upvotes_newest_and_the_header_names_the_rank() -> None:
    orders = [TRENDING.sort]
    spec = TRENDING
    for _ in range(3):
        spec = spec.with_sort(sort_after(spec, datetime.now(UTC).date())[0])
        orders.append(spec.sort)
    assert orders == ["trending", "upvotes", "newest", "trending"]
    assert sort_label(TRENDING, lambda: True) == "by trending rank"


def test_empty_trending_says_offline_fetching_or_the_failure() -> None:
    def words(**kw: Any) -> str:
        args: dict[str, Any] = dict(offline=False, follow_latest=False, refreshing=False,
                                    failure="")  # fmt: skip
        args.update(kw)
        return empty_view_text(
            TRENDING, count_with_read=lambda: 0, anything_cached=lambda: True,
            bookmark_count=lambda: 0, **args,
        )  # fmt: skip

    assert words(offline=True).startswith("Offline, and the trending list was never fetched.")
    assert words(refreshing=True) == "Fetching Hugging Face's trending papers…"
    assert words(failure="HTTP 500").startswith("Could not fetch the trending list: HTTP 500")


def test_esc_leaves_trending_and_the_session_keeps_it() -> None:
    assert back_goes_to(searching=False, reading=False, list_focused=True,
                        view_kind="trending") == "feed"  # fmt: skip
    assert Session(kind="trending", sort="upvotes").spec() == replace_sort("upvotes")
    assert Session(kind="trending", sort="rising").spec() == TRENDING  # not an order of it


def replace_sort(sort: str) -> ViewSpec:
    return TRENDING.with_sort(sort)


def test_trending_refresh_when_stale_waits_after_a_failure_and_says_so(store: Store) -> None:
    trending = TrendingRefresh(store, max_age=timedelta(hours=1))
    assert trending.wants_refresh()  # never fetched
    assert "not fetched yet" in trending.cache_state().text()
    store.save_trending(FetchResult(pages=1))
    assert not trending.wants_refresh()  # fresh
    assert trending.wants_refresh(manual=True)
    assert trending.wants_refresh(now=datetime.now(UTC) + timedelta(hours=2))
    trending.started()
    assert "refreshing" in trending.cache_state().text()
    trending.failed(ApiError("boom", status=500), now=datetime.now(UTC))
    state = trending.cache_state().text()
    assert state.startswith("refresh failed:") and "retrying in" in state
    assert not trending.wants_refresh(now=datetime.now(UTC) + timedelta(seconds=1))
    assert trending.wants_refresh(now=datetime.now(UTC) + timedelta(hours=1))
    trending.succeeded()
    assert trending.cache_state().text() == "updated just now"
    offline = TrendingRefresh(store, offline=True)
    assert not offline.wants_refresh(manual=True)


def test_a_paper_is_asked_about_once_a_run_and_a_failure_is_one_quiet_line() -> None:
    watch = LinkedReposWatch()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fresh = PaperLinks("p", {"model": 1}, fetched_at=now)
    assert watch.due("p", None) and not watch.due("p", fresh)
    watch.failed("p", "HTTP 500")
    assert not watch.due("p", None)
    assert watch.note("p") == "Linked models, datasets and Spaces: not fetched (HTTP 500)."
    assert linked_parts(None, watch.note("p"))[1] == (watch.note("p"), "$text-muted")
    assert linked_parts(None) == [] and watch.note("q") == ""


def test_the_pane_shows_counts_and_the_top_three_by_likes_as_plain_text() -> None:
    hostile = LinkedRepo("model", "[bold]x[/]/y", likes=5)
    links = PaperLinks(
        "p",
        {"model": 42, "dataset": 3, "space": 120},
        {"model": (*repos("model", 4), hostile), "space": tuple(repos("space", 2))},
    )
    text = Content.assemble(*linked_parts(links)).plain
    assert "42 models · 3 datasets · 120 Spaces" in text
    assert "Models    org/model-3  ♥ 30\n" in text and "org/model-0" not in text
    assert "[bold]x[/]/y" not in text  # fourth by likes: not shown
    assert "Spaces    org/space-1  ♥ 10\n          org/space-0" in text
    none = PaperLinks("p", {"model": 0, "dataset": 0, "space": 0})
    assert "No models, datasets or Spaces" in Content.assemble(*linked_parts(none)).plain


def test_the_list_holds_whole_lists_where_stored_and_says_what_is_missing(store: Store) -> None:
    links = PaperLinks(
        "p",
        {"model": 250, "dataset": 2, "space": 0},
        {"model": tuple(repos("model", 20)), "dataset": tuple(repos("dataset", 2))},
        complete=frozenset({"dataset", "space"}),
    )
    store.save_links(links, {"dataset": repos("dataset", 2), "space": []})
    rows = linked_rows(store, "p")
    assert rows.due == ("model",) and rows.missing == {"model": 230}
    assert [r.id for r in rows.repos[:2]] == ["org/model-19", "org/model-18"]
    assert len(rows.repos) == 22
    assert status_words(rows, fetching=False, offline=True) == "230 more models (offline)."
    store.save_linked_repos("p", "model", repos("model", 250))
    rows = linked_rows(store, "p")
    assert rows.due == () and len(rows.repos) == 252
    assert status_words(rows, fetching=False, offline=False) == ""
    never = linked_rows(store, "q")
    assert never.due == ("detail",)
    assert status_words(never, fetching=False, offline=True).startswith("Offline, and")
