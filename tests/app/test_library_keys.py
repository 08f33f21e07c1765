"""Your library in the app: b, B, n, u, H, T, Y, O — database rows, clipboard, abstract pane."""

from __future__ import annotations

import re
import sqlite3

from app_support import abstract_text, header_text, listed_ids, screen_rows
from textual.widgets import Input, Label, TextArea

from tui.app import browser, clipboard
from tui.app.screens.menu import MenuScreen
from tui.app.screens.note import NoteScreen
from tui.app.widgets.paper_list import PaperList
from tui.core import library as library_module
from tui.core.library import Library


async def settle(app, pilot) -> None:
    app.writer.flush()
    await pilot.pause()


async def test_b_bookmarks_and_unbookmarks(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "b")
        chosen = papers.current.id
        assert papers.current.bookmarked  # shown at once
        await settle(app, pilot)
        assert library.is_bookmarked(chosen)
        assert library.snapshot(chosen).title == papers.current.title
        await pilot.press("b")
        await settle(app, pilot)
        assert not library.is_bookmarked(chosen)
        assert not papers.current.bookmarked


async def test_quick_b_b_b_lands_in_order(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b", "b", "b")
        await settle(app, pilot)
        assert library.is_bookmarked(app.screen.query_one(PaperList).current.id)


async def test_capital_b_shows_bookmarks_newest_first_and_back(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        await pilot.press("b", "j", "j", "b")
        second = papers.current.id
        await pilot.press("B")
        assert "Bookmarks" in header_text(app)
        assert papers.count == 2
        assert papers.source.row(0).id == second  # newest first
        await pilot.press("B")
        assert "Daily · Fri 31 Jul 2026" in header_text(app)


async def test_bookmarks_show_metadata_after_the_cache_is_gone(seeded, make_app, library, store):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        title = app.screen.query_one(PaperList).current.title
        await settle(app, pilot)
    store.clear()
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        papers = app.screen.query_one(PaperList)
        assert papers.count == 1
        assert papers.current.title == title
        assert title.split(":")[0] in abstract_text(app)


async def test_n_edits_the_note_and_tags(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = app.screen.query_one(PaperList).current.id
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one(TextArea).text = "Read for the group: [bold]sec 3[/bold]"
        app.screen.query_one(Input).value = "Reading-Group, chemistry, reading-group"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        data = library.user_data(chosen)
        assert data.note == "Read for the group: [bold]sec 3[/bold]"
        assert data.tags == ["chemistry", "Reading-Group"]  # as first typed: one tag
        text = abstract_text(app)
        assert "[bold]sec 3[/bold]" in text and "#chemistry, #Reading-Group" in text
        await pilot.press("n", "escape")  # cancel changes nothing
        await settle(app, pilot)
        assert library.user_data(chosen).note == data.note
        await pilot.press("n", "x", "escape")  # typed: the first Esc only warns
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text.endswith("x")
        await pilot.press("escape")  # the second discards
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteScreen)
        assert library.user_data(chosen).note == data.note


def screen_lines(app) -> list[str]:
    """The terminal's lines as drawn, modal screens and all."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_the_note_editor_says_the_tag_rule_and_keeps_it(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        chosen = app.screen.query_one(PaperList).current.id
        await pilot.press("n")
        await pilot.pause()
        hint = 'Tags, separated by commas: "reading group" is one tag, and LLM matches llm'
        assert any(hint in line for line in screen_lines(app)), "\n".join(screen_lines(app))
        await pilot.press("tab", *"reading group, LLM, llm", "ctrl+s")
        await settle(app, pilot)
        assert library.tags_of(chosen) == ["LLM", "reading group"]
        await pilot.press("n")
        await pilot.pause()
        assert any("LLM, reading group" in line for line in screen_lines(app))  # as saved


async def test_capital_t_lists_tags_and_opens_one(seeded, make_app, library):
    library.set_note("2607.28227", "", ["agents"])
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T")
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("a")  # the first tag's letter
        assert "Tag: agents" in header_text(app)
        assert app.screen.query_one(PaperList).current.id == "2607.28227"


async def test_capital_t_with_more_tags_than_letters(seeded, make_app, library):
    tags = [f"t{n:02d}" for n in range(45)]
    library.set_note("2607.28227", "", tags)
    app = make_app(offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("end", "enter")  # the last one has no letter: picked with the keys
        assert "Tag: t44" in header_text(app)
        await pilot.press("T")
        await pilot.press("j", "j", "enter")  # j and k move; they are never a tag's letter
        assert "Tag: t02" in header_text(app)


async def test_u_toggles_read_and_h_hides_read(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        first = papers.current.id
        await pilot.press("u")
        await settle(app, pilot)
        assert library.is_read(first) and papers.current.read
        await pilot.press("H")
        assert papers.count == 29
        assert all(papers.source.row(i).id != first for i in range(papers.count))
        await pilot.press("H")
        assert papers.count == 30
        papers.cursor = 0
        await pilot.press("u")
        await settle(app, pilot)
        assert not library.is_read(first)


async def test_h_off_and_on_keeps_the_reader_on_their_paper(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        ids = listed_ids(app)
        await pilot.press("j", "j", "j", "j", "u", "j", "u", "j", "u", "k")  # 4, 5, 6 read
        await settle(app, pilot)
        reading = papers.current.id
        assert reading == ids[5] and papers.current.read
        await pilot.press("H")
        assert papers.current.id == ids[7]  # the next unread, not the top of the list
        await pilot.press("H")
        assert papers.current.id == reading
        await pilot.press("H", "k", "H")  # moved meanwhile: the cursor stays where it went
        assert papers.current.id == ids[3]


async def test_capital_y_copies_each_link_bibtex_and_markdown(
    seeded, make_app, monkeypatch, library
):
    monkeypatch.setattr(clipboard, "deliver", lambda text: [])
    library.set_note("2607.28618", "Compare with PaperQA.", ["chemistry"])
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = app.screen.query_one(PaperList).current
        expected = {
            "h": f"https://huggingface.co/papers/{paper.id}",
            "a": f"https://arxiv.org/abs/{paper.id}",
            "p": f"https://arxiv.org/pdf/{paper.id}",
            "g": "https://github.com/bingyan4science/askchem",
            "w": "https://www.askchem.org",
        }
        for key, value in expected.items():
            await pilot.press("Y", key)
            assert app.clipboard == value
        await pilot.press("Y", "m")
        assert app.clipboard == f"[{paper.title}](https://huggingface.co/papers/{paper.id})"
        await pilot.press("Y", "b")
        assert app.clipboard.startswith("@misc{")
        assert f"eprint        = {{{paper.id}}}" in app.clipboard
        assert "archivePrefix = {arXiv}" in app.clipboard
        assert "chemistry" not in app.clipboard  # private: tags and notes stay out
        assert "PaperQA" not in app.clipboard


async def test_menus_leave_out_links_a_paper_lacks(store, make_app):
    from tui.core.models import Listing, Paper

    store.ingest(
        [Paper(id="2607.00001", title="Bare", github_repo=None, project_page=None)],
        [Listing("2607.00001", "2026-07-31")],
        view="day:2026-07-31",
    )
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("Y")
        keys = [choice.key for choice in app.screen.choices]
        assert keys == ["h", "a", "p", "m", "b"]
        await pilot.press("escape", "O")
        assert [choice.key for choice in app.screen.choices] == ["h", "a", "p"]


async def test_capital_o_opens_the_chosen_link(seeded, make_app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(browser, "open_url", lambda url: opened.append(url))
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("O", "p")
        await app.workers.wait_for_complete()
        assert opened and re.fullmatch(r"https://arxiv\.org/pdf/\d{4}\.\d{5}", opened[0])


async def test_hiding_read_bookmarks_says_so_instead_of_no_bookmarks(seeded, make_app, library):
    for paper_id in ("2607.28618", "2607.27958"):
        library.add_bookmark(paper_id)
        library.set_read(paper_id)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B", "H")
        message = str(app.screen.query_one("#list-message").render())
        assert "Every paper here is read, and read papers are hidden" in message
        assert "No bookmarks yet" not in message
        assert "read papers hidden" in header_text(app)
        await pilot.press("H")
        assert app.screen.query_one(PaperList).count == 2


async def test_tab_in_the_note_editor_moves_before_the_next_keys_arrive(seeded, make_app, library):
    from textual import events

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = app.screen.query_one(PaperList).current.id
        await pilot.press("n")
        typed = [*"abcd", "tab", *"zz"]
        for key in typed:  # as fast as a terminal delivers them: no wait between keys
            app.post_message(events.Key(key, None if key == "tab" else key))
        await pilot.pause(0.3)
        assert app.screen.query_one(TextArea).text == "abcd"
        assert app.screen.query_one(Input).value == "zz"
        await pilot.press("escape")
        await pilot.pause()
        assert library.user_data(chosen).note is None  # Esc saved nothing


async def test_b_then_n_at_once_does_not_freeze_the_app(seeded, make_app, library, monkeypatch):
    """n waits for the queued writes; the writer must not be waiting for the UI in turn."""
    import faulthandler
    import time

    slow_add = library.add_bookmark

    def add_slowly(*args, **kwargs):
        time.sleep(0.3)  # the write is still running when n asks for the queue to be done
        return slow_add(*args, **kwargs)

    monkeypatch.setattr(library, "add_bookmark", add_slowly)
    faulthandler.dump_traceback_later(60, exit=True)  # a freeze fails the run, not hangs it
    try:
        app = make_app(offline=True)
        async with app.run_test(size=(120, 40)) as pilot:
            chosen = app.screen.query_one(PaperList).current.id
            await pilot.press("b", "n")
            await pilot.pause()
            assert isinstance(app.screen, NoteScreen)
            await pilot.press("escape")
            await settle(app, pilot)
            assert library.is_bookmarked(chosen)
    finally:
        faulthandler.cancel_dump_traceback_later()


async def test_keys_typed_in_one_burst_with_a_dialogs_key_go_to_the_dialog(seeded, make_app):
    """ "n" then the note, sent at once: the keys behind "n" were handed to the screen below
    before the note editor existed, and were lost."""
    from textual import events

    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for character in "nhello":
            app.post_message(events.Key(character, character))
        for _ in range(40):  # a busy machine: give the editor time to open and take them
            await pilot.pause(0.05)
            screen = app.screen  # the editor may be on screen before its text box is
            if (
                isinstance(screen, NoteScreen)
                and screen.query(TextArea)
                and screen.query_one(TextArea).text
            ):
                await pilot.pause(0.2)
                break
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text == "hello"
        await pilot.press("escape", "escape")  # unsaved: the second Esc discards
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(PaperList).cursor == 0  # none of it reached the list


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def list_row(app, index: int = 0) -> str:
    """Line ``index`` of the list pane as the terminal shows it."""
    papers = app.screen.query_one(PaperList)
    return screen_rows(app, papers.scrollable_content_region)[index][0]


async def test_a_library_that_cannot_be_written_shows_nothing_as_saved(
    seeded, make_app, library, monkeypatch
):
    def read_only(path, synchronous="NORMAL"):
        # A read-only library as a user meets it (these tests may run as root, whom a chmod
        # does not stop): SQLite refuses every write with "attempt to write a readonly
        # database".
        return sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )

    monkeypatch.setattr(library_module, "connect", read_only)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert any("is read-only: bookmarks, notes and read marks" in n for n in notices(app))
        title = app.screen.query_one(PaperList).current.title
        await pilot.press("b")
        await settle(app, pilot)
        assert "★" not in list_row(app)  # the star shown at once was taken back
        assert "★ Bookmarked" not in abstract_text(app)
        assert any(n.startswith(f"Could not bookmark {title}: ") for n in notices(app))
        assert not any(n.startswith("Bookmarked") for n in notices(app))
        await pilot.press("n")
        app.screen.query_one(TextArea).text = "a thought worth keeping"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, NoteScreen)  # still open, with the text
        assert app.screen.query_one(TextArea).text == "a thought worth keeping"
        assert "Not saved: " in str(app.screen.query_one("#note-status", Label).render())
        assert "Note saved." not in notices(app)


async def test_a_bookmark_made_in_another_window_shows_on_the_next_tick(seeded, make_app, library):
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        papers = app.screen.query_one(PaperList)
        second = papers.source.row(1).id
        assert "★" not in list_row(app, 1)
        other = Library(library.path)  # another dailypapers on the same library
        other.add_bookmark(second)
        other.set_note(second, "from the other window", [])
        other.close()
        await pilot.press("j")
        app.screen.tick()
        await pilot.pause()
        assert "★" in list_row(app, 1)
        assert "from the other window" in abstract_text(app)
