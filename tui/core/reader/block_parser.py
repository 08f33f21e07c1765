"""The body of a paper, line by line, into raw blocks: the block structure of Markdown
(ATX and setext headings, paragraphs, lists, quotes, fences, rules) without its inline part.
One pass over the lines, so any input takes time linear in its size."""

from __future__ import annotations

import re

from .raw_block import RawBlock

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*)|[ \t]*)")  # the closing #s: _atx_text
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_ITEM = re.compile(r"([ \t]*)([*+-]|\d{1,9}[.)])(?:[ \t]+(.*)|$)")
_QUOTE = re.compile(r" {0,3}> ?(.*)")
_MAX_TITLE = 400  # a title broken over lines is joined up to this length
_MAX_DEPTH = 12  # deeper lists are shown at this depth (a hostile nesting stays readable)


_MAX_UNCLOSED = 20  # fences left open that are read as text instead; past it, as Markdown says


def parse_blocks(body: str) -> list[RawBlock]:
    """A fence that is never closed runs to the end in Markdown; in the served texts it is a
    converter's slip, and the rest of the paper (ASPIRE's appendix: prose, headings) read as
    one preformatted block of 700-character lines. Its opening line is dropped instead and the
    rest read again as Markdown."""
    lines = body.split("\n")
    blocks: list[RawBlock] = []
    for _ in range(_MAX_UNCLOSED):
        found, unclosed_at = _parse(lines)
        if unclosed_at is None:
            return blocks + found
        blocks += found[:-1]  # the open fence is the last block
        lines = lines[unclosed_at + 1 :]
    return blocks + _parse(lines, fences_may_stay_open=True)[0]


def _parse(
    lines: list[str], *, fences_may_stay_open: bool = False
) -> tuple[list[RawBlock], int | None]:
    """The blocks, and the index of the line opening a fence that is never closed (None when
    every fence closes, or ``fences_may_stay_open``)."""
    blocks: list[RawBlock] = []
    paragraph: RawBlock | None = None  # the open paragraph, list item or quote
    indents: list[int] = []  # the indents of the open lists, outermost first
    fence: RawBlock | None = None
    fence_mark = ""
    fence_line = 0
    heading: RawBlock | None = None  # an ATX heading whose line ended with a hard break
    paragraph_start = 0  # the line the open paragraph started on
    for number, line in enumerate(lines):
        if fence is not None:
            if line.strip().startswith(fence_mark) and not line.strip().strip(fence_mark[0]):
                fence = None
            else:
                fence.lines.append(line)
            continue
        if heading is not None:
            if _continues_heading(line, heading):
                heading.lines = [f"{heading.lines[0]} {_without_break(line.strip())}"]
                if not _ends_in_break(line):
                    heading = None
                continue
            heading = None
        stripped = line.strip()
        if not stripped:
            paragraph = None
            continue
        fence_match = _FENCE.fullmatch(line)
        if fence_match and not (fence_match.group(1)[0] == "`" and "`" in fence_match.group(2)):
            fence_mark = fence_match.group(1)
            fence_line = number
            fence = RawBlock("pre")
            blocks.append(fence)
            paragraph = None
            continue
        if paragraph is not None and paragraph.kind == "paragraph":
            setext = _SETEXT.fullmatch(line)
            if setext:
                paragraph.kind = "heading"
                paragraph.level = 1 if setext.group(1)[0] == "=" else 2
                paragraph.lines = [" ".join(part.strip() for part in paragraph.lines)]
                if _underlines_both(
                    lines, paragraph_start, number, blocks, len(setext.group(1).strip())
                ):
                    blocks.pop()
                    blocks[-1].kind, blocks[-1].level = "heading", paragraph.level
                    blocks[-1].lines = [f"{' '.join(blocks[-1].lines)} {paragraph.lines[0]}"]
                paragraph = None
                continue
        atx = _ATX.fullmatch(line)
        if atx:
            text = _without_break(_atx_text(atx.group(2) or ""))
            blocks.append(RawBlock("heading", [text], level=len(atx.group(1))))
            # "# A title  " + "over two lines": the paper's title, broken where the LaTeX
            # broke it (a section heading is one line, as Markdown has it)
            heading = blocks[-1] if atx.group(1) == "#" and _ends_in_break(line) else None
            paragraph = None
            continue
        if _RULE.fullmatch(line):
            blocks.append(RawBlock("rule"))
            paragraph = None
            continue
        item = _ITEM.fullmatch(line)
        if item and (paragraph is None or paragraph.kind == "list_item" or item.group(3)):
            indent = len(item.group(1).expandtabs(4))
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            depth = min(len(indents) - 1, _MAX_DEPTH)
            paragraph = RawBlock("list_item", [item.group(3) or ""], level=depth)
            paragraph.number = item.group(2)
            blocks.append(paragraph)
            continue
        quote = _QUOTE.fullmatch(line)
        if quote:
            if paragraph is None or paragraph.kind != "quote":
                paragraph = RawBlock("quote")
                blocks.append(paragraph)
            paragraph.lines.append(quote.group(1))
            continue
        if paragraph is None or paragraph.kind == "quote":
            if paragraph is None and not line.startswith((" ", "\t")):
                indents.clear()  # text at the margin ends the lists
            if paragraph is None and indents and blocks and blocks[-1].kind == "list_item":
                # an indented paragraph after a blank line continues the list item
                paragraph = blocks[-1]
                paragraph.lines.append(stripped)
                continue
            paragraph = RawBlock("paragraph")
            paragraph_start = number
            blocks.append(paragraph)
        paragraph.lines.append(line.rstrip() if paragraph.kind == "pre" else stripped)
    if fence is not None and not fences_may_stay_open:
        return blocks, fence_line
    return blocks, None


def _atx_text(text: str) -> str:
    """A heading's text without its closing #s ("## Method ##"); found here, not by the
    pattern, which took time quadratic in a run of spaces inside a heading."""
    text = text.rstrip(" \t")
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1] in " \t"):
        return unclosed.rstrip(" \t")
    return text


def _ends_in_break(line: str) -> bool:
    """Markdown's hard line break: two spaces or a backslash ending the line."""
    return line.endswith(("  ", "\t", "\\"))


def _without_break(text: str) -> str:
    return text[:-1].rstrip() if text.endswith("\\") and not text.endswith("\\\\") else text


def _continues_heading(line: str, heading: RawBlock) -> bool:
    """A line after a heading that broke its line: more of the heading, unless it is a block
    of its own (or too long for a title)."""
    if not line.strip() or len(line) + len(heading.lines[0]) > _MAX_TITLE:
        return False
    shapes = (_ATX, _FENCE, _RULE, _ITEM, _QUOTE, _SETEXT)
    return not any(shape.fullmatch(line) for shape in shapes)


def _underlines_both(
    lines: list[str], start: int, underline: int, blocks: list[RawBlock], length: int
) -> bool:
    """A heading with a line break in it ("A title<br>over two lines") comes as a paragraph, a
    blank line and a setext heading (lines ``start`` to ``underline``) whose underline is as
    long as all of it."""
    if start < 2 or len(blocks) < 2 or blocks[-2].kind != "paragraph":
        return False
    if lines[start - 1].strip() or not lines[start - 2].strip():
        return False  # not one blank line between them
    heading = len("\n".join(lines[start:underline]).rstrip())
    both = len("\n".join(blocks[-2].lines)) + 2 + heading
    return length > heading + 2 and abs(length - both) <= 2
