"""Full texts in the cache and reading positions in the library."""

from __future__ import annotations

from pathlib import Path

from tui.core.library import Library
from tui.core.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "papers_md"


def _stores(tmp_path: Path) -> tuple[Store, Library]:
    library = Library(tmp_path / "library.db")
    return Store(tmp_path / "cache.db", tmp_path / "library.db"), library


def test_a_saved_text_comes_back_with_its_document_and_search_rows(tmp_path: Path) -> None:
    store, _ = _stores(tmp_path)
    raw = (FIXTURES / "2607.00272.md").read_text()
    saved = store.save_full_text("2607.00272", raw, "ASPIRE")
    again = store.full_text("2607.00272")
    assert again is not None and again.document == saved.document
    assert again.raw_bytes == len(raw.encode())
    assert store.raw_text("2607.00272") == raw
    assert store.full_text_ids(["2607.00272", "2401.00001"]) == {"2607.00272"}
    (rows,) = store.conn.execute(
        "SELECT count(*) FROM text_fts WHERE text_fts MATCH 'robotics'"
    ).fetchone()
    assert rows > 0


def test_cache_clear_keeps_only_the_texts_of_bookmarked_papers(tmp_path: Path) -> None:
    store, library = _stores(tmp_path)
    raw = (FIXTURES / "2607.00272.md").read_text()
    store.save_full_text("2607.00272", raw)
    store.save_full_text("2510.14528", (FIXTURES / "2510.14528.md").read_text())
    library.add_bookmark("2607.00272")
    store.clear()
    assert store.full_text_ids(["2607.00272", "2510.14528"]) == {"2607.00272"}
    assert store.raw_text("2607.00272") == raw
    ids = {r[0] for r in store.conn.execute("SELECT DISTINCT paper_id FROM text_blocks")}
    assert ids == {"2607.00272"}


def test_a_text_of_an_older_format_is_normalised_again(tmp_path: Path) -> None:
    store, _ = _stores(tmp_path)
    store.save_full_text("2607.00272", (FIXTURES / "2607.00272.md").read_text())
    store.conn.execute("UPDATE paper_texts SET doc_format = 0")
    store.conn.commit()
    again = store.full_text("2607.00272")
    assert again is not None and again.document.blocks
    (fmt,) = store.conn.execute("SELECT doc_format FROM paper_texts").fetchone()
    assert fmt == again.document.format
    # The title an older normaliser stored (the wrapper's half of it) is read again too.
    half = "Boosting Multilingual Document Parsing via a 0.9B Ultra-Compact Vision-Language Model"
    store.save_full_text("2510.14528", (FIXTURES / "2510.14528.md").read_text(), half)
    store.conn.execute("UPDATE paper_texts SET doc_format = 0")
    store.conn.commit()
    paddle = store.full_text("2510.14528")
    assert paddle is not None and paddle.document.title == f"PaddleOCR-VL: {half}"


def test_reading_positions_are_kept_and_clamped(tmp_path: Path) -> None:
    _, library = _stores(tmp_path)
    assert library.reading_position("2607.00272") is None
    library.set_reading_position("2607.00272", 40, 0.38)
    library.set_reading_position("2510.14528", 3, 7.0)
    position = library.reading_position("2607.00272")
    assert position is not None and (position.block, position.fraction) == (40, 0.38)
    assert library.reading_fractions(["2607.00272", "2510.14528", "x"]) == {
        "2607.00272": 0.38,
        "2510.14528": 1.0,
    }


def test_a_library_export_carries_reading_positions_and_never_moves_one_back(
    tmp_path: Path,
) -> None:
    from tui.core.export import library_json
    from tui.core.imports import read_records

    mine = Library(tmp_path / "mine.db")
    mine.set_reading_position("2607.00272", 40, 0.38)  # only a position: exported all the same
    mine.set_reading_position("2510.14528", 12, 0.2)
    records = read_records(library_json(mine.export_records(everything=True)))
    assert {r["id"]: r["reading_position"]["block"] for r in records} == {
        "2607.00272": 40,
        "2510.14528": 12,
    }
    other = Library(tmp_path / "other.db")
    other.set_reading_position("2510.14528", 90, 0.9)  # read further since the export
    junk = [
        {
            "id": "2601.00001",
            "bookmarked": False,
            "reading_position": {"block": True, "fraction": 1},
        },
        {
            "id": "2601.00002",
            "bookmarked": False,
            "reading_position": {"block": 1, "fraction": "x"},
        },
    ]
    summary = other.import_records([*records, *junk])
    assert summary.positions_added == 1 and summary.bookmarks_added == 0
    assert other.reading_fractions(["2607.00272", "2510.14528", "2601.00001", "2601.00002"]) == {
        "2607.00272": 0.38,
        "2510.14528": 0.9,
    }
    stored = other.reading_position("2607.00272")
    assert (
        stored is not None and stored.updated_at == mine.reading_position("2607.00272").updated_at
    )
    # An export made later than the position where it is imported moves it forward.
    mine.set_reading_position("2510.14528", 100, 1.0)
    other.import_records(mine.export_records(everything=True))
    assert other.reading_fractions(["2510.14528"]) == {"2510.14528": 1.0}
    assert other.counts().words() == "2 reading positions"


def test_the_list_rows_carry_how_far_a_paper_has_been_read(tmp_path: Path) -> None:
    from fakeserver import DAY_0731, load_fixture

    from tui.core.parse import parse_entries
    from tui.core.views import ViewSpec

    store, library = _stores(tmp_path)
    page = parse_entries(load_fixture(DAY_0731))
    store.ingest(page.papers, page.listings)
    first, second = page.papers[0].id, page.papers[1].id
    library.set_reading_position(first, 12, 0.38)
    rows = {row.id: row for row in store.rows(ViewSpec("archive"), 0, 100)}
    assert rows[first].reading == 0.38 and rows[second].reading is None
    assert [row.reading for row in store.rows_by_ids([second, first])] == [None, 0.38]
    library.add_bookmark(first)
    (bookmarked,) = store.rows(ViewSpec("bookmarks"), 0, 10)
    assert bookmarked.reading == 0.38
