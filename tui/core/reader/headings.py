"""Section numbers and the LaTeXML anchors arXiv gives sections ("2.1" -> "S2.SS1")."""

from __future__ import annotations

import re

_NUMBERED = re.compile(
    r"(?:(?P<appendix>Appendix)\s+)?(?P<number>(?:\d{1,2}|[A-Z])(?:\.\d{1,2}){0,5})\.?\s+(?P<rest>\S.*)",
    re.DOTALL,
)
_LEVEL_NAMES = ("", "SS", "SSS")


def split_number(text: str) -> tuple[str, str]:
    """("2.1", "Method") for "2.1 Method", ("A", "Proofs") for "Appendix A Proofs", ("", text)
    when the heading has no number. A lone capital ("A Study of…") is a number only after
    "Appendix" or with a subsection part ("A.1")."""
    match = _NUMBERED.fullmatch(text)
    if match is None:
        return "", text
    number = match.group("number")
    if number[0].isalpha() and not match.group("appendix") and "." not in number:
        return "", text
    return number, match.group("rest")


def section_anchor(number: str) -> str:
    """ "2" -> "S2", "2.1.3" -> "S2.SS1.SSS3", "A" -> "A1", "B.2" -> "A2.SS2"; "" past three
    levels (arXiv numbers those differently)."""
    parts = number.split(".")
    if not parts[0] or len(parts) > len(_LEVEL_NAMES):
        return ""
    first = parts[0]
    head = f"A{ord(first) - ord('A') + 1}" if first.isalpha() else f"S{int(first)}"
    rest = [f"{_LEVEL_NAMES[i]}{int(part)}" for i, part in enumerate(parts[1:], start=1)]
    return ".".join([head, *rest])
