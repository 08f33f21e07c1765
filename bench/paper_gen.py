"""A paper's full text as ``/papers/{id}.md`` serves it, of any size, with every shape the
normaliser meets (READER.md section 1): the wrapper, stray macros, arXiv's navigation list, the
title as a setext heading, setext and ATX sections, all three shapes of formulas (flattened
MathML, glyph-then-LaTeX, bare LaTeX) inline and on their own lines, figures, flattened and
missing tables, an algorithm, cross-reference and citation links, a bibliography and the
LaTeXML footer. The prose is real sentences of the recorded texts in tests/fixtures/papers_md.

    from paper_gen import make_paper
    raw = make_paper(180_000, seed=0)
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "papers_md"
PAPER_ID = "2601.01234"
HTML = f"https://arxiv.org/html/{PAPER_ID}v2"
TITLE = "Generated Paper: Long-Horizon Reasoning with Sparse Rewards"

# (glyphs, LaTeX, MathML's spoken words)
FORMULAS = [
    ("𝑓 𝐼", "f_{I}", "italic_f start_POSTSUBSCRIPT italic_I end_POSTSUBSCRIPT"),
    ("𝜏", r"\tau", "italic_τ"),
    ("𝑝 𝑗 + 1", "p_{j+1}", "italic_p start_POSTSUBSCRIPT italic_j + 1 end_POSTSUBSCRIPT"),
    ("ℒ ( 𝜃 )", r"\mathcal{L}(\theta)", "caligraphic_L ( italic_θ )"),
    ("5 × 10 − 5", r"5\times 10^{-5}", "5 × 10 start_POSTSUPERSCRIPT - 5 end_POSTSUPERSCRIPT"),
    (
        "𝔼 𝑥 ∼ 𝑝",
        r"\mathbb{E}_{x\sim p}",
        "blackboard_E start_POSTSUBSCRIPT italic_x ∼ italic_p end_POSTSUBSCRIPT",
    ),
    ("𝑁 × 𝑁", r"N\times N", "italic_N × italic_N"),
]
GLYPH_THEN_LATEX = [
    ("∼", r"\sim"),
    ("×", r"\times"),
    ("↑", r"\uparrow"),
    ("≤", r"\leq"),
    ("τ 𝜏", r"\tau"),
]
BARE = [r"\pi_{0.5}", r"\pi_{0}", r"N\in\{0,25,50,90\}", r"\alpha_{t}", r"\hat{y}_{i}", r"O(n^{2})"]
DISPLAY = [
    (r"\mathcal{L}(\theta)=\mathbb{E}_{x\sim p}\left[\frac{a+b}{c}\right]", "ℒ(𝜃)=𝔼 𝑥∼𝑝[(𝑎+𝑏)/𝑐]"),
    (r"A_{t}=\sum_{k=t}^{T}\gamma^{k-t}r_{k}", "𝐴 𝑡=∑ 𝑘=𝑡 𝑇 𝛾 𝑘−𝑡 𝑟 𝑘"),
]


@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    """Real sentences of the recorded papers (prose lines only, without links or formulas)."""
    found: list[str] = []
    for path in sorted(FIXTURES.glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line) < 200 or line[0] in "#![|*-0123456789" or "](" in line or "\\" in line:
                continue
            found.extend(s.strip() for s in re.split(r"(?<=\.) ", line) if len(s) > 40)
    return tuple(found)


def make_paper(size_bytes: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    prose = sentences()
    out: list[str] = [
        f"Title: {TITLE}\n\nURL Source: https://arxiv.org/html/{PAPER_ID}\n\n"
        "Published Time: Mon, 05 Jan 2026 10:00:00 GMT\n\nMarkdown Content:\n"
    ]
    n_sections = max(3, size_bytes // 12_000)
    figure = table = 0
    bib = 40
    nav = []
    for s in range(1, n_sections + 1):
        nav.append(f'{s}.   [{s} Section {s}]({HTML}#S{s} "In {TITLE}")')
        nav.append(f'    1.   [{s}.1 Part]({HTML}#S{s}.SS1 "In {s} Section {s} ‣ {TITLE}")')
    out.append("\n".join(nav) + "\n\n\\useunder\n\n\\ul\n\n\\reportnumber\n001\n")
    out.append(f"{TITLE}\n===============\n\nAda Lovelace{{}}^{{1\\;*}} Alan Turing{{}}^{{2}}\n")
    out.append("###### Abstract\n\nAbstract:\n\n" + " ".join(rng.sample(prose, 6)) + "\n")
    size = sum(map(len, out))
    section = 0
    while size < size_bytes:
        section += 1
        sub = 0
        chunk: list[str] = []
        if section % 2:
            chunk.append(f"{section} Section {section}\n{'-' * 12}\n")
        else:
            chunk.append(f"## {section} Section {section}\n")
        for _ in range(rng.randint(3, 6)):
            if rng.random() < 0.4:
                sub += 1
                chunk.append(f"### {section}.{sub} Part {sub}\n")
            chunk.append(_paragraph(rng, prose, section, figure, table, bib) + "\n")
            roll = rng.random()
            if roll < 0.25:
                figure += 1
                chunk.append(
                    f"![Image {figure}: Refer to caption]({HTML}/x{figure}.png)\n\n"
                    f"Figure {figure}: {rng.choice(prose)}\n"
                )
            elif roll < 0.4:
                table += 1
                rows = ["Method Score↑\\uparrow Cost↓\\downarrow"]
                rows += [f"Model-{r} {rng.random():.3f} {rng.randint(1, 99)}" for r in range(6)]
                chunk.append("\n".join(rows) + f"\n\nTable {table}: {rng.choice(prose)}\n")
            elif roll < 0.5:
                table += 1
                chunk.append(f"Table {table}: {rng.choice(prose)}\n")
            elif roll < 0.6:
                latex, glyphs = rng.choice(DISPLAY)
                chunk.append(f"{glyphs} {latex} (1)\n")
            elif roll < 0.63:
                steps = ["Algorithm 1 Search", "1:task", "\\tau", ", program", "2:for", "k=1", "do"]
                chunk.append("\n\n".join(steps) + "\n")
        text = "\n".join(chunk) + "\n"
        out.append(text)
        size += len(text)
    refs = [f"*   Author {k}. {rng.choice(prose)[:80]}. 2024." for k in range(1, bib + 1)]
    out.append("## References\n\n" + "\n".join(refs) + "\n\n")
    out.append(
        "Generated on Mon Jan 5 10:00:00 2026 by [L a T e XML![Image: Mascot Sammy]"
        "(blob:http://localhost/0)](http://dlmf.nist.gov/LaTeXML/)\n"
    )
    return "".join(out)


def _paragraph(
    rng: random.Random, prose: tuple[str, ...], section: int, figure: int, table: int, bib: int
) -> str:
    words: list[str] = []
    for _ in range(rng.randint(3, 7)):
        words.append(rng.choice(prose))
        roll = rng.random()
        if roll < 0.3:
            glyphs, latex, spoken = rng.choice(FORMULAS)
            words.append(f"with {glyphs} {latex}{spoken} as")
        elif roll < 0.45:
            glyph, latex = rng.choice(GLYPH_THEN_LATEX)
            words.append(f"about {glyph}{latex} 47.0%")
        elif roll < 0.55:
            words.append(f"and {rng.choice(BARE)} is")
        elif roll < 0.7:
            k = rng.randint(1, bib)
            words.append(f"(Leviathan et al., [2023]({HTML}#bib.bib{k}))")
        elif roll < 0.8 and figure:
            f = rng.randint(1, figure)
            words.append(
                f'as Figure [{f}]({HTML}#S{section}.F{f} "Figure {f} ‣ {section} Section ‣ {TITLE}")'
            )
        elif roll < 0.85 and table:
            t = rng.randint(1, table)
            words.append(f'in Table [{t}]({HTML}#S{section}.T{t} "Table {t} ‣ {TITLE}")')
        elif roll < 0.9:
            words.append(f'(§[{section}]({HTML}#S{section} "{section} Section ‣ {TITLE}"))')
        elif roll < 0.93:
            words.append("see [the code](https://github.com/example/repo) and *this*")
    return " ".join(words)
