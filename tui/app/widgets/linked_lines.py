"""The abstract pane's lines about the models, datasets and Spaces linked to a paper: the
counts and the top three of each by likes. Repo ids are network text, cleaned when parsed
(hub_parse.py) and added as plain strings, never as markup."""

from __future__ import annotations

from ...core.hub_models import KIND_PLURALS, REPO_KINDS, TOP_N, LinkedRepo, PaperLinks, by_likes

Part = str | tuple[str, str]
KIND_WIDTH = 10  # "Datasets" and two spaces: the ids start in one column
HEADING = "Linked on the Hub"


def likes_text(repo: LinkedRepo) -> str:
    return f"♥ {repo.likes:,}" if repo.likes is not None else ""


def linked_parts(links: PaperLinks | None, note: str = "") -> list[Part]:
    """The lines, from a blank line on; none at all when nothing is known (never fetched, or
    the server said nothing of linked repos) and nothing went wrong."""
    if links is None or not links.known:
        return ["\n", (note, "$text-muted"), "\n"] if note else []
    parts: list[Part] = ["\n", (HEADING, "bold $text-secondary"), "\n"]
    summary = links.summary()
    if not summary:
        return [*parts, ("No models, datasets or Spaces link to this paper yet.", "$text-muted"),
                "\n"]  # fmt: skip
    parts += [(summary, "$text-accent"), ("  · L lists them all", "$text-muted"), "\n"]
    for kind in REPO_KINDS:
        top = by_likes(links.top.get(kind, ()))[:TOP_N]
        for index, repo in enumerate(top):
            label = KIND_PLURALS[kind].capitalize() if index == 0 else ""
            parts += [(label.ljust(KIND_WIDTH), "$text-muted"), repo.id]
            likes = likes_text(repo)
            if likes:
                parts.append((f"  {likes}", "$text-muted"))
            parts.append("\n")
    return parts
