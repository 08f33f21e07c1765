"""The messages the screen's thread workers post when they are done.

A thread worker must not touch the UI; ``post_message`` is thread-safe and, unlike
``call_from_thread``, does not wait for the UI thread (which may itself be waiting on a
thread: the writer's ``flush``). Each is a dataclass, handled by an ``on_…`` method.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from ..core.for_you import ForYou
from ..core.models import Paper
from ..core.related import Related
from ..core.search import SearchResult
from ..core.sync_summary import SyncSummary
from ..core.watch_match import WatchMatch

# refresh


@dataclass
class CacheCheckFailed(Message, bubble=False):
    """The check of the cache file could not run; ``reason`` is a plain sentence."""

    reason: str


@dataclass
class CacheRebuilt(Message, bubble=False):
    """The cache file was damaged, moved aside and rebuilt: ``notice`` says so."""

    notice: str


# search and papers


@dataclass
class SearchFound(Message, bubble=False):
    """The cache's results for keystroke ``sequence`` of the search (``notes``: why nothing
    matched, when nothing did)."""

    sequence: int
    text: str
    result: SearchResult
    notes: list[str]


@dataclass
class NewPapersCounted(Message, bubble=False):
    """How many papers arrived since the last visit (for the header)."""

    count: int


@dataclass
class Told(Message, bubble=False):
    """Something a worker has to say to the user (an error, a copy, a page opened)."""

    text: str
    severity: SeverityLevel = "information"
    timeout: float | None = None


# the reader


@dataclass
class FullTextLoaded(Message, bubble=False):
    """The reader's look in the cache: the stored text (None: none stored) and where the
    user stopped reading it; ``problem`` when the cache could not be read."""

    stored: object  # StoredText | None (core type, kept out of this module's imports)
    position: object  # ReadingPosition | None
    problem: str | None = None


@dataclass
class WatchesSynced(Message, bubble=False):
    """The watches were matched against the cache (``for_you``, kept by the screen); ``news``
    the matching papers a refresh brought, to be said once when ``announce``; ``open_view``:
    show the For you view now."""

    for_you: ForYou
    news: list[WatchMatch]
    queries: dict[str, str]  # watch name → query, for the notice's words
    announce: bool
    open_view: bool
    new_count: int  # how many of the matches are new for you


@dataclass
class ForYouCounted(Message, bubble=False):
    """How many watched papers are new for you, counted again after some were seen."""

    count: int


@dataclass
class MoreLikeFound(Message, bubble=False):
    """Papers related to ``paper`` (core Related, best first) and their titles, by id."""

    paper: Paper
    related: list[Related]
    titles: dict[str, str]


# the sync with the Hugging Face collection


@dataclass
class CollectionSynced(Message, bubble=False):
    """A sync of the bookmarks with the collection is over: its ``summary``, or None with
    ``problem`` (one sentence) when the library could not be read or written; ``manual``: asked
    for with S (or the palette), not the background sync."""

    summary: SyncSummary | None
    manual: bool
    problem: str | None = None
