"""Turn the Hub's answers about a paper's page into hub_models records (API2.md §2, §5).

Every value is hostile until it passes here: ids are checked against the Hub's repo-id shape,
counts must be counts, text is cleaned of escape sequences and control characters, a comment's
text comes from ``raw`` only (the ``html`` carries links and markup a terminal must not see).
An item that is not usable is skipped, never sinking the rest.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import PayloadError
from .hub_models import (
    LIBRARIAN_BOT,
    REPO_KINDS,
    TOP_N,
    Comment,
    Discussion,
    LinkedRepo,
    PaperLinks,
    by_likes,
)
from .models import MAX_COUNT, is_count, normalise_paper_id
from .text import clean_line, strip_unsafe

# owner/name as the Hub allows them (letters, digits, "-", "_", "."), or a legacy bare name.
_REPO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}(?:/[A-Za-z0-9._-]{1,96})?", re.ASCII)
_OBJECT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)
_PAPER_LINK = re.compile(r"(?:huggingface\.co|hf\.co)/papers/(\d{4}\.\d{4,5})", re.ASCII)
_TASK = re.compile(r"[A-Za-z0-9._-]{1,60}", re.ASCII)
COMMENT_MAX = 20_000  # characters of one comment's text; far above any real one
COMMENTS_MAX = 2_000  # comments of one paper; the busiest have dozens
REPOS_MAX = 1_000  # linked repos of one kind in one answer
REACTIONS_MAX = 20
SIMILAR_MAX = 20
# The detail's keys of each kind: (its sample list, its total).
DETAIL_KEYS = {
    "model": ("linkedModels", "numTotalModels"),
    "dataset": ("linkedDatasets", "numTotalDatasets"),
    "space": ("linkedSpaces", "numTotalSpaces"),
}


def _count(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer() and 0 <= value <= MAX_COUNT:
        value = int(value)
    return value if is_count(value) else None


def repo_id(value: Any) -> str | None:
    """A repo id as the Hub writes them (``meta-llama/Llama-3-8B``), else None: nothing with
    spaces, escapes, ``..`` or a URL in it reaches a link."""
    if not isinstance(value, str) or not _REPO_ID.fullmatch(value):
        return None
    if ".." in value or value.startswith(".") or "/." in value:
        return None
    return value


def parse_repo(item: Any, kind: str) -> LinkedRepo | None:
    """One item of ``linked*`` or of a ``/api/{kind}s`` listing; None when unusable."""
    if not isinstance(item, dict) or kind not in REPO_KINDS:
        return None
    ident = repo_id(item.get("id") or item.get("modelId"))
    if ident is None:
        return None
    task_value = item.get("pipeline_tag") if kind == "model" else item.get("sdk")
    task = clean_line(task_value) if isinstance(task_value, str) else None
    return LinkedRepo(
        kind=kind,
        id=ident,
        likes=_count(item.get("likes")),
        downloads=_count(item.get("downloads")) if kind != "space" else None,
        task=task if task and _TASK.fullmatch(task) else None,
    )


def parse_repos(items: Any, kind: str) -> list[LinkedRepo]:
    """A list of repo items, bad ones skipped, each id once (the first)."""
    if not isinstance(items, list):
        return []
    repos: dict[str, LinkedRepo] = {}
    for item in items[:REPOS_MAX]:
        repo = parse_repo(item, kind)
        if repo is not None and repo.id not in repos:
            repos[repo.id] = repo
    return list(repos.values())


def parse_listing(body: Any, kind: str) -> list[LinkedRepo]:
    """A page of ``/api/{models|datasets|spaces}?filter=arxiv:{id}``: a JSON list."""
    if not isinstance(body, list):
        raise PayloadError(f"expected a list of {kind}s")
    return parse_repos(body, kind)


def parse_links(
    body: Any, paper_id: str, fetched_at: str = ""
) -> tuple[PaperLinks, dict[str, list[LinkedRepo]]]:
    """The linked repos of a ``/api/papers/{id}`` body: the counts and top three of each kind,
    and every repo of the kinds whose whole list came (``numTotal*`` no more than the list),
    most liked first. A count the server did not send stays None (unknown, not 0); with no
    count but a list, the list's length is the count."""
    if not isinstance(body, dict):
        raise PayloadError("expected a paper object")
    counts: dict[str, int | None] = {}
    top: dict[str, tuple[LinkedRepo, ...]] = {}
    whole: dict[str, list[LinkedRepo]] = {}
    for kind, (list_key, total_key) in DETAIL_KEYS.items():
        repos = by_likes(parse_repos(body.get(list_key), kind))
        total = _count(body.get(total_key))
        if total is None and isinstance(body.get(list_key), list):
            total = len(repos)
        counts[kind] = total
        top[kind] = tuple(repos[:TOP_N])
        if total is not None and total <= len(repos):
            whole[kind] = repos
    links = PaperLinks(paper_id, counts, top, frozenset(whole), fetched_at)
    return links, whole


def _user(value: Any) -> tuple[str | None, str | None]:
    if not isinstance(value, dict):
        return None, None
    return clean_line(value.get("name")), clean_line(value.get("fullname"))


def _text(value: Any) -> str:
    """A comment's Markdown as plain text: escapes and controls gone, tabs as spaces, runs of
    blank lines as one, cut to COMMENT_MAX."""
    if not isinstance(value, str):
        return ""
    text = strip_unsafe(value[: COMMENT_MAX * 2]).replace("\t", "    ")
    text = re.sub(r"[ ]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) > COMMENT_MAX:
        text = text[: COMMENT_MAX - 1].rstrip() + "…"
    return text


def _reactions(value: Any) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, list):
        return ()
    found: list[tuple[str, int]] = []
    for item in value[:REACTIONS_MAX]:
        if not isinstance(item, dict):
            continue
        emoji = clean_line(item.get("reaction"))
        users = item.get("users")
        count = _count(item.get("count"))
        if count is None and isinstance(users, list):
            count = len(users)
        if emoji and len(emoji) <= 8 and count:
            found.append((emoji, count))
    return tuple(found)


def similar_paper_ids(text: str) -> tuple[str, ...]:
    """The paper ids the librarian bot's comment links to (hf.co/papers/{id}), in order."""
    seen: dict[str, None] = {}
    for match in _PAPER_LINK.finditer(text):
        paper_id = normalise_paper_id(match.group(1))
        if paper_id:
            seen.setdefault(paper_id, None)
        if len(seen) >= SIMILAR_MAX:
            break
    return tuple(seen)


def parse_comment(item: Any) -> Comment | None:
    """One comment object (API2.md §5.1); None when it has no usable id."""
    if not isinstance(item, dict):
        return None
    ident = item.get("id")
    if not isinstance(ident, str) or not _OBJECT_ID.fullmatch(ident):
        return None
    data: dict[str, Any] = item["data"] if isinstance(item.get("data"), dict) else {}
    latest: dict[str, Any] = data["latest"] if isinstance(data.get("latest"), dict) else {}
    name, fullname = _user(item.get("author"))
    hidden = data.get("hidden") is True
    text = "" if hidden else _text(latest.get("raw"))
    parent = data.get("parentCommentId")
    similar = similar_paper_ids(text) if name == LIBRARIAN_BOT else ()
    return Comment(
        id=ident,
        author=name or "someone",
        author_fullname=fullname,
        created=clean_line(item.get("createdAt")),
        text=text,
        hidden=hidden,
        hidden_reason=clean_line(data.get("hiddenReason")) if hidden else None,
        edited=data.get("edited") is True,
        reactions=_reactions(data.get("reactions")),
        parent_id=parent if isinstance(parent, str) and _OBJECT_ID.fullmatch(parent) else None,
        similar_ids=similar,
    )


def parse_discussion(body: Any, paper_id: str, fetched_at: str = "") -> Discussion:
    """The body of ``/api/papers/{id}?field=comments``: its ``comments`` list (absent: none)
    and ``numComments`` when sent. Raises PayloadError when the body is not an object."""
    if not isinstance(body, dict):
        raise PayloadError("expected a paper object with comments")
    items = body.get("comments")
    comments: list[Comment] = []
    seen: set[str] = set()
    for item in items[:COMMENTS_MAX] if isinstance(items, list) else ():
        comment = parse_comment(item)
        if comment is not None and comment.id not in seen:
            seen.add(comment.id)
            comments.append(comment)
    num = _count(body.get("numComments"))
    return Discussion(paper_id, tuple(comments), num, fetched_at)
