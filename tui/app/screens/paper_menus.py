"""The choices of the copy (Y) and open (O) menus for a paper."""

from __future__ import annotations

from ...core.export import bibtex_entry, markdown_link
from ...core.models import Paper, paper_links
from .menu import Choice


def hf_page(paper: Paper) -> str:
    """The paper's Hugging Face page (y copies it, o opens it)."""
    return paper_links(paper)[0][2]


def open_choices(paper: Paper) -> list[Choice]:
    """Each page of the paper: Hugging Face, arXiv, PDF, GitHub, project page."""
    return [Choice(key, label, url, url) for key, label, url in paper_links(paper)]


def copy_choices(paper: Paper) -> list[Choice]:
    """The pages, then a Markdown link and a BibTeX entry."""
    choices = open_choices(paper)
    link = markdown_link(paper)
    choices.append(Choice("m", "Markdown link", link, link))
    # For a paper's .bib or a chat: the reference alone. Notes and tags are private; the
    # bookmarks export carries them.
    bibtex = bibtex_entry(paper)
    choices.append(Choice("b", "BibTeX entry", bibtex.splitlines()[0] + " …", bibtex))
    return choices
