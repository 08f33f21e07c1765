"""``dailypapers search``: the cache, best match first, in the app's search language."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .base import Workspace, pass_workspace
from .output import echo_err, line_width, paper_line


def _paper_json(
    paper: Any, rank: int | None = None, mine: dict[str, Any] | None = None
) -> dict[str, Any]:
    from ..core.models import arxiv_abs_url, hf_paper_url

    data = paper.to_json()
    data["url"] = hf_paper_url(paper.id)  # the public site, whatever HF_ENDPOINT says
    data["arxiv_url"] = arxiv_abs_url(paper.id)
    data.update(mine or {})  # bookmarked, read, tags, note
    if rank is not None:
        data = {"rank": rank, **data}
    return data


class SearchCommand(click.Command):
    """Reads ``-word`` as a word to exclude, never as short options (``-nothing`` is not
    ``-n othing``, ``-hallucination`` is not ``-h``). Only the command's own options are options.
    """

    VALUED = ("-n", "--limit")
    FLAGS = ("--json", "-h", "--help")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options: list[str] = []
        words: list[str] = []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                words.extend(tokens)
            elif token in self.VALUED:
                options += [token, next(tokens, "")]
            elif (
                token in self.FLAGS
                or token.startswith("--")  # --jsn: click says there is no such option
                or (token.startswith("-n") and token[2:].isdigit())  # -n5
            ):
                options.append(token)
            else:
                words.append(token)
        return super().parse_args(ctx, [*options, "--", *words])


@click.command(cls=SearchCommand)
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit",
    "-n",
    default=20,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many results to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@pass_workspace
def search(workspace: Workspace, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search every cached paper, best match first (works offline).

    \b
    Words must all match, each as the start of a word (model finds models);
    also "exact phrase", a OR b, -word, author:NAME, org:NAME, kw:KEYWORD,
    tag:TAG, upvotes>N, since:YYYY-MM-DD, until:YYYY-MM-DD, is:bookmarked,
    is:unread, is:read, has:code, or an arXiv id or link. Your notes and
    tags are searched too. Exits 1 when nothing matched, 2 when a filter
    cannot be read.
    """
    from ..core.query import MAX_QUERY, misread_hint, parse_query
    from ..core.search import search as run_search

    text = " ".join(query).encode("utf-8", "replace").decode("utf-8")
    if len(text) > MAX_QUERY:
        echo_err(f"note: the query is {len(text):,} characters; the first {MAX_QUERY:,} are used")
    parsed = parse_query(text)
    if parsed.misread:
        # As grep does with a pattern it cannot read: say why, exit 2, search nothing.
        for word in dict.fromkeys(parsed.misread):
            echo_err(f"dailypapers: {misread_hint(word)} ({word}); nothing was searched")
        raise click.exceptions.Exit(2)
    store = workspace.store
    # Rank among at least the default number of results, so a small --limit shows the best few.
    result = run_search(store, parsed, limit=max(limit, 300))
    papers = [p for p in (store.paper(i) for i in result.ids[:limit]) if p is not None]
    if as_json:
        mine = _user_data(store, [p.id for p in papers])
        items = [_paper_json(p, rank, mine.get(p.id)) for rank, p in enumerate(papers, 1)]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    elif not papers:
        echo_err(_no_match(store, parsed))
    else:
        width = line_width()
        for rank, paper in enumerate(papers, 1):
            click.echo(paper_line(rank, paper, width))
        cut = result.total > len(papers)
        # A person reads stderr: say what was left out, even when the list goes to a file.
        if sys.stdout.isatty() or (cut and sys.stderr.isatty()):
            shown = f"{len(papers)} of {result.count_text}" if cut else "all"
            more = f"; --limit {min(1000, result.total)} shows more" if cut and limit < 1000 else ""
            echo_err(f"({shown} matches{more})")
    if not papers:
        raise click.exceptions.Exit(1)  # as grep: a script can tell that nothing matched


def _user_data(store: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """What you keep about these papers (library.db, attached read-only to the cache)."""
    found: dict[str, dict[str, Any]] = {
        i: {"bookmarked": False, "read": False, "tags": [], "note": None} for i in ids
    }
    if not ids:
        return found
    bookmarked, read = store.user_marks(ids)
    for paper_id in bookmarked:
        found[paper_id]["bookmarked"] = True
    for paper_id in read:
        found[paper_id]["read"] = True
    for paper_id, note in store.notes_of(ids).items():
        found[paper_id]["note"] = note
    for paper_id, tag in store.tags_of(ids):
        found[paper_id]["tags"].append(tag)
    return found


def _no_match(store: Any, query: Any) -> str:
    """Why nothing was found, and what to do about it."""
    shown = query.text.strip()
    if query.is_empty:
        return "Nothing to search for: give words or filters, e.g. `dailypapers search diffusion`."
    from ..core.dates import daily_today

    example = f"--since {query.since}" if query.since else f"--month {daily_today():%Y-%m}"
    if store.stats()["papers"] == 0:
        return (
            f"No cached paper matches “{shown}”: the cache is empty. "
            f"Fetch papers with `dailypapers refresh` (e.g. {example})."
        )
    if query.ids and not query.has_text:
        missing = [i for i in query.ids if store.paper(i) is None]
        if missing:
            return (
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in the cache; "
                f"`dailypapers bookmarks add {missing[0]}` fetches and keeps a paper."
            )
    from ..core.search import filter_notes

    notes = "".join(f"\n{note}." for note in filter_notes(store, query))
    if query.flags & {"bookmarked"} or query.tags or query.has & {"note", "tag"}:
        return f"None of your papers matches “{shown}”.{notes}"
    if not query.has_text:  # filters only (is:read, upvotes>100, …): more papers may not help
        return f"No cached paper matches “{shown}”.{notes}"
    return (
        f"No cached paper matches “{shown}”. "
        f"Fetch more with `dailypapers refresh` (e.g. {example})."
    )
