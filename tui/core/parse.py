"""Turn API response bodies into :class:`Paper` records, surviving every shape the API has sent.

The rules (API.md §2, §6, §7, §10):

- an entry is either a daily/search entry ``{"paper": {...}, ...outer fields}`` or the bare paper
  object of ``/api/papers/{id}``; fields may live inside ``paper``, at the outer level, or both;
- absent, ``null`` and ``""`` all mean missing; unknown keys are ignored; only ``paper.id`` is
  required; one malformed entry is skipped and counted, never sinking its page;
- the listing day is ``paper.submittedOnDailyAt``, the arXiv date ``paper.publishedAt``; the outer
  ``publishedAt`` is a New York wall-clock time mislabelled as UTC and is never the arXiv date;
- hidden authors are dropped; relative avatar URLs are resolved against the base URL;
- ids are validated and a ``vN`` suffix stripped;
- every text field and list is capped (500 KB abstracts were accepted: 230 MB resident and
  3.5 s searches), a cut text ending in "…".
"""

from __future__ import annotations

import re
from typing import Any

from .errors import PayloadError as PayloadError  # re-exported: importers that predate errors.py
from .models import HF_SITE, MAX_COUNT, Listing, Paper, ParsedPage, is_count, normalise_paper_id
from .text import clean_line, clean_paragraphs, safe_url

_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})", re.ASCII)

# Far above any real paper (titles ~200 characters, abstracts ~2,000, AI summaries ~300).
TITLE_MAX = 1_000
TEXT_MAX = 20_000  # an abstract or an AI summary
NAME_MAX = 200  # an author, an organization, a submitter
KEYWORD_MAX = 100
AUTHORS_MAX = 5_000  # the Llama 3 paper has 559; collaborations reach thousands
KEYWORDS_MAX = 50


def _missing(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _first(*candidates: Any) -> Any:
    for value in candidates:
        if not _missing(value):
            return value
    return None


def _cut(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _line(value: Any, limit: int) -> str | None:
    """A one-line field, cleaned and cut to ``limit`` characters. Cut before cleaning too (with
    room for what cleaning removes), so a huge field costs no more than a long one."""
    if isinstance(value, str):
        value = value[: limit * 4]
    return _cut(clean_line(value), limit)


def _paragraphs(value: Any, limit: int = TEXT_MAX) -> str | None:
    if isinstance(value, str):
        value = value[: limit * 4]
    return _cut(clean_paragraphs(value), limit)


def _count(value: Any) -> int | None:
    """A count from 0 to MAX_COUNT; numeric strings are accepted, anything else (a negative,
    a fraction, 10**20) is missing."""
    if isinstance(value, float) and value.is_integer() and 0 <= value <= MAX_COUNT:
        value = int(value)
    elif isinstance(value, str) and len(value) < 20 and value.strip().isascii():
        value = int(value.strip()) if value.strip().isdigit() else None
    return value if is_count(value) else None


def _day(value: Any) -> str | None:
    """The YYYY-MM-DD part of an ISO timestamp, if it is a plausible date."""
    if not isinstance(value, str):
        return None
    match = _DAY.match(value.strip())
    if not match:
        return None
    day = match.group(1)
    year, month, dom = int(day[:4]), int(day[5:7]), int(day[8:])
    if not (1990 <= year <= 2200 and 1 <= month <= 12 and 1 <= dom <= 31):
        return None
    return day


def _user_name(user: Any) -> str | None:
    if not isinstance(user, dict):
        return None
    return _line(_first(user.get("fullname"), user.get("name"), user.get("user")), NAME_MAX)


def _authors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names: list[str] = []
    for author in value:
        if len(names) >= AUTHORS_MAX:
            break
        if isinstance(author, str):
            name = _line(author, NAME_MAX)
        elif isinstance(author, dict):
            if author.get("hidden") is True:
                continue
            name = _line(author.get("name"), NAME_MAX) or _user_name(author.get("user"))
        else:
            name = None
        if name:
            names.append(name)
    return tuple(names)


def _keywords(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    seen: dict[str, None] = {}
    for keyword in value:
        if len(seen) >= KEYWORDS_MAX:
            break
        text = _line(keyword, KEYWORD_MAX)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def _organization(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, str):
        return _line(value, NAME_MAX), None
    if not isinstance(value, dict):
        return None, None
    name = _line(value.get("name"), NAME_MAX)
    return _line(value.get("fullname"), NAME_MAX) or name, name


def resolve_url(value: Any, base: str) -> str | None:
    """An http(s) URL, with a site-relative path (``/avatars/…``) resolved against ``base``."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        value = base.rstrip("/") + value
    return safe_url(value)


def parse_entry(
    entry: Any,
    *,
    requested_day: str | None = None,
    period_days: frozenset[str] | None = None,
    base: str = HF_SITE,
) -> tuple[Paper, str | None]:
    """One entry to ``(paper, listing day or None)``. Raises ValueError when it is unusable.

    ``requested_day`` is the ``date=`` of the request: entries of the legacy shape carry no
    ``submittedOnDailyAt``, and a dated request tells their day. ``period_days`` (the days of a
    ``week=``/``month=`` request) lets the legacy outer ``publishedAt`` stand in, when it falls
    inside the period.
    """
    if not isinstance(entry, dict):
        raise ValueError("an entry is not an object")
    inner = entry.get("paper")
    paper: dict[str, Any] = inner if isinstance(inner, dict) else entry
    raw_id = _first(paper.get("id"), entry.get("id"))
    paper_id = normalise_paper_id(raw_id)
    if paper_id is None:
        if _missing(raw_id):
            raise ValueError("an entry has no paper id")
        raise ValueError(f"an entry has an invalid paper id {clean_line(str(raw_id)[:80])!r:.40}")

    def field(name: str) -> Any:
        # The paper object is authoritative; list entries repeat some fields at the outer level,
        # and the official client reads a few (ai_summary, githubRepo, ...) only from there.
        return _first(paper.get(name), entry.get(name))

    organization, org_name = _organization(field("organization"))
    listed = _day(paper.get("submittedOnDailyAt")) or _day(entry.get("submittedOnDailyAt"))
    if listed is None and requested_day:
        listed = requested_day
    if listed is None and period_days:
        outer_day = _day(entry.get("publishedAt")) if inner is not None else None
        if outer_day in period_days:
            listed = outer_day
    github = safe_url(field("githubRepo"))
    submitter = _first(paper.get("submittedOnDailyBy"), entry.get("submittedBy"))
    result = Paper(
        id=paper_id,
        title=_line(field("title"), TITLE_MAX) or paper_id,
        abstract=_paragraphs(field("summary")),
        authors=_authors(field("authors")),
        organization=organization,
        org_name=org_name,
        # paper.publishedAt only: the outer publishedAt is shifted to New York time (API.md §2.1).
        published=_day(paper.get("publishedAt") if inner is not None else entry.get("publishedAt")),
        upvotes=_count(field("upvotes")),
        comments=_count(entry.get("numComments")),
        github_repo=github,
        github_stars=_count(field("githubStars")) if github else None,
        project_page=safe_url(field("projectPage")),
        ai_summary=_paragraphs(field("ai_summary")),
        ai_keywords=_keywords(field("ai_keywords")),
        submitted_by=_user_name(submitter),
        submitter_avatar=resolve_url(submitter.get("avatarUrl"), base)
        if isinstance(submitter, dict)
        else None,
        withdrawn_at=_day(field("withdrawnAt")),
        listed_day=listed,
    )
    return result, listed


def parse_entries(
    body: Any,
    *,
    requested_day: str | None = None,
    period_days: frozenset[str] | None = None,
    base: str = HF_SITE,
) -> ParsedPage:
    """A list body (daily papers, search) to papers and listings; bad entries skipped and counted.

    Raises :class:`PayloadError` when the body is not a list at all.
    """
    if not isinstance(body, list):
        kind = "an object" if isinstance(body, dict) else type(body).__name__
        if isinstance(body, dict) and not _missing(body.get("error")):
            raise PayloadError(f"expected a list of papers, got an error: {error_text(body)}")
        raise PayloadError(f"expected a list of papers, got {kind}")
    page = ParsedPage()
    for entry in body:
        try:
            paper, day = parse_entry(
                entry, requested_day=requested_day, period_days=period_days, base=base
            )
        except ValueError as error:
            page.skipped += 1
            page.skipped_reasons.append(str(error))
            continue
        except RecursionError:  # JSON nested just under what the decoder refuses
            page.skipped += 1
            page.skipped_reasons.append("an entry is nested too deeply")
            continue
        page.papers.append(paper)
        if day:
            page.listings.append(Listing(paper.id, day))
    return page


def parse_paper(body: Any, *, base: str = HF_SITE) -> Paper:
    """The body of ``/api/papers/{id}`` (a bare paper object). Raises PayloadError if unusable."""
    if not isinstance(body, dict):
        raise PayloadError("expected a paper object")
    try:
        paper, _ = parse_entry(body, base=base)
    except ValueError as error:
        raise PayloadError(str(error)) from None
    except RecursionError:
        raise PayloadError("the paper is nested too deeply") from None
    return paper


def error_text(body: Any) -> str | None:
    """The message of an error body (`{"error": …}`, `{"errors": [..]}`), in one line."""
    try:
        return _error_text(body)
    except RecursionError:  # str() of a list nested hundreds deep
        return None


def _error_text(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    parts: list[str] = []
    error = body.get("error")
    if isinstance(error, str):
        parts.append(error)
    elif isinstance(error, list):
        parts.extend(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in error)
    elif isinstance(error, dict) and error.get("message"):
        parts.append(str(error["message"]))
    errors = body.get("errors")
    if isinstance(errors, list):
        parts.extend(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
    message = clean_line("; ".join(p for p in parts if p))
    return message[:300] if message else None
