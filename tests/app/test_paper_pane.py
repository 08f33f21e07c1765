"""What the abstract pane reads for a paper, without an app."""

from __future__ import annotations

from tui.app.paper_pane import NO_ABSTRACT, read_pane
from tui.core.library import Library
from tui.core.models import Paper
from tui.core.store import Store


def test_a_fetched_paper_without_abstract_says_hugging_face_has_none(
    store: Store, library: Library
) -> None:
    store.ingest([Paper(id="2607.00001", title="Memory", abstract="")], source="search")
    pane = read_pane(store, library, "2607.00001")
    assert pane.paper is not None and pane.paper.abstract == NO_ABSTRACT
    assert pane.user is not None and pane.history == []


def test_a_paper_the_cache_lacks_says_so(store: Store, library: Library) -> None:
    pane = read_pane(store, library, "2401.00001")
    assert pane.paper is None
    assert (pane.title, pane.message) == (
        "2401.00001",
        "This paper's details are not in the cache.",
    )
