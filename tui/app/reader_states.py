"""What the reader shows while it has no text of the paper: the paper's abstract under one
sentence saying why (fetching, not indexed, a failure), made into a Document like any text."""

from __future__ import annotations

from ..core.models import Paper
from ..core.reader.block import Block
from ..core.reader.document import Document
from ..core.reader.span import Span
from ..core.text import clean_paragraphs

FETCHING = "Fetching the paper…"
NOT_INDEXED = "Hugging Face has no full text of this paper."
OFFLINE = "Offline, and this paper's full text is not stored yet."


def state_document(paper: Paper, sentence: str, *, pdf: bool = False) -> Document:
    """``sentence`` above the abstract; with ``pdf``, a line with the paper's PDF link."""
    pdf_url = f"https://arxiv.org/pdf/{paper.id}"
    blocks = [Block("heading", (Span(paper.title or paper.id),), level=1)]
    blocks.append(Block("note", (Span(sentence),)))
    if pdf:
        blocks.append(Block("note", (Span("The PDF: "), Span(pdf_url, "link", pdf_url))))
    blocks.append(Block("heading", (Span("Abstract"),), level=2))
    abstract = clean_paragraphs(paper.abstract) or "(No abstract in the cache.)"
    blocks += [Block("paragraph", (Span(part),)) for part in abstract.split("\n\n")]
    return Document(paper.id, paper.title, "", tuple(blocks))


def failure_sentence(error: BaseException) -> str:
    """A failed fetch in one plain sentence (ApiError's message already is one)."""
    from ..core.errors import DailyPapersError

    if isinstance(error, DailyPapersError):
        words = str(error).rstrip(".")
        return f"Could not fetch the paper's text: {words}."
    return f"Could not fetch the paper's text ({type(error).__name__})."
