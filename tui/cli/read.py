"""``dailypapers read``: a paper's full text as plain text (fetched and stored on first use),
and ``--bookmarks``: the texts of every bookmarked paper, fetched for reading offline."""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, Any

import click

import tui.cli.output as output  # the module: a test replaces output.watched

from .base import CliError, Workspace, pass_workspace
from .output import byte_size, echo_err, plural

if TYPE_CHECKING:
    from ..core.api import HFClient
    from ..core.errors import ApiError
    from ..core.reader.stored_text import StoredText
    from ..core.text_fetch_summary import TextFetchSummary

# A server's wait the bulk fetch sits out (the pages bucket's window is 5 minutes); a longer
# one stops it, to be run again later.
BULK_MAX_WAIT = 330.0


@click.command(short_help="Print a paper's full text; fetch your bookmarks' texts.")
@click.argument("paper", required=False, metavar="ID")
@click.option("--raw", is_flag=True, help="The text as Hugging Face serves it (Markdown).")
@click.option(
    "--width",
    type=click.IntRange(min=0),
    metavar="N",
    help="Wrap to N columns (default: the terminal's width; not wrapped into a pipe or file).",
)
@click.option(
    "--bookmarks",
    "all_bookmarks",
    is_flag=True,
    help="Fetch the texts of every bookmarked paper that has none yet, for reading offline.",
)
@pass_workspace
def read(
    workspace: Workspace, paper: str | None, raw: bool, width: int | None, all_bookmarks: bool
) -> None:
    """Print the full text of paper ID (an arXiv id or paper link) as plain text, fetching and
    storing it first when it is not stored yet: `dailypapers read 2510.14528 | less`.

    With --bookmarks, fetch the texts of all your bookmarked papers instead, one at a time
    (stop it whenever you like; run it again to go on)."""
    if all_bookmarks:
        if paper is not None or raw or width is not None:
            raise click.UsageError("--bookmarks takes no ID, --raw or --width")
        _fetch_bookmarks(workspace)
        return
    if paper is None:
        raise click.UsageError("give a paper's ID (like 2510.14528), or --bookmarks")
    paper_id = _paper_id(paper)
    stored = workspace.store.full_text(paper_id)
    if stored is None:
        stored = _fetch_one(workspace, paper_id)
    from ..core.text import strip_unsafe

    document = stored.document
    if document.page_only:
        echo_err(
            f"dailypapers: Hugging Face has only the page of {paper_id}, not its full text; "
            f"the PDF: {document.pdf_url}"
        )
    if raw:
        text = workspace.store.raw_text(paper_id) or ""
    else:
        from ..core.reader.plain import plain_text

        text = plain_text(document, _width(width))
    # Network text: whatever plain_text or the server left in, no escape sequence or control
    # character reaches the terminal or the pager.
    text = strip_unsafe(text)
    click.echo(text, nl=not text.endswith("\n"))


def _paper_id(value: str) -> str:
    from ..core.models import normalise_paper_id

    paper_id = normalise_paper_id(value)
    if paper_id is None:
        raise click.BadParameter(f"{value!r} is not an arXiv id (like 2510.14528) or paper link")
    return paper_id


def _width(chosen: int | None) -> int:
    """Columns to wrap to: as asked, else the terminal's; 0 (not wrapped) into a pipe or a
    file, where the reader (``less``, an editor) wraps to its own width."""
    if chosen is not None:
        return chosen
    return shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 0


def _title(workspace: Workspace, paper_id: str) -> str:
    """The title the API gave (the text's own may carry junk before it), when known."""
    paper = workspace.store.paper(paper_id) or workspace.library.snapshot(paper_id)
    return paper.title if paper is not None else ""


def _client(**kwargs: Any) -> HFClient:
    from ..core.api import HFClient

    return HFClient(**kwargs)


def _on_retry(attempt: int, delay: float, error: ApiError) -> None:
    if output.watched():  # a person watching; a script gets just the outcome
        echo_err(f"  {error}; trying again in {delay:.0f} s")


def _fetch_one(workspace: Workspace, paper_id: str) -> StoredText:
    from ..core.api import ApiError
    from ..core.full_text_fetch import fetch_full_text
    from .network import run

    if workspace.offline:
        raise CliError(f"the text of {paper_id} is not stored, and --offline was given")
    title = _title(workspace, paper_id)

    async def go() -> StoredText | None:
        async with _client(on_retry=_on_retry) as api:
            return await fetch_full_text(api, workspace.store, paper_id, title)

    if output.watched():
        echo_err(f"Fetching the text of {paper_id}…")
    try:
        stored = run(go())
    except ApiError as error:
        raise CliError(
            f"the text of {paper_id} is not stored, and it could not be fetched: {error}"
        ) from None
    if stored is None:
        raise CliError(
            f"Hugging Face has no text of {paper_id} (not indexed); "
            f"the PDF: https://arxiv.org/pdf/{paper_id}"
        )
    return stored


def _fetch_bookmarks(workspace: Workspace) -> None:
    from ..core.full_text_fetch import fetch_missing_texts
    from ..core.text_fetch_summary import TextFetchSummary
    from .network import run

    ids = workspace.library.bookmark_ids()
    if not ids:
        echo_err("No bookmarks yet: `dailypapers bookmarks add ID`, or b on a paper in the app.")
        return
    missing = [i for i in ids if i not in workspace.store.full_text_ids(ids)]
    if not missing:
        click.echo(f"All {plural(len(ids), 'bookmarked paper')} have their text stored.")
        return
    if workspace.offline:
        raise CliError(
            f"{plural(len(missing), 'bookmarked paper')} have no text stored, and --offline "
            "was given"
        )
    watched = output.watched()
    total = len(missing)
    titles = {paper_id: _title(workspace, paper_id) for paper_id in missing}
    done = [0]

    def on_paper(_: int, paper_id: str, stored: StoredText | None, error: ApiError | None) -> None:
        done[0] += 1
        if not watched:
            return
        if error is not None:
            outcome = f"failed: {error}"
        elif stored is None:
            outcome = "not indexed by Hugging Face"
        else:
            outcome = f"stored ({byte_size(stored.raw_bytes)})"
        echo_err(f"[{done[0]}/{total}] {paper_id}  {outcome}")

    def on_wait(seconds: float) -> None:
        if watched:
            echo_err(
                f"  Hugging Face's page limit is nearly used up: waiting {seconds:.0f} s "
                "(Ctrl-C stops; run again to go on)"
            )

    if watched:
        echo_err(f"Fetching the texts of {plural(total, 'bookmarked paper')}, one at a time…")
    summary = TextFetchSummary()

    async def go() -> None:
        async with _client(on_retry=_on_retry, max_wait=BULK_MAX_WAIT) as api:
            await fetch_missing_texts(
                api,
                workspace.store,
                missing,
                titles=titles,
                on_paper=on_paper,
                on_wait=on_wait,
                summary=summary,
            )

    def left() -> int:
        """Texts still to fetch (the papers Hugging Face has not indexed aside)."""
        stored = workspace.store.full_text_ids(missing)
        return len([i for i in missing if i not in stored and i not in summary.not_indexed])

    try:
        run(go())
    except KeyboardInterrupt:
        # The text being stored when Ctrl-C came was stored whole (or not at all): count them.
        summary.stored = len(workspace.store.full_text_ids(missing))
        echo_err(f"Interrupted. {_summary_words(summary)}.")
        echo_err(f"{plural(left(), 'text')} left: run `dailypapers read --bookmarks` again.")
        raise click.exceptions.Exit(130) from None
    click.echo(f"{_summary_words(summary)}.")
    if summary.stopped:
        echo_err(
            f"Stopped with {plural(left(), 'text')} left ({summary.stopped}): "
            "run `dailypapers read --bookmarks` again later."
        )
    if summary.failed or summary.stopped:
        raise click.exceptions.Exit(1)


def _summary_words(summary: TextFetchSummary) -> str:
    """``Stored 12 texts (1.1 MB); 2 not indexed; 1 failed: 2607.00001 (why)``."""
    words = f"Stored {plural(summary.stored, 'text')}"
    if summary.stored:
        words += f" ({byte_size(summary.stored_bytes)})"
    if summary.not_indexed:
        words += f"; {len(summary.not_indexed)} not indexed ({_some(summary.not_indexed)})"
    if summary.failed:
        failures = [f"{paper_id} ({why})" for paper_id, why in summary.failed]
        words += f"; {len(summary.failed)} failed: {_some(failures)}"
    return words


def _some(items: list[str], shown: int = 3) -> str:
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more
