"""The search of stored full texts (text_search.py, search.py) and its excerpts (excerpt.py)."""

from __future__ import annotations

import re
from pathlib import Path

from store_fixture import FILESYSTEM, SIGMA, store_fixture, three_batches_and_some_user_data

from tui.core.excerpt import MAX_EXCERPT, excerpt
from tui.core.query import match_pattern, misread_hint, parse_query
from tui.core.search import search
from tui.core.store import Store
from tui.core.text_hit import TextHit
from tui.core.text_search import with_sentence

BETA = "2607.28582"  # β-OPSD: neither its title nor its abstract says "memory" or "quokka"
MEMORY_DECODER = "2607.27919"

BETA_TEXT = """Title: β-OPSD

URL Source: https://arxiv.org/html/2607.28582

Markdown Content:
## 1 Introduction

Policy optimization is hard. We study self-distillation at length.

## 2 Related work

Prior systems keep an episodic memory of past rollouts. A quokka-shaped reward \
model was tried by [Smith et al.](https://arxiv.org/html/2607.28582v1#bib.bib3) once.

Nothing else here mentions the marsupial.
"""

SIGMA_TEXT = """Title: Σ-Mem

URL Source: https://arxiv.org/html/2607.27958

Markdown Content:
## 1 Introduction

A quokka appears here too, and so does memory, but in two paragraphs.

## 2 Method

Our agents write everything down.
"""


# The oldest of the three, and the one that says "quokka" most often.
FILESYSTEM_TEXT = "Title: F\n\nMarkdown Content:\n" + "".join(
    f"\nQuokka number {n} lives in a folder.\n" for n in range(3)
)


def with_texts(store: Store, folder: Path) -> None:
    three_batches_and_some_user_data(store, folder)
    store.save_full_text(BETA, BETA_TEXT)
    store.save_full_text(SIGMA, SIGMA_TEXT)
    store.save_full_text(FILESYSTEM, FILESYSTEM_TEXT)


store = store_fixture(scope="module", fill=with_texts)


def sentence(store: Store, hit: TextHit) -> str:
    return with_sentence(store, hit).sentence


def test_a_hit_only_in_the_body_comes_after_every_other_match(store: Store) -> None:
    result = search(store, "memory")
    assert result.ids[-1] == BETA  # 20 papers say "memory" in their fields; β-OPSD only inside
    assert {MEMORY_DECODER, SIGMA, FILESYSTEM} <= set(result.ids[:-1])
    assert list(result.text_hits) == [BETA]  # Σ-Mem matched by its title: not a body hit
    hit = with_sentence(store, result.text_hits[BETA])
    assert hit.sentence == "Prior systems keep an episodic memory of past rollouts."
    assert hit.find == "memory"
    document = store.full_text(BETA)
    assert document is not None
    assert "episodic memory" in document.document.blocks[hit.block].text


def test_the_words_must_be_in_one_block_of_the_text(store: Store) -> None:
    result = search(store, "quokka reward")
    assert result.ids == [BETA]
    assert sentence(store, result.text_hits[BETA]).startswith("A quokka-shaped reward model")
    # Σ-Mem's title says "agents", and its text "quokka": not in one block, so not a match.
    assert search(store, "quokka agents").ids == []
    assert search(store, "quokka write").ids == []  # in two paragraphs of its text
    assert sentence(store, search(store, "quokka memory").text_hits[SIGMA]).startswith("A quokka")


def test_in_text_keeps_to_the_bodies(store: Store) -> None:
    result = search(store, "in:text memory")
    assert result.ids == [BETA, SIGMA]  # one block each: newest first; the others say it
    # only in their fields
    assert set(result.text_hits) == {SIGMA, BETA}
    assert sentence(store, result.text_hits[SIGMA]).endswith("but in two paragraphs.")
    assert search(store, "in:text episodic").ids == [BETA]
    assert search(store, "in:text reliability").ids == []  # Σ-Mem's title, not its text
    assert set(search(store, "in:text").ids) == {SIGMA, BETA, FILESYSTEM}  # the stored texts


def test_a_paper_that_says_the_words_more_often_ranks_first(store: Store) -> None:
    result = search(store, "in:text quokka")
    assert result.ids == [FILESYSTEM, BETA, SIGMA]  # three blocks; then one each, newest first
    assert sentence(store, result.text_hits[FILESYSTEM]) == "Quokka number 0 lives in a folder."


def test_filters_and_exclusions_hold_for_body_hits(store: Store) -> None:
    assert search(store, "in:text quokka upvotes>15").ids == [BETA]  # 19 upvotes; Σ-Mem 12
    assert search(store, "in:text quokka is:bookmarked").ids == [FILESYSTEM, SIGMA]
    assert search(store, "in:text quokka author:Peilin").ids == [SIGMA]
    assert search(store, "in:text quokka -policy -folder").ids == [SIGMA]  # β-OPSD's title
    assert search(store, "in:text quokka -rollouts -folder").ids == [SIGMA]  # β-OPSD's block
    assert search(store, "in:text quokka -marsupial -folder").ids == [BETA, SIGMA]
    assert search(store, 'in:text "quokka-shaped reward"').ids == [BETA]
    assert search(store, "in:text marsupial OR agents").ids == [BETA, SIGMA]


def test_in_text_is_a_filter_of_its_own() -> None:
    query = parse_query("in:text diffusion")
    assert query.in_text and query.words == ["diffusion"]
    assert not query.asks_web  # the web cannot search the texts you stored
    assert parse_query("in:body x").in_text
    assert parse_query("in:nonsense x").misread == ["in:nonsense"]
    assert misread_hint("in:nonsense") == "in: takes text, e.g. in:text diffusion"
    assert not parse_query("in text").in_text


def test_the_excerpt_is_the_sentence_with_most_of_the_words() -> None:
    text = (
        "Memory is cheap. We compare memory and agents, as Smith et al. (2023) did. Agents forget."
    )
    sentence, found = excerpt(text, match_pattern(["memory", "agent"]))
    assert sentence == "We compare memory and agents, as Smith et al. (2023) did."
    assert found == "memory"


def test_a_long_sentence_is_cut_at_words_around_the_match() -> None:
    words = " ".join(f"word{i}" for i in range(80))
    sentence, found = excerpt(f"{words} needle {words}.", match_pattern(["needle"]))
    assert found == "needle" and "needle" in sentence
    assert len(sentence) <= MAX_EXCERPT
    assert sentence.startswith("…word") and sentence.endswith("…")
    assert re.fullmatch(r"…(word\d+ )+needle( word\d+)+…", sentence)


def test_the_excerpt_is_clean_plain_text() -> None:
    text = (
        '![Image 1: x](https://arxiv.org/x1.png)See [Table 2](https://arxiv.org/html/1#T2 "T")'
        " for the \x1b[31mred\x1b[0m [bold]numbers[/bold]\x07 at https://evil.example/a\u202e.\n\n"
        "More\tspace."
    )
    sentence, found = excerpt(text, match_pattern(["numbers"]))
    assert sentence == "See Table 2 for the red [bold]numbers[/bold] at."
    assert found == "numbers"
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in sentence)
    assert excerpt("", match_pattern(["x"])) == ("", "")


def test_the_reader_finds_the_words_searched_where_they_meet(store: Store) -> None:
    """`p` on a body hit finds what the user searched: "episodic memory" whole (not "episodic"
    alone), in lower case as the search ignored case; one word where the words do not meet."""
    for query, find in [
        ("episodic memory", "episodic memory"),
        ('"episodic memory"', "episodic memory"),
        ("prior systems keep", "prior systems keep"),  # the text says "Prior"
        ("rollouts episodic", "episodic"),  # apart, and in another order: the first found
        ("Prior systems", "Prior systems"),  # a capital: as written there
    ]:
        hit = with_sentence(store, search(store, query).text_hits[BETA])
        assert hit.find == find, query
