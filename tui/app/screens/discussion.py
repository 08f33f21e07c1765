"""A paper's discussion (c): its comments with their authors, dates and reactions, replies
under their parent, hidden ones said as hidden, and the librarian bot's similar papers folded
into one line that opens into rows to jump to.

Shown from the cache at once (offline too); fetched in a worker when missing or stale. The text
is network text: it is shown as plain Content (never markup), already cleaned of escapes,
control and bidi characters by the parser; its links are only words here.
"""

from __future__ import annotations

import textwrap
from typing import cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.db import StoreError
from ...core.discussion_words import heading, paragraphs, similar_titles
from ...core.errors import ApiError
from ...core.hub_freshness import age_words, comments_due
from ...core.hub_models import Comment, Discussion
from ...core.models import Paper
from ...core.paper_page import discussion as fetch_discussion
from ...core.store import Store
from ...core.text import strip_unsafe
from ..services import AppServices
from ..widgets.footer import CommandFooter

INDENT = 4  # columns a reply sits right of its parent
FOLD_ID = "similar"
PAPER_PREFIX = "paper:"


class DiscussionScreen(Screen[str | None]):
    """Dismissed with the id of a similar paper to open in the list, or None."""

    BINDINGS = [
        # Before the list's own Enter, so that the footer can name it.
        Binding("enter", "pick", "Open / fold", id="discussion_pick", priority=True),
        Binding("escape,q,c", "close", "Back", id="close_discussion"),
        Binding("j", "move('cursor_down')", show=False, id="discussion_down"),
        Binding("k", "move('cursor_up')", show=False, id="discussion_up"),
        Binding("space", "move('page_down')", show=False, id="discussion_page_down"),
        Binding("b", "move('page_up')", show=False, id="discussion_page_up"),
        Binding("g", "move('first')", show=False, id="discussion_top"),
        Binding("G", "move('last')", show=False, id="discussion_end"),
    ]

    def __init__(self, store: Store, paper: Paper, *, offline: bool = False) -> None:
        super().__init__()
        self.store = store
        self.paper = paper
        self.offline = offline
        self.discussion: Discussion | None = None
        self.expanded = False
        self.fetching = False
        self.problem = ""  # why the discussion could not be fetched, one plain sentence
        self.note = ""  # what became of the similar paper picked
        self._width = 0

    @property
    def services(self) -> AppServices:
        return cast(AppServices, self.app)

    def compose(self) -> ComposeResult:
        title = " ".join(strip_unsafe(self.paper.title or self.paper.id).split())
        yield Static(Content.styled(f"Discussion · {title}", "bold"), id="discussion-title")
        yield Static(id="discussion-status")
        yield OptionList(id="discussion-options")
        yield CommandFooter()

    @property
    def options(self) -> OptionList:
        return self.query_one("#discussion-options", OptionList)

    def on_mount(self) -> None:
        try:
            self.discussion = self.store.discussion(self.paper.id)
            cached_paper = self.store.paper(self.paper.id)
        except StoreError as error:
            self.problem = str(error)
            cached_paper = None
        count = cached_paper.comments if cached_paper is not None else self.paper.comments
        due = comments_due(self.discussion, count)
        if due and not self.offline:
            self.fetching = True
            self._fetch()
        elif due and self.discussion is None:
            self.problem = "Offline, and this discussion was never fetched."
        self.options.focus()
        self._show()

    def on_resize(self) -> None:
        if self.options.size.width != self._width:
            self._show()

    # --- what is shown ------------------------------------------------------------------------

    def _status_words(self) -> Content:
        parts: list[str] = []
        if self.fetching:
            parts.append("fetching the discussion…")
        if self.problem:
            parts.append(self.problem)
        if self.discussion is not None and (self.problem or self.fetching):
            parts.append(f"Showing the comments {age_words(self.discussion.fetched_at)}.")
        if self.note:
            parts.append(self.note)
        return Content(" ".join(parts))

    def _show(self) -> None:
        """Lay the comments out at the list's width, the highlighted line kept."""
        status = self.query_one("#discussion-status", Static)
        words = self._status_words()
        status.update(words)
        status.display = bool(words.plain)
        options = self.options
        self._width = options.size.width
        width = max(24, (self._width or self.app.size.width) - 4)
        highlighted = options.highlighted
        kept = options.get_option_at_index(highlighted).id if highlighted is not None else None
        options.clear_options()
        options.add_options(self._options(width))
        if kept is not None:
            try:
                options.highlighted = options.get_option_index(kept)
            except Exception:  # the line is gone (the fold closed): the top
                options.highlighted = 0
        elif options.option_count:
            options.highlighted = 0

    def _options(self, width: int) -> list[Option | None]:
        discussion = self.discussion
        if discussion is None:
            words = "" if self.fetching or self.problem else "No comments yet."
            return [Option(Content(words), id="empty", disabled=True)] if words else []
        threaded = discussion.threaded()
        if not threaded:
            return [Option(Content("No comments yet."), id="empty")]
        made: list[Option | None] = []
        for index, (depth, comment) in enumerate(threaded):
            if index and not depth:
                made.append(None)  # a rule between threads
            if comment.is_similar_papers:
                made.extend(self._similar(comment, width))
                continue
            pad = " " * (INDENT * depth)
            made.append(
                Option(Content.styled(pad + heading(comment), "bold $text-accent"), id=f"{index}")
            )
            if comment.hidden:
                made.append(
                    Option(
                        Content.styled(f"{pad}  {comment.hidden_words}", "italic $text-muted"),
                        id=f"{index}.hidden",
                    )
                )
                continue
            for number, paragraph in enumerate(paragraphs(comment.text)):
                text = _wrapped(paragraph, width - len(pad) - 2, pad + "  ")
                made.append(Option(Content(text), id=f"{index}.{number}"))
        return made

    def _similar(self, comment: Comment, width: int) -> list[Option]:
        """The bot's comment as one line; opened, a row for each paper it recommends."""
        ids = comment.similar_ids
        mark = "▾" if self.expanded else "▸"
        hint = "" if self.expanded else " · Enter shows them"
        made = [
            Option(
                Content.assemble(
                    (f"{mark} Similar papers ({len(ids)})", "bold"),
                    (f" · {heading(comment)}{hint}", "$text-muted"),
                ),
                id=FOLD_ID,
            )
        ]
        if not self.expanded:
            return made
        titles = similar_titles(comment)
        try:
            cached = {row.id: row.title for row in self.store.rows_by_ids(list(ids))}
        except StoreError:
            cached = {}
        for paper_id in ids:
            title = " ".join(strip_unsafe(cached.get(paper_id) or titles.get(paper_id, "")).split())
            where = "" if paper_id in cached else "  (not cached yet)"
            room = width - len(paper_id) - 8 - len(where)  # one line: id, title, where
            line = textwrap.shorten(title or "(no title given)", max(10, room), placeholder="…")
            made.append(
                Option(
                    Content.assemble(
                        (f"    {paper_id}  ", "$text-accent"), line, (where, "$text-muted")
                    ),
                    id=PAPER_PREFIX + paper_id,
                )
            )
        return made

    # --- keys ---------------------------------------------------------------------------------

    def action_move(self, action: str) -> None:
        getattr(self.options, f"action_{action}")()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_pick(self) -> None:
        options = self.options
        if options.highlighted is not None:
            self._picked(options.get_option_at_index(options.highlighted).id or "")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._picked(event.option.id or "")

    def _picked(self, option_id: str) -> None:
        if option_id == FOLD_ID:
            self.expanded = not self.expanded
            self._show()
        elif option_id.startswith(PAPER_PREFIX):
            self._open(option_id.removeprefix(PAPER_PREFIX))

    def _open(self, paper_id: str) -> None:
        """Back to the list on the paper, once it is in the cache (fetched first if not)."""
        try:
            cached = bool(self.store.rows_by_ids([paper_id]))
        except StoreError as error:
            self._say(str(error))
            return
        if cached:
            self.dismiss(paper_id)
        elif self.offline:
            self._say(f"{paper_id} is not in the cache, and the app is offline.")
        else:
            self._say(f"fetching the paper {paper_id}…")
            self._fetch_paper(paper_id)

    def _say(self, words: str) -> None:
        self.note = words
        self._show()

    # --- workers ------------------------------------------------------------------------------

    @work(exclusive=True, group="discussion", exit_on_error=False)
    async def _fetch(self) -> None:
        try:
            client = await self.services.get_client()
            found = await fetch_discussion(self.store, client, self.paper.id, keep_cached=False)
        except ApiError as error:
            self.problem = f"Could not fetch the discussion: {_sentence(error)}"
        except StoreError as error:
            self.problem = str(error)
        else:
            if found is None and self.discussion is None:
                self.problem = "Hugging Face has no page for this paper, so no discussion."
            self.discussion = found or self.discussion
        self.fetching = False
        self._show()

    @work(exclusive=True, group="discussion-paper", exit_on_error=False)
    async def _fetch_paper(self, paper_id: str) -> None:
        try:
            client = await self.services.get_client()
            paper = await client.paper(paper_id)
            if paper is not None:
                self.store.ingest([paper], [], source="search")
        except (ApiError, StoreError) as error:
            self._say(f"Could not fetch {paper_id}: {_sentence(error)}")
            return
        if paper is None:
            self._say(f"Hugging Face has no paper {paper_id}.")
        elif self.is_current:
            self.dismiss(paper_id)


def _wrapped(text: str, width: int, indent: str) -> str:
    """Each line of a paragraph wrapped to ``width``, every line indented."""
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(line, max(10, width), break_on_hyphens=False) or [""])
    return "\n".join(indent + line for line in lines)


def _sentence(error: Exception) -> str:
    """An error's words ending in one full stop."""
    return str(error).rstrip(". ") + "."
