"""Figures and tables: an image and the "Figure N:" paragraph after it made one figure block,
a flattened table kept as its lines, a table the server left out said in one line."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..text import safe_url
from .raw_block import RawBlock

_IMAGE = re.compile(
    r"!\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+\"[^\"\n]*\")?\s*\)"
)
_FIGURE_CAPTION = re.compile(r"(?:Figure|Fig\.)\s+([A-Z]?\d{1,4})\s*[:.|]\s*(.*)", re.DOTALL)
_TABLE_CAPTION = re.compile(r"Table\s+([A-Z]?\d{1,4})\s*[:.|]\s*(.*)", re.DOTALL)
_ARXIV_HTML = re.compile(r"https?://arxiv\.org/html/(.*)", re.IGNORECASE)
_PAPER_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?/")
_STEP = re.compile(r"\d{1,3}:|(?:Input|Output|Require|Ensure|Algorithm|Procedure|Function)\b")
_SUBCAPTION = re.compile(r"\([a-z]\)\s*\S")
_ALGORITHM = re.compile(r"Algorithm\s+\d{1,3}\b")
_NUMBERS = re.compile(r"(?<!\S)[-+]?\d[\d.,%]*(?!\S)")


def is_image_only(block: RawBlock) -> bool:
    text = block.text
    return block.kind == "paragraph" and "![" in text and not _IMAGE.sub("", text).strip()


def collect_captions(
    blocks: list[RawBlock], paper_id: str, numbered_ids: Mapping[tuple[str, str], str]
) -> list[RawBlock]:
    """``numbered_ids``: ("F", "4") -> "S1.F4", the LaTeXML ids the paper's own links give
    its figures and tables (the anchor is "F4" when no link names it)."""
    out: list[RawBlock] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        i += 1
        if is_image_only(block):
            # sub-figures: more images, each perhaps with its "(a) …" caption
            parts = [block]
            while i < len(blocks) and (
                is_image_only(blocks[i]) or _SUBCAPTION.match(blocks[i].text)
            ):
                parts.append(blocks[i])
                i += 1
            caption = _FIGURE_CAPTION.match(blocks[i].text) if i < len(blocks) else None
            if caption and blocks[i].kind == "paragraph":
                i += 1
            elif parts[-1] is not block and not is_image_only(parts[-1]) and caption is None:
                i -= 1  # a "(a) …" with no figure caption after it is the text's
                parts.pop()
            subcaptions = [part.text for part in parts if not is_image_only(part)]
            url = _image_url(block.text, paper_id)
            out.append(_figure(caption, url, numbered_ids, subcaptions))
            continue
        if block.kind == "paragraph" and _ALGORITHM.match(block.text):
            steps = [block]
            while i < len(blocks) and blocks[i].kind == "paragraph" and len(blocks[i].text) <= 200:
                steps.append(blocks[i])
                i += 1
            if len(steps) >= 4:
                lines = _algorithm_lines([line for part in steps for line in part.lines])
                out.append(RawBlock("pre", lines, table=True))
                continue
            i -= len(steps) - 1
        if block.kind != "paragraph":
            out.append(block)
            continue
        figure = _FIGURE_CAPTION.match(block.text)
        if figure:
            out.append(_figure(figure, "", numbered_ids))
            continue
        table = _TABLE_CAPTION.match(block.text)
        if table:
            number = table.group(1)
            anchor = numbered_ids.get(("T", number), f"T{number}")
            start = _table_start(out)
            if start is not None:
                lines = [line for part in out[start:] for line in part.lines]
                del out[start:]
                out.append(RawBlock("pre", lines, number=number, anchor=anchor, table=True))
                out.append(block)
            elif (
                i < len(blocks)
                and _is_flattened_table(blocks[i])
                and not (i + 1 < len(blocks) and _TABLE_CAPTION.match(blocks[i + 1].text))
            ):
                blocks[i].kind, blocks[i].anchor, blocks[i].number = "pre", anchor, number
                blocks[i].table = True
                out.extend((block, blocks[i]))
                i += 1
            else:
                url = f"https://arxiv.org/html/{paper_id}#{anchor}"
                missing = RawBlock("missing_table", block.lines, number=number, url=url)
                missing.anchor = anchor
                out.append(missing)
            continue
        if _is_algorithm(block):
            block.kind, block.lines = "pre", _algorithm_lines(block.lines)
        elif _is_numeric_table(block):
            block.kind, block.table = "pre", True
        out.append(block)
    return out


def _figure(
    caption: re.Match[str] | None,
    url: str,
    numbered_ids: Mapping[tuple[str, str], str],
    subcaptions: list[str] | None = None,
) -> RawBlock:
    lines = list(subcaptions or ())
    if caption is None:
        return RawBlock("figure", lines, url=url)
    number = caption.group(1)
    anchor = numbered_ids.get(("F", number), f"F{number}")
    lines.insert(0, caption.group(2))
    return RawBlock("figure", lines, number=number, url=url, anchor=anchor)


def _image_url(text: str, paper_id: str) -> str:
    """The first image's URL; one that lost the paper's id (``arxiv.org/html/x1.png``) or is
    relative (``x1.png``) is given it back."""
    match = _IMAGE.search(text)
    url = match.group(2) if match else ""
    arxiv = _ARXIV_HTML.fullmatch(url)
    if arxiv and not _PAPER_ID.match(arxiv.group(1)):
        url = f"https://arxiv.org/html/{paper_id}/{arxiv.group(1).lstrip('/')}"
    elif url and "://" not in url and not url.startswith(("/", "#")) and ":" not in url:
        url = f"https://arxiv.org/html/{paper_id}/{url}"
    return safe_url(url) or ""


def _is_flattened_table(block: RawBlock) -> bool:
    return (block.kind == "paragraph" or block.table) and len(block.lines) >= 2


def _table_start(out: list[RawBlock]) -> int | None:
    """Where the flattened table before a "Table N:" caption starts, or None when there is
    none. A header cell that held a line break splits the table into short paragraphs, and
    sub-tables have their own "(a) …" captions: all of them are the table."""
    start = len(out)
    while start > 0 and len(out) - start < 60:
        block = out[start - 1]
        if block.anchor or not (block.kind == "paragraph" or block.table):
            break
        text = block.text.strip()
        short = len(text) <= 100 and (not text.endswith(".") or len(text) <= 30)
        if not (_is_flattened_table(block) or short or text.startswith("(")):
            break
        start -= 1
    if any(_is_flattened_table(block) for block in out[start:]):
        while not _is_flattened_table(out[start]) and not out[start].text.startswith("("):
            start += 1  # short lines before the table are the text's, not the table's
        return start
    return None


def _is_algorithm(block: RawBlock) -> bool:
    """One token per line, for many lines: an algorithm the converter broke apart."""
    lines = block.lines
    if len(lines) < 6:
        return False
    single = sum(1 for line in lines if " " not in line.strip())
    return single >= 0.7 * len(lines)


def _algorithm_lines(tokens: list[str]) -> list[str]:
    """Tokens joined into lines again, a new line at each step ("3:", "Input: …")."""
    lines: list[str] = []
    for token in tokens:
        token = " ".join(token.split())
        if not token:
            continue
        if not lines or _STEP.match(token):
            lines.append(token)
        elif token[0] in ",.;:)":
            lines[-1] += token
        else:
            lines[-1] += " " + token
    return lines


def _is_numeric_table(block: RawBlock) -> bool:
    """A table with no caption near it: several lines, most of them rows of numbers."""
    lines = block.lines
    if len(lines) < 3:
        return False
    rows = sum(1 for line in lines if len(_NUMBERS.findall(line)) >= 3)
    return rows * 2 >= len(lines)
