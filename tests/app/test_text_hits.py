"""Full texts in the list and the abstract pane: a search's body hits (¶ and "Found in the
text: …") and how far a paper has been read ("38%"), read back from the rendered screen."""

from __future__ import annotations

import pytest
from app_support import abstract_text, paste_query, screen_line, screen_rows, wait_for

from tui.app.widgets.paper_list import IN_TEXT, PaperList
from tui.core.library import Library
from tui.core.store import Store

BETA = "2607.28582"  # β-OPSD, in the 31 July batch (2nd by upvotes)
ASKCHEM = "2607.28618"  # first of the 31 July batch by upvotes
QWEN = "2607.28227"  # second
BETA_TEXT = """Title: β-OPSD

URL Source: https://arxiv.org/html/2607.28582

Markdown Content:
## 1 Introduction

Policy optimization is hard.

## 2 Method

We feed the quokka \x1b[31mbeans\x1b[0m and [bold]carrots[/bold] every day. Then we wait.
"""


def list_rows(app) -> list[str]:
    papers = app.screen.query_one(PaperList)
    return [text for text, _ in screen_rows(app, papers.scrollable_content_region)]


def row_of(app, title_start: str) -> str:
    rows = list_rows(app)
    found = [text for text in rows if title_start in text]
    assert len(found) == 1, rows
    return found[0]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_body_hit_shows_its_sentence_inert_and_carries_where_it_is(
    seeded: Store, make_app, size
) -> None:
    seeded.save_full_text(BETA, BETA_TEXT)
    app = make_app(offline=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await paste_query(app, pilot, "quokka")
        papers = app.screen.query_one(PaperList)
        assert [papers.source.row(i).id for i in range(papers.count)] == [BETA]
        assert row_of(app, "β-OPSD").rstrip().endswith(IN_TEXT + " ●")
        if size == (80, 24):
            await pilot.press("enter")  # the stacked abstract, full screen
            await pilot.pause()
        text = abstract_text(app)
        assert (
            "Found in the text: We feed the quokka beans and [bold]carrots[/bold] every day."
            in text
        )
        assert "\x1b" not in text
        hit = app.screen.source.text_hit(BETA)  # what the reader opens at
        document = seeded.full_text(BETA)
        assert hit is not None and document is not None
        assert "quokka" in document.document.blocks[hit.block].text
        assert (hit.find, hit.terms) == ("quokka", ("quokka",))
        assert papers.current is not None and papers.current.text_hit is not None


async def test_a_paper_matched_by_its_fields_has_no_body_marker(seeded: Store, make_app) -> None:
    seeded.save_full_text(BETA, BETA_TEXT)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await paste_query(app, pilot, "policy optimization")
        assert IN_TEXT not in row_of(app, "β-OPSD")
        assert "Found in the text" not in abstract_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_list_shows_how_far_a_paper_has_been_read(
    seeded: Store, library: Library, make_app, size
) -> None:
    library.set_reading_position(ASKCHEM, 12, 0.38)
    app = make_app(offline=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert " 38%  2c" in row_of(app, "AskChem")
        assert "%" not in row_of(app, "Qwen-UI-Agent")
        # Another window (or the reader) moves on: the list follows when it looks again.
        other = Library(library.path)
        other.set_reading_position(ASKCHEM, 40, 1.0)
        other.set_reading_position(QWEN, 1, 0.04)
        other.close()
        app.screen.check_library_changes()
        await pilot.pause()
        assert " 100%  2c" in row_of(app, "AskChem")
        assert "… 4%  7c" in row_of(app, "Qwen-UI-Agent")


async def test_p_on_a_body_hit_opens_the_reader_on_the_match_marked(
    seeded: Store, make_app
) -> None:
    filler = "\n\n".join(f"Filler paragraph number {n} about nothing much." for n in range(80))
    method = "We keep a quokka ledger of every Quokka Ledger we feed."
    text = BETA_TEXT.replace("## 2 Method", f"{filler}\n\n## 2 Method\n\n{method}")
    seeded.save_full_text(BETA, text)
    app = make_app(offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await paste_query(app, pilot, "quokka ledger")
        await pilot.press("enter")  # from the search box to the results
        await pilot.press("p")
        # The reader shows once its stored text is read, on a thread: however long that takes.
        await wait_for(pilot, lambda: "1/2" in screen_line(app, -2), "the match, found")
        reader = app.screen
        view = reader.query_one("#reader-text")
        lines = [strip.text for strip in reader._compositor.render_strips()]
        shown = "\n".join(lines[view.region.y : view.region.bottom])
        assert "We keep a quokka ledger" in shown  # 80 paragraphs down: it landed there
        assert "Filler paragraph number 0 " not in shown
        # The find box has the words searched, both (both cases: the search ignored case).
        assert "quokka ledger" in lines[reader.query_one("#reader-find").region.y]
        # And a find typed after such an open finds in the whole text.
        await pilot.press("slash")
        reader.query_one("#reader-find").value = "filler paragraph"  # as a paste
        await pilot.press("enter")
        await pilot.pause()
        assert "/80" in screen_line(app, -2)
