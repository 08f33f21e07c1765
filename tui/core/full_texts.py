"""Full texts of papers in the cache: the raw text as served and its normalised Document, both
zlib-compressed, and one searchable row per block (text_blocks, indexed by text_fts).

Functions over a cache connection; Store gives them its transaction and error handling."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable

from .models import paper_rowid
from .reader.document import FORMAT, Document
from .reader.stored_text import StoredText

# A stored text is at most what body.py lets in (about 20 MB); inflating is capped well above
# that, so a damaged row cannot make a read allocate without bound.
_INFLATE_LIMIT = 64 * 1024 * 1024
# Block kinds whose words the search indexes (math, rules and missing tables carry none a
# reader would search for).
SEARCHED_KINDS = frozenset({"heading", "paragraph", "list_item", "quote", "figure", "pre", "note"})
# A search row's rowid is the paper's rowid (models.paper_rowid) shifted left by BLOCK_BITS, plus
# the block's index: one paper's blocks are one run of rowids, in reading order, and papers
# are in the same order as in the papers table. So the full-text search walks the matches of
# the newest papers first and skips the rest of a paper in one seek (text_search.py). Blocks
# past the last index that fits (16 million) are not searched.
BLOCK_BITS = 24
MAX_BLOCK = (1 << BLOCK_BITS) - 1


def block_rowid(paper_id: str, block: int) -> int:
    return (paper_rowid(paper_id) << BLOCK_BITS) | block


def inflate(blob: bytes) -> bytes:
    inflater = zlib.decompressobj()
    data = inflater.decompress(blob, _INFLATE_LIMIT)
    if inflater.unconsumed_tail:
        raise ValueError("stored text inflates past its limit")
    return data


def save(
    conn: sqlite3.Connection, raw: str, source_url: str, fetched_at: str, document: Document
) -> None:
    """Store (or replace) a paper's text and its search rows. Call inside a transaction."""
    paper_id = document.paper_id
    raw_bytes = raw.encode("utf-8", "replace")
    conn.execute(
        "INSERT INTO paper_texts (paper_id, raw, raw_bytes, source_url, fetched_at, doc,"
        " doc_format, n_blocks) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (paper_id) DO UPDATE SET raw = excluded.raw,"
        " raw_bytes = excluded.raw_bytes, source_url = excluded.source_url,"
        " fetched_at = excluded.fetched_at, doc = excluded.doc,"
        " doc_format = excluded.doc_format, n_blocks = excluded.n_blocks",
        (
            paper_id,
            zlib.compress(raw_bytes, 6),
            len(raw_bytes),
            source_url,
            fetched_at,
            zlib.compress(document.to_json().encode("utf-8"), 6),
            document.format,
            len(document.blocks),
        ),
    )
    save_document(conn, document, replace_text=False)


def save_document(
    conn: sqlite3.Connection, document: Document, *, replace_text: bool = True
) -> None:
    """Store a (re-)normalised Document beside the raw text it came from, and re-index it."""
    if replace_text:
        conn.execute(
            "UPDATE paper_texts SET doc = ?, doc_format = ?, n_blocks = ? WHERE paper_id = ?",
            (
                zlib.compress(document.to_json().encode("utf-8"), 6),
                document.format,
                len(document.blocks),
                document.paper_id,
            ),
        )
    conn.execute("DELETE FROM text_blocks WHERE paper_id = ?", (document.paper_id,))
    base = block_rowid(document.paper_id, 0)
    conn.executemany(
        "INSERT INTO text_blocks (rowid, paper_id, block, text) VALUES (?, ?, ?, ?)",
        (
            (base | index, document.paper_id, index, block.text)
            for index, block in enumerate(document.blocks)
            if block.kind in SEARCHED_KINDS and block.text.strip() and index <= MAX_BLOCK
        ),
    )


def load(conn: sqlite3.Connection, paper_id: str) -> tuple[StoredText, bool] | None:
    """The stored text and whether its Document is of the current format (False: normalise
    the raw text again); None when none is stored."""
    row = conn.execute(
        "SELECT doc, doc_format, fetched_at, raw_bytes, source_url FROM paper_texts"
        " WHERE paper_id = ?",
        (paper_id,),
    ).fetchone()
    if row is None:
        return None
    doc, doc_format, fetched_at, raw_bytes, source_url = row
    document = Document.from_json(inflate(doc))
    stored = StoredText(document, str(fetched_at), int(raw_bytes), str(source_url))
    return stored, int(doc_format) == FORMAT


def load_raw(conn: sqlite3.Connection, paper_id: str) -> str | None:
    row = conn.execute("SELECT raw FROM paper_texts WHERE paper_id = ?", (paper_id,)).fetchone()
    return None if row is None else inflate(row[0]).decode("utf-8", "replace")


def stored_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    """Which of these papers have a stored text."""
    wanted = list(ids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0]
            for row in conn.execute(
                f"SELECT paper_id FROM paper_texts WHERE paper_id IN ({marks})", chunk
            )
        )
    return found


def delete_unkept(conn: sqlite3.Connection) -> None:
    """Drop the texts of papers that are not bookmarked (``cache clear``): a bookmarked paper's
    text stays readable offline like the rest of its metadata. Needs the library as ``lib``."""
    keep = "SELECT paper_id FROM lib.bookmarks"
    conn.execute(f"DELETE FROM text_blocks WHERE paper_id NOT IN ({keep})")
    conn.execute(f"DELETE FROM paper_texts WHERE paper_id NOT IN ({keep})")
