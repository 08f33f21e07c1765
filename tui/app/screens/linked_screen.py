"""The models, datasets and Spaces linked to a paper (``L``): every one the cache holds at
once, the whole sorted lists fetched in a worker when the paper's detail carries only some;
Enter opens one on the Hub, ``y`` copies its link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.db import StoreError
from ...core.errors import ApiError
from ...core.hub_models import LinkedRepo
from ...core.models import Paper
from ...core.paper_page import all_linked, paper_links
from ...core.store import Store
from ...core.text import safe_url
from ..linked_rows import LinkedRows, linked_rows, status_words
from ..widgets.footer import CommandFooter

ID_WIDTH = 48  # cells of a repo id before it is cut with "…"
KIND_WORDS = {"model": "model", "dataset": "dataset", "space": "Space"}


def short_count(n: int) -> str:
    """``999``, ``12,345``, ``123k``, ``4.5M``: a column of counts stays narrow."""
    if n < 100_000:
        return f"{n:,}"
    if n < 10_000_000:
        return f"{n / 1000:,.0f}k" if n < 1_000_000 else f"{n / 1_000_000:.1f}M"
    return f"{n / 1_000_000:,.0f}M"


def row_content(repo: LinkedRepo, id_width: int) -> Content:
    """kind, id, likes, downloads, task: one row, plain text (ids are network text)."""
    name = repo.id if len(repo.id) <= id_width else repo.id[: id_width - 1] + "…"
    likes = f"♥ {short_count(repo.likes)}" if repo.likes is not None else ""
    downloads = f"↓ {short_count(repo.downloads)}" if repo.downloads is not None else ""
    return Content.assemble(
        (f"{KIND_WORDS.get(repo.kind, repo.kind):<8}", "$text-muted"),
        (f"{name:<{id_width}} ", "bold"),
        (f"{likes:>8} ", "$text-accent"),
        (f"{downloads:>8}  ", "$text-muted"),
        (repo.task or "", "italic"),
    )


class LinkedReposScreen(ModalScreen[None]):
    BINDINGS = [
        # Before the list's own Enter, so that the footer can name it.
        Binding("enter", "open", "Open on the Hub", id="linked_open", priority=True),
        Binding("y", "copy", "Copy link", id="linked_copy"),
        Binding("escape,q,L", "close", "Back", id="close_linked"),
        Binding("j", "move(1)", show=False, id="linked_down"),
        Binding("k", "move(-1)", show=False, id="linked_up"),
    ]

    def __init__(
        self,
        store: Store,
        paper: Paper,
        get_client: Callable[[], Awaitable[Any]],
        *,
        offline: bool,
        copy: Callable[[str, str], None],
        open_url: Callable[[str], object],
    ) -> None:
        super().__init__()
        self.store = store
        self.paper = paper
        self.get_client = get_client
        self.offline = offline
        self.copy = copy
        self.open_url = open_url
        self.rows = LinkedRows(None)
        self.failure = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="linked-box") as box:
            box.border_title = Content.styled(f"Linked to {self.paper.title}", "bold")
            yield Static(id="linked-status")
            yield OptionList(id="linked-options")
        yield CommandFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._show(fetching=False)
        if not self.offline and self.rows.due:
            self._show(fetching=True)
            self.fetch()

    def _read(self) -> None:
        try:
            self.rows = linked_rows(self.store, self.paper.id)
        except StoreError as error:
            self.failure = str(error)

    def _show(self, *, fetching: bool) -> None:
        """The rows the cache holds now, keeping the one highlighted."""
        options = self.query_one(OptionList)
        if not fetching:
            self._read()
        kept = options.highlighted
        repos = self.rows.repos
        if len(repos) != options.option_count or not fetching:
            width = min(ID_WIDTH, max((len(repo.id) for repo in repos), default=8))
            options.clear_options()
            options.add_options([Option(row_content(repo, width)) for repo in repos])
            if repos:
                options.highlighted = min(kept or 0, len(repos) - 1)
        summary = self.rows.links.summary() if self.rows.links else ""
        box = self.query_one("#linked-box")
        box.border_subtitle = Content(summary)
        status = status_words(
            self.rows, fetching=fetching, offline=self.offline, failure=self.failure
        )
        widget = self.query_one("#linked-status", Static)
        widget.update(Content(status))
        widget.display = bool(status)

    @work(exclusive=True, group="linked-list", exit_on_error=False)
    async def fetch(self) -> None:
        """The paper's detail when it is due, then the whole list of each kind it has more
        of: one request at a time (the client keeps to the Hub's limits)."""
        paper_id = self.paper.id
        try:
            client = await self.get_client()
            if "detail" in self.rows.due:
                await paper_links(self.store, client, paper_id)
                self._read()
            for kind in self.rows.due:
                if kind != "detail":
                    await all_linked(self.store, client, paper_id, kind)
        except ApiError as error:
            self.failure = error.header_words
        except StoreError as error:
            self.failure = str(error)
        self._show(fetching=False)

    def _current(self) -> LinkedRepo | None:
        index = self.query_one(OptionList).highlighted
        repos = self.rows.repos
        return repos[index] if index is not None and 0 <= index < len(repos) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        repo = self._current()
        url = safe_url(repo.url) if repo is not None else None
        if repo is not None and url is not None:
            self.open_url(url)

    def action_copy(self) -> None:
        repo = self._current()
        url = safe_url(repo.url) if repo is not None else None
        if repo is not None and url is not None:
            self.copy(f"the link to {KIND_WORDS.get(repo.kind, repo.kind)} {repo.id}", url)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
