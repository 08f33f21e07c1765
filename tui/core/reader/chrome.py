"""What arXiv's page wraps a paper in, and LaTeX the converter left behind, taken out: the
"Back to arXiv" banner, the navigation list of links, the LaTeXML footer, the title shown
again, stray macro lines, the "Abstract:" after the Abstract heading."""

from __future__ import annotations

import re

from .headings import split_number
from .raw_block import RawBlock

_BANNER = re.compile(
    r"\[?Back to arXiv|This is \**experimental HTML|\[Why HTML\?\]|Report issue for preceding"
    r"|License: (?:arXiv\.org|CC )|arXiv:\d{4}\.\d{4,5}(?:v\d+)? \[|Report Git[Hh]ub Issue"
    r"|\[?Back to Abstract\]?|Toggle (?:dark|navigation)",
)
_FOOTER = re.compile(r"Generated on .*LaTeXML|Generated .*by \[?L\s?a\s?T\s?e\s?XML", re.DOTALL)
_NAV_ITEM = re.compile(
    r"\[[^\n]*\]\(https?://arxiv\.org/html/[^)\s]*#[^)\s]*(?:\s+\"[^\"\n]*\")?\)\s*"
)
_MACRO_LINE = re.compile(r"\\[A-Za-z@]+\*?(?:\[[^\]\n]*\])?(?:\{[^{}\n]*\})*\s*")
_SHORT_NUMBER = re.compile(r"\d{1,6}")
_WORD_MACRO = re.compile(
    r"\\(?:fnm|sur|spfx|orgname|orgdiv|orgaddress|city|country|street|postcode|state|name)"
    r"\{([^{}\n]*)\}"
)
_NOTE_MACRO = re.compile(
    r"\\(?:equalcont|thanks|footnote|footnotemark|corref|cortext|email|affil|inst|orcid"
    r"|orcidlink|authornote|titlenote)\*?(?:\[[^\]\n]*\])?(?:\{[^{}\n]*\})?"
)
_ABSTRACT_WORD = re.compile(r"\**Abstract\**\s*[:.]?\s*", re.IGNORECASE)
_ALNUM = re.compile(r"[\W_]+")
_CONTENTS = frozenset({"contents", "table of contents"})


def remove_chrome(blocks: list[RawBlock], titles: list[str]) -> list[RawBlock]:
    """``titles``: what the paper is called (the API's title, the wrapper's), so that the
    title repeated as a heading goes."""
    start = _body_start(blocks)
    footer = _footer_start(blocks)
    names = [_folded(title) for title in titles if _folded(title)]
    out: list[RawBlock] = []
    after_macro = False
    title_part = ""  # the title heading just passed over
    for index, block in enumerate(blocks[:footer]):
        front = index < start
        text = block.text
        if block.kind == "paragraph" and _BANNER.match(text.strip()):
            continue
        if front and block.kind == "list_item" and _NAV_ITEM.fullmatch(text.strip()):
            continue
        if (
            block.kind in ("paragraph", "heading")
            and (front or block.kind == "paragraph")
            and len(text) < 40  # folding every paragraph to find this one is a tenth of the time
            and _folded(text) in _CONTENTS
        ):
            continue
        if block.kind == "paragraph" and front:
            kept = []
            for line in block.lines:
                if _MACRO_LINE.fullmatch(line):
                    after_macro = True
                elif after_macro and _SHORT_NUMBER.fullmatch(line):
                    after_macro = False  # \reportnumber's number
                else:
                    after_macro = False
                    line = _NOTE_MACRO.sub("", _WORD_MACRO.sub(r"\1", line))
                    if line.strip():
                        kept.append(line)
            if not kept:
                continue
            block.lines = kept
        if block.kind == "heading" and block.level == 1 and front and _is_title(text, names):
            if out and out[-1].kind == "paragraph" and _is_title(out[-1].text, names):
                out.pop()  # the title's first line, cut off from its heading by a blank line
            title_part = text
            continue
        if title_part and block.kind == "paragraph" and _in_title(title_part + text, names):
            title_part = ""  # the title's second line, after its heading
            continue
        title_part = ""
        if block.kind == "paragraph" and out and _is_abstract_heading(out[-1]):
            rest = (
                _ABSTRACT_WORD.sub("", text, count=1)
                if text.lstrip("*").lower().startswith("abstract")
                else text
            )
            if not rest.strip():
                continue
            block.lines = [rest]
        if _is_abstract_heading(block):
            block.level = 2
        out.append(block)
    return out


def title_heading(blocks: list[RawBlock], wrapper_title: str) -> str:
    """The paper's title as its text shows it, for want of the API's: the first level-1
    heading before the abstract that holds the wrapper's title (the wrapper's may lack a part
    the heading has), or that the wrapper's ends with (junk before it there); "" when the
    wrapper's title is the better one."""
    wrapper = _folded(wrapper_title)
    for block in blocks[: _body_start(blocks)]:
        if block.kind != "heading" or block.level != 1:
            continue
        heading = _folded(block.text)
        if len(heading) >= 6 and (not wrapper or wrapper in heading or wrapper.endswith(heading)):
            return " ".join(block.text.split())
    return ""


def _body_start(blocks: list[RawBlock]) -> int:
    """Where the paper proper starts: its Abstract heading, else its first numbered section;
    before it are the title, the authors and arXiv's navigation."""
    first_numbered = len(blocks)
    for index, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        if _is_abstract_heading(block):
            return index
        if first_numbered == len(blocks) and split_number(block.text)[0]:
            first_numbered = index
    return first_numbered


def _footer_start(blocks: list[RawBlock]) -> int:
    for index in range(len(blocks) - 1, max(len(blocks) - 8, -1), -1):
        block = blocks[index]
        if block.kind == "paragraph" and _FOOTER.match(block.text.strip()):
            return index
    return len(blocks)


def _is_abstract_heading(block: RawBlock) -> bool:
    return block.kind == "heading" and len(block.text) < 30 and _folded(block.text) == "abstract"


def _folded(text: str) -> str:
    return _ALNUM.sub("", text).lower()


def _is_title(text: str, names: list[str]) -> bool:
    folded = _folded(text)
    return len(folded) >= 6 and any(folded in name or name in folded for name in names)


def _in_title(text: str, names: list[str]) -> bool:
    folded = _folded(text)
    return len(folded) >= 6 and any(folded in name for name in names)
