"""The records the core passes around. Plain frozen dataclasses: no I/O, no Textual."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .text import safe_url
from .text_hit import TextHit

# A Hugging Face paper id is a new-style arXiv id without its version: YYMM.NNNN or YYMM.NNNNN.
# ASCII digits only: "２６１２.０００１０" is not an id (\d takes any script's digits, and such an
# id mapped onto the real paper's rowid, failing every later refresh that carried it).
_PAPER_ID = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?", re.ASCII)


# The Hugging Face site: the API's default endpoint, and the base of every paper link given to
# people (an export's links always go to the public site, whatever HF_ENDPOINT says).
HF_SITE = "https://huggingface.co"

# Far above any real count, far below SQLite's INTEGER limit (2**63 - 1): 10**20 upvotes made
# the whole page fail with OverflowError, and an imported one stopped the app from starting.
MAX_COUNT = 10**12


def is_count(value: object) -> bool:
    """A count the cache can hold: an int (not a bool) from 0 to MAX_COUNT."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def normalise_paper_id(value: object) -> str | None:
    """The bare arXiv id (``2607.27958``) of an id, an id with a version or a paper URL; else None.

    Accepts ``2607.27958v2``, ``arXiv:2607.27958`` and links to hf.co/papers, arxiv.org/abs and
    arxiv.org/pdf, with or without ``https://``, because that is what people paste.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    # The scheme is optional: address bars hide it, and people copy what they see.
    text = re.sub(
        r"(?i)^(arxiv:|(https?://)?(www\.)?(huggingface\.co|hf\.co)/papers/"
        r"|(https?://)?(www\.)?arxiv\.org/(abs|pdf|html)/)",
        "",
        text,
    )
    text = re.sub(r"(?i)(\.pdf)?[/?#].*$|\.pdf$", "", text)
    match = _PAPER_ID.fullmatch(text)
    if not match:
        return None
    paper_id = match.group(1)
    # New-style ids began in April 2007 (0704.NNNN); YYMM is a year and a month.
    yymm = paper_id[:4]
    if not 1 <= int(yymm[2:]) <= 12 or yymm < "0704":
        return None
    return paper_id


def paper_rowid(paper_id: str) -> int:
    """The cache's integer key of a paper: its arXiv id as a number (``2607.27958`` → 260727958).

    arXiv numbers grow with submission time, so this key orders papers newest-last whatever order
    they were fetched in; the search uses that to take the newest matches first (see search.py).
    """
    month, _, number = paper_id.partition(".")
    return int(month) * 100_000 + int(number)


def hf_paper_url(paper_id: str, base: str = HF_SITE) -> str:
    return f"{base}/papers/{paper_id}"


def arxiv_abs_url(paper_id: str) -> str:
    return f"https://arxiv.org/abs/{paper_id}"


def arxiv_pdf_url(paper_id: str) -> str:
    return f"https://arxiv.org/pdf/{paper_id}"


# A paper's links from the network. Read back from a cache or a library written by an older
# version, they are checked again (safe_url), as that version may have kept deceptive ones.
URL_FIELDS = ("github_repo", "project_page", "submitter_avatar")


@dataclass(frozen=True, slots=True)
class Paper:
    """Everything the abstract pane shows about one paper. Every field but ``id`` may be missing."""

    id: str
    title: str
    abstract: str | None = None
    authors: tuple[str, ...] = ()
    organization: str | None = None  # display name ("Nanyang Technological University")
    org_name: str | None = None  # the Hub namespace ("NanyangTechnologicalUniversity")
    published: str | None = None  # arXiv date, YYYY-MM-DD (from paper.publishedAt)
    upvotes: int | None = None
    comments: int | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    submitted_by: str | None = None
    submitter_avatar: str | None = None  # absolute: relative /avatars/… paths are resolved
    withdrawn_at: str | None = None
    # The most recent Daily Papers day the paper was listed on, when known.
    listed_day: str | None = None

    @property
    def arxiv_id(self) -> str:
        return self.id

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        data["ai_keywords"] = list(self.ai_keywords)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Paper | None:
        """Rebuild from :meth:`to_json` output (e.g. a bookmark's snapshot); None if unusable."""
        if not isinstance(data, dict):
            return None
        paper_id = normalise_paper_id(data.get("id"))
        if paper_id is None:
            return None
        kwargs: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if name == "id" or name not in data:
                continue
            value = data[name]
            if name in ("authors", "ai_keywords"):
                value = tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()
            elif name in ("upvotes", "comments", "github_stars"):
                value = value if is_count(value) else None
            elif name in URL_FIELDS:
                value = safe_url(value)
            elif value is not None and not isinstance(value, str):
                value = None
            kwargs[name] = value
        kwargs.setdefault("title", paper_id)
        if not kwargs["title"]:
            kwargs["title"] = paper_id
        return cls(id=paper_id, **kwargs)


@dataclass(frozen=True, slots=True)
class Listing:
    """One paper listed on one Daily Papers day. A paper may be listed on more than one day."""

    paper_id: str
    day: str  # YYYY-MM-DD


@dataclass(slots=True)
class ParsedPage:
    """What came out of one response body: the papers, their listings, and what was skipped."""

    papers: list[Paper] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    skipped: int = 0
    skipped_reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PaperRow:
    """One line of the list pane: only what that line shows, read a page at a time."""

    rowid: int
    id: str
    title: str
    upvotes: int | None
    comments: int | None
    day: str | None
    published: str | None
    bookmarked: bool
    read: bool
    from_web: bool = False  # found by the remote search, and not in the cache before it
    rising: int | None = None  # upvotes gained over the last 24 h, when sorting by it
    reading: float | None = None  # how far its full text has been read (0-1); None: never opened
    text_hit: TextHit | None = None  # found only in its stored full text, there (search)
    trend_rank: int | None = None  # its place in Hugging Face's trending list (trending view)
    watches: tuple[str, ...] = ()  # the names of the watches it matches (For you, the marks)
    new_for_you: bool = False  # matches a watch and not yet seen in a list (For you view)


def paper_links(paper: Paper) -> list[tuple[str, str, str]]:
    """(key, label, url) of every link a paper has; only http(s) URLs, absent ones left out."""
    links = [
        ("h", "Hugging Face page", hf_paper_url(paper.id)),
        ("a", "arXiv abstract", arxiv_abs_url(paper.id)),
        ("p", "PDF", arxiv_pdf_url(paper.id)),
    ]
    # Checked again here, not only when parsed: a cache or library from an older version may
    # hold a link with userinfo or a Unicode host.
    github, project = safe_url(paper.github_repo), safe_url(paper.project_page)
    if github:
        links.append(("g", "GitHub repository", github))
    if project:
        links.append(("w", "Project page", project))
    return links
