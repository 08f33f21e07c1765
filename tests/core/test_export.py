"""Exports (BibTeX, Atom, CSV, Markdown, JSON) and digests parse back (tui/core/export.py)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from fakeserver import DAY_0731, load_fixture

from tui.core.export import (
    CSV_COLUMNS,
    FORMATS,
    bibtex_key,
    digest_json,
    digest_markdown,
    export,
    to_atom,
    to_bibtex,
    to_csv,
    to_json,
    to_markdown,
    year_of,
)
from tui.core.imports import records_from_json
from tui.core.library import Library
from tui.core.models import Paper
from tui.core.parse import parse_entries

ATOM = "{http://www.w3.org/2005/Atom}"


def record(paper: Paper, **extra: Any) -> dict[str, Any]:
    base = {
        "id": paper.id,
        "bookmarked_at": "2026-08-01T10:00:00Z",
        "note": None,
        "tags": [],
        "read_at": None,
        "paper": paper.to_json(),
    }
    base.update(extra)
    return base


@pytest.fixture
def records() -> list[dict[str, Any]]:
    papers = parse_entries(load_fixture(DAY_0731)).papers[:8]
    out = [record(p) for p in papers]
    out[0]["note"] = "A note\nwith two lines & 50% more"
    out[0]["tags"] = ["memory", "to read"]
    out.append(
        {
            "id": "2501.00002",
            "bookmarked_at": "2026-08-02T10:00:00Z",
            "note": None,
            "tags": [],
            "read_at": None,
            "paper": None,
        }
    )
    return out


# --- a small BibTeX reader --------------------------------------------------------------------


def read_braced(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at ``start`` and the index after it.

    As in BibTeX itself, every ``{`` and ``}`` counts, backslash or not.
    """
    assert text[start] == "{", text[start : start + 30]
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
    raise AssertionError(f"unbalanced braces from {text[start : start + 60]!r}")


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    entries = []
    position = 0
    while (at := text.find("@", position)) != -1:
        match = re.compile(r"@(\w+)\s*").match(text, at)
        assert match, text[at : at + 40]
        body, position = read_braced(text, match.end())
        key, _, rest = body.partition(",")
        fields: dict[str, str] = {}
        cursor = 0
        while True:
            field = re.compile(r"\s*(\w+)\s*=\s*").match(rest, cursor)
            if not field:
                assert rest[cursor:].strip() in ("", ","), rest[cursor:]
                break
            name = field.group(1)
            assert name not in fields, f"duplicate field {name}"
            if rest[field.end()] == "{":
                fields[name], cursor = read_braced(rest, field.end())
            else:
                number = re.compile(r"\d+").match(rest, field.end())
                assert number, rest[field.end() : field.end() + 30]
                fields[name], cursor = number.group(0), number.end()
            comma = re.compile(r"\s*,?").match(rest, cursor)
            cursor = comma.end() if comma else cursor
        entries.append((match.group(1), key.strip(), fields))
    return entries


def unbrace(value: str) -> str:
    return value[1:-1] if value.startswith("{") and value.endswith("}") else value


# --- BibTeX -----------------------------------------------------------------------------------


def test_bibtex_entries_carry_arxiv_fields(records: list[dict[str, Any]]) -> None:
    entries = parse_bibtex(to_bibtex(records))
    assert len(entries) == len(records)
    keys = [key for _, key, _ in entries]
    assert len(set(keys)) == len(keys)
    for (kind, key, fields), rec in zip(entries, records, strict=True):
        paper = Paper.from_json(rec["paper"]) if rec["paper"] else Paper(rec["id"], rec["id"])
        assert paper is not None
        assert kind == "misc"
        assert re.fullmatch(r"[a-z0-9]+", key)
        assert fields["eprint"] == paper.id
        assert fields["archivePrefix"] == "arXiv"
        assert fields["url"] == f"https://arxiv.org/abs/{paper.id}"
        assert re.fullmatch(r"20\d\d", fields["year"])
        assert unbrace(fields["title"])
        assert fields["author"] if paper.authors else "author" not in fields
    first = entries[0][2]
    assert unbrace(first["title"]) == records[0]["paper"]["title"].replace("&", r"\&")
    assert first["author"] == " and ".join(records[0]["paper"]["authors"])
    assert first["keywords"] == "memory, to read"
    assert first["annote"] == "A note\nwith two lines \\& 50\\% more"  # its lines kept
    assert "note" not in first  # styles print `note` in a bibliography; annote they do not
    assert "author" not in entries[-1][2]  # no authors known: no field, not "Unknown"
    assert entries[-1][2]["year"] == "2025"


def test_bibtex_sigma_entry() -> None:
    paper = next(p for p in parse_entries(load_fixture(DAY_0731)).papers if p.id == "2607.27958")
    ((_, key, fields),) = parse_bibtex(to_bibtex([record(paper)]))
    assert key == "feng2026mem"
    assert fields["year"] == "2026"
    assert fields["author"] == "Peilin Feng and Suorong Yang and Soujanya Poria"
    assert unbrace(fields["title"]).startswith("Σ-Mem: An Online Reliability Memory")


@pytest.mark.parametrize(
    ("title", "escaped"),
    [
        ("A {Braced} Word", "A {Braced} Word"),  # LaTeX grouping, balanced: kept
        ("100% Accurate", r"100\% Accurate"),
        ("R&D for LLMs", r"R\&D for LLMs"),
        ("snake_case_names", r"snake\_case\_names"),
        ("Cost $5 #1", r"Cost \$5 \#1"),
        ("a\\b ~ c ^ d", r"a\textbackslash{}b \textasciitilde{} c \textasciicircum{} d"),
    ],
)
def test_bibtex_special_characters_are_escaped(title: str, escaped: str) -> None:
    paper = Paper(id="2607.27958", title=title, authors=("Jo_e Smith & Co",))
    ((_, _, fields),) = parse_bibtex(to_bibtex([record(paper)]))
    assert unbrace(fields["title"]) == escaped
    assert fields["author"] == r"Jo\_e Smith \& Co"
    assert not re.search(r"(?<!\\)[%&_#$]", fields["title"])


@pytest.mark.parametrize(
    ("title", "written"),
    [
        (r"2D \& 3D Scenes", r"2D \& 3D Scenes"),
        (r"$\alpha$-Flow: 100% Faster", r"$\alpha$-Flow: 100\% Faster"),
        (r"$O(n^2)$ Attention for $k$-NN", r"$O(n^2)$ Attention for $k$-NN"),
        (r"Caf\'e \textbf{Bold} Ideas", r"Caf\'e \textbf{Bold} Ideas"),
        (r"Prices $5 and $10", r"Prices \$5 and \$10"),  # not math: no LaTeX in it
        # A title is untrusted: a command that reads or writes files is not passed on.
        (r"\input{/etc/passwd} $\write18{rm}$", r"\textbackslash{}input{/etc/passwd} "
         r"\$\textbackslash{}write18{rm}\$"),
    ],
)  # fmt: skip
def test_bibtex_keeps_latex_already_in_a_title(title: str, written: str) -> None:
    """arXiv titles are LaTeX: ``\\&`` must not become ``\\textbackslash{}\\&``."""
    paper = Paper(id="2607.27958", title=title, authors=("A. Author",))
    ((_, _, fields),) = parse_bibtex(to_bibtex([record(paper)]))
    assert unbrace(fields["title"]) == written


def test_bibtex_names_with_a_comma_or_and_stay_one_author() -> None:
    paper = Paper(
        id="2607.27958",
        title="Scaling Laws",
        authors=("Martin Smith, Jr.", "Qwen Team", "Tom and Jerry Lab", "Ada Lovelace"),
        published="2026-07-01",
    )
    ((_, key, fields),) = parse_bibtex(to_bibtex([record(paper)]))
    assert fields["author"] == (
        "{Martin Smith, Jr.} and Qwen Team and {Tom and Jerry Lab} and Ada Lovelace"
    )
    assert key == "smith2026scaling"  # the family name, not "jr"
    assert bibtex_key(Paper(id="2607.1", title="X", authors=("Smith, Martin",))) == ("smith2026x")


@pytest.mark.parametrize("title", ["Unbalanced { brace", "Closing } first", "}{ inverted"])
def test_bibtex_lone_braces_keep_the_file_parseable(title: str) -> None:
    """BibTeX counts every brace, escaped or not: a lone brace must not unbalance the entry."""
    paper = Paper(id="2607.27958", title=title, authors=("A. Author",))
    text = to_bibtex([record(paper), record(Paper(id="2607.00002", title="Next entry"))])
    entries = parse_bibtex(text)
    assert [key for _, key, _ in entries] == [bibtex_key(paper), "arxiv2026next"]
    assert entries[0][2]["eprint"] == "2607.27958"
    assert entries[1][2]["eprint"] == "2607.00002"


def test_bibtex_duplicate_keys_get_suffixes() -> None:
    twins = [
        record(
            Paper(
                id=f"2607.0000{n}",
                title="Same Title",
                authors=("A. Smith",),
                published="2026-07-01",
            )
        )
        for n in range(1, 4)
    ]
    keys = [key for _, key, _ in parse_bibtex(to_bibtex(twins))]
    assert keys[0] == "smith2026same"
    assert len(set(keys)) == 3
    assert all(re.fullmatch(r"smith2026same[a-z]?", key) for key in keys)


def test_year_of() -> None:
    assert year_of(Paper(id="2607.00001", title="t", published="2025-12-31")) == "2025"
    assert year_of(Paper(id="2607.00001", title="t", listed_day="2026-01-02")) == "2026"
    assert year_of(Paper(id="2401.00001", title="t")) == "2024"


# --- Atom -------------------------------------------------------------------------------------


def test_atom_parses_with_one_entry_per_bookmark(records: list[dict[str, Any]]) -> None:
    records[1]["paper"]["title"] = "Control \x01 chars \x0b & <tags> ]]>"
    root = ET.fromstring(to_atom(records).encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "dailypapers bookmarks"
    assert root.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}updated") == "2026-08-02T10:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(records)
    for entry, rec in zip(entries, records, strict=True):
        assert entry.findtext(f"{ATOM}id") == f"https://huggingface.co/papers/{rec['id']}"
        title = entry.findtext(f"{ATOM}title")
        expected = rec["paper"]["title"] if rec["paper"] else rec["id"]
        assert title == expected.replace("\x01", "").replace("\x0b", "")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}updated"))
        links = {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        assert links["alternate"] == f"https://huggingface.co/papers/{rec['id']}"
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
    first = entries[0]
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["memory", "to read"]
    assert first.findtext(f"{ATOM}content") == records[0]["note"]
    assert first.findtext(f"{ATOM}published") == f"{records[0]['paper']['published']}T00:00:00Z"


def test_atom_of_no_bookmarks_is_a_valid_feed() -> None:
    root = ET.fromstring(to_atom([]).encode())
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated")


# --- CSV --------------------------------------------------------------------------------------


def test_csv_round_trips(records: list[dict[str, Any]]) -> None:
    records[1]["paper"]["title"] = 'Commas, "quotes"\nand a newline'
    records[2]["paper"]["title"] = '=HYPERLINK("http://evil")'
    rows = list(csv.reader(io.StringIO(to_csv(records))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(records) + 1
    table = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    for row, rec in zip(table, records, strict=True):
        assert row["id"] == rec["id"]
        assert row["hf_url"] == f"https://huggingface.co/papers/{rec['id']}"
        assert row["arxiv_url"] == f"https://arxiv.org/abs/{rec['id']}"
        assert row["pdf_url"] == f"https://arxiv.org/pdf/{rec['id']}"
        assert row["bookmarked_at"] == rec["bookmarked_at"]
    assert table[0]["authors"] == "; ".join(records[0]["paper"]["authors"])
    assert table[0]["tags"] == "memory, to read"
    assert table[0]["note"] == records[0]["note"]
    assert table[0]["upvotes"] == str(records[0]["paper"]["upvotes"])
    assert table[1]["title"] == 'Commas, "quotes"\nand a newline'
    assert table[2]["title"] == '\'=HYPERLINK("http://evil")'  # never a formula
    assert table[-1]["title"] == "2501.00002"


# --- Markdown ---------------------------------------------------------------------------------

LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((https://huggingface\.co/papers/\d{4}\.\d{4,5})\)")


def test_markdown_has_a_link_per_bookmark(records: list[dict[str, Any]]) -> None:
    records[1]["paper"]["title"] = "Brackets [x] and *stars* and `code` <b>"
    text = to_markdown(records)
    assert text.startswith(f"# Bookmarks ({len(records)})")
    links = LINK.findall(text)
    assert [url for _, url in links] == [
        f"https://huggingface.co/papers/{r['id']}" for r in records
    ]
    assert links[1][0] == r"Brackets \[x\] and \*stars\* and \`code\` \<b\>"
    assert "  > A note" in text and "  > with two lines & 50% more" in text
    assert "Tags: memory, to read" in text
    assert "arXiv:2501.00002" in text


# --- JSON -------------------------------------------------------------------------------------


def test_json_export_round_trips(records: list[dict[str, Any]], tmp_path: Path) -> None:
    text = to_json(records)
    document = json.loads(text)
    assert document["format"] == "dailypapers-bookmarks" and document["version"] == 1
    assert records_from_json(text) == records
    library = Library(tmp_path / "library.db")
    try:
        library.import_records(records_from_json(text))
        again = {r["id"]: r for r in library.export_records()}
        assert set(again) == {r["id"] for r in records}
        for rec in records:
            assert again[rec["id"]]["note"] == rec["note"]
            assert again[rec["id"]]["tags"] == sorted(rec["tags"])
            assert again[rec["id"]]["paper"] == rec["paper"]
    finally:
        library.close()


def test_export_dispatch(records: list[dict[str, Any]]) -> None:
    for fmt in FORMATS:
        assert export(records, fmt)
    with pytest.raises(ValueError, match="unknown format"):
        export(records, "docx")


# --- digests ----------------------------------------------------------------------------------


def test_digests() -> None:
    papers = sorted(parse_entries(load_fixture(DAY_0731)).papers, key=lambda p: -(p.upvotes or 0))
    data = json.loads(digest_json("2026-07-31", papers))
    assert data["day"] == "2026-07-31" and data["count"] == 30
    assert [item["rank"] for item in data["papers"]] == list(range(1, 31))
    assert data["papers"][0]["url"] == f"https://huggingface.co/papers/{papers[0].id}"
    text = digest_markdown("Fri 31 Jul 2026", papers)
    assert text.startswith("# Hugging Face Daily Papers — Fri 31 Jul 2026")
    assert len(LINK.findall(text)) == 30
    assert re.search(r"^1\. \*\*\[", text, re.MULTILINE)
    assert "No papers" in digest_markdown("Sat 1 Aug 2026", [])


def test_a_json_file_nested_too_deeply_is_refused_in_words() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        records_from_json("[" * 100_000 + "]" * 100_000)


# --- deceptive links --------------------------------------------------------------------------

# Links a server may send, or an older version may have kept in a cache or a library.
USERINFO = "https://huggingface.co@evil.example/path"
LOOK_ALIKE = "https://hüggingface.co/look"
HTML_IN_URL = "https://github.com/<img/src=x/onerror=alert(1)>"
LINK_IN_URL = "https://github.com/a)[click](javascript:alert(1)"
# Everything a Markdown renderer could take for a link or HTML, outside the escapes we write.
MARKDOWN_LINK = re.compile(r"(?<!\\)\]\(([^)\s]*)\)")


def test_digest_writes_hostile_urls_and_titles_inertly(paper_factory: Any) -> None:
    papers = [
        paper_factory("2607.00001", title="Hi ](javascript:x) <b>me</b>", github_repo=HTML_IN_URL),
        paper_factory("2607.00002", github_repo=LINK_IN_URL),
        paper_factory("2607.00003", github_repo=USERINFO),
        paper_factory("2607.00004", github_repo=LOOK_ALIKE),
    ]
    text = digest_markdown("Fri 31 Jul 2026", papers)
    code = [line.strip() for line in text.splitlines() if "Code:" in line]
    assert code == [
        "Code: <https://github.com/%3Cimg/src=x/onerror=alert%281%29%3E>",
        "Code: <https://github.com/a%29%5Bclick%5D%28javascript:alert%281%29>",
        "Code: <https://xn--hggingface-9db.co/look>",
    ]
    assert "evil.example" not in text
    assert "<img" not in text and "<b>" not in text
    destinations = MARKDOWN_LINK.findall(text)
    assert destinations == [f"https://huggingface.co/papers/2607.0000{n}" for n in range(1, 5)]


def test_every_export_drops_or_encodes_deceptive_links(
    library: Library, paper_factory: Any
) -> None:
    # Kept by a version that did not check: a library's snapshot holds them as they came.
    library.add_bookmark("2607.00001", paper_factory("2607.00001", github_repo=USERINFO))
    library.add_bookmark("2607.00002", paper_factory("2607.00002", project_page=LOOK_ALIKE))
    records = library.export_records()
    for fmt in FORMATS:
        text = export(records, fmt)
        assert "evil.example" not in text, fmt
        assert "hüggingface" not in text, fmt
    assert "https://xn--hggingface-9db.co/look" in export(records, "csv")
    assert "https://xn--hggingface-9db.co/look" in export(records, "json")
