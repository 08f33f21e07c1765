"""The normaliser on the recorded full texts: what a reader of each paper should see."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tui.core.reader.block import Block
from tui.core.reader.document import Document
from tui.core.reader.normalise import normalise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "papers_md"
PADDLE = (
    "PaddleOCR-VL: Boosting Multilingual Document Parsing via a 0.9B Ultra-Compact "
    "Vision-Language Model"
)


@cache
def doc(name: str, title: str = "") -> Document:
    return normalise((FIXTURES / f"{name}.md").read_text(encoding="utf-8"), name[:10], title)


def all_text(document: Document) -> str:
    return "\n".join(block.text for block in document.blocks)


def headings(document: Document) -> list[Block]:
    return [block for block in document.blocks if block.kind == "heading"]


def test_the_wrapper_gives_title_source_and_date_and_the_api_title_wins() -> None:
    paddle = doc("2510.14528", PADDLE)
    assert paddle.title == PADDLE
    assert paddle.source_url == "https://arxiv.org/html/2510.14528"
    assert paddle.published == "Wed, 26 Nov 2025 01:23:21 GMT"
    assert not paddle.page_only
    assert doc("2503.10291.head").title.startswith("VisualPRM: An Effective")
    # Without the API's title: the wrapper's lacks "PaddleOCR-VL: ", and the text's own is a
    # heading broken over two lines; the whole title, and nothing of it left in the text.
    alone = doc("2510.14528")
    assert alone.title == PADDLE
    authors = alone.blocks[0].text  # names two spaces apart in the text stay apart
    assert authors.startswith("Cheng Cui") and "Suyin Liang, Tingquan Gao, Zelun" in authors


def test_arxiv_chrome_the_repeated_title_and_stray_macros_are_gone() -> None:
    paddle = doc("2510.14528", PADDLE)
    text = all_text(paddle)
    assert not any(h.level == 1 for h in headings(paddle))  # the title, shown twice
    assert "LaTeXML" not in text and "Generated on" not in text  # the footer
    assert "\\reportnumber" not in text and "001" not in text.split()
    assert "Contents" not in text.split("\n")
    # the navigation list: no list item before the abstract, no link titled "In PaddleOCR-VL…"
    abstract = next(i for i, b in enumerate(paddle.blocks) if b.text == "Abstract")
    assert not any(b.kind == "list_item" for b in paddle.blocks[:abstract])
    fipo = doc("2603.19835.head")
    assert fipo.blocks[0].kind == "heading" and fipo.blocks[0].text == "Abstract"
    assert "\\useunder" not in all_text(fipo) and "\\ul" not in all_text(fipo)


def test_sections_are_numbered_and_carry_their_latexml_anchors() -> None:
    paddle = doc("2510.14528", PADDLE)
    found = {(h.number, h.text, h.anchor, h.level) for h in headings(paddle)}
    assert ("1", "Introduction", "S1", 2) in found  # setext
    assert ("2.1", "Architecture", "S2.SS1", 3) in found  # ATX
    assert ("2.1.1", "Layout Analysis", "S2.SS1.SSS1", 4) in found
    assert ("A", "Training Dataset Details", "A1", 2) in found  # "Appendix A …"
    assert ("D.4.1", "Multilingual Text Recognition", "A4.SS4.SSS1", 4) in found
    assert ("", "Abstract", "", 2) in found  # H6 made a section
    visual = doc("2503.10291.head")
    assert [(h.number, h.text) for h in headings(visual)][1:3] == [
        ("1", "Introduction"),
        ("2", "Related Work"),
    ]


def test_cross_references_become_jumps_to_blocks_that_exist() -> None:
    paddle = doc("2510.14528", PADDLE)
    jumps = [
        span.target
        for block in paddle.blocks
        for span in block.spans
        if span.kind == "link" and span.target.startswith("#")
    ]
    assert "#S2.F2" in jumps and "#S2.SS1.SSS2" in jumps and "#A4.F9" in jumps
    assert all(target[1:] in paddle.anchors for target in jumps)
    assert "‣" not in all_text(paddle)  # the long link titles are gone
    # Figure A9 is the figure block numbered "A9"
    figure = paddle.blocks[paddle.anchors["A4.F9"]]
    assert figure.kind == "figure" and figure.number == "A9"


def test_figures_are_collected_with_caption_and_image() -> None:
    paddle = doc("2510.14528", PADDLE)
    figures = {figure.number: figure for figure in paddle.figures}
    assert figures["2"].caption == "The overview of PaddleOCR-VL."
    # the URL without the paper's id gets it back
    assert figures["2"].url == "https://arxiv.org/html/2510.14528/images/PaddleOCR-VL.png"
    assert len([n for n in figures if n.startswith("A")]) == 42
    aspire = doc("2607.00272")
    five = next(f for f in aspire.figures if f.number == "5")  # sub-figures (a), (b)
    assert five.url.endswith("/x8.png") and "(b)Zero-shot" in five.caption


def test_flattened_tables_keep_their_lines_and_missing_ones_say_where_they_are() -> None:
    paddle = doc("2510.14528", PADDLE)
    table = paddle.blocks[paddle.anchors["S2.T1"]]
    assert table.kind == "pre" and table.number == "1"
    assert table.text.split("\n")[:2] == ["Stages Stage 1 Stage 2", "Training Samples 29M 2.7M"]
    assert "5×10⁻⁵" in table.text and "\\times" not in table.text  # its formulas read
    six = paddle.blocks[paddle.anchors["S4.T6"]]  # split header cells and sub-tables: one table
    assert six.kind == "pre" and "(b)Text Type Metrics." in six.text
    aspire = doc("2607.00272")
    missing = aspire.blocks[aspire.anchors["S3.T1"]]
    assert missing.kind == "missing_table" and missing.number == "1"
    assert missing.url == "https://arxiv.org/html/2607.00272#S3.T1"
    assert missing.text.startswith("Table 1: Real-robot cross-embodiment skill transfer.")


def test_formulas_read_as_unicode_and_keep_their_latex() -> None:
    fipo = doc("2603.19835.head")
    maths = [span for block in fipo.blocks for span in block.spans if span.kind == "math"]
    assert ("∼", "\\sim") in {(span.text, span.latex) for span in maths}
    assert "∼\\sim" not in all_text(fipo) and "(∼ 47.0%)" in all_text(fipo)
    aspire = doc("2607.00272")
    spans = {(s.text, s.latex) for b in aspire.blocks for s in b.spans if s.kind == "math"}
    assert ("π₀.₅", "\\pi_{0.5}") in spans
    assert ("N∈{0,25,50,90}", "N\\in\\{0,25,50,90\\}") in spans
    assert aspire.blocks[0].text == "Yubo Wu¹ ³ *, Ethan Kou¹ ⁴ *"  # authors' marks, as words
    paddle = all_text(doc("2510.14528", PADDLE))
    assert "an N×N matrix" in paddle and "a maximum of 5×10⁻⁵ and" in paddle


def test_the_abstract_the_algorithm_the_fence_and_the_empty_references() -> None:
    aspire = doc("2607.00272")
    abstract = next(i for i, b in enumerate(aspire.blocks) if b.text == "Abstract")
    assert aspire.blocks[abstract + 1].text.startswith("Traditional robot programming")
    algorithm = next(b for b in aspire.blocks if b.text.startswith("Algorithm 1"))
    lines = algorithm.text.split("\n")
    assert algorithm.kind == "pre" and lines[1].startswith("1:task τ, program P⁰")
    assert lines[2].startswith("2:Notation:")
    fence = [b for b in aspire.blocks if b.kind == "pre" and "CLAUDE.md" in b.text]
    assert fence and "\n\n" in fence[0].text  # as it was
    references = next(i for i, b in enumerate(aspire.blocks) if b.text == "References")
    assert aspire.blocks[references + 1].kind == "heading"


def test_lists_keep_their_numbers_without_saying_them_twice() -> None:
    paddle = doc("2510.14528", PADDLE)
    items = [b for b in paddle.blocks if b.kind == "list_item"]
    assert items[0].number == "•" and items[0].text.startswith("Compact yet Powerful")
    ocr = next(b for b in items if "OCR: This task" in b.text)
    assert ocr.number == "1." and ocr.text.startswith("OCR:")


def test_a_document_survives_its_json_round_trip() -> None:
    paddle = doc("2510.14528", PADDLE)
    assert Document.from_json(paddle.to_json()) == paddle
