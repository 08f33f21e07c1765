"""Parsing recorded and constructed API bodies into Paper records (tui/core/parse.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fakeserver import (
    DAY_0612,
    DAY_0731,
    LEGACY,
    MONTH_P0,
    MONTH_P1,
    PAPER_FILES,
    SEARCH_KAZAKH,
    SEARCH_LLAMA,
    SUBSET_0731,
    load_fixture,
)

from tui.core.models import normalise_paper_id
from tui.core.parse import PayloadError, error_text, parse_entries, parse_entry, parse_paper


def by_id(page: Any) -> dict[str, Any]:
    return {paper.id: paper for paper in page.papers}


# --- every recorded file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "entries", "days"),
    [
        (DAY_0731, 30, {"2026-07-31"}),
        (DAY_0612, 30, {"2026-06-12"}),
        (SUBSET_0731, 5, {"2026-07-31"}),
        (MONTH_P0, 100, None),
        (MONTH_P1, 100, None),
    ],
)
def test_daily_fixtures_parse_whole(name: str, entries: int, days: set[str] | None) -> None:
    body = load_fixture(name)
    page = parse_entries(body)
    assert len(body) == entries
    assert len(page.papers) == entries
    assert len(page.listings) == entries
    assert page.skipped == 0 and page.skipped_reasons == []
    listed = {listing.day for listing in page.listings}
    if days is not None:
        assert listed == days
    else:
        assert all(day.startswith("2024-04-") for day in listed)
    for paper in page.papers:
        assert paper.title and paper.title != paper.id
        assert paper.abstract
        assert paper.authors
        assert paper.upvotes is not None
        assert paper.published is not None
        assert paper.listed_day in listed


def test_every_day_of_the_april_pages_is_in_april() -> None:
    page0 = parse_entries(load_fixture(MONTH_P0))
    page1 = parse_entries(load_fixture(MONTH_P1))
    days = {listing.day for listing in page0.listings + page1.listings}
    assert len(days) >= 20
    assert min(days) == "2024-04-01" and max(days) == "2024-04-30"


def test_legacy_shape_parses_and_takes_its_day_from_the_request() -> None:
    body = load_fixture(LEGACY)
    page = parse_entries(body)
    assert [p.id for p in page.papers] == ["2410.17243", "2410.16251", "2410.18533", "2410.18693"]
    assert page.skipped == 0
    # No paper.submittedOnDailyAt: without a dated request there is no listing day ...
    assert page.listings == []
    first = page.papers[0]
    # ... and the arXiv date is paper.publishedAt, not the outer Daily submission time.
    assert first.published == "2024-10-22"
    assert first.title == (
        "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    )
    assert "\n" not in first.title
    dated = parse_entries(body, requested_day="2024-10-25")
    assert {(listing.paper_id, listing.day) for listing in dated.listings} == {
        (p.id, "2024-10-25") for p in page.papers
    }
    # A week/month request lets the legacy outer publishedAt stand in when it is in the period.
    week = frozenset(f"2024-10-{d}" for d in range(21, 28))
    assert {listing.day for listing in parse_entries(body, period_days=week).listings} == {
        "2024-10-25"
    }
    assert parse_entries(body, period_days=frozenset({"2024-11-01"})).listings == []


@pytest.mark.parametrize(("name", "hits"), [(SEARCH_KAZAKH, 9), (SEARCH_LLAMA, 11)])
def test_search_fixtures_parse_without_listings(name: str, hits: int) -> None:
    page = parse_entries(load_fixture(name))
    assert len(page.papers) == hits
    assert page.skipped == 0
    assert page.listings == []
    assert all(p.listed_day is None for p in page.papers)


def test_llama_herd_search_hit_keeps_all_its_authors() -> None:
    page = parse_entries(load_fixture(SEARCH_LLAMA))
    herd = by_id(page)["2407.21783"]
    assert herd.title == "The Llama 3 Herd of Models"
    assert len(herd.authors) > 500


@pytest.mark.parametrize("name", PAPER_FILES)
def test_paper_detail_files_parse(name: str) -> None:
    body = load_fixture(name)
    paper = parse_paper(body)
    assert paper.id == body["id"]
    assert paper.title == " ".join(body["title"].split())
    assert paper.published == body["publishedAt"][:10]
    assert paper.listed_day == body["submittedOnDailyAt"][:10]
    assert paper.upvotes == body["upvotes"]
    assert paper.abstract


def test_paper_detail_fields() -> None:
    lighthouse = parse_paper(load_fixture("papers__2605.06554.json"))
    assert lighthouse.organization is not None
    assert lighthouse.org_name == "NousResearch"
    assert lighthouse.github_repo and lighthouse.github_repo.startswith("https://github.com/")
    assert lighthouse.github_stars is not None
    assert lighthouse.project_page
    assert lighthouse.ai_summary and lighthouse.ai_keywords
    avatar = parse_paper(load_fixture("papers__2605.15320.json"))
    # projectPage only: no githubRepo/githubStars keys at all.
    assert avatar.github_repo is None and avatar.github_stars is None
    assert avatar.project_page


def test_parse_paper_rejects_non_objects() -> None:
    with pytest.raises(PayloadError):
        parse_paper([])
    with pytest.raises(PayloadError):
        parse_paper({"title": "no id"})


# --- the three dates --------------------------------------------------------------------------


def test_listing_day_and_arxiv_date_come_from_the_paper_object() -> None:
    body = load_fixture(DAY_0731)
    entry = next(e for e in body if e["paper"]["id"] == "2607.27958")
    # The outer publishedAt is a New York wall-clock time: 2026-07-29T20:00 here.
    assert entry["publishedAt"].startswith("2026-07-29")
    paper = by_id(parse_entries(body))["2607.27958"]
    assert paper.published == "2026-07-30"
    assert paper.listed_day == "2026-07-31"
    assert paper.title == "Σ-Mem: An Online Reliability Memory for LLM-based Multi-Agent Systems"
    assert paper.authors == ("Peilin Feng", "Suorong Yang", "Soujanya Poria")
    assert paper.github_repo == "https://github.com/declare-lab/sigma-mem"
    assert paper.submitted_by == "Suorong Yang"


def test_outer_published_at_is_never_the_arxiv_date() -> None:
    entry = copy.deepcopy(load_fixture(DAY_0731)[0])
    del entry["paper"]["publishedAt"]
    paper, _ = parse_entry(entry)
    assert paper.published is None


# --- constructed entries ----------------------------------------------------------------------


def minimal(**paper: Any) -> dict[str, Any]:
    return {"paper": {"id": "2607.27958", "title": "A title", **paper}}


def test_hidden_authors_are_dropped() -> None:
    entry = minimal(
        authors=[
            {"name": "Visible One", "hidden": False},
            {"name": "Hidden Person", "hidden": True},
            {"name": "Visible Two"},
            {"user": {"fullname": "From User", "user": "fromuser"}, "hidden": False},
        ]
    )
    paper, _ = parse_entry(entry)
    assert paper.authors == ("Visible One", "Visible Two", "From User")


def test_recorded_hidden_author_is_dropped() -> None:
    body = load_fixture(MONTH_P0)
    entry = next(e for e in body if e["paper"]["id"] == "2404.07965")
    hidden = [a["name"] for a in entry["paper"]["authors"] if a.get("hidden")]
    visible = [a["name"] for a in entry["paper"]["authors"] if not a.get("hidden")]
    assert hidden == ["Zhibin Gou"]
    paper, _ = parse_entry(entry)
    assert list(paper.authors) == visible
    assert "Zhibin Gou" not in paper.authors


def test_relative_avatar_is_resolved_against_the_base() -> None:
    body = load_fixture(DAY_0731)
    entry = next(e for e in body if e["paper"]["id"] == "2607.27958")
    assert entry["paper"]["submittedOnDailyBy"]["avatarUrl"].startswith("/avatars/")
    paper, _ = parse_entry(entry, base="http://127.0.0.1:9999")
    assert paper.submitter_avatar == (
        "http://127.0.0.1:9999/avatars/9483c8350b529aa223d1a55fd0baadd9.svg"
    )
    default, _ = parse_entry(entry)
    assert default.submitter_avatar == (
        "https://huggingface.co/avatars/9483c8350b529aa223d1a55fd0baadd9.svg"
    )


def test_absolute_avatar_is_kept_and_unsafe_one_dropped() -> None:
    absolute = "https://cdn-avatars.huggingface.co/v1/production/uploads/x.png"
    paper, _ = parse_entry(minimal(submittedOnDailyBy={"fullname": "A", "avatarUrl": absolute}))
    assert paper.submitter_avatar == absolute
    hostile = minimal(submittedOnDailyBy={"fullname": "A", "avatarUrl": "javascript:alert(1)"})
    assert parse_entry(hostile)[0].submitter_avatar is None
    protocol_relative = minimal(submittedOnDailyBy={"avatarUrl": "//evil.example/x.svg"})
    assert parse_entry(protocol_relative)[0].submitter_avatar is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2607.27958", "2607.27958"),
        ("2607.27958v2", "2607.27958"),
        ("2607.27958v13", "2607.27958"),
        ("2404.0001", "2404.0001"),
        (" 2607.27958 ", "2607.27958"),
        ("arXiv:2607.27958v1", "2607.27958"),
        ("https://huggingface.co/papers/2607.27958", "2607.27958"),
        ("https://arxiv.org/abs/2607.27958v3", "2607.27958"),
        ("https://arxiv.org/pdf/2607.27958.pdf", "2607.27958"),
        ("hf.co/papers/2607.27958", "2607.27958"),  # as an address bar shows it
        ("huggingface.co/papers/2607.27958", "2607.27958"),
        ("www.arxiv.org/abs/2607.27958v2", "2607.27958"),
        ("evil.example/papers/2607.27958", None),
        ("../../etc/passwd", None),
        ("2607.27958; DROP TABLE papers", None),
        ("hello", None),
        ("", None),
        (None, None),
        (2607.27958, None),
        ("2607.2795", "2607.2795"),
        ("2607.279588", None),
        ("9999.99999", None),  # month 99
        ("1234.5678", None),  # month 34
        ("0612.1234", None),  # before new-style ids began (0704)
        ("0704.0001", "0704.0001"),
        ("２６１２.０００１０", None),  # fullwidth digits: \d takes them, ids never have them
        ("٢٦١٢.٠٠٠١٠", None),  # Arabic-Indic digits
        ("arXiv:２６０７.２７９５８", None),
        ("2607.27958v２", None),
    ],
)
def test_paper_ids_are_validated(raw: Any, expected: str | None) -> None:
    assert normalise_paper_id(raw) == expected


def test_version_suffix_is_stripped_in_entries() -> None:
    paper, day = parse_entry(minimal(id="2607.27958v4", submittedOnDailyAt="2026-07-31T00:00:00Z"))
    assert paper.id == "2607.27958"
    assert day == "2026-07-31"


@pytest.mark.parametrize("missing", ["absent", None, ""])
def test_absent_null_and_empty_mean_missing(missing: Any) -> None:
    fields = {
        "summary": missing,
        "upvotes": missing,
        "githubRepo": missing,
        "projectPage": missing,
        "ai_summary": missing,
        "organization": missing,
        "submittedOnDailyAt": missing,
        "publishedAt": missing,
        "title": missing,
    }
    if missing == "absent":
        fields = {}
    entry = {"paper": {"id": "2607.27958", **fields}, "numComments": missing}
    if missing == "absent":
        del entry["numComments"]
    paper, day = parse_entry(entry)
    assert day is None
    assert paper.title == "2607.27958"  # a paper always has something to show
    assert paper.abstract is None
    assert paper.upvotes is None
    assert paper.comments is None
    assert paper.github_repo is None
    assert paper.project_page is None
    assert paper.ai_summary is None
    assert paper.organization is None
    assert paper.published is None
    assert paper.listed_day is None


def test_outer_fields_fill_in_for_missing_inner_ones() -> None:
    entry = {
        "paper": {"id": "2607.27958", "title": "Inner", "ai_summary": ""},
        "title": "Outer",
        "ai_summary": "Outer summary.",
        "organization": {"name": "acme", "fullname": "ACME Labs"},
        "numComments": 3,
    }
    paper, _ = parse_entry(entry)
    assert paper.title == "Inner"
    assert paper.ai_summary == "Outer summary."
    assert (paper.organization, paper.org_name) == ("ACME Labs", "acme")
    assert paper.comments == 3


def test_unknown_keys_are_ignored() -> None:
    entry = minimal(upvotes=5, someFutureField={"nested": [1, 2]}, linkedModels=[{"id": "m"}])
    entry["brandNewOuterKey"] = "whatever"
    entry["highlightedTitle"] = [{"type": "highlight", "text": "A"}]
    paper, _ = parse_entry(entry)
    assert paper.id == "2607.27958" and paper.upvotes == 5


@pytest.mark.parametrize(
    "bad",
    [
        {"paper": {"title": "no id"}},
        {"paper": {"id": None}},
        {"paper": {"id": ""}},
        {"paper": {"id": "not-an-id"}},
        {"paper": {"id": 12345}},
        "a string",
        None,
        42,
        ["a", "list"],
    ],
)
def test_one_malformed_entry_is_skipped_and_counted(bad: Any) -> None:
    body = load_fixture(SUBSET_0731)
    body.insert(2, bad)
    page = parse_entries(body)
    assert page.skipped == 1
    assert len(page.skipped_reasons) == 1
    assert len(page.papers) == 5
    assert len(page.listings) == 5


def test_odd_values_are_missing_not_fatal() -> None:
    entry = minimal(
        upvotes=-3,
        authors="not a list",
        ai_keywords=["ok", 3, None, "ok", ""],
        githubStars="12",
        githubRepo="https://github.com/a/b",
        submittedOnDailyAt="yesterday",
        publishedAt="0001-01-01T00:00:00Z",
    )
    entry["numComments"] = True
    paper, day = parse_entry(entry)
    assert paper.upvotes is None
    assert paper.comments is None
    assert paper.authors == ()
    assert paper.ai_keywords == ("ok",)
    assert paper.github_stars == 12
    assert day is None
    assert paper.published is None


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"error": "Invalid date"}, "Invalid date"),
        ({"unexpected": True}, "an object"),
        ("a string", "str"),
        (None, "NoneType"),
        (7, "int"),
    ],
)
def test_a_body_that_is_not_a_list_raises_payload_error(body: Any, words: str) -> None:
    with pytest.raises(PayloadError, match=words):
        parse_entries(body)


def test_error_text_of_error_bodies() -> None:
    assert error_text({"error": "x"}) == "x"
    assert error_text({"errors": [{"message": "bad date"}, {"message": "bad p"}]}) == (
        "bad date; bad p"
    )
    assert error_text({"error": {"message": "nested"}}) == "nested"
    assert error_text({"error": "multi\nline\x1b[31m red"}) == "multi line red"
    assert error_text([]) is None
    assert error_text({}) is None
    assert len(error_text({"error": "x" * 1000}) or "") <= 300


@pytest.mark.parametrize("huge", [10**20, 2**63, 1e20, "9" * 5000, -5])
def test_counts_out_of_range_are_missing_and_the_page_still_parses(huge: Any) -> None:
    from tui.core.models import Paper

    entries = load_fixture(DAY_0731)
    bad = copy.deepcopy(entries[0])
    bad["paper"]["upvotes"] = huge
    bad["paper"]["githubStars"] = huge
    page = parse_entries([bad, *entries[1:]])
    paper = next(p for p in page.papers if p.id == bad["paper"]["id"])
    assert paper.upvotes is None and paper.github_stars is None
    assert len(page.papers) == len(entries)
    snapshot = {**paper.to_json(), "upvotes": huge, "comments": huge}
    restored = Paper.from_json(snapshot)
    assert restored is not None and restored.upvotes is None and restored.comments is None


def test_text_fields_and_lists_from_the_network_are_capped() -> None:
    # 500 KB abstracts were accepted: 230 MB resident and 3.5 s searches.
    entry = {
        "paper": {
            "id": "2607.00001",
            "title": "T" * 50_000,
            "summary": "word " * 100_000,
            "ai_summary": "s" * 500_000,
            "authors": [{"name": f"Author {n} " + "x" * 1_000} for n in range(6_000)],
            "ai_keywords": [f"keyword {n}" for n in range(200)],
            "organization": {"fullname": "O" * 10_000},
        }
    }
    paper, _ = parse_entry(entry)
    assert len(paper.title) == 1_000 and paper.title.endswith("…")
    assert len(paper.abstract or "") <= 20_000 and (paper.abstract or "").endswith("…")
    assert len(paper.ai_summary or "") == 20_000
    assert len(paper.authors) == 5_000
    assert all(len(name) <= 200 for name in paper.authors)
    assert len(paper.ai_keywords) == 50
    assert len(paper.organization or "") == 200


def test_an_entry_nested_too_deeply_is_skipped_not_fatal() -> None:
    deep: Any = []
    for _ in range(5_000):
        deep = [deep]
    page = parse_entries([{"paper": {"id": deep}}, {"paper": {"id": "2607.00001"}}])
    assert [paper.id for paper in page.papers] == ["2607.00001"]
    assert page.skipped == 1
    assert error_text({"error": deep}) is None
