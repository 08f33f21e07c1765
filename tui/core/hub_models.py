"""The records of a paper's page beyond its abstract (API2.md §1, §2, §5): the models, datasets
and Spaces linked to it, and its discussion. Plain frozen dataclasses, made by hub_parse.py from
hostile network text (every string here is already cleaned), read back from the cache by
hub_cache.py. No I/O, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import HF_SITE

REPO_KINDS = ("model", "dataset", "space")
KIND_PLURALS = {"model": "models", "dataset": "datasets", "space": "Spaces"}
# The Hub's listing path of each kind: /api/models?filter=arxiv:{id}, …
KIND_PATHS = {"model": "models", "dataset": "datasets", "space": "spaces"}
TOP_N = 3  # what the abstract pane shows of each kind
LIBRARIAN_BOT = "librarian-bot"


def hub_repo_url(kind: str, repo_id: str, base: str = HF_SITE) -> str:
    """A repo's page on the Hub: a model at ``/{id}``, a dataset at ``/datasets/{id}``, a
    Space at ``/spaces/{id}`` (API2.md §2.5)."""
    if kind == "model":
        return f"{base}/{repo_id}"
    return f"{base}/{KIND_PATHS[kind]}/{repo_id}"


@dataclass(frozen=True, slots=True)
class LinkedRepo:
    """A model, dataset or Space whose card cites the paper."""

    kind: str  # model | dataset | space
    id: str  # owner/name, checked to be nothing else
    likes: int | None = None
    downloads: int | None = None  # Spaces have none
    task: str | None = None  # a model's pipeline_tag, a Space's sdk

    @property
    def url(self) -> str:
        """Its page on huggingface.co (the link given to people, whatever HF_ENDPOINT is)."""
        return hub_repo_url(self.kind, self.id)


def by_likes(repos: list[LinkedRepo] | tuple[LinkedRepo, ...]) -> list[LinkedRepo]:
    """Most liked first; repos without a like count (a detail's Spaces) after them, in the
    server's order (API2.md §2.5)."""
    return sorted(repos, key=lambda repo: (repo.likes is None, -(repo.likes or 0)))


@dataclass(frozen=True, slots=True)
class PaperLinks:
    """What ``/api/papers/{id}`` says of the repos linked to a paper: a count of each kind
    (None: the server did not say, as before 2026-05-20; not 0) and the top three of each by
    likes. ``complete`` kinds are those whose whole list came with the detail."""

    paper_id: str
    counts: dict[str, int | None] = field(default_factory=dict)
    top: dict[str, tuple[LinkedRepo, ...]] = field(default_factory=dict)
    complete: frozenset[str] = frozenset()
    fetched_at: str = ""

    def count(self, kind: str) -> int | None:
        return self.counts.get(kind)

    @property
    def known(self) -> bool:
        """Whether the server said anything about linked repos at all."""
        return any(value is not None for value in self.counts.values())

    def summary(self) -> str:
        """``42 models · 3 datasets · 120 Spaces`` (kinds with none left out); "" when unknown
        or none."""
        parts = []
        for kind in REPO_KINDS:
            n = self.counts.get(kind)
            if n:
                word = KIND_PLURALS[kind]
                if n == 1:
                    word = word.removesuffix("s")
                parts.append(f"{n:,} {word}")
        return " · ".join(parts)

    def has_more(self, kind: str) -> bool:
        """Whether there are more of a kind than the top three shown."""
        n = self.counts.get(kind)
        return n is not None and n > len(self.top.get(kind, ()))


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment of a paper's discussion; text from ``raw`` only, cleaned (never ``html``)."""

    id: str
    author: str  # the Hub user name ("yaful"), or "someone" when missing
    author_fullname: str | None = None
    created: str | None = None  # ISO time as sent
    text: str = ""  # blank when hidden
    hidden: bool = False
    hidden_reason: str | None = None
    edited: bool = False
    reactions: tuple[tuple[str, int], ...] = ()  # (emoji, count)
    parent_id: str | None = None  # a reply's parent (one level deep)
    similar_ids: tuple[str, ...] = ()  # the librarian bot's recommended papers

    @property
    def is_similar_papers(self) -> bool:
        """The librarian bot's automated "similar papers" comment (folded by the app)."""
        return self.author == LIBRARIAN_BOT and bool(self.similar_ids)

    @property
    def hidden_words(self) -> str:
        """How a hidden comment is shown: ``hidden (Spam)``."""
        return f"hidden ({self.hidden_reason})" if self.hidden_reason else "hidden"


@dataclass(frozen=True, slots=True)
class Discussion:
    """A paper's comments as fetched, with ``numComments`` at that time (a later count that
    differs means there is more to fetch)."""

    paper_id: str
    comments: tuple[Comment, ...] = ()
    num_comments: int | None = None
    fetched_at: str = ""

    def threaded(self) -> list[tuple[int, Comment]]:
        """(depth, comment) in reading order: each top-level comment followed by its replies
        (depth 1), in the order they came; a reply whose parent is missing stands alone."""
        ids = {comment.id for comment in self.comments}
        replies: dict[str, list[Comment]] = {}
        for comment in self.comments:
            if comment.parent_id and comment.parent_id in ids:
                replies.setdefault(comment.parent_id, []).append(comment)
        ordered: list[tuple[int, Comment]] = []
        for comment in self.comments:
            if comment.parent_id and comment.parent_id in ids:
                continue
            ordered.append((0, comment))
            ordered.extend((1, reply) for reply in replies.get(comment.id, ()))
        return ordered

    @property
    def similar_papers(self) -> tuple[str, ...]:
        """The ids the librarian bot recommends, in its order."""
        seen: dict[str, None] = {}
        for comment in self.comments:
            if comment.is_similar_papers:
                seen.update(dict.fromkeys(comment.similar_ids))
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class TrendingSnapshot:
    """Hugging Face's trending list as last fetched: paper ids in its order (rank 1 first)."""

    ids: tuple[str, ...] = ()
    fetched_at: str | None = None  # None: never fetched
