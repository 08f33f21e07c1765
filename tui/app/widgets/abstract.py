"""The abstract pane: everything about the highlighted paper, as plain text, scrollable.

Every piece of paper text is added as a plain string into a Content (never parsed as markup),
so a title like ``[bold]`` or ``[@click=app.quit]`` shows exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...core.library import UserData
from ...core.models import Paper, arxiv_abs_url, hf_paper_url
from ..commands import bindings_for

AUTHORS_SHOWN = 10
SPARK = "▁▂▃▄▅▆▇█"


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


class AbstractPane(VerticalScroll, can_focus=True):
    """Shows one paper. ``show`` replaces the content; scrolling starts at the top."""

    BINDINGS = [
        *bindings_for("abstract"),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def compose(self):
        yield Static(id="abstract-body")

    def on_mount(self) -> None:
        self.show(None)

    @property
    def body(self) -> Static:
        return self.query_one("#abstract-body", Static)

    def show_message(self, title: str, text: str) -> None:
        self.body.update(Content.assemble((title, "bold"), "\n\n", (text, "$text-muted")))
        self.scroll_home(animate=False)

    def show(
        self,
        paper: Paper | None,
        user: UserData | None = None,
        *,
        highlight: Sequence[str] = (),
        history: Sequence[int] = (),
        listed_day: str | None = None,
    ) -> None:
        if paper is None:
            self.body.update(Content(""))
            return
        content = self.render_paper(paper, user, history=history, listed_day=listed_day)
        if highlight:
            pattern = "|".join(rf"\b{re.escape(term)}" for term in highlight if term)
            if pattern:
                content = content.highlight_regex(
                    f"(?i)(?:{pattern})\\w*", style="$text-warning bold underline"
                )
        self.body.update(content)
        self.scroll_home(animate=False)

    @staticmethod
    def render_paper(
        paper: Paper,
        user: UserData | None = None,
        *,
        history: Sequence[int] = (),
        listed_day: str | None = None,
    ) -> Content:
        parts: list[str | tuple[str, str]] = [(paper.title, "bold $text-primary"), "\n"]
        if paper.withdrawn_at:
            parts += [(f"Withdrawn on {paper.withdrawn_at}", "bold $text-error"), "\n"]
        parts += ["\n", (authors_line(paper.authors), "$text"), "\n"]
        if paper.organization:
            parts += [(paper.organization, "italic $text-secondary"), "\n"]
        parts.append("\n")
        parts += [
            ("Published ", "$text-muted"),
            (paper.published or "?", ""),
            (" · on Daily Papers ", "$text-muted"),
            (day_label(listed_day or paper.listed_day), ""),
            "\n",
        ]
        counts = [f"▲ {paper.upvotes if paper.upvotes is not None else '?'} upvotes"]
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
            stars = f" ★ {paper.github_stars:,}" if paper.github_stars is not None else ""
            parts += [("Code ", "$text-muted"), (paper.github_repo, "underline"), (stars, ""), "\n"]
        if paper.project_page:
            parts += [("Page ", "$text-muted"), (paper.project_page, "underline"), "\n"]
        parts += [
            ("arXiv ", "$text-muted"),
            (f"{paper.id}  ", "bold"),
            (arxiv_abs_url(paper.id), "$text-muted"),
            "\n",
        ]
        parts += [("HF    ", "$text-muted"), (hf_paper_url(paper.id), "$text-muted"), "\n"]
        if user is not None and (user.note or user.tags):
            parts += ["\n", ("Your note", "bold $text-warning"), "\n"]
            if user.tags:
                parts += [(" ".join(f"#{t}" for t in user.tags), "$text-warning"), "\n"]
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
        return Content.assemble(*parts)
