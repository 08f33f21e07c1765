"""The sentence of a paper's text where a search matched: a short, clean, inert excerpt.

A full-text hit is shown as one line under the abstract ("Found in the text: …"), so the block
that matched is cut down to the sentence that has the most of the query's words, at most
``MAX_EXCERPT`` characters, cut at word bounds around the match when the sentence is longer.
The text is network text: Markdown link syntax a normaliser left behind is reduced to its words,
control characters and escape sequences are dropped, and white space is one space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import strip_unsafe

MAX_EXCERPT = 200
ELLIPSIS = "…"
# ![alt](url) is a picture: nothing to read. [words](url) reads as its words. A bare link
# says nothing in a sentence either.
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BARE_URL = re.compile(r"https?://\S+?(?=[.,;:!?)]*(?:\s|$))")
# A terminal escape sequence (CSI, OSC and the like) goes whole, not just its ESC.
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])?|\x9b[0-?]*[ -/]*[@-~]"
)
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_STOP = re.compile(r"\s+(?=[.,;:!?])")
# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening mark;
# not after the abbreviations papers are full of ("et al. (2023)", "e.g. the", "Fig. 3").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[“\"'])")
_ABBREVIATION = re.compile(r"(?i)(?:\bet al|\be\.g|\bi\.e|\bcf|\bvs|\bfig|\beq|\bsec|\btab)\.$")


def clean_text(text: str) -> str:
    """Block text as one plain line: link syntax reduced to words, no controls, single spaces."""
    text = _ESCAPE.sub("", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _BARE_URL.sub(" ", text)
    text = _SPACE.sub(" ", strip_unsafe(text))
    return _SPACE_BEFORE_STOP.sub("", text).strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a clean line."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for gap in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text, 0, gap.start()):
            continue
        bounds.append((start, gap.start()))
        start = gap.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if b > a]


def excerpt(text: str, match: re.Pattern[str] | None) -> tuple[str, str]:
    """(sentence, found): the sentence of ``text`` with the most distinct matches of ``match``
    (the first such), cut to MAX_EXCERPT characters around its first match; ``found`` is the
    first text matched in it ("" when nothing matched: the excerpt is then the text's start)."""
    line = clean_text(text)
    if not line:
        return "", ""
    best: tuple[int, int, int] | None = None  # (distinct matches, start, end)
    if match is not None:
        for start, end in sentences(line):
            distinct = {m.group().casefold() for m in match.finditer(line, start, end)}
            if distinct and (best is None or len(distinct) > best[0]):
                best = (len(distinct), start, end)
    if best is None:
        start, end = sentences(line)[0]
        return _cut(line, start, end, start), ""
    _, start, end = best
    assert match is not None
    first = match.search(line, start, end)
    assert first is not None
    return _cut(line, start, end, first.start()), first.group()


def _cut(line: str, start: int, end: int, at: int) -> str:
    """``line[start:end]`` in at most MAX_EXCERPT characters that show position ``at``:
    about a third of the room before it, cut at spaces, an ellipsis where it was cut."""
    if end - start <= MAX_EXCERPT:
        return line[start:end]
    room = MAX_EXCERPT - 2  # an ellipsis at either end
    left = max(start, min(at - room // 3, end - room))
    right = min(end, left + room)
    if left > start:
        space = line.find(" ", left, at)
        left = space + 1 if space != -1 else left
    if right < end:
        space = line.rfind(" ", left, right)
        right = space if space > at else right
    head = ELLIPSIS if left > start else ""
    tail = ELLIPSIS if right < end else ""
    return head + line[left:right].strip() + tail


def found_words(text: str, terms: Sequence[str], found: str) -> str:
    """What the reader finds for a search's ``terms`` in a block ``text`` where ``found`` (one
    of them) matched: the longest run of the terms, in the query's order, one after the other
    as the text writes them ("reading orders" for the query reading order), else ``found``."""
    line = clean_text(text)
    words = [term for term in terms if term]
    for size in range(len(words), 1, -1):
        for first in range(len(words) - size + 1):
            run = r"\s+".join(rf"\b{re.escape(term)}\w*" for term in words[first : first + size])
            match = re.search(run, line, re.IGNORECASE)
            if match:
                return _in_case_of(words, match.group())
    return _in_case_of(words, found)


def _in_case_of(terms: Sequence[str], found: str) -> str:
    """``found`` in lower case when no term has a capital: the search ignored case, and so
    does a find without a capital (with one, it would keep to the case the text has there)."""
    return found if any(c.isupper() for term in terms for c in term) else found.lower()
