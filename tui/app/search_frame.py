"""What one set of search results puts on screen: the list, the header, the highlighted words.

The live search decides it (``LiveSearch.frame``); the screen only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.text_hit import TextHit
from ..core.views import ViewSpec


@dataclass(frozen=True)
class SearchFrame:
    ids: list[str]  # local ones first, then the web's
    from_web: set[str]  # marked ⇣
    spec: ViewSpec
    label: str
    count: int | str  # the header's count: 0 when nothing matched
    order: str  # the header's last words: the order, or how many came from the web
    highlight_terms: tuple[str, ...]
    keep_place: bool  # the web's additions keep the reader's place; a new query starts at the top
    # the latest keystroke's: painted with the box, and keys typed behind Enter go to it
    latest: bool
    # papers found only in their stored full text: where, for the pane's sentence and the reader
    text_hits: dict[str, TextHit] = field(default_factory=dict)
