"""A paper as plain text (``dailypapers read``) and a section of it as Markdown (the copy)."""

from __future__ import annotations

from tui.core.reader.normalise import normalise
from tui.core.reader.plain import plain_text, section_markdown

ID = "2401.15077"
FIGURE_1 = f'[1](https://arxiv.org/html/{ID}v1#S1.F1 "Figure 1 ‣ T")'
RAW = f"""Title: Junk | A Paper

URL Source: https://arxiv.org/html/{ID}

Markdown Content:
## 1 Introduction

We set the rate to \\pi_{{0.5}} as in [the code](https://github.com/a/b), see Figure {FIGURE_1}.

![Image 1: Refer to caption](https://arxiv.org/html/{ID}v1/x1.png)

Figure 1: An overview.

*   first point
*   second point

## 2 Method

```
kept   as is
```

Table 1: Missing.
"""


def test_plain_text_reads_without_markup_and_wraps() -> None:
    doc = normalise(RAW, ID, "A Paper")
    text = plain_text(doc, width=40)
    assert text.startswith("A Paper\n\n1 Introduction\n\nWe set the rate to π₀.₅ as in the")
    assert all(len(line) <= 40 for line in text.splitlines() if "://" not in line)
    assert "](" not in text and "\\pi" not in text
    unwrapped = plain_text(doc)
    assert "We set the rate to π₀.₅ as in the code, see Figure 1." in unwrapped
    assert f"Figure 1: An overview. <https://arxiv.org/html/{ID}v1/x1.png>" in unwrapped
    assert "• first point\n\n• second point" in unwrapped
    assert "kept   as is" in unwrapped  # a pre block as it is
    assert f"Table 1: Missing. (not in this text: https://arxiv.org/html/{ID}#S2.T1)" in unwrapped


def test_a_section_copies_as_markdown_with_its_latex_and_a_link_back() -> None:
    doc = normalise(RAW, ID, "A Paper")
    inside = next(i for i, b in enumerate(doc.blocks) if b.kind == "list_item")
    markdown = section_markdown(doc, inside, f"https://huggingface.co/papers/{ID}")
    assert markdown.startswith("## 1 Introduction\n\nWe set the rate to $\\pi_{0.5}$ as in ")
    assert "[the code](https://github.com/a/b), see Figure 1." in markdown  # a jump: words only
    assert f"**Figure 1:** An overview. ([image](https://arxiv.org/html/{ID}v1/x1.png))" in markdown
    assert "- first point\n\n- second point" in markdown
    assert "Method" not in markdown  # the next section is not this one
    assert markdown.endswith(f"From [A Paper](https://huggingface.co/papers/{ID})\n")
    method = section_markdown(doc, len(doc.blocks) - 1, "javascript:alert(1)")
    assert "```\nkept   as is\n```" in method and method.endswith("From A Paper\n")
