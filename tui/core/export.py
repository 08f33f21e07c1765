"""Bookmarks out to the tools researchers use (BibTeX, Markdown, JSON, CSV, Atom), and digests.

An export record is a dict as :meth:`Library.export_records` makes it: ``id``, ``bookmarked_at``,
``note``, ``tags``, ``read_at`` and ``paper`` (the paper's fields, fresh from the cache where it
has them, else the snapshot kept with the bookmark). The JSON, CSV and BibTeX exports are
what ``bookmarks import`` reads back (:mod:`.imports`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from .. import __version__
from .models import HF_SITE, Paper, arxiv_abs_url, arxiv_pdf_url, hf_paper_url
from .text import safe_url

FORMATS = ("bibtex", "markdown", "json", "csv", "atom")
JSON_FORMAT = "dailypapers-bookmarks"
LIBRARY_FORMAT = "dailypapers-library"


def record_paper(record: dict[str, Any]) -> Paper:
    paper = Paper.from_json(record.get("paper") or {}) if record.get("paper") else None
    return paper or Paper(id=record["id"], title=record["id"])


def year_of(paper: Paper) -> str:
    for day in (paper.published, paper.listed_day):
        if day and len(day) >= 4:
            return day[:4]
    return f"20{paper.id[:2]}"  # arXiv ids start with YYMM


# --- BibTeX ---------------------------------------------------------------------------------

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_UNESCAPE = re.compile(
    r"\\(textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum)\{\}"
    r"|\\([&%$#_{}])"
)
_UNESCAPED = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
}

# LaTeX that arXiv titles carry and that is kept as written, not escaped a second time: harmless
# commands only (a title is untrusted, and \input or \write in a .bib would run when a paper is
# built); any other command has its backslash escaped.
_LATEX_COMMANDS = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta
    Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell infty partial nabla times cdot cdots ldots dots
    pm mp leq geq le ge neq ne approx sim simeq equiv propto to rightarrow leftarrow
    leftrightarrow Rightarrow Leftarrow mapsto in notin subset subseteq cup cap forall exists
    sum prod int log exp min max sqrt frac mathbb mathcal mathrm mathbf mathit mathsf mathtt
    boldsymbol text textrm textbf textit texttt textsc textsf emph hat tilde bar vec dot ddot
    prime star ast circ bullet left right mid vert lvert rvert langle rangle colon quad
    textsuperscript textsubscript LaTeX TeX S dag ddag oplus otimes""".split()  # noqa: SIM905
)
_LATEX_TOKEN = re.compile(
    r"\\([A-Za-z]+)"  # a command
    r"|\\([&%$#_{}])"  # a special character already escaped
    r"|\\([\'\"`^~=.][A-Za-z]?)"  # an accent: \'e
    r"|(\$)([^$]*)\$"  # inline math
)


def braces_balanced(text: str) -> bool:
    """As BibTeX counts them: every brace, backslash or not."""
    depth = 0
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def _is_math(body: str) -> bool:
    """``$\\alpha$`` and ``$k$`` are math; ``$5 and $`` (two prices) is not."""
    return bool(body) and (bool(re.search(r"[\\^_{]", body)) or not re.search(r"\s", body))


def bibtex_escape(text: str, *, latex: bool = True) -> str:
    """Text made safe for a BibTeX field, whitespace runs made single spaces.

    ``latex``: LaTeX already in the text (arXiv titles carry ``2D \\& 3D``, ``$\\alpha$``) is
    kept as written rather than escaped a second time, when its braces are balanced."""
    text = " ".join(text.split())
    if not latex or not braces_balanced(text):
        return bibtex_plain(text)
    out: list[str] = []
    position = 0
    for match in _LATEX_TOKEN.finditer(text):
        command, _special, _accent, dollar, math = match.groups()
        if command is not None and command not in _LATEX_COMMANDS:
            continue  # escaped with the plain text around it
        if dollar and not (_is_math(math) and _math_is_safe(math)):
            continue
        out.append(_escape_latex_text(text[position : match.start()]))
        if dollar:
            out.append("$" + re.sub(r"(?<!\\)([%&#])", r"\\\1", math) + "$")
        else:
            out.append(match.group(0))
        position = match.end()
    out.append(_escape_latex_text(text[position:]))
    return "".join(out)


def _math_is_safe(body: str) -> bool:
    return all(name in _LATEX_COMMANDS for name in re.findall(r"\\([A-Za-z]+)", body))


def _escape_latex_text(text: str) -> str:
    """Plain text between kept LaTeX: balanced braces are LaTeX grouping and stay."""
    return "".join(ch if ch in "{}" else _BIBTEX_ESCAPES.get(ch, ch) for ch in text)


def bibtex_plain(text: str) -> str:
    """Every special character escaped, line breaks kept (a note's paragraphs)."""
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in text)


def bibtex_unescape(text: str) -> str:
    """What :func:`bibtex_plain` wrote, back to the text it was given."""
    return _BIBTEX_UNESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1) or "", m.group(2)), text)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


_STOP = {"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "towards", "toward"}


def _family_name(author: str) -> str:
    """``Ada Lovelace`` → Lovelace; ``Martin Smith, Jr.`` and ``Smith, Martin`` → Smith."""
    words = author.split(",")[0].split() or author.split()
    return words[-1] if words else ""


def bibtex_author(author: str) -> str:
    """One name for the ``author`` field. A comma or a word ``and`` inside a name would make
    BibTeX split or reorder it, so such a name is braced and taken as written."""
    escaped = bibtex_escape(author)
    if "," in author or re.search(r"\band\b", author, flags=re.IGNORECASE):
        return "{" + escaped + "}"
    return escaped


def bibtex_key(paper: Paper) -> str:
    last = _ascii_word(_family_name(paper.authors[0])) if paper.authors else ""
    words = [_ascii_word(w) for w in paper.title.split()]
    first = next((w for w in words if w and w not in _STOP), "")
    return f"{last or 'arxiv'}{year_of(paper)}{first or paper.id.replace('.', '')}"


def bibtex_entry(
    paper: Paper, *, key: str | None = None, tags: Sequence[str] = (), note: str | None = None
) -> str:
    """One ``@misc`` entry that Zotero, JabRef and biblatex import as an arXiv preprint."""
    fields = [("title", "{" + bibtex_escape(paper.title) + "}")]  # braces keep capitals
    if paper.authors:  # none known: no field, rather than a made-up "Unknown" author
        fields.append(("author", " and ".join(bibtex_author(a) for a in paper.authors)))
    fields += [
        ("year", year_of(paper)),
        ("eprint", paper.id),
        ("archivePrefix", "arXiv"),
        ("url", arxiv_abs_url(paper.id)),
    ]
    if tags:
        fields.append(("keywords", bibtex_escape(", ".join(tags), latex=False)))
    if note:
        # annote, not note: bibliography styles print `note` under the reference, and a
        # private remark would end up in a paper's references; reference managers read annote.
        # Its line breaks are kept: `bookmarks import` reads the note back as it was written.
        fields.append(("annote", bibtex_plain(note)))
    body = ",\n".join(f"  {name:<13} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or bibtex_key(paper)},\n{body}\n}}\n"


def to_bibtex(records: Sequence[dict[str, Any]]) -> str:
    used: dict[str, int] = {}
    entries = []
    for record in records:
        paper = record_paper(record)
        key = bibtex_key(paper)
        if key in used:
            used[key] += 1
            key = (
                f"{key}{chr(ord('a') + used[key] - 1)}" if used[key] <= 26 else f"{key}{used[key]}"
            )
        else:
            used[key] = 1
        entries.append(
            bibtex_entry(paper, key=key, tags=record.get("tags") or (), note=record.get("note"))
        )
    return "\n".join(entries)


# --- Markdown -------------------------------------------------------------------------------


def markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


# What a URL written into Markdown keeps as it is: its own delimiters. Everything else (spaces,
# < > ( ) [ ] " ' ` \\, non-ASCII) is percent-encoded, so that a URL from the network can
# neither close its link early (`a)[click](javascript:…`) nor carry HTML (`<img onerror=…>`)
# into mail or chat, and still leads where it did: browsers decode it back.
_MARKDOWN_URL_SAFE = ":/?#@!$&*+,;=%~-._"


def markdown_url(url: str | None) -> str | None:
    """A URL to write as a Markdown link destination or autolink; None for an unsafe one."""
    checked = safe_url(url)
    return quote(checked, safe=_MARKDOWN_URL_SAFE) if checked else None


def markdown_link(paper: Paper) -> str:
    url = markdown_url(hf_paper_url(paper.id))
    return f"[{markdown_escape(paper.title)}]({url})"


def _authors_short(paper: Paper, limit: int = 3) -> str:
    if not paper.authors:
        return ""
    shown = ", ".join(paper.authors[:limit])
    return shown + (" et al." if len(paper.authors) > limit else "")


def to_markdown(records: Sequence[dict[str, Any]]) -> str:
    lines = [f"# Bookmarks ({len(records)})", ""]
    for record in records:
        paper = record_paper(record)
        lines.append(f"- {markdown_link(paper)}")
        details = [d for d in (_authors_short(paper), year_of(paper), f"arXiv:{paper.id}") if d]
        lines.append(f"  {markdown_escape(' · '.join(details))}")
        if record.get("tags"):
            lines.append("  Tags: " + ", ".join(markdown_escape(t) for t in record["tags"]))
        if record.get("note"):
            for line in str(record["note"]).splitlines():
                lines.append(f"  > {markdown_escape(line)}" if line.strip() else "  >")
    return "\n".join(lines) + "\n"


# --- JSON and CSV ---------------------------------------------------------------------------


def _json_document(format_name: str, key: str, records: Sequence[dict[str, Any]]) -> str:
    document = {
        "format": format_name,
        "version": 1,
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generator": f"dailypapers {__version__}",
        key: list(records),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_json(records: Sequence[dict[str, Any]]) -> str:
    return _json_document(JSON_FORMAT, "bookmarks", records)


def library_json(records: Sequence[dict[str, Any]], watches: Sequence[dict[str, Any]] = ()) -> str:
    """The whole library (``Library.export_records(everything=True)``) as one JSON document,
    with the library's watches (``Watch.to_json``) under ``watches``."""
    document = json.loads(_json_document(LIBRARY_FORMAT, "papers", records))
    document["watches"] = [
        {"name": w["name"], "query": w["query"], "created_at": w["created_at"]} for w in watches
    ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "id",
    "title",
    "authors",
    "published",
    "listed_day",
    "upvotes",
    "hf_url",
    "arxiv_url",
    "pdf_url",
    "github_repo",
    "project_page",
    "tags",
    "note",
    "bookmarked_at",
    "read_at",
)


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start with these as formulas: keep them text. A cell that
    # already starts with quotes before one gets one more, so that reading strips exactly one.
    return "'" + text if text.lstrip("'")[:1] in FORMULA_STARTS else text


def to_csv(records: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        paper = record_paper(record)
        writer.writerow(
            [
                _csv_cell(v)
                for v in (
                    paper.id,
                    paper.title,
                    "; ".join(paper.authors),
                    paper.published,
                    paper.listed_day,
                    paper.upvotes,
                    hf_paper_url(paper.id),
                    arxiv_abs_url(paper.id),
                    arxiv_pdf_url(paper.id),
                    paper.github_repo,
                    paper.project_page,
                    ", ".join(record.get("tags") or ()),
                    record.get("note"),
                    record.get("bookmarked_at"),
                    record.get("read_at"),
                )
            ]
        )
    return out.getvalue()


# --- Atom (RFC 4287) ------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str | None) -> str:
    return _XML_ILLEGAL.sub("", text or "")


def _atom_time(stamp: str | None) -> str:
    if stamp and re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", stamp):
        return stamp
    if stamp and re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp):
        return f"{stamp}T00:00:00Z"
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_atom(records: Sequence[dict[str, Any]]) -> str:
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = _xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "title", "dailypapers bookmarks")
    sub(feed, "id", "urn:dailypapers:bookmarks")
    times = [_atom_time(r.get("bookmarked_at")) for r in records]
    sub(feed, "updated", max(times) if times else _atom_time(None))
    sub(sub(feed, "author"), "name", "dailypapers")
    sub(feed, "generator", "dailypapers", version=__version__)
    sub(feed, "link", href=f"{HF_SITE}/papers", rel="related")
    for record, updated in zip(records, times, strict=True):
        paper = record_paper(record)
        entry = sub(feed, "entry")
        sub(entry, "id", hf_paper_url(paper.id))
        sub(entry, "title", paper.title)
        sub(entry, "updated", updated)
        if paper.published:
            sub(entry, "published", _atom_time(paper.published))
        for name in paper.authors or ("Unknown",):
            sub(sub(entry, "author"), "name", name)
        sub(entry, "link", href=hf_paper_url(paper.id), rel="alternate", type="text/html")
        sub(entry, "link", href=arxiv_abs_url(paper.id), rel="related", title="arXiv")
        sub(entry, "link", href=arxiv_pdf_url(paper.id), rel="related", type="application/pdf")
        for tag in record.get("tags") or ():
            sub(entry, "category", term=_xml_text(tag))
        if paper.abstract:
            sub(entry, "summary", paper.abstract, type="text")
        if record.get("note"):
            sub(entry, "content", record["note"], type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def export(records: Sequence[dict[str, Any]], fmt: str) -> str:
    writers = {
        "bibtex": to_bibtex,
        "markdown": to_markdown,
        "json": to_json,
        "csv": to_csv,
        "atom": to_atom,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](records)


def digest_markdown(label: str, papers: Sequence[Paper]) -> str:
    lines = [f"# Hugging Face Daily Papers — {label}", ""]
    if not papers:
        return "\n".join([*lines, "No papers were listed on this day.", ""])
    lines += [f"{len(papers)} papers, most upvoted first.", ""]
    for rank, paper in enumerate(papers, 1):
        lines += _digest_item(rank, paper)
    return "\n".join(lines)


def _digest_item(rank: int, paper: Paper, watches: Sequence[str] = ()) -> list[str]:
    """One paper of a digest: its link and counts, who wrote it, a sentence, its code; the
    watches it matched (``digest --watch``)."""
    counts = f"▲ {paper.upvotes or 0}"
    if paper.comments:
        counts += f", {paper.comments} comment{'s' if paper.comments != 1 else ''}"
    lines = [f"{rank}. **{markdown_link(paper)}** ({counts})"]
    if watches:
        lines.append(f"   Watch: {markdown_escape(', '.join(watches))}")
    who = " · ".join(x for x in (_authors_short(paper), paper.organization or "") if x)
    if who:
        lines.append(f"   {markdown_escape(who)}")
    blurb = paper.ai_summary or _first_sentence(paper.abstract)
    if blurb:
        lines.append(f"   {markdown_escape(blurb)}")
    code = markdown_url(paper.github_repo)
    if code:  # an autolink: its text is the URL, shown literally, never read as Markdown
        lines.append(f"   Code: <{code}>")
    lines.append("")
    return lines


def watch_digest_markdown(since: str, items: Sequence[tuple[Paper, Sequence[str]]]) -> str:
    """``digest --watch``: the papers new for the user's watches ``since`` (words), newest
    listing day first, each with the watches it matched."""
    lines = [f"# New for your watches — since {since}", ""]
    lines += [f"{len(items)} paper{'s' if len(items) != 1 else ''}, newest first.", ""]
    for rank, (paper, watches) in enumerate(items, 1):
        lines += _digest_item(rank, paper, watches)
    return "\n".join(lines)


def watch_digest_json(since: str, items: Sequence[tuple[Paper, Sequence[str]]]) -> str:
    papers = [
        {
            "rank": rank,
            **paper.to_json(),
            "watches": list(watches),
            "url": hf_paper_url(paper.id),
            "arxiv_url": arxiv_abs_url(paper.id),
        }
        for rank, (paper, watches) in enumerate(items, 1)
    ]
    document = {"since": since, "count": len(papers), "papers": papers}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _first_sentence(text: str | None, limit: int = 300) -> str:
    if not text:
        return ""
    first = re.split(r"(?<=[.!?])\s", text.split("\n\n")[0], maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def digest_json(day: str, papers: Sequence[Paper]) -> str:
    items = []
    for rank, paper in enumerate(papers, 1):
        item = {
            "rank": rank,
            **paper.to_json(),
            "url": hf_paper_url(paper.id),
            "arxiv_url": arxiv_abs_url(paper.id),
        }
        items.append(item)
    return (
        json.dumps({"day": day, "count": len(items), "papers": items}, ensure_ascii=False, indent=2)
        + "\n"
    )
