"""More like this (more_like_this.py): related papers from the cache alone, best first, with
their reasons; shared authors and keywords before papers that share only common words."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from fakeserver import DAY_0612, DAY_0731, MONTH_P0, load_fixture

from tui.core import more_like_this as more_like_this_module
from tui.core import related_sql
from tui.core.models import Paper
from tui.core.more_like_this import distinctive_words, more_like_this
from tui.core.parse import parse_entries
from tui.core.schema import CACHE_MIGRATIONS
from tui.core.store import Store


def test_shared_authors_keywords_and_rare_words_come_first_with_their_reasons(
    store: Store, paper_factory: Callable[..., Paper]
) -> None:
    common = "We propose a large language model for reasoning with transformers and data."
    filler = [
        paper_factory(f"2607.{n:05d}", title=f"Language model study {n}", abstract=common,
                      authors=(f"Someone {n}",))
        for n in range(100, 130)
    ]  # fmt: skip
    paper = paper_factory(
        "2607.00001",
        title="Holographic memory for language agents",
        abstract=common + " Holographic storage keeps episodes.",
        authors=("Ada Lovelace", "Alan Turing", "Grace Hopper"),
        ai_keywords=("holographic memory", "agents"),
    )
    two_authors = paper_factory(
        "2607.00002",
        authors=("Alan Turing", "Ada Lovelace"),
        title="Unrelated title",
        abstract="Nothing shared here.",
    )
    keyword = paper_factory("2607.00003", authors=("Someone Else",), title="Other",
                            abstract="Different.", ai_keywords=("Holographic Memory",))  # fmt: skip
    word = paper_factory("2607.00004", authors=("Third Person",), title="Holographic displays",
                         abstract="Optics.")  # fmt: skip
    store.ingest([paper, two_authors, keyword, word, *filler])
    related = more_like_this(store, paper.id)
    assert [r.paper_id for r in related[:3]] == ["2607.00002", "2607.00003", "2607.00004"]
    assert paper.id not in [r.paper_id for r in related]
    assert related[0].reasons() == ["2 shared authors: Alan Turing, Ada Lovelace"]
    assert related[1].reasons()[0] == "keywords: Holographic Memory"
    assert related[2].reasons() == ["words: holographic"]
    # Papers that share only common words ("language model") are not related at all.
    assert not {r.paper_id for r in related} & {p.id for p in filler}
    assert more_like_this(store, "2607.99999") == []


def test_on_the_recorded_papers_those_sharing_authors_or_keywords_come_first(
    store: Store,
) -> None:
    papers: dict[str, Paper] = {}
    for name in (MONTH_P0, DAY_0612, DAY_0731):
        page = parse_entries(load_fixture(name))
        store.ingest(page.papers, page.listings)
        papers.update((p.id, p) for p in page.papers)
    checked = passed = 0
    for paper in papers.values():
        names = {a.casefold() for a in paper.authors}
        keywords = {k.casefold() for k in paper.ai_keywords}
        sharing = {
            other.id
            for other in papers.values()
            if other.id != paper.id
            and (names & {a.casefold() for a in other.authors}
                 or keywords & {k.casefold() for k in other.ai_keywords})
        }  # fmt: skip
        if sharing:
            wanted = min(5, len(sharing))
            first = [r.paper_id for r in more_like_this(store, paper.id, wanted)]
            checked += 1
            passed += all(paper_id in sharing for paper_id in first) and len(first) == wanted
    assert checked > 100
    assert passed / checked >= 0.9, f"{passed} of {checked}"


def _reasons(store: Store, paper_id: str) -> dict[str, list[str]]:
    return {r.paper_id: r.reasons() for r in more_like_this(store, paper_id)}


def test_names_and_keywords_follow_every_write_of_the_cache(
    store: Store, paper_factory: Callable[..., Paper]
) -> None:
    def looked_up(column: str, value: str) -> list[int]:
        return store.run_read(related_sql.newest_sharing, column, [value], 10)

    # Titles and abstracts share no word: only a name relates the two papers.
    paper = paper_factory("2607.00001", title="Aardvark", abstract="Zebra.",
                          authors=("Ada Lovelace", "Jean-Luc O'Neil"),
                          ai_keywords=("Holography",))  # fmt: skip
    other = paper_factory("2607.00002", title="Bison", abstract="Yak.",
                          authors=("jean-luc o'neil", "ADA LOVELACE"))  # fmt: skip
    store.ingest([paper, other])
    assert _reasons(store, paper.id) == {
        other.id: ["2 shared authors: jean-luc o'neil, ADA LOVELACE"]
    }
    # A refresh that names another author: the old name no longer leads to the paper.
    store.ingest(
        [paper_factory(other.id, title="Bison", abstract="Yak.", authors=("Grace Hopper",))]
    )
    assert _reasons(store, paper.id) == {}
    assert looked_up("names", "Ada Lovelace") == [260700001]
    assert looked_up("names", "grace hopper") == [260700002]
    assert looked_up("keywords", "holography") == [260700001]
    store.empty()
    assert looked_up("names", "Ada Lovelace") == looked_up("keywords", "holography") == []
    store.ingest([other])
    assert looked_up("names", "Ada Lovelace") == [260700002]


def test_a_cache_of_the_previous_schema_relates_the_papers_it_already_holds(
    tmp_path: Path,
) -> None:
    cache_path = tmp_path / "cache.db"
    conn = sqlite3.connect(cache_path, isolation_level=None)
    for migration in CACHE_MIGRATIONS[:7]:
        migration(conn)
    conn.execute("PRAGMA user_version = 7")
    for rowid, paper_id, title, authors, keywords in (
        (260700001, "2607.00001", "Aardvark", '["Ada Lovelace", "Alan Turing"]', "[]"),
        (260700002, "2607.00002", "Bison", '["alan turing"]', "[]"),
        (260700003, "2607.00003", "Camel", '["Grace Hopper"]', '["Holography"]'),
        (260700004, "2607.00004", "Dingo", "not a list", '["holography"]'),
    ):
        conn.execute(
            "INSERT INTO papers (rowid, id, title, authors, n_authors, ai_keywords, sort_day,"
            " first_seen, updated_at) VALUES (?, ?, ?, ?, 1, ?, '', 'x', 'x')",
            (rowid, paper_id, title, authors, keywords),
        )
    conn.close()
    store = Store(cache_path, tmp_path / "library.db")
    try:
        assert _reasons(store, "2607.00001") == {"2607.00002": ["1 shared author: alan turing"]}
        assert _reasons(store, "2607.00003") == {"2607.00004": ["keywords: holography"]}
    finally:
        store.close()


def test_the_least_distinctive_words_are_left_out_past_a_budget_of_papers(
    store: Store, paper_factory: Callable[..., Paper], monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ingest([
        paper_factory("2607.00001", title="Alpha beta", abstract="Gamma."),
        paper_factory("2607.00002", title="Alpha", abstract="Beta."),
        paper_factory("2607.00003", title="Delta", abstract="Beta."),
        paper_factory("2607.00004", title="Epsilon", abstract="Zeta."),
    ])  # fmt: skip
    # "alpha" is in two papers, "beta" in three: both distinctive, "alpha" the more.
    assert [w for w, _ in distinctive_words(store, "Alpha beta", "Alpha beta")] == ["alpha", "beta"]
    monkeypatch.setattr(more_like_this_module, "WORD_PAPERS", 4)
    assert [w for w, _ in distinctive_words(store, "Alpha beta", "Alpha beta")] == ["alpha"]
