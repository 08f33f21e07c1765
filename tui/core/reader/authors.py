"""The lines before the abstract (authors, affiliations), where LaTeX and the converter leave
names apart by layout alone: two spaces, a non-breaking space or two, a ``\\`` line break, a
line of its own, an affiliation mark. Folding whitespace would run the names together ("Cheng
Cui Ting Sun Suyin Liang"), so the gaps are said with commas first."""

from __future__ import annotations

import re

_ENTITY_SPACE = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#[xX][aA]0);")
# What parts two names: a LaTeX line break, \and or \quad, a line break, a wide space (what
# \quad becomes), two spaces or more (non-breaking and thin ones too; one of those alone binds
# a name: "Cheng&nbsp;Cui").
_GAP = re.compile(
    r"[ \t]*(?:\\\\(?:\\\\)?(?:\[[^\]\n]{0,20}\])?|\\(?:and|AND|q?quad)\b|\n)\s*"
    r"|\s*[\u2001\u2002\u2003\u3000]\s*"
    r"|[ \t\u00a0\u2000-\u200a\u202f\u205f]{2,}"
)
_MAX_WORDS = 6  # a name with its marks; longer parts are sentences, and are only spaced
_MAX_LENGTH = 1000  # longer is an abstract without its heading, not a list of names
# "Letian Fu 1 4 Wenli Xiao 1 5 …": the marks after a name, before the next one
_MARK = r"(?:\d{1,2}|[*∗†‡§¶])"
_PLAIN_MARKS = re.compile(rf"(?<=[^\W\d_]) ({_MARK}(?:[ ,]+{_MARK})*) (?=[A-Z])")
_LATEX_MARKS = re.compile(r"(\{\}\^\{[^{}\n]{1,20}\}|\^\{[^{}\n]{1,20}\}) +(?=[A-Z])")
_LEADING_MARK = re.compile(rf"\s*{_MARK}")


def names_apart(text: str) -> str:
    """A paragraph of the front matter with the gaps between names made ", " (or one space
    after a comma the text already has). Text that does not look like a list of names keeps
    its words, its LaTeX line breaks made spaces."""
    if len(text) > _MAX_LENGTH:
        return text
    text = _ENTITY_SPACE.sub("\u00a0", text)
    parts = [part for part in _GAP.split(text) if part.strip()]
    if len(parts) > 1 and all(len(part.split()) <= _MAX_WORDS for part in parts):
        text = parts[0]
        for part in parts[1:]:
            text += " " + part if text.rstrip().endswith((",", ";", ":")) else ", " + part
    elif len(parts) > 1:
        text = " ".join(parts)
    if not _LEADING_MARK.match(text):  # an affiliation line starts with its mark: "1 NVIDIA"
        text = _LATEX_MARKS.sub(r"\1, ", text)
        if len(_PLAIN_MARKS.findall(text)) >= 2:
            text = _PLAIN_MARKS.sub(r" \1, ", text)
    return text
