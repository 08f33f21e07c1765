"""LaTeX math as readable Unicode: ``\\pi_{0.5}`` as ``π₀.₅``, ``5\\times 10^{-5}`` as ``5×10⁻⁵``.

pylatexenc parses (robust: it never raises on bad input with tolerant parsing); its nodes are
walked here rather than by its own text converter, which drops the grouping of ``p_{j+1}`` and
the parentheses of fractions. A sub- or superscript becomes Unicode when every character of it
has a Unicode form, else ``_x`` or ``_(…)``: what reads unambiguously in a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

from pylatexenc.latex2text import get_default_latex_context_db
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexSpecialsNode,
    LatexWalker,
)

SUPERSCRIPTS = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ∗*′†‡,. ",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡ**′†‡˒· ",
        strict=True,
    )
)
SUBSCRIPTS = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ,. ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ˛. ",
        strict=True,
    )
)
# Letters in \mathbb that have a well-known form of their own (the rest stay plain).
_DOUBLE_STRUCK = {
    "R": "ℝ",
    "N": "ℕ",
    "Z": "ℤ",
    "Q": "ℚ",
    "C": "ℂ",
    "E": "𝔼",
    "P": "ℙ",
    "H": "ℍ",
    "1": "𝟙",
}
_SCRIPT = {"L": "ℒ", "H": "ℋ", "F": "ℱ", "B": "ℬ", "E": "ℰ", "M": "ℳ", "R": "ℛ", "I": "ℐ"}
# Macros that only change the font or size of what they take: their argument is what shows.
_FONTS = frozenset(
    [
        "mathrm",
        "mathit",
        "mathbf",
        "mathsf",
        "mathtt",
        "text",
        "textrm",
        "textit",
        "textbf",
        "texttt",
        "textsf",
        "textnormal",
        "emph",
        "boldsymbol",
        "bm",
        "pmb",
        "mathnormal",
        "operatorname",
        "mbox",
        "hbox",
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "mathscr",
        "mathfrak",
        "mathbbm",
        "mathds",
        "textsc",
        "textup",
        "textmd",
        "mathsc",
    ]
)
_INVISIBLE = frozenset(
    [
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "middle",
        "limits",
        "nolimits",
        "nonumber",
        "notag",
        "label",
        "tag",
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "scriptscriptstyle",
        "!",
        "mathopen",
        "mathclose",
        "mathrel",
        "mathbin",
        "mathord",
        "mathpunct",
        "phantom",
        "hphantom",
        "vphantom",
        "rm",
        "bf",
        "it",
        "sf",
        "tt",
        "cal",
        "sl",
        "sc",
        "em",
        "normalfont",
        "scriptsize",
        "footnotesize",
        "small",
        "large",
        "Large",
        "tiny",
        "boldmath",
        "unboldmath",
        "hfill",
        "hfil",
        "centering",
        "noindent",
    ]
)
_SPACES = {",": " ", ";": " ", ":": " ", " ": " ", "quad": " ", "qquad": "  ", "enspace": " "}
_ACCENTS = {
    "hat": "\u0302",
    "widehat": "\u0302",
    "tilde": "\u0303",
    "widetilde": "\u0303",
    "bar": "\u0304",
    "overline": "\u0305",
    "vec": "\u20d7",
    "dot": "\u0307",
    "ddot": "\u0308",
    "check": "\u030c",
    "acute": "\u0301",
    "grave": "\u0300",
    "breve": "\u0306",
    "underline": "\u0332",
}
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac", "nicefrac"})
_EXTRA_SYMBOLS = {
    "{": "{",
    "}": "}",
    "%": "%",
    "_": "_",
    "&": "&",
    "#": "#",
    "$": "$",
    "|": "‖",
    "\\": "; ",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "mid": "∣",
    "top": "⊤",
    "intercal": "⊺",
    "triangleq": "≜",
    "coloneqq": "≔",
    "coloneq": "≔",
    "eqqcolon": "≕",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "prime": "′",
    "dagger": "†",
    "ddagger": "‡",
    "ell": "ℓ",
    "varnothing": "∅",
    "emptyset": "∅",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "lceil": "⌈",
    "rceil": "⌉",
    "odot": "⊙",
    "oplus": "⊕",
    "otimes": "⊗",
    "propto": "∝",
    "checkmark": "✓",
    "star": "⋆",
    "ast": "∗",
    "circ": "∘",
    "bullet": "•",
    "log": "log",
    "exp": "exp",
    "max": "max",
    "min": "min",
    "arg": "arg",
    "sup": "sup",
    "inf": "inf",
    "lim": "lim",
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "det": "det",
    "dim": "dim",
    "ln": "ln",
    "Pr": "Pr",
    "argmax": "argmax",
    "argmin": "argmin",
}


@lru_cache(maxsize=1)
def _symbols() -> dict[str, str]:
    """Macro name -> the symbol it stands for, from pylatexenc's table and a few of our own."""
    table: dict[str, str] = {}
    for spec in get_default_latex_context_db().iter_macro_specs():
        repl = getattr(spec, "simplify_repl", None)
        if isinstance(repl, str) and "%" not in repl and 0 < len(repl) <= 3:
            table[spec.macroname] = repl
    table.update(_EXTRA_SYMBOLS)
    return table


def symbol(name: str) -> str | None:
    """The Unicode symbol a macro without arguments stands for (``times`` -> ``×``), or None."""
    if name in _SPACES:
        return _SPACES[name]
    if name in _INVISIBLE:
        return ""
    return _symbols().get(name)


_SINGLE_MACRO = re.compile(r"\\([A-Za-z]+)\s*")


@lru_cache(maxsize=4096)
def latex_to_unicode(latex: str) -> str:
    """The formula as Unicode text; never raises (on a failure, the LaTeX as it is)."""
    single = _SINGLE_MACRO.fullmatch(latex)
    if single:  # the most common case by far (∼\sim, ×\times), without a parse
        found = symbol(single.group(1))
        if found is not None:
            return found
    try:
        nodes = LatexWalker(latex, tolerant_parsing=True).get_latex_nodes()[0] or []
        text = _render(nodes, 0)
    except Exception:  # pylatexenc on hostile input: the source reads better than nothing
        return latex
    return re.sub(r"\s+", " ", text).strip()


def _render(nodes: Sequence[LatexNode | None], depth: int) -> str:
    if depth > 40:  # a hostile nesting: stop descending, keep what is there
        return ""
    out: list[str] = []
    tokens = list(_tokens(nodes))
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if isinstance(token, str) and token in ("_", "^"):
            script = ""
            if i < len(tokens):
                script = _render_token(tokens[i], depth)
                i += 1
            out.append(_script(script, superscript=token == "^"))
        else:
            text = _render_token(token, depth)
            if isinstance(token, LatexMacroNode) and _takes_next(token) and i < len(tokens):
                text = _apply_to(token.macroname, _render_token(tokens[i], depth))
                i += 1
            out.append(text)
    return "".join(out)


def _tokens(nodes: Sequence[LatexNode | None]) -> Iterator[LatexNode | str]:
    """Nodes, with the characters of a run of characters one by one (a script takes one)."""
    for node in nodes:
        if node is None or isinstance(node, LatexCommentNode):
            continue
        if isinstance(node, LatexCharsNode):
            yield from node.chars
        else:
            yield node


def _takes_next(node: LatexMacroNode) -> bool:
    """A font or accent macro whose argument pylatexenc did not attach (it does not know it)."""
    name = node.macroname
    has_args = bool(node.nodeargd and any(node.nodeargd.argnlist or ()))
    return not has_args and (name in _FONTS or name in _ACCENTS or name.startswith("math"))


def _render_token(token: LatexNode | str, depth: int) -> str:
    if isinstance(token, str):
        return "" if token in "{}" else token
    if isinstance(token, LatexGroupNode | LatexMathNode):
        return _render(token.nodelist or [], depth + 1)
    if isinstance(token, LatexEnvironmentNode):
        body = _render(token.nodelist or [], depth + 1)
        return body.replace("&", " ")
    if isinstance(token, LatexSpecialsNode):
        chars = str(token.specials_chars)
        return {"&": " ", "~": " "}.get(chars, chars)
    if isinstance(token, LatexMacroNode):
        return _render_macro(token, depth)
    return ""


def _render_macro(node: LatexMacroNode, depth: int) -> str:
    name = node.macroname
    args = [
        _render([arg], depth + 1) if arg is not None else ""
        for arg in (node.nodeargd.argnlist if node.nodeargd else None) or ()
    ]
    args = [arg for arg in args if arg]
    if name in _FRACTIONS and len(args) >= 2:
        return f"{_grouped(args[-2])}/{_grouped(args[-1])}"
    if name == "sqrt" and args:
        return "√" + _grouped(args[-1])
    if args and (name in _FONTS or name in _ACCENTS or name.startswith("math")):
        return _apply_to(name, args[-1])
    found = symbol(name)
    if found is not None:
        return found + "".join(args)
    return "".join(args) if args else name


def _apply_to(name: str, text: str) -> str:
    if name in _ACCENTS:
        return text + _ACCENTS[name] if len(text) == 1 else text
    if name in ("mathbb", "mathbbm", "mathds"):
        return "".join(_DOUBLE_STRUCK.get(ch, ch) for ch in text)
    if name == "mathcal":
        return "".join(_SCRIPT.get(ch, ch) for ch in text)
    return text


def _grouped(text: str) -> str:
    """A fraction's part: in parentheses unless it is one symbol or already bracketed."""
    text = text.strip()
    if len(text) <= 1 or text.isalnum() or (text[0] + text[-1]) in ("()", "[]", "{}"):
        return text
    return f"({text})"


def _script(text: str, *, superscript: bool) -> str:
    text = text.strip()
    if not text:
        return ""
    table = SUPERSCRIPTS if superscript else SUBSCRIPTS
    if all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    mark = "^" if superscript else "_"
    return mark + (text if len(text) == 1 else f"({text})")


_SQUASH = re.compile(r"[\s_^(){}\[\]/\u2061-\u2064,.]+")
_MACRO = re.compile(r"\\([A-Za-z]+|.)")


@lru_cache(maxsize=8192)
def squashed(text: str) -> str:
    """A formula reduced to its visible symbols, so that the glyphs arXiv's page showed and
    the LaTeX beside them compare equal: compatibility forms folded (𝜏 -> τ, ⁻⁵ -> −5),
    spacing, scripts' marks and brackets gone."""
    folded = unicodedata.normalize("NFKC", text).replace("−", "-").replace("∗", "*")
    return _SQUASH.sub("", folded)


@lru_cache(maxsize=8192)
def flat_latex(latex: str) -> str:
    """``squashed`` of the formula, computed from the source without a parse (cheap enough to
    try on every prefix of a run of LaTeX)."""

    def replace(match: re.Match[str]) -> str:
        found = symbol(match.group(1))
        return found if found is not None else ""

    return squashed(_MACRO.sub(replace, latex))
