"""What the app says about watches: the notice after a refresh, the menu of a paper's watchable
names, a watch's short name. No Textual here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.models import Paper
from ..core.watch import MAX_NAME
from ..core.watch_match import WatchMatch

MENU_AUTHORS = 8
MENU_KEYWORDS = 6


def news_notice(news: Sequence[WatchMatch], queries: Mapping[str, str]) -> str:
    """``3 new papers by people you watch`` (every watch they matched is an author's), else
    ``… for your watches``."""
    count = len(news)
    papers = f"{count} new paper{'s' if count != 1 else ''}"
    names = {name for match in news for name in match.watches}
    if names and all(queries.get(n, "").lstrip().startswith("author:") for n in names):
        return f"{papers} by people you watch (F: For you)."
    return f"{papers} for your watches (F: For you)."


def quoted(field: str, value: str) -> str:
    """``author:"Yann LeCun"``: a phrase of the search language (its own quotes dropped)."""
    return f'{field}:"{" ".join(value.replace(chr(34), " ").split())}"'


def watch_choices(paper: Paper) -> list[tuple[str, str, str]]:
    """(label, suggested name, query) for each thing of the paper that can be watched: its
    first authors, its organisation, its AI keywords."""
    found: list[tuple[str, str, str]] = []
    for author in paper.authors[:MENU_AUTHORS]:
        found.append((f"Author: {author}", author, quoted("author", author)))
    if paper.organization:
        org = paper.organization
        found.append((f"Organisation: {org}", org, quoted("org", org)))
    for keyword in paper.ai_keywords[:MENU_KEYWORDS]:
        found.append((f"Keyword: {keyword}", keyword, quoted("kw", keyword)))
    return found


def short_name(query: str) -> str:
    """A name to suggest for a search saved as a watch: its words, without field names."""
    words = " ".join(query.replace('"', " ").split())
    for field in ("author:", "org:", "kw:"):
        words = words.replace(field, "")
    return words.strip()[:30] or query.strip()[:MAX_NAME]
