"""Where a link in a paper goes: a jump inside the paper, a web page, or nowhere."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from ..text import safe_url

_NUMBERED = re.compile(r"([FT])(\d+)")


class LinkResolver:
    """Resolves the links of one paper. ``anchors`` are the anchors its blocks carry;
    ``numbered`` maps ("F", "4") or ("T", "A1") — a figure's or table's kind and the number
    its caption shows — to its block's anchor."""

    def __init__(
        self,
        paper_id: str,
        anchors: Set[str],
        numbered: Mapping[tuple[str, str], str],
    ) -> None:
        self._anchors = anchors
        self._numbered = numbered
        self._own_page = re.compile(
            r"https?://(?:www\.)?arxiv\.org/html/" + re.escape(paper_id) + r"(?:v\d+)?/?(?:#(.*))?",
            re.IGNORECASE,
        )

    def target(self, url: str) -> str | None:
        """ "#anchor" for a place in this paper, the URL for a safe http(s) link elsewhere,
        None when the link should go and its words stay as plain text."""
        url = url.strip()
        own = self._own_page.fullmatch(url)
        if own is None:
            return safe_url(url)
        if own.group(1) is None:
            return safe_url(url)
        anchor = self.anchor(own.group(1))
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
