"""Where a link in a paper goes: a jump inside the paper, a web page, or nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set

from ..text import safe_url

_NUMBERED = re.compile(r"([FT])(\d+)")
_HTML_PAGE = re.compile(
    r"https?://(?:www\.)?arxiv\.org/html/([^#?\s]*)(?:\?[^#\s]*)?(?:#(.*))?", re.IGNORECASE
)
# Where the wrapper says the text came from: arXiv's HTML (or abstract, or PDF) of the paper,
# or its Hugging Face page. The id in it may differ from the one the paper was asked for.
_SOURCE_ID = re.compile(
    r"https?://(?:www\.)?(?:arxiv\.org/(?:html|abs|pdf)|(?:huggingface\.co|hf\.co)/papers)/"
    r"([^#?\s]+?)(?:\.pdf|\.md)?/?(?:[?#].*)?",
    re.IGNORECASE,
)
_VERSION = re.compile(r"v\d+$")


def paper_key(paper_id: str) -> str:
    """An arXiv id as links name it, whatever its version: "2510.14528v4" -> "2510.14528"."""
    key = paper_id.strip().strip("/").lower().removeprefix("arxiv:")
    return _VERSION.sub("", key)


def source_id(source_url: str) -> str:
    """The paper's id in the wrapper's "URL Source:" address, "" when it names none."""
    found = _SOURCE_ID.fullmatch(source_url.strip())
    return found.group(1) if found else ""


class LinkResolver:
    """Resolves the links of one paper. ``paper_ids``: every id the paper goes by (the one it
    was served under, the one its source address gives), with or without a version: a link to
    the arXiv HTML of any of them is a link into this paper. ``anchors`` are the anchors its
    blocks carry; ``numbered`` maps ("F", "4") or ("T", "A1") — a figure's or table's kind and
    the number its caption shows — to its block's anchor."""

    def __init__(
        self,
        paper_ids: Iterable[str],
        anchors: Set[str],
        numbered: Mapping[tuple[str, str], str],
    ) -> None:
        self._anchors = anchors
        self._numbered = numbered
        self._own = frozenset(key for key in map(paper_key, paper_ids) if key)

    def target(self, url: str) -> str | None:
        """ "#anchor" for a place in this paper, the URL for a safe http(s) link elsewhere,
        None when the link should go and its words stay as plain text."""
        url = url.strip()
        if url.startswith("#"):  # a place in the page the text was made from: this paper
            anchor = self.anchor(url[1:])
            return f"#{anchor}" if anchor else None
        page = _HTML_PAGE.fullmatch(url)
        if page is None or page.group(2) is None or paper_key(page.group(1)) not in self._own:
            return safe_url(url)
        anchor = self.anchor(page.group(2))
        return f"#{anchor}" if anchor else None

    def anchor(self, latexml_id: str) -> str | None:
        """The anchor of the block a LaTeXML id points at: the block itself, else the figure
        or table of that number (``S1.F4`` -> Figure 4, ``A4.F9`` -> Figure A9 when there is
        one), else the nearest section that holds it (``S4.SS1.SSS0.Px1`` -> ``S4.SS1``)."""
        if latexml_id in self._anchors:
            return latexml_id
        parts = latexml_id.split(".")
        numbered = _NUMBERED.fullmatch(parts[-1])
        if numbered:
            kind, number = numbered.groups()
            if parts[0].startswith("A"):
                found = self._numbered.get((kind, "A" + number))
                if found:
                    return found
            return self._numbered.get((kind, number))
        if parts[0] == "bib":
            return None
        for size in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:size])
            if prefix in self._anchors:
                return prefix
        return None
