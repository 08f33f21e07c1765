"""The normaliser on small hand-written texts: one shape each, and hostile input."""

from __future__ import annotations

import time

import pytest

from tui.core.reader.document import Document
from tui.core.reader.latex_unicode import latex_to_unicode
from tui.core.reader.normalise import normalise
from tui.core.reader.span import Span

ID = "2401.15077"
HTML = f"https://arxiv.org/html/{ID}v3"


def body(markdown: str, source: str = f"https://arxiv.org/html/{ID}") -> Document:
    return normalise(f"Title: T\n\nURL Source: {source}\n\nMarkdown Content:\n{markdown}", ID)


def spans(markdown: str) -> tuple[Span, ...]:
    (block,) = body(markdown).blocks
    return block.spans


def test_a_page_only_text_says_so_and_offers_the_pdf() -> None:
    doc = body("We study things.", source=f"https://huggingface.co/papers/{ID}")
    assert doc.page_only
    note = doc.blocks[0]
    assert note.kind == "note" and "only its page" in note.text
    assert Span(doc.pdf_url, "link", doc.pdf_url) in note.spans
    assert not body("We study things.").page_only


def test_a_text_without_the_wrapper_is_all_body() -> None:
    doc = normalise("## 1 Intro  \nWords.", ID, "Given")  # a section heading is one line
    assert doc.title == "Given" and [b.kind for b in doc.blocks] == ["heading", "paragraph"]


FULL = "Paddle: Boosting Parsing via a Compact Model"


@pytest.mark.parametrize(
    ("wrapper", "markdown", "api_title"),
    [
        ("Title: Paddle: Boosting Parsing\nvia a Compact Model\n", "Ann Lee", ""),
        ("", "# Paddle: Boosting Parsing  \nvia a Compact Model\n\nAnn Lee", ""),
        ("", "# Paddle: Boosting Parsing\\\nvia a Compact Model\n\nAnn Lee", ""),
        ("", "# Paddle: Boosting Parsing\nvia a Compact Model\n\nAnn Lee", FULL),
        (
            "Title: Boosting Parsing via a Compact Model\n",
            "Paddle: Boosting Parsing \n\nvia a Compact Model\n" + "=" * 46 + "\n\nAnn Lee",
            "",
        ),
        (
            "Title: [2401.15077] Paddle: Boosting Parsing via a Compact Model\n",
            "Paddle: Boosting Parsing via a Compact Model\n===\n\nAnn Lee",
            "",
        ),
    ],
)
def test_a_title_over_two_lines_is_read_whole(wrapper: str, markdown: str, api_title: str) -> None:
    raw = f"{wrapper}\nURL Source: {HTML}\n\nMarkdown Content:\n{markdown}\n\n## 1 Intro\n\nText."
    doc = normalise(raw, ID, api_title)
    assert doc.title == FULL
    assert [block.text for block in doc.blocks] == ["Ann Lee", "Intro", "Text."]


NAMES = "Cheng Cui, Ting Sun, Suyin Liang"


@pytest.mark.parametrize(
    ("authors", "reads"),
    [
        ("Cheng Cui  Ting Sun   Suyin Liang", NAMES),
        ("Cheng Cui&nbsp;&nbsp;Ting Sun\u00a0\u00a0Suyin Liang", NAMES),
        ("Cheng Cui\u2003Ting Sun \u2003 Suyin Liang", NAMES),  # \quad
        ("Cheng Cui\\\\Ting Sun \\\\ Suyin Liang", NAMES),
        ("Cheng Cui,  Ting Sun \\and Suyin Liang", NAMES),
        ("Cheng Cui\nTing Sun\\\nSuyin Liang", NAMES),
        (
            "Cheng Cui{}^{1}\\\\Ting Sun{}^{2} Suyin Liang{}^{1}",
            "Cheng Cui¹, Ting Sun², Suyin Liang¹",
        ),
        ("Cheng Cui 1 4 Ting Sun 1 Suyin Liang 2", "Cheng Cui 1 4, Ting Sun 1, Suyin Liang 2"),
        ("Cheng Cui 1,2, Ting Sun 2, Suyin Liang 1", "Cheng Cui 1,2, Ting Sun 2, Suyin Liang 1"),
        ("1 NVIDIA 2 UMich 3 CMU", "1 NVIDIA 2 UMich 3 CMU"),
        (
            "We study it.  Then we study  more things in a paper of ours.",
            "We study it. Then we study more things in a paper of ours.",
        ),
    ],
)
def test_author_names_stay_apart(authors: str, reads: str) -> None:
    doc = body(f"{authors}\n\n###### Abstract\n\nText.")
    assert doc.blocks[0].text == reads


@pytest.mark.parametrize(
    ("text", "unicode", "latex", "reads"),
    [
        (
            "weight f I f_{I}italic_f start_POSTSUBSCRIPT italic_I end_POSTSUBSCRIPT is",
            "f_I",
            "f_{I}",
            "weight f_I is",
        ),
        ("ratio τ 𝜏\\tau italic_τ is", "τ", "\\tau", "ratio τ is"),
        ("as in (∼\\sim 47.0%) is", "∼", "\\sim", "as in (∼ 47.0%) is"),
        ("then \\pi_{0.5} is", "π₀.₅", "\\pi_{0.5}", "then π₀.₅ is"),
        ("set x = 1 x=1italic_x = 1 is", "x=1", "x=1", "set x=1 is"),
        (
            "loss ℒ\u2061(θ)\\mathcal{L}(\\theta)caligraphic_L ( italic_θ ) is",
            "ℒ(θ)",
            "\\mathcal{L}(\\theta)",
            "loss ℒ(θ) is",
        ),
    ],
)
def test_each_shape_of_inline_formula_becomes_one_math_span(
    text: str, unicode: str, latex: str, reads: str
) -> None:
    found = spans(text)
    assert [span for span in found if span.kind == "math"] == [Span(unicode, "math", latex=latex)]
    assert "".join(span.text for span in found) == reads  # the glyphs and words are gone


def test_a_formula_alone_is_a_display_formula_with_its_number() -> None:
    (block,) = body("𝐴 𝑡=∑ 𝑘 𝑟 𝑘 A_{t}=\\sum_{k}r_{k} (3)").blocks
    assert block.kind == "math" and block.number == "3"
    assert block.spans == (Span("Aₜ=∑ₖrₖ", "math", latex="A_{t}=\\sum_{k}r_{k}"),)


@pytest.mark.parametrize(
    ("latex", "unicode"),
    [
        ("p_{j+1}", "pⱼ₊₁"),
        ("5\\times 10^{-5}", "5×10⁻⁵"),
        ("\\frac{a+b}{c}", "(a+b)/c"),
        ("\\mathbb{R}^{d}", "ℝᵈ"),
        ("x_{ABC}", "x_(ABC)"),
        ("\\sqrt{d_k}", "√dₖ"),
        ("\\frac{", "frac"),  # broken input: something, never an exception
        ("}}}{{{", ""),
    ],
)
def test_latex_becomes_unicode_keeping_grouping(latex: str, unicode: str) -> None:
    assert latex_to_unicode(latex) == unicode


def test_links_inside_the_paper_become_jumps_and_the_rest_is_made_safe() -> None:
    doc = body(
        "## 1 Introduction\n\n"
        f'See Figure [4]({HTML}#S1.F4 "Figure 4 ‣ 1 Introduction ‣ T") and '
        f'§[1](https://arxiv.org/html/{ID}v1#S1.SS0.Px1 "x") and '
        f"(Leviathan et al., [2023]({HTML}#bib.bib2)) and [gone]({HTML}#S9.E1) and "
        "[code](https://github.com/a/b) and [evil](javascript:alert(1)) and "
        "[spoof](https://huggingface.co@evil.example/) and [other](https://arxiv.org/html/2501.00001#S1).\n\n"
        f"![Image 4: Refer to caption]({HTML}/x4.png)\n\nFigure 4: A figure.\n\n"
        "## References\n\n*   First.\n*   Second."
    )
    paragraph = doc.blocks[1]
    links = {span.text: span.target for span in paragraph.spans if span.kind == "link"}
    assert links == {
        "4": "#S1.F4",  # the id the link gives the figure
        "1": "#S1",  # a paragraph of section 1: section 1
        "2023": "#bib.bib2",
        "code": "https://github.com/a/b",
        "other": "https://arxiv.org/html/2501.00001#S1",
    }
    text = paragraph.text
    assert "(Leviathan et al., 2023)" in text and "gone and" in text and "evil and" in text
    assert "spoof" in text and "javascript" not in text and "‣" not in text
    assert doc.blocks[doc.anchors["S1.F4"]].kind == "figure"
    assert doc.blocks[doc.anchors["bib.bib2"]].text == "Second."


def test_links_to_any_address_of_the_paper_are_jumps_inside_it() -> None:
    """The paper asked for with a version, its source under another id: all are this paper."""
    raw = (
        "Title: T\n\nURL Source: https://arxiv.org/html/2312.00099v2\n\nMarkdown Content:\n"
        "## 1 Introduction\n\n## 2 Method\n\nAs in [1](https://arxiv.org/html/2312.00099v1#S1), "
        f"[2]({HTML}#S2), [3](https://arxiv.org/html/{ID}/#S2), [4](#S1), "
        "[5](https://arxiv.org/html/2312.00099#S7) and [6](https://arxiv.org/html/2312.00098#S1)."
    )
    paragraph = normalise(raw, f"{ID}v2").blocks[2]
    links = {span.text: span.target for span in paragraph.spans if span.kind == "link"}
    assert links == {
        "1": "#S1",
        "2": "#S2",
        "3": "#S2",
        "4": "#S1",
        "6": "https://arxiv.org/html/2312.00098#S1",  # another paper
    }
    assert "and 5 and" not in paragraph.text and " 5 and 6" in paragraph.text  # no such place


def test_figure_urls_that_lost_the_paper_id_get_it_back() -> None:
    doc = body(
        "![Image 1: Refer to caption](https://arxiv.org/html/x1.png)\n\nFigure 1: One.\n\n"
        "![Image 2: Refer to caption](x2.png)\n\nFigure 2: Two.\n\n"
        "![Image 3: c](javascript:alert(1))\n\nFigure 3: Three."
    )
    assert [(f.number, f.caption, f.url) for f in doc.figures] == [
        ("1", "One.", f"https://arxiv.org/html/{ID}/x1.png"),
        ("2", "Two.", f"https://arxiv.org/html/{ID}/x2.png"),
        ("3", "Three.", ""),
    ]


def test_a_missing_table_and_a_flattened_one() -> None:
    doc = body("## 2 Results\n\nTable 1: Gone.\n\nMethod Score\nA 0.5\nB 0.7\n\nTable 2: Here.")
    missing, table, caption = doc.blocks[1:]
    assert (missing.kind, missing.anchor, missing.url) == (
        "missing_table",
        "S2.T1",
        f"https://arxiv.org/html/{ID}#S2.T1",
    )
    assert (table.kind, table.anchor, table.text) == ("pre", "S2.T2", "Method Score\nA 0.5\nB 0.7")
    assert caption.text == "Table 2: Here."
    # cells the flattening ran together: a citation and a number, two formulas
    glued = body(
        "Method LR\nGOT [wei2024]0.35 5×10−5 5\\times 10^{-5}5×10−6 5\\times 10^{-6}\n\n"
        "Table 1: Glued."
    )
    assert glued.blocks[0].text == "Method LR\nGOT [wei2024] 0.35 5×10⁻⁵ 5×10⁻⁶"


def test_a_backslash_line_break_and_the_latex_logo_read_as_meant() -> None:
    (paragraph,) = body("A structured L a T e X format, and T e X,\\\nlike this.").blocks
    assert paragraph.text == "A structured LaTeX format, and TeX, like this."


def test_an_algorithm_one_token_per_line_is_joined_again() -> None:
    (block,) = body("Algorithm 1 Search\n1:for\nall\nk\ndo\n2:return\nbest").blocks
    assert block.kind == "pre"
    assert block.text == "Algorithm 1 Search\n1:for all k do\n2:return best"


def test_emphasis_code_lists_quotes_and_fences() -> None:
    doc = body(
        "Some **bold**, *em*, _under_ and `co*de` words.\n\n"
        "*   top\n    1.   inner\n        *   deepest\n*   top again\n\n"
        "> quoted\n> more\n\n```\n  kept  as is\n```"
    )
    words, *items, quote, fence = doc.blocks
    kinds = [(s.kind, s.text) for s in words.spans if s.kind]
    assert kinds == [("strong", "bold"), ("em", "em"), ("em", "under"), ("code", "co*de")]
    assert [(b.level, b.number, b.text) for b in items] == [
        (0, "•", "top"),
        (1, "1.", "inner"),
        (2, "•", "deepest"),
        (0, "•", "top again"),
    ]
    assert (quote.kind, quote.text) == ("quote", "quoted more")
    assert (fence.kind, fence.text) == ("pre", "  kept  as is")


def test_control_characters_escapes_and_bidi_never_get_through() -> None:
    hostile = (
        "## 1 Intro\x1b[2J\n\nA\x1b]52;c;aGk=\x07 b\x9b31m c\u202eevil\u2066 d\u200b\x00e "
        "[q](https://ok.example/p)\n\n[x\x1b[1m](https://a.example/\x1b)"
    )
    doc = body(hostile)
    everything = doc.to_json()
    for bad in ("\x1b", "\x9b", "\x07", "\u202e", "\u2066", "\u200b", "\x00"):
        assert bad not in everything
    assert doc.blocks[1].spans[-1] == Span("q", "link", "https://ok.example/p")
    assert not any("\x1b" in span.target for block in doc.blocks for span in block.spans)


@pytest.mark.parametrize(
    "raw",
    [
        "\n".join("    " * i + "1.   x" for i in range(3000)),  # a deeply nested list
        "x" * 100_000 + "\\alpha" * 20_000 + "_{" * 20_000,  # one long line of junk LaTeX
        "*a" * 50_000 + "\n\n" + "[" * 50_000 + "](" * 20_000,  # unclosed emphasis and links
        "```\n" + "code\n" * 50_000,  # an unterminated fence
        bytes(range(256)).decode("latin-1") * 2_000,  # binary junk
        ("Word \\tau italic_x start_POSTSUBSCRIPT " * 8 + "\n\n") * 2_000,
        "# a" + " " * 20_000 + "x",  # a heading with a run of spaces in it
    ],
    ids=["nested list", "long line", "unclosed", "fence", "binary", "spoken words", "spaces"],
)
def test_hostile_input_gives_a_document_quickly(raw: str) -> None:
    start = time.perf_counter()
    doc = normalise(raw, ID)
    assert time.perf_counter() - start < 4
    assert isinstance(doc, Document) and "\x1b" not in doc.to_json()


def test_a_fence_never_closed_is_dropped_and_the_rest_read_as_text() -> None:
    from tui.core.reader.normalise import normalise

    doc = normalise("## 1 Intro\n\n```\nSome prose.\n\n## 2 Method\n\nMore prose.\n", "2601.00001")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Intro"),
        ("paragraph", "Some prose."),
        ("heading", "Method"),
        ("paragraph", "More prose."),
    ]
    closed = normalise("```\ncode\n```\n\nafter\n", "2601.00001")
    assert [b.kind for b in closed.blocks] == ["pre", "paragraph"]
