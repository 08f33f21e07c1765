"""The abstract pane: everything about the highlighted paper, as plain text, scrollable.

Every piece of paper text is added as a plain string into a Content (never parsed as markup),
so a title like ``[bold]`` or ``[@click=app.quit]`` shows exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from ...core.hub_models import PaperLinks
from ...core.library import UserData
from ...core.models import Paper, arxiv_abs_url, hf_paper_url
from ...core.query import match_pattern
from ..commands import bindings_for, by_id
from ..textual_private import set_virtual_size_quietly
from .linked_lines import linked_parts

_BACK = by_id()["back"]
AUTHORS_SHOWN = 10
SPARK = "▁▂▃▄▅▆▇█"
BOOKMARKED = "★ Bookmarked"  # the list's bookmark mark, in words
FOUND_IN_TEXT = "Found in the text: "  # the list's ¶, in words, before the sentence
LABEL_WIDTH = 7  # "arXiv" and two spaces: the link rows' values start in one column


def _label(name: str) -> tuple[str, str]:
    return (name.ljust(LABEL_WIDTH), "$text-muted")


def stars_text(stars: int) -> str:
    """``☆ 1,234 stars``: GitHub's count, in words (★ marks a bookmark)."""
    return f"☆ {stars:,} star{'' if stars == 1 else 's'}"


def authors_line(authors: Sequence[str], shown: int = AUTHORS_SHOWN) -> str:
    if not authors:
        return "Authors unknown"
    if len(authors) <= shown:
        return ", ".join(authors)
    return f"{', '.join(authors[:shown])} and {len(authors) - shown} more"


def day_label(day: str | None) -> str:
    if not day:
        return "?"
    try:
        value = date.fromisoformat(day)
    except ValueError:
        return day
    return f"{value.strftime('%a')} {value.day} {value.strftime('%b %Y')}"


def sparkline(values: Sequence[int]) -> str:
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = high - low or 1
    return "".join(SPARK[min(7, (v - low) * 7 // span)] for v in values)


def short_repo(url: str) -> str:
    match = re.match(r"https?://(?:www\.)?github\.com/([^/?#]+/[^/?#]+)", url)
    return match.group(1).removesuffix(".git") if match else url


class AbstractPane(ScrollView, can_focus=True):
    """Shows one paper. A Line API view: a new paper is wrapped once into lines and drawn in
    one frame, with no relayout of the screen (which a Static in a scroll container costs on
    every key)."""

    BINDINGS = [
        *bindings_for("abstract"),
        # Esc named in the footer while the abstract has the focus: the way back to the list.
        # The screen's own binding does the work; the same id, so a [keys] back = … moves both.
        Binding(_BACK.keys, "back", _BACK.title, id=_BACK.id, tooltip=_BACK.help),
    ]
    MARGIN = 2  # cells of left margin; one more on the right for the scrollbar's breathing room

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Content("")
        self.paper_id: str | None = None
        self._strips: list[Strip] = []
        self._drawn_for: tuple[int, object] | None = None

    def show_message(self, title: str, text: str) -> None:
        self.paper_id = None
        self._set(Content.assemble((title, "bold"), "\n\n", (text, "$text-muted")), top=True)

    def show(
        self,
        paper: Paper | None,
        user: UserData | None = None,
        *,
        highlight: Sequence[str] = (),
        history: Sequence[int] = (),
        listed_day: str | None = None,
        bookmarked: bool | None = None,
        found_in_text: str = "",
        links: PaperLinks | None = None,
        links_note: str = "",
    ) -> None:
        """``bookmarked`` says what the list says (a b not yet written); None: what ``user``
        says. ``found_in_text``: the sentence of its full text a search found (network text).
        ``links``: its linked repos as cached; ``links_note``: why they are not (a failure)."""
        if paper is None:
            self.paper_id = None
            self._set(Content(""), top=True)
            return
        content = self.render_paper(
            paper,
            user,
            history=history,
            listed_day=listed_day,
            bookmarked=bookmarked,
            found_in_text=found_in_text,
            links=links,
            links_note=links_note,
        )
        match = match_pattern(highlight)
        if match is not None:  # the list marks the same words (PaperList.set_match)
            content = content.highlight_regex(match, style="$text-warning bold underline")
        same = paper.id == self.paper_id
        self.paper_id = paper.id
        self._set(content, top=not same)  # the same paper, updated: stay where the reader is

    @property
    def text(self) -> str:
        """What the pane shows, as plain text."""
        return self.content.plain

    def _set(self, content: Content, *, top: bool) -> None:
        self.content = content
        self._drawn_for = None
        self._draw()
        if top:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _draw(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        style = self.visual_style
        key = (width, style)
        if self._drawn_for == key or width <= 0:
            return
        self._drawn_for = key
        inner = max(1, width - self.MARGIN - 1)
        strips = Visual.to_strips(self, self.content, inner, None, style)
        margin = Strip.blank(self.MARGIN, style.rich_style)
        self._strips = [
            Strip.join([margin, strip]).extend_cell_length(width, style.rich_style)
            for strip in strips
        ]
        size = Size(width, len(self._strips))
        if size != self.virtual_size:
            # Set without the reactive's screen-wide relayout (measured: one more frame, ~30 ms
            # per key); only this widget's scrollbar depends on it.
            set_virtual_size_quietly(self, size)

    def render_line(self, y: int) -> Strip:
        self._draw()
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width or self.size.width
        if 0 <= index < len(self._strips):
            return self._strips[index]  # already exactly `width` cells wide
        return Strip.blank(width, self.visual_style.rich_style)

    def on_resize(self) -> None:
        self._drawn_for = None
        self._draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # At 80 columns the footer has room for "j k Scroll" but not for Esc as well: there
        # this binding steps aside (and out of the footer) for the screen's, which is the same.
        if action == "back":
            return not self.screen.has_class("-narrow")
        return True

    async def action_back(self) -> None:
        await self.run_action("screen.back")

    def on_focus(self) -> None:
        self._drawn_for = None
        self.refresh()

    def on_blur(self) -> None:
        self._drawn_for = None
        self.refresh()

    @staticmethod
    def render_paper(
        paper: Paper,
        user: UserData | None = None,
        *,
        history: Sequence[int] = (),
        listed_day: str | None = None,
        bookmarked: bool | None = None,
        found_in_text: str = "",
        links: PaperLinks | None = None,
        links_note: str = "",
    ) -> Content:
        parts: list[str | tuple[str, str]] = [(paper.title, "bold $text-primary"), "\n"]
        if paper.withdrawn_at:
            parts += [(f"Withdrawn on {paper.withdrawn_at}", "bold $text-error"), "\n"]
        if bookmarked is None:
            bookmarked = user is not None and user.bookmarked
        if bookmarked:  # on the line left blank otherwise: b moves nothing below it
            parts.append((BOOKMARKED, "bold $text-warning"))
        parts += ["\n", (authors_line(paper.authors), "$text"), "\n"]
        if paper.organization:
            parts += [(paper.organization, "italic $text-secondary"), "\n"]
        parts.append("\n")
        if found_in_text:  # why a search listed it: up here, in view at 80×24 too
            parts += [(FOUND_IN_TEXT, "bold $text-secondary"), (found_in_text, "italic"), "\n\n"]
        parts += [("Published ", "$text-muted"), (paper.published or "not known", "")]
        listed = listed_day or paper.listed_day
        if listed:
            parts += [(" · on Daily Papers ", "$text-muted"), (day_label(listed), "")]
        else:  # a trending or searched paper that was never on Daily Papers
            parts.append((" · not on Daily Papers", "$text-muted"))
        parts.append("\n")
        if paper.upvotes is None:
            counts = ["▲ upvotes not known"]  # the list shows "▲   -"
        else:
            counts = [f"▲ {paper.upvotes:,} upvote{'' if paper.upvotes == 1 else 's'}"]
        if paper.comments is not None:
            counts.append(f"{paper.comments} comment{'' if paper.comments == 1 else 's'}")
        parts += [(" · ".join(counts), "$text-accent")]
        spark = sparkline(history)
        if spark:
            parts += [
                "  ",
                (spark, "$text-success"),
                (f" ({history[0]}→{history[-1]})", "$text-muted"),
            ]
        parts.append("\n")
        if paper.github_repo:
            parts += [_label("Code"), (paper.github_repo, "underline"), "\n"]
            if paper.github_stars is not None:
                # A row of its own: beside a long link it wrapped apart ("☆ 38" / "stars").
                # Not ★: that is the bookmark's mark, in the list and above.
                parts += [_label("Stars"), (stars_text(paper.github_stars), "$text-muted"), "\n"]
        if paper.project_page:
            parts += [_label("Page"), (paper.project_page, "underline"), "\n"]
        arxiv = arxiv_abs_url(paper.id)
        parts += [_label("arXiv"), (arxiv.removesuffix(paper.id), "$text-muted")]
        parts += [(paper.id, "bold"), "\n"]  # the id, in its link, stands out
        parts += [_label("HF"), (hf_paper_url(paper.id), "$text-muted"), "\n"]
        if user is not None and (user.note or user.tags):
            parts += ["\n", ("Your note", "bold $text-warning"), "\n"]
            if user.tags:
                # Commas, as the note editor takes them: a tag may have spaces ("reading group").
                parts += [(", ".join(f"#{t}" for t in user.tags), "$text-warning"), "\n"]
            if user.note:
                parts += [(user.note, ""), "\n"]
        if paper.ai_summary or paper.ai_keywords:
            parts += ["\n", ("AI summary", "bold $text-secondary"), "\n"]
            if paper.ai_summary:
                parts += [(paper.ai_summary, "italic"), "\n"]
            if paper.ai_keywords:
                parts += [("Keywords: ", "$text-muted"), (", ".join(paper.ai_keywords), ""), "\n"]
        parts += ["\n", ("Abstract", "bold $text-secondary"), "\n"]
        parts.append(paper.abstract or "(No abstract in the cache.)")
        linked = linked_parts(links, links_note)
        if linked:  # under the abstract: what implements the paper, once it is known
            parts += ["\n", *linked]
        return Content.assemble(*parts)
