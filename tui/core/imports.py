"""Exports read back (``bookmarks import`` and ``library import``): the JSON, CSV and BibTeX
exports of :mod:`.export`, and a reference manager's BibTeX where its entries carry arXiv ids.

The file is untrusted: every reader is linear in its size (no recursion into the file), and
anything it cannot make sense of is a ValueError in plain words, never a crash.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from .export import FORMULA_STARTS, LIBRARY_FORMAT, bibtex_unescape, braces_balanced

READABLE = ("json", "csv", "bibtex")  # what `bookmarks import` reads back
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # a JSON export of 20,000 bookmarks is about 40 MB


def _csv_text(cell: str) -> str:
    """A cell back to the text the CSV export was given (its formula guard taken off)."""
    return cell[1:] if cell[:1] == "'" and cell.lstrip("'")[:1] in FORMULA_STARTS else cell


def records_from_json(text: str) -> list[Any]:
    """Records of a JSON export of the bookmarks or the library (or a bare list of them);
    ValueError in plain words."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ValueError(f"not a JSON file ({error})") from None
    except RecursionError:
        raise ValueError("not a bookmarks export (its JSON is nested too deeply)") from None
    if isinstance(document, dict):
        if document.get("format") == LIBRARY_FORMAT and isinstance(document.get("papers"), list):
            papers: list[Any] = document["papers"]
            return papers
        records = document.get("bookmarks")
        if not isinstance(records, list):
            raise ValueError('not a dailypapers bookmarks export (no "bookmarks" list)')
        return records
    if isinstance(document, list):
        return document
    raise ValueError("not a dailypapers bookmarks export")


def watches_from_json(text: str) -> list[tuple[str, str, str | None]]:
    """(name, query, created_at) of the watches a library export carries; [] for any other
    file. Untrusted: the names and queries are checked again when added (watch_list.py)."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return []
    if not isinstance(document, dict) or document.get("format") != LIBRARY_FORMAT:
        return []
    found = []
    for item in document.get("watches") or []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            when = item.get("created_at")
            found.append(
                (item["name"], str(item.get("query")), when if isinstance(when, str) else None)
            )
    return found


_EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".md": "markdown",
    ".markdown": "markdown",
    ".atom": "atom",
    ".xml": "atom",
}
_BIB_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_BIB_FIELD = re.compile(r"\s*([A-Za-z][\w\-:.]*)\s*=\s*")
_ARXIV_ID = re.compile(r"(?<!\d)(\d{4}\.\d{4,5})(v\d+)?(?!\d)", re.ASCII)


def detect_format(text: str, name: str = "") -> str:
    """json, csv, bibtex, markdown or atom by the text's beginning, else by the file's name;
    "" when neither tells."""
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if head[:1] in ("{", "["):
        return "json"
    if head.startswith("<"):
        return "atom"
    first = head.split("\n", 1)[0]
    if re.fullmatch(r'\s*"?id"?\s*,.*', first, flags=re.IGNORECASE):
        return "csv"
    if head.startswith("# ") or head.startswith("- ["):
        return "markdown"
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", head, flags=re.MULTILINE):
        return "bibtex"
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return _EXTENSIONS.get(suffix, "")


def read_records(text: str, name: str = "") -> list[Any]:
    """The records of an export in any format import reads; ValueError in plain words."""
    fmt = detect_format(text, name)
    if fmt == "json":
        return records_from_json(text)
    if fmt == "csv":
        return records_from_csv(text)
    if fmt == "bibtex":
        return records_from_bibtex(text)
    what = {"markdown": "a Markdown export", "atom": "an Atom feed"}.get(fmt)
    takes = "import reads the JSON, CSV and BibTeX exports"
    if what:
        raise ValueError(f"{what}, which cannot be read back: {takes}")
    raise ValueError(f"not an export that import reads: {takes}")


def records_from_csv(text: str) -> list[dict[str, Any]]:
    """Records of a CSV export (the columns are found by name: a spreadsheet may move them)."""
    try:
        rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
        header = [cell.strip().lower() for cell in next(rows, [])]
        if "id" not in header:
            raise ValueError('not a bookmarks CSV (no "id" column)')
        records = []
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            cells = {name: _csv_text(row[i]) for i, name in enumerate(header) if i < len(row)}
            records.append(_csv_record(cells))
    except csv.Error as error:
        raise ValueError(f"not a CSV file that import reads ({error})") from None
    return records


def _csv_record(cells: dict[str, str]) -> dict[str, Any]:
    def cell(name: str) -> str | None:
        return cells.get(name) or None

    record: dict[str, Any] = {
        "id": (cells.get("id") or "").strip(),
        "bookmarked_at": cell("bookmarked_at"),
        "note": cell("note"),
        "tags": (cells.get("tags") or "").split(","),
        "read_at": cell("read_at"),
    }
    title = cell("title")
    if title and title != record["id"]:
        upvotes = (cells.get("upvotes") or "").strip()
        record["paper"] = {
            "id": record["id"],
            "title": title,
            "authors": [a for a in (cells.get("authors") or "").split("; ") if a.strip()],
            "published": cell("published"),
            "listed_day": cell("listed_day"),
            "upvotes": int(upvotes) if upvotes.isdigit() and len(upvotes) < 10 else None,
            "github_repo": cell("github_repo"),
            "project_page": cell("project_page"),
        }
    return record


def records_from_bibtex(text: str) -> list[dict[str, Any]]:
    """Records of a BibTeX file: ours, or a reference manager's, for the entries that name an
    arXiv id (``eprint``, or an arXiv link or DOI); an entry without one is an unusable record.
    The keywords are the tags and the annote is the note."""
    records: list[dict[str, Any]] = []
    position = 0
    while match := _BIB_ENTRY.search(text, position):
        kind = match.group(1).lower()
        end = _bib_group_end(text, match.end(), "}" if match.group(2) == "{" else ")")
        position = end + 1
        if kind in ("comment", "string", "preamble"):
            continue
        records.append(_bib_record(_bib_fields(text[match.end() : end])))
    if not records:
        raise ValueError("not a BibTeX file that import reads (no entries)")
    return records


def _bib_group_end(text: str, start: int, close: str) -> int:
    """The index of the delimiter that closes an entry opened before ``start`` (or the end)."""
    depth = 0
    for index in range(start, len(text)):
        ch = text[index]
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0 and close == "}":
                return index
            depth = max(0, depth - 1)
        elif ch == ")" and close == ")" and depth == 0:
            return index
    return len(text)


def _bib_value(body: str, start: int) -> tuple[str, int]:
    """One value (``{…}``, ``"…"`` or a bare word) from ``start``; (text, index after it)."""
    opener = body[start : start + 1]
    if opener == "{":
        end = _bib_group_end(body, start + 1, "}")
        return body[start + 1 : end], end + 1
    if opener == '"':
        depth = 0
        for index in range(start + 1, len(body)):
            ch = body[index]
            depth += (ch == "{") - (ch == "}")
            if ch == '"' and depth <= 0 and body[index - 1] != "\\":
                return body[start + 1 : index], index + 1
        return body[start + 1 :], len(body)
    word = re.compile(r"[^,#\s]*").match(body, start)
    assert word is not None  # matches the empty string at least
    return word.group(0), word.end()


def _bib_fields(body: str) -> dict[str, str]:
    """The fields of an entry's body (``key, name = value, …``), names lower-cased."""
    fields: dict[str, str] = {}
    comma = body.find(",")
    position = comma + 1 if comma != -1 else len(body)
    while position < len(body):
        field = _BIB_FIELD.match(body, position)
        if not field:
            comma = body.find(",", position)
            if comma == -1:
                break
            position = comma + 1
            continue
        parts = []
        value, position = _bib_value(body, field.end())
        parts.append(value)
        while (more := re.compile(r"\s*#\s*").match(body, position)) and more.end() < len(body):
            value, after = _bib_value(body, more.end())
            if after <= position:
                break
            parts.append(value)
            position = after
        fields.setdefault(field.group(1).lower(), "".join(parts))
        separator = re.compile(r"\s*,?").match(body, position)
        position = max(position + 1, separator.end()) if separator else position + 1
    return fields


def _bib_id(fields: dict[str, str]) -> str | None:
    from .models import normalise_paper_id

    for name in ("eprint", "arxivid", "arxiv"):
        value = fields.get(name, "").strip()
        paper_id = normalise_paper_id(value)
        if paper_id:
            return paper_id
    for name in ("url", "doi", "journal", "note", "howpublished", "eprint"):
        value = fields.get(name, "")
        match = _ARXIV_ID.search(value) if "arxiv" in value.lower() else None
        if match and (paper_id := normalise_paper_id(match.group(1))):
            return paper_id
    return None


def _unbraced(value: str) -> str:
    value = value.strip()
    while value.startswith("{") and value.endswith("}") and braces_balanced(value[1:-1]):
        value = value[1:-1].strip()
    return value


def _bib_names(value: str) -> list[str]:
    """``A and {Tom and Jerry Lab} and B``: split at each ``and`` outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return names


def _bib_record(fields: dict[str, str]) -> dict[str, Any]:
    paper_id = _bib_id(fields)
    record: dict[str, Any] = {"id": paper_id}
    if paper_id is None:
        return record  # counted as unreadable
    if fields.get("annote"):
        record["note"] = bibtex_unescape(fields["annote"])
    if fields.get("keywords"):
        record["tags"] = re.split(r"[,;]", bibtex_unescape(_unbraced(fields["keywords"])))
    title = " ".join(bibtex_unescape(_unbraced(fields.get("title", ""))).split())
    if title:
        names = _bib_names(fields.get("author", ""))
        record["paper"] = {
            "id": paper_id,
            "title": title,
            "authors": [bibtex_unescape(_unbraced(n)) for n in names if _unbraced(n)],
        }
    return record


# --- digest ---------------------------------------------------------------------------------
