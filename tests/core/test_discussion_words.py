"""The words of a discussion: headings, local dates, reactions, paragraphs, the bot's titles."""

from __future__ import annotations

from datetime import datetime

from tui.core.discussion_words import heading, local_date, paragraphs, similar_titles
from tui.core.hub_models import LIBRARIAN_BOT, Comment

NOW = datetime(2026, 8, 2, 12).astimezone()


def test_a_heading_has_the_author_a_short_local_date_and_the_reactions() -> None:
    comment = Comment(
        "c1", "yaful", created="2026-05-15T12:00:00Z", edited=True, reactions=(("👍", 3), ("❤️", 0))
    )
    assert heading(comment, NOW) == "yaful · 15 May · edited · 👍 3"
    assert local_date("2025-01-02T12:00:00Z", NOW) == "2 Jan 2025"
    assert local_date(None, NOW) == local_date("not a time", NOW) == ""


def test_paragraphs_keep_line_breaks_and_drop_blank_runs() -> None:
    assert paragraphs("one\ntwo\n\n\n  \nthree\n") == ["one\ntwo", "three"]


def test_the_bots_titles_are_read_for_the_papers_it_recommends_only() -> None:
    text = (
        "* [QED-Nano: Tiny](https://huggingface.co/papers/2604.04898) (2026)\n"
        "* [Elsewhere](https://evil.example/papers/2604.18936)\n"
        "* [Not recommended](https://huggingface.co/papers/2601.00001)"
    )
    bot = Comment("c2", LIBRARIAN_BOT, text=text, similar_ids=("2604.04898", "2604.18936"))
    assert similar_titles(bot) == {"2604.04898": "QED-Nano: Tiny"}
