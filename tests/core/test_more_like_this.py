"""More like this (more_like_this.py): related papers from the cache alone, best first, with
their reasons; shared authors and keywords before papers that share only common words."""

from __future__ import annotations

from collections.abc import Callable

from fakeserver import DAY_0612, DAY_0731, MONTH_P0, load_fixture

from tui.core.models import Paper
from tui.core.more_like_this import more_like_this
from tui.core.parse import parse_entries
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
