"""Parsing the Hub's answers about a paper's page (tui/core/hub_parse.py): hostile-safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.errors import PayloadError
from tui.core.hub_parse import parse_discussion, parse_links, repo_id

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "api2_samples"


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "https://evil.example/x",
        "org/../etc",
        "org/name with space",
        "org/\x1b[31mred",
        "a/b/c",
        ".hidden/x",
        "",
        None,
        42,
    ],
)
def test_a_repo_id_that_is_not_owner_and_name_is_refused(bad: object) -> None:
    assert repo_id(bad) is None


def test_the_recorded_linked_items_and_a_detail_without_the_keys() -> None:
    model = json.loads(
        (SAMPLES / "papers_detail__linkedModels-item__third-party-log.json").read_text()
    )
    space = json.loads(
        (SAMPLES / "papers_detail__linkedSpaces-item__third-party-log.json").read_text()
    )
    links, whole = parse_links(
        {"linkedModels": [model, {"id": "bad id"}], "numTotalModels": 72, "linkedSpaces": [space]},
        "2407.21783",
    )
    top = links.top["model"][0]
    assert (top.id, top.likes, top.downloads, top.task) == (
        "meta-llama/Llama-Guard-3-8B",
        311,
        146356,
        "text-generation",
    )
    # Spaces in a detail have no likes; no numTotalSpaces but a list: the list is the count.
    assert links.counts == {"model": 72, "dataset": None, "space": 1}
    assert links.top["space"][0].likes is None and set(whole) == {"space"}
    # A detail recorded before 2026-05-20 has none of the keys: unknown, not 0.
    old, _ = parse_links({"id": "2605.13301", "title": "x"}, "2605.13301")
    assert not old.known and old.summary() == "" and old.count("model") is None
    with pytest.raises(PayloadError):
        parse_links([], "2605.13301")


def test_the_recorded_discussion_and_its_bot() -> None:
    body = json.loads(
        (SAMPLES / "paper_page_ssr_props__2605.13301__comments.json").read_text(encoding="utf-8")
    )
    discussion = parse_discussion(body, "2605.13301")
    assert len(discussion.comments) == 4
    first = discussion.comments[0]
    assert first.author == "yaful" and first.edited and "<p>" not in first.text
    assert first.text.startswith("We have open-sourced our code")
    assert discussion.similar_papers[:2] == ("2604.04898", "2604.18936")
    assert parse_discussion({"id": "x"}, "2605.13301").comments == ()
