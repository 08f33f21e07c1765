"""What the server sends (/papers/{id}.md) turned into a Document, as READER.md section 1
describes: the wrapper split, arXiv's chrome dropped, sections numbered and anchored, formulas
as Unicode, figures and tables collected, links made jumps inside the paper where they can.

Everything here is network text: control characters, escape sequences and invisible format
characters go first, and nothing in the result is markup (spans are plain text with a kind).
"""

from __future__ import annotations

import re

from ..text import strip_unsafe
from .authors import names_apart
from .block import Block
from .block_parser import parse_blocks
from .captions import collect_captions
from .chrome import remove_chrome, title_heading
from .document import Document
from .headings import section_anchor, split_number
from .inline import folded, inline_spans
from .link_resolver import LinkResolver, source_id
from .raw_block import RawBlock
from .span import Span

_WRAPPER_FIELDS = ("Title", "URL Source", "Published Time")
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u2060-\u206f\u3164"
    r"\ufe00-\ufe0f\uffa0\ufff0-\ufffb\U000e0000-\U000e0fff]"
)
# What strip_unsafe removes or changes (a quick look first: it is slow on a whole paper).
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)
_PAGE_ONLY = re.compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/papers/", re.IGNORECASE)
# "#S1.F4 "Figure 4 ‣ …": the paper's own links name the LaTeXML id of each figure and table.
_NUMBERED_LINK = re.compile(r"#([A-Za-z0-9.]+)\s+\"(Figure|Table) ([A-Z]?\d{1,4})\b")
_BIBLIOGRAPHY = frozenset({"references", "bibliography", "works cited", "literature cited"})
_EQUATION_NUMBER = re.compile(r"\s*\(\s*([A-Z]?\d{1,4}(?:\.\d+)?[a-z]?)\s*\)\s*")
_UNPLACED = re.compile(r"[FT]A?\d+")  # a figure's or table's anchor no link of the paper gave
_BULLET_GLYPH = re.compile(r"[•·▪◦‣∙]\s*")
_BACKSLASH_BREAK = re.compile(r"(?<!\\)\\\n")
_TEX_LOGO = re.compile(r"\b(L a )?T e X\b")
# "InternVL2-76B [InternVL]0.442 …": a flattened table's citation runs into the next cell
_CELL_AFTER_CITATION = re.compile(r"(?<=[A-Za-z0-9])\](?=[\w+\-−])")


def normalise(raw: str, paper_id: str, title: str = "") -> Document:
    """``title``: the title the API gave, preferred to the wrapper's."""
    text = strip_unsafe(raw) if _UNSAFE.search(raw) else raw  # most texts have none
    text = _INVISIBLE.sub("", text).replace("\t", "    ")
    fields, body = _split_wrapper(text)
    if "T e X" in body:  # the LaTeX logo, its letters set apart for their raised/lowered look
        body = _TEX_LOGO.sub(lambda m: "LaTeX" if m.group(1) else "TeX", body)
    source = fields.get("URL Source", "")
    wrapper_title = fields.get("Title", "")
    raw_blocks = parse_blocks(body)
    title = title or title_heading(raw_blocks, wrapper_title) or wrapper_title
    raw_blocks = remove_chrome(raw_blocks, [title, wrapper_title])
    numbered_ids = {
        (kind[0], number): latexml_id for latexml_id, kind, number in _NUMBERED_LINK.findall(body)
    }
    raw_blocks = collect_captions(raw_blocks, paper_id, numbered_ids)
    _number_sections(raw_blocks, paper_id)
    page_only = bool(_PAGE_ONLY.match(source))
    resolver = LinkResolver(
        (paper_id, source_id(source)),
        {block.anchor for block in raw_blocks if block.anchor},
        {
            (block.kind[0].upper(), block.number): block.anchor
            for block in raw_blocks
            if block.anchor and block.kind in ("figure", "pre", "missing_table")
        },
    )
    # Before the first section (when there is one) are the title and the authors.
    front_end = next(
        (i for i, block in enumerate(raw_blocks) if block.kind == "heading" and block.level >= 2),
        0,
    )
    blocks = [
        block
        for index, raw_block in enumerate(raw_blocks)
        if (block := _block(raw_block, resolver, front=index < front_end)) is not None
    ]
    if page_only:
        blocks.insert(0, _page_only_note(paper_id))
    return Document(
        paper_id=paper_id,
        title=" ".join(title.split()),
        source_url=source,
        blocks=tuple(blocks),
        published=fields.get("Published Time", ""),
        page_only=page_only,
    )


def _split_wrapper(text: str) -> tuple[dict[str, str], str]:
    """The header lines ("Title: …") before "Markdown Content:" and the body after it; a text
    without the marker is all body."""
    head, marker, body = text.partition("Markdown Content:")
    if not marker or len(head) > 5000:
        return {}, text
    fields: dict[str, str] = {}
    field = ""  # the field a line that names none continues (a title over two lines)
    for line in head.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip() in _WRAPPER_FIELDS:
            field = name.strip()
            fields[field] = " ".join(value.split())
        elif not line.strip():
            field = ""
        elif field:
            fields[field] = " ".join([fields[field], *line.split()]).strip()
    return fields, body


def _number_sections(blocks: list[RawBlock], paper_id: str) -> None:
    """Section numbers and anchors on the headings; "bib.bibK" on the items of the
    bibliography's list."""
    bibliography_level = 0
    count = 0
    section = ""  # the anchor of the top-level section we are in: "S2", "A4"
    for block in blocks:
        if block.kind == "heading":
            number, rest = split_number(block.text)
            if number:
                block.number, block.lines = number, [rest]
                block.anchor = section_anchor(number)
                if "." not in number:
                    section = block.anchor
            if bibliography_level and block.level <= bibliography_level:
                bibliography_level = 0
            if " ".join(block.text.lower().split()).rstrip(".") in _BIBLIOGRAPHY:
                bibliography_level = block.level
                count = 0
        elif block.kind == "list_item" and bibliography_level and block.level == 0:
            count += 1
            block.anchor = f"bib.bib{count}"
        elif section and _UNPLACED.fullmatch(block.anchor):
            # arXiv numbers figures and tables within their top-level section: "S2.F3"
            block.anchor = f"{section}.{block.anchor[0]}{block.anchor.lstrip('FTA')}"
            if block.kind == "missing_table":
                block.url = f"https://arxiv.org/html/{paper_id}#{block.anchor}"


def _block(raw: RawBlock, resolver: LinkResolver, *, front: bool) -> Block | None:
    kind = raw.kind
    if kind == "rule":
        return Block("rule", ())
    if kind == "pre":
        spans = _pre_spans(raw, resolver)
        return Block("pre", spans, anchor=raw.anchor, number=raw.number) if spans else None
    text = raw.text
    number = raw.number
    if kind == "list_item":
        text = _BULLET_GLYPH.sub("", text.lstrip(), count=1)
        if number[:-1].isdigit() and text.startswith(number[:-1] + "."):
            text = text[len(number[:-1]) + 1 :]  # "1.   1.OCR: …" says its number twice
        number = "•" if number in ("*", "+", "-") else number
    if "\\\n" in text:  # Markdown's hard line break, not a backslash to show
        text = _BACKSLASH_BREAK.sub("\n", text)
    if front and kind == "paragraph":
        text = names_apart(text)
    spans = folded(inline_spans(text, resolver.target))
    if front:  # authors' affiliation marks are words there, not formulas
        spans = folded(span if span.kind != "math" else Span(span.text) for span in spans)
    if kind == "paragraph":
        display = _display_math(spans)
        if display is not None:
            return display
    if not spans and kind not in ("figure", "missing_table"):
        return None
    return Block(kind, spans, level=raw.level, anchor=raw.anchor, number=number, url=raw.url)


def _pre_spans(raw: RawBlock, resolver: LinkResolver) -> tuple[Span, ...]:
    """A preformatted block keeps its lines; a flattened table's formulas still read."""
    lines = list(raw.lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return ()
    if not raw.table:  # code, an algorithm: as it is
        return (Span("\n".join(line.rstrip() for line in lines)),)
    spans: list[Span] = []
    for index, line in enumerate(lines):
        if index:
            spans.append(Span("\n"))
        spans.extend(inline_spans(_CELL_AFTER_CITATION.sub("] ", line), resolver.target))
    merged: list[Span] = []
    for span in spans:
        if merged and span.kind == "math" and merged[-1].kind == "math":
            merged.append(Span(" "))  # two cells' formulas the flattening ran together
        if merged and not span.kind and not merged[-1].kind:
            merged[-1] = Span(merged[-1].text + span.text)
        elif span.text:
            merged.append(span)
    return tuple(merged)


def _display_math(spans: tuple[Span, ...]) -> Block | None:
    """A paragraph that is one formula (and its equation number) is a display formula."""
    if not spans or spans[0].kind != "math":
        return None
    if len(spans) == 1:
        return Block("math", spans)
    if len(spans) == 2 and not spans[1].kind:
        number = _EQUATION_NUMBER.fullmatch(spans[1].text)
        if number:
            return Block("math", spans[:1], number=number.group(1))
    return None


def _page_only_note(paper_id: str) -> Block:
    pdf = f"https://arxiv.org/pdf/{paper_id}"
    return Block(
        "note",
        (
            Span(
                "arXiv has no HTML version of this paper: the server sent only its page on "
                "Hugging Face. The whole paper is in the PDF: "
            ),
            Span(pdf, "link", pdf),
        ),
    )
