"""The inline Markdown of a block (links, images, code, emphasis, formulas) as spans."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .math_text import math_spans
from .span import Span

# A bracketed text may hold one level of brackets ("Image 1: [Uncaptioned image]"); a link's
# title is quoted and may hold parentheses ("Figure 4 ‣ 1 Introduction (…)").
_BRACKETED = r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
_DESTINATION = r"\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+\"[^\"\n]*\")?\s*\)"
_LINK_OR_CODE = re.compile(rf"(!?){_BRACKETED}{_DESTINATION}|`([^`\n]+)`")
_EMPHASIS = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*"  # **strong**
    r"|(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])"  # *em*
    r"|(?<![\w\\])_(?=[^\s_{])(.+?)(?<=[^\s_\\])_(?![\w{])"  # _em_
)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_WHITESPACE = re.compile(r"\s+")
_IMAGE_IN_TEXT = re.compile(rf"!{_BRACKETED}{_DESTINATION}")

LinkTarget = Callable[[str], str | None]


def inline_spans(text: str, link_target: LinkTarget, *, math: bool = True) -> list[Span]:
    """Spans of one block's text (whitespace kept as it is: the caller folds it).
    ``link_target`` says where a link goes ("#anchor", a URL) or None for plain words."""
    spans: list[Span] = []
    done = 0
    for match in _LINK_OR_CODE.finditer(text):
        spans.extend(_text_spans(text[done : match.start()], math))
        done = match.end()
        bang, words, url, code = match.groups()
        if code is not None:
            spans.append(Span(code, "code"))
        elif bang:
            continue  # an image inside running text ("[Uncaptioned image]"): nothing to read
        else:
            words = _ESCAPED.sub(r"\1", _IMAGE_IN_TEXT.sub("", words)).strip()
            words = _EMPHASIS.sub(lambda m: next(g for g in m.groups() if g), words)
            if not words:
                continue
            target = link_target(url)
            spans.append(Span(words, "link", target) if target else Span(words))
    spans.extend(_text_spans(text[done:], math))
    return spans


def _unescaped(text: str) -> str:
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


def _text_spans(text: str, math: bool) -> Iterable[Span]:
    if not text:
        return
    for span in math_spans(text) if math else [Span(text)]:
        if span.kind:
            yield span
            continue
        done = 0
        matches = _EMPHASIS.finditer(span.text) if "*" in span.text or "_" in span.text else ()
        for match in matches:
            if match.start() > done:
                yield Span(_unescaped(span.text[done : match.start()]))
            strong, em, underscored = match.groups()
            words = _unescaped(strong or em or underscored)
            yield Span(words, "strong" if strong else "em")
            done = match.end()
        if done < len(span.text):
            yield Span(_unescaped(span.text[done:]))


def folded(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Spans with runs of whitespace made one space, the ends trimmed, and neighbouring spans
    of the same kind merged."""
    out: list[Span] = []
    for span in spans:
        words = span.text
        if "  " in words or "\n" in words or "\t" in words:
            words = _WHITESPACE.sub(" ", words)
        if not words:
            continue
        if out and not span.kind and not out[-1].kind:
            out[-1] = Span(out[-1].text + words)
        else:
            out.append(Span(words, span.kind, span.target, span.latex))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        first, last = out[0], out[-1]
        out[0] = Span(first.text.lstrip(), first.kind, first.target, first.latex)
        last = out[-1]
        out[-1] = Span(last.text.rstrip(), last.kind, last.target, last.latex)
    return tuple(out)
