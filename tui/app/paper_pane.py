"""What the abstract pane shows for a paper, read from the cache and the library: the paper
with the user's marks and its upvote history, or a message saying why it cannot be shown.
No Textual: the screen draws what this reads."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..core.db import StoreError
from ..core.library import Library, UserData
from ..core.models import Paper
from ..core.store import Store

NO_ABSTRACT = "No abstract on Hugging Face for this paper."


@dataclass(frozen=True)
class PaneContent:
    """The paper to draw, or (``paper`` None) a ``title`` and ``message`` instead."""

    paper: Paper | None = None
    user: UserData | None = None
    history: list[int] = field(default_factory=list)
    title: str = ""
    message: str = ""


def read_pane(store: Store, library: Library, paper_id: str) -> PaneContent:
    try:
        paper = store.paper(paper_id)
        user = library.user_data(paper_id)
        history = [value for _, value in store.snapshots(paper_id)]
    except StoreError as error:
        return PaneContent(title="Cannot read this paper", message=str(error))
    if paper is None:
        # A bookmark kept by id only (added offline), or a paper the cache has lost since.
        return PaneContent(title=paper_id, message="This paper's details are not in the cache.")
    if not paper.abstract and store.is_cached(paper_id):
        # Fetched, and Hugging Face has no abstract for it: not a gap in the cache.
        paper = replace(paper, abstract=NO_ABSTRACT)
    return PaneContent(paper, user, history)
