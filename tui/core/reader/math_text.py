"""Formulas inside running text, in the three shapes the server sends, as math spans.

arXiv's page shows a formula three times over, and the text keeps what it can of each:
the glyphs (``𝑓 𝐼``), the LaTeX (``f_{I}``) and MathML's spoken words (``italic_f
start_POSTSUBSCRIPT italic_I end_POSTSUBSCRIPT``), or only the glyph and the LaTeX
(``∼\\sim``), or only bare LaTeX (``\\pi_{0.5}``). The LaTeX is the one reliable part: it is
found first, then the glyphs just before it that spell the same symbols and the spoken words
just after it are dropped, and the LaTeX becomes one math span (Unicode, with its source).
"""

from __future__ import annotations

import re
import unicodedata

from .latex_unicode import flat_latex, latex_to_unicode, squashed
from .span import Span

# Where LaTeX starts: a command, a braced script, an empty base with a script (``{}^{1}``),
# or a braced operator (``N{=}0``).
_TRIGGER = re.compile(r"\\(?:[A-Za-z]+|[{}|])|[_^]\{|\{\}[\^_]|\{[=<>+\-]\}")
# LaTeX without a command (``x=1``) shows only by the spoken words glued to its end.
_GLUED_SPOKEN = re.compile(
    r"(?<=[^\s])(?:italic|bold|blackboard|caligraphic|fraktur|script|typewriter|start)_\S"
)
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])")
_OPERATORS = frozenset("+-=<>*/|,.;:!'&")
_TRAILING = ",.;:"
# MathML's spoken form of a formula: ``italic_x``, ``start_POSTSUBSCRIPT``, ``blackboard_R``.
_SPOKEN = re.compile(r"[a-z][a-z\-]*_\S+|start_[A-Z]+|end_[A-Z]+|[A-Z]{3,}OP")
_SPOKEN_WORDS = frozenset({"divide", "over", "percent", "absent", "times", "square-root"})
_WORD = re.compile(r"[A-Za-z]{2,}[.,;:]?")
_MAX_GROUP = 2000  # a brace group longer than this is not a formula the page showed
_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)
_MAX_RUN = 1000  # nor is a longer run of LaTeX
_MAX_CANDIDATES = 30


def math_spans(text: str) -> list[Span]:
    """``text`` split into plain spans and math spans; never raises."""
    if "\\" not in text and "{" not in text and "_" not in text:
        return [Span(text)]  # most sentences: nothing to look for
    glued_at = [m.start() for m in _GLUED_SPOKEN.finditer(text)] if "_" in text else []
    glued_index = 0
    braces = _brace_pairs(text) if "{" in text else {}
    spans: list[Span] = []
    done = 0  # text before this has been emitted
    search_from = 0
    while True:
        trigger = _TRIGGER.search(text, search_from)
        while glued_index < len(glued_at) and glued_at[glued_index] < search_from:
            glued_index += 1
        glued = None
        if glued_index < len(glued_at) and (
            trigger is None or glued_at[glued_index] < trigger.start()
        ):
            glued = glued_at[glued_index]
        if glued is not None:
            start = max(text.rfind(" ", done, glued) + 1, done)
            ends = [glued]
        elif trigger is not None:
            start = _extend_left(text, trigger.start(), done, trigger.group())
            ends = [end for end in _run_ends(text, trigger.start(), braces) if end >= trigger.end()]
        else:
            break
        if not ends or ends[-1] <= start:
            search_from = glued + 1 if glued is not None else trigger.end()  # type: ignore[union-attr]
            continue
        end, glyph_start = ends[-1], start
        # The whole run first, then its shortest beginnings (a glyph run is short; a bound
        # keeps a hostile run of thousands of tokens linear).
        for candidate in [ends[-1], *reversed(ends[:-1][:_MAX_CANDIDATES])]:
            found = _glyphs_before(text, start, done, flat_latex(text[start:candidate]))
            if found is not None:
                end, glyph_start = candidate, found
                break
        latex = text[start:end]
        after = _spoken_end(text, end, latex)
        if glyph_start > done:
            spans.append(Span(text[done:glyph_start]))
        spans.append(Span(latex_to_unicode(latex), "math", latex=latex))
        done = search_from = after
    if done < len(text):
        spans.append(Span(text[done:]))
    return spans


def _extend_left(text: str, pos: int, floor: int, trigger: str) -> int:
    """The start of the formula: the letters and digits glued to its first command (``N`` of
    ``N\\times N``, ``f`` of ``f_{I}``); an empty base ``{}^`` has none."""
    if trigger.startswith("{}"):
        return pos
    limit = max(floor, pos - 40)
    while pos > limit and (text[pos - 1].isascii() and (text[pos - 1].isalnum())):
        pos -= 1
    return pos


def _run_ends(text: str, pos: int, braces: dict[int, int]) -> list[int]:
    """Where the LaTeX starting at ``pos`` could end: after each of its tokens. It stops at a
    word (two letters or more outside a command), a character that is not ASCII, a closing
    bracket it did not open, or a space not followed by more of the formula."""
    ends: list[int] = []
    depth = 0
    n = min(len(text), pos + _MAX_RUN)
    while pos < n:
        ch = text[pos]
        if ch == "\\":
            command = _COMMAND.match(text, pos)
            if command is None:
                break
            pos = command.end()
        elif ch == "{":
            close = braces.get(pos, -1)
            if close < 0 or close - pos > _MAX_GROUP:
                break
            pos = close + 1
        elif ch in "_^":
            pos += 1
            continue  # a script is not an end: its argument follows
        elif ch.isdigit() and ch.isascii():
            while pos < n and text[pos].isascii() and (text[pos].isdigit() or text[pos] == "."):
                pos += 1
            while text[pos - 1] == ".":
                pos -= 1
        elif ch.isascii() and ch.isalpha():
            word = pos + 1 < n and text[pos + 1].isascii() and text[pos + 1].isalpha()
            if word and text[pos - 1] not in "_^":
                break
            pos += 1
        elif ch in "([":
            depth += 1
            pos += 1
        elif ch in ")]":
            if depth == 0:
                break
            depth -= 1
            pos += 1
        elif ch in _OPERATORS:
            pos += 1
        elif ch == " ":
            nxt = text[pos + 1 : pos + 2]
            if not nxt or not (nxt.isascii() and (nxt.isalnum() or nxt in "\\{(+-=<>")):
                break
            if _WORD.match(text, pos + 1) and text[pos + 1] != "\\":
                break
            pos += 1
            continue
        else:
            break
        end = pos
        while end > 0 and text[end - 1] in _TRAILING:
            end -= 1
        if depth == 0 and (not ends or end > ends[-1]):
            ends.append(end)
    return ends


def _brace_pairs(text: str) -> dict[int, int]:
    """Each opening brace's index -> its closing brace's (escaped braces skipped), found in
    one pass so that no run of LaTeX scans ahead again."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACE_OR_ESCAPE.finditer(text):
        mark = match.group()
        if mark == "{":
            opened.append(match.start())
        elif mark == "}" and opened:
            pairs[opened.pop()] = match.start()
    return pairs


def _glyphs_before(text: str, start: int, floor: int, flat: str) -> int | None:
    """Where the glyphs that spell ``flat`` begin, just before ``start`` (spaces between them
    allowed), or None when the text there does not spell it. Tried twice: arXiv sometimes
    shows the glyph twice (``τ 𝜏\\tau``)."""
    if not flat:
        return None
    found = _spelled_before(text, start, floor, flat)
    if found is None:
        return None
    again = _spelled_before(text, found, floor, flat)
    return again if again is not None else found


def _spelled_before(text: str, start: int, floor: int, flat: str) -> int | None:
    collected = ""
    pos = start
    while pos > floor and len(collected) < len(flat):
        pos -= 1
        folded = squashed(text[pos])
        if folded:
            collected = folded + collected
        elif pos < start - 1 - 4 * len(flat):
            return None
    if collected != flat:
        return None
    # Not from the middle of a word: "in 1" is not the glyphs of "n_{1}".
    if pos > floor and text[pos].isalnum() and text[pos - 1].isalnum():
        return None
    return pos


def _spoken_end(text: str, end: int, latex: str) -> int:
    """The end of MathML's spoken words right after the LaTeX, or ``end`` when there are
    none. They end at their last marker (``italic_x``, ``end_POSTSUBSCRIPT``), or at a
    number or operator after it that the formula has (``= 1`` of ``italic_x = 1``)."""
    pos = end
    last = end
    seen_marker = False
    symbols = set(flat_latex(latex))
    n = len(text)
    while pos < n:
        gap = pos
        if text[pos] == " ":
            gap += 1
        token_end = text.find(" ", gap)
        if token_end < 0:
            token_end = n
        token = text[gap:token_end]
        if not token or gap - pos > 1:
            break
        if _SPOKEN.fullmatch(token) or token in _SPOKEN_WORDS:
            seen_marker = True
            last = token_end
        elif _WORD.fullmatch(token) or token[-1] in _TRAILING:
            break
        elif seen_marker and all(ch in symbols for ch in squashed(token)) and last == gap - 1:
            last = token_end
        elif not seen_marker and not _is_glyph(token):
            break
        pos = token_end
    return last if seen_marker else end


def _is_glyph(token: str) -> bool:
    """A token of the spoken form before its first marker: a symbol or a single letter."""
    return len(token) <= 3 and not any(
        unicodedata.category(ch).startswith("L") and ch.isascii() and len(token) > 1 for ch in token
    )
