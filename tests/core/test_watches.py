"""Watches are user data (library.db): added, renamed and removed by name, validated by the
search language's parser, merged with the config's [watch] table, and never lost to a cache
clear or a library migration (watch_list.py, library.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui.core.errors import WatchRefused
from tui.core.library import Library
from tui.core.schema import LIBRARY_MIGRATIONS, migrate
from tui.core.watch_list import WatchList


def test_a_watch_is_added_listed_renamed_and_removed(library: Library) -> None:
    watches = WatchList(library)
    watches.add("lecun", 'author:"Yann LeCun"')
    watches.add("diffusion", "kw:diffusion upvotes>20")
    assert [(w.name, w.query) for w in watches.all()] == [
        ("lecun", 'author:"Yann LeCun"'),
        ("diffusion", "kw:diffusion upvotes>20"),
    ]
    watches.add("LeCun", "author:LeCun")  # the same name in another case: its query changes
    assert watches.all()[0].query == "author:LeCun"
    watches.rename("lecun", "Yann")
    assert [w.name for w in watches.all()] == ["Yann", "diffusion"]
    with pytest.raises(WatchRefused, match="already a watch called"):
        watches.rename("Yann", "Diffusion")
    watches.remove("yann")
    assert [w.name for w in watches.all()] == ["diffusion"]
    with pytest.raises(WatchRefused, match="no watch called"):
        watches.remove("yann")


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("since:2026-13-45", "since: 2026-13-45 is not a real date"),
        ("author:", "author: needs a name"),
        ("   ", "a watch needs a query"),
        ("in:text memory", "in:text cannot be watched"),
    ],
)
def test_a_query_the_parser_cannot_read_is_refused_in_its_words(
    library: Library, query: str, words: str
) -> None:
    with pytest.raises(WatchRefused, match=words):
        WatchList(library).add("bad", query)
    assert library.watches() == []


def test_config_watches_come_first_and_are_changed_in_the_config_only(library: Library) -> None:
    library.save_watch("mine", "org:nvidia")
    library.save_watch("Shadowed", "kw:old")
    watches = WatchList(library, {"shadowed": "kw:video", "broken": "since:2026-99-01"})
    listed = watches.all()
    assert [(w.name, w.from_config) for w in listed] == [("shadowed", True), ("mine", False)]
    assert watches.problems == ["watch.broken: since: 2026-99-01 is not a real date; ignored."]
    for attempt in (
        lambda: watches.remove("Shadowed"),
        lambda: watches.rename("shadowed", "x"),
        lambda: watches.add("shadowed", "kw:x"),
    ):
        with pytest.raises(WatchRefused, match=r"config file \(\[watch\] table\)"):
            attempt()
    # A config watch's day is the library's first sight of it, the same at every start.
    assert WatchList(library, {"shadowed": "kw:video"}).all()[0].created_at == listed[0].created_at


def test_a_version_3_library_gains_watches_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, LIBRARY_MIGRATIONS[:3], "library")
    conn.execute("INSERT INTO bookmarks (paper_id, created_at) VALUES ('2607.00001', 'x')")
    conn.execute("INSERT INTO notes (paper_id, note, updated_at) VALUES ('2607.00001', 'n', 'x')")
    conn.close()
    library = Library(path)
    try:
        assert library.bookmark_ids() == ["2607.00001"]
        assert library.user_data("2607.00001").note == "n"
        library.save_watch("w", "kw:x")
        assert [w.name for w in library.watches()] == ["w"]
    finally:
        library.close()
