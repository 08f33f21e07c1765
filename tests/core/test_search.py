"""Local search against a real Store: each filter works, and no input ever raises (search.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakeserver import DAY_0731, load_fixture
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from store_fixture import FILESYSTEM, SIGMA, store_fixture, three_batches_and_some_user_data

from tui.core.library import Library
from tui.core.parse import parse_entries
from tui.core.query import parse_query
from tui.core.search import filter_notes, search
from tui.core.store import Store

MEMORY_DECODER = "2607.27919"  # Memory Decoder at Scale, 49 upvotes


# Built once per module: three recorded batches plus a little user data.
store = store_fixture(scope="module", fill=three_batches_and_some_user_data)


def ids(store: Store, text: str) -> list[str]:
    return search(store, parse_query(text)).ids


def test_words_all_must_match(store: Store) -> None:
    found = ids(store, "memory agents")
    assert {FILESYSTEM, SIGMA} <= set(found)  # Σ-Mem's abstract: "long-horizon LLM agents"
    assert "2607.28582" not in found  # β-OPSD mentions neither
    assert set(ids(store, "reliability memory")) >= {SIGMA}


def test_an_arxiv_id_or_link_finds_that_paper(store: Store) -> None:
    assert ids(store, SIGMA) == [SIGMA]
    assert ids(store, f"arXiv:{SIGMA}v2") == [SIGMA]
    assert ids(store, f"https://huggingface.co/papers/{SIGMA}") == [SIGMA]
    assert set(ids(store, f"{SIGMA} https://arxiv.org/abs/{FILESYSTEM}")) == {SIGMA, FILESYSTEM}
    assert ids(store, f"{SIGMA} memory") == [SIGMA]  # words must still match
    assert ids(store, f"{SIGMA} upvotes>100") == []
    assert ids(store, "2607.99999") == []
    assert parse_query("1.5 2607.1").ids == []  # not ids: plain words


def test_author_org_keyword_filters(store: Store) -> None:
    assert ids(store, "author:Peilin") == [SIGMA]
    assert ids(store, 'author:"Soujanya Poria"') == [SIGMA]
    assert SIGMA in ids(store, "org:Nanyang")
    assert set(ids(store, "org:muset")) == {"2607.27816", "2607.27616", "2607.26497"}
    assert "2606.12730" in ids(store, "kw:psychometric")
    assert ids(store, "kw:psychometric org:muset") == []


def test_tag_filter(store: Store) -> None:
    assert ids(store, "tag:memory-papers") == [FILESYSTEM]
    assert ids(store, "tag:memory") == [FILESYSTEM]  # a tag prefix
    assert ids(store, "tag:nothing-like-it") == []


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("upvotes>280", lambda v: v > 280),
        ("upvotes>=283", lambda v: v >= 283),
        ("upvotes<1", lambda v: v < 1),
        ("upvotes<=0", lambda v: v <= 0),
        ("upvotes=12", lambda v: v == 12),
    ],
)
def test_upvote_filters(store: Store, text: str, check) -> None:
    found = ids(store, text)
    assert found
    for paper_id in found:
        paper = store.paper(paper_id)
        assert paper is not None and paper.upvotes is not None and check(paper.upvotes)
    every = store.conn.execute("SELECT upvotes FROM papers WHERE upvotes IS NOT NULL").fetchall()
    assert len(found) == sum(1 for (votes,) in every if check(votes))


def test_upvotes_with_words(store: Store) -> None:
    found = ids(store, "memory upvotes>40 since:2026-07-01")
    assert MEMORY_DECODER in found and SIGMA not in found
    for paper_id in found:
        paper = store.paper(paper_id)
        assert paper is not None and (paper.upvotes or 0) > 40


def test_since_and_until(store: Store) -> None:
    july = ids(store, "since:2026-07-01")
    assert len(july) == 30
    june = ids(store, "since:2026-06-01 until:2026-06-30")
    assert len(june) == 30 and not set(june) & set(july)
    april = ids(store, "until:2024-04-30")
    assert len(april) == 100
    assert ids(store, "memory since:2026-07-31 until:2026-07-31")


def test_is_and_has_filters(store: Store) -> None:
    assert set(ids(store, "is:bookmarked")) == {SIGMA, FILESYSTEM}
    assert ids(store, "is:read") == [SIGMA]
    assert ids(store, "memory is:bookmarked is:unread") == [FILESYSTEM]
    assert SIGMA not in ids(store, "memory is:unread")
    with_code = ids(store, "memory has:code since:2026-07-31")
    assert SIGMA in with_code and FILESYSTEM not in with_code
    assert ids(store, "has:note") == [FILESYSTEM]


def test_exact_phrase_and_exclusion(store: Store) -> None:
    assert ids(store, '"online reliability memory"') == [SIGMA]
    assert ids(store, '"memory reliability online"') == []
    memory = ids(store, "memory since:2026-07-31")
    without = ids(store, "memory since:2026-07-31 -filesystem")
    assert FILESYSTEM in memory and FILESYSTEM not in without
    assert set(without) == set(memory) - {FILESYSTEM}
    assert FILESYSTEM not in ids(store, 'memory -"filesystem-based"')


def test_every_word_is_the_start_of_a_word_typed_or_not(store: Store) -> None:
    """The search box (as typed, after Enter, on a refresh) and the CLI all call this: a word
    is the start of a word wherever it stands, so "model" finds "models" in each of them."""
    assert SIGMA in ids(store, "reliab")
    assert SIGMA in ids(store, "online reliab mem")
    assert SIGMA in ids(store, "online reliab mem ")  # a space after it changes nothing

    def fts(expression: str) -> set[str]:
        sql = "SELECT id FROM papers WHERE rowid IN"
        sql += " (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)"
        return {row[0] for row in store.conn.execute(sql, [expression]).fetchall()}

    models = set(ids(store, "model"))
    assert fts('"model"') < models  # more than the whole word: "models", "modeling" too
    assert fts('"models" NOT "model"') & models
    assert set(ids(store, "models")) < models
    # A one-letter word is only itself: as a start it would match half the index.
    assert ids(store, "memory r") == ids(store, "memory r ")
    assert set(ids(store, "memory r")) < set(ids(store, "memory"))


def test_unknown_filters_and_stray_quotes_are_words(store: Store) -> None:
    assert ids(store, "foo:bar") == []
    assert ids(store, 'online "reliability') == ids(store, "online reliability")


def test_results_are_ranked_and_counted(store: Store) -> None:
    result = search(store, "memory")
    assert result.total == len(result.ids) > 3
    assert not result.capped
    assert result.count_text == str(result.total)
    assert len(search(store, "memory", limit=2).ids) == 2


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "**",
    "NEAR(",
    "NEAR(a b)",
    "AND OR NOT",
    "a AND",
    "NOT a",
    "^",
    "^title",
    "col:",
    "title:",
    "papers_fts:x",
    "rowid:1",
    "{title}: x",
    "a:b:c",
    "-",
    "- -a --b",
    "'",
    "' OR 1=1 --",
    "); DROP TABLE papers; --",
    "\\",
    "%_%",
    "tag:%",
    "tag:_",
    "tag:\\",
    "upvotes>999999999",
    "upvotes>99999999999999999999",
    "since:0000-00-00",
    "since:9999-12-31",
    "author:*",
    'author:"',
    "org:(",
    "kw:NEAR(",
    "a" * 300,
    "memory " * 60,
    "x" * 5000,
    "",
    "   ",
    "!!!",
    "?!.,;:",
    "_",
    "__init__",
    "日本語 検索",
    "\x00",
    "a\x00b",
    "0\x00",
    "memory\x00",
    "\udcff",  # what `dailypapers search $'\xff'` gets from a non-UTF-8 argv
    "memory a\udcff",
    "\x1b[31m",
    "😀",
    "a*b",
    'a"b"c',
    "(a OR b)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_raises(store: Store, text: str) -> None:
    result = search(store, parse_query(text))
    assert isinstance(result.ids, list)
    assert len(result.ids) == len(set(result.ids))
    assert search(store, text) is not None  # the string form too


@settings(
    max_examples=200,
    deadline=None,
    database=None,  # nothing written into the checkout
    derandomize=True,  # the same 200 cases on every run
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(
        st.text(max_size=80),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "-",
                    "*",
                    "(",
                    ")",
                    ":",
                    "^",
                    "NEAR",
                    "AND",
                    "OR",
                    "NOT",
                    "author:",
                    "org:",
                    "kw:",
                    "tag:",
                    "upvotes>",
                    "since:",
                    "is:",
                    "has:",
                    "memory",
                    "agent",
                    "a",
                    " ",
                    "_",
                    "\\",
                    "'",
                    "2026-07-31",
                    "9",
                ]
            ),
            max_size=12,
        ).map("".join),
    ),
)
@example(text="0\x00")  # found by this test: a NUL inside a word
def test_any_text_never_raises(store: Store, text: str) -> None:
    query = parse_query(text)
    result = search(store, query)
    assert len(result.ids) == len(set(result.ids))


def test_matching_filters_keeps_order_and_applies_everything_but_plain_words(store: Store) -> None:
    from tui.core.search import matching_filters

    ids = [MEMORY_DECODER, FILESYSTEM, SIGMA]
    # the words do not matter: a web search's relevance decided about them
    assert matching_filters(store, parse_query("zebra crossing"), ids) == ids
    assert matching_filters(store, parse_query("x upvotes>10"), ids) == [MEMORY_DECODER, SIGMA]
    assert matching_filters(store, parse_query("x has:code"), ids) == [MEMORY_DECODER, SIGMA]
    assert matching_filters(store, parse_query("x is:bookmarked -filesystem"), ids) == [SIGMA]
    assert matching_filters(store, parse_query("x org:nanyang"), ids) == [SIGMA]
    assert matching_filters(store, parse_query("x upvotes>10"), []) == []


def test_a_word_also_matches_itself_whole(tmp_path: Path) -> None:
    """The titles know "tokenizers"; an abstract says "tokenizer": typing it finds both."""
    from tui.core.models import Listing, Paper

    papers = [
        Paper(id="2404.00001", title="Training Tokenizers Fast", abstract="We train."),
        Paper(id="2404.00002", title="Eagle and Finch", abstract="A new tokenizer is used."),
    ]
    store = Store(tmp_path / "cache.db", tmp_path / "library.db")
    try:
        store.ingest(papers, [Listing(p.id, "2024-04-02") for p in papers])
        assert set(ids(store, "tokenizer")) == {"2404.00001", "2404.00002"}
        assert set(ids(store, "tokenizers")) == {"2404.00001"}
    finally:
        store.close()


def test_prepare_reads_the_vocabulary_once_for_threads_typing_at_once(store, monkeypatch):
    """prepare() reads ahead what a prefix needs; threads asking at the same moment (the
    warm-up and the first keystroke) read it once and all get it."""
    import threading

    from tui.core import search as search_module

    store.search_memory = None  # forget what earlier tests left
    reads = []
    real_read = search_module._read_vocabulary

    def counted_read(*args):
        reads.append(1)
        return real_read(*args)

    monkeypatch.setattr(search_module, "_read_vocabulary", counted_read)
    threads = [threading.Thread(target=search_module.prepare, args=(store,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    assert any(word == "memory" for word, _ in store.search_memory.vocabulary)
    assert FILESYSTEM in search(store, parse_query("filesystem mem")).ids
    assert len(reads) == 1  # the search used what prepare() read


def test_or_between_words_and_a_negated_word_is_a_start_too(store: Store) -> None:
    memory, agents = set(ids(store, "memory")), set(ids(store, "agents"))
    assert set(ids(store, "memory OR agents")) == memory | agents
    assert set(ids(store, '"online reliability memory" OR filesystem')) >= {SIGMA, FILESYSTEM}
    # -model leaves no "Models" behind, as model finds them
    assert not set(ids(store, "model")) & set(ids(store, "since:2024-01-01 -model"))
    assert ids(store, "memory OR") == ids(store, "memory")  # OR is never a word


def test_a_misread_filter_matches_nothing(store: Store) -> None:
    assert ids(store, "memory since:2026-13-45") == []
    assert ids(store, "memory author:") == ids(store, "memory org:") == []


def test_date_filters_match_any_day_a_paper_was_listed(tmp_path: Path) -> None:
    """Listed on 20 November and again on 25 November: until:2026-11-20 has it."""
    from dataclasses import replace

    from tui.core.models import Listing, Paper

    twice = Paper(id="2611.00001", title="Listed Twice", abstract="About zebras.")
    once = Paper(id="2611.00002", title="Listed Once", abstract="About zebras too.")
    store = Store(tmp_path / "cache.db", tmp_path / "library.db")
    try:
        for paper, day in ((twice, "2026-11-20"), (once, "2026-11-22"), (twice, "2026-11-25")):
            store.ingest([replace(paper, listed_day=day)], [Listing(paper.id, day)])
        for words in ("", "zebras "):  # filters alone, and with words (another path)
            assert ids(store, f"{words}until:2026-11-20") == [twice.id]
            assert ids(store, f"{words}since:2026-11-20 until:2026-11-20") == [twice.id]
            assert set(ids(store, f"{words}since:2026-11-25")) == {twice.id}
            assert ids(store, f"{words}since:2026-11-21 until:2026-11-23") == [once.id]
            assert ids(store, f"{words}until:2026-11-19") == []
    finally:
        store.close()


def test_notes_and_tags_find_their_papers(tmp_path: Path) -> None:
    """A word of a note or a tag finds the paper (library.db, apart from the cache), with
    the other words matched by the paper's text or by the note, and the filters still hold."""
    from tui.core.models import Listing, Paper

    papers = [
        Paper(id="2404.00001", title="Sparse Attention", abstract="We make it fast.", upvotes=3),
        Paper(id="2404.00002", title="Dense Attention", abstract="We make it slow.", upvotes=50),
    ]
    store = Store(tmp_path / "cache.db", tmp_path / "library.db")
    library = Library(tmp_path / "library.db")
    try:
        store.ingest(papers, [Listing(p.id, "2024-04-02") for p in papers])
        library.set_note("2404.00001", "Compare with Zettelkasten notes", ["to-reread"])
        library.set_note("2404.00002", "", ["benchmarks"])
        assert ids(store, "zettelkasten") == ["2404.00001"]
        assert ids(store, "zettel") == ["2404.00001"]  # the start of a word, as everywhere
        assert ids(store, "reread") == ["2404.00001"]  # a bare tag word
        assert ids(store, "bench") == ["2404.00002"]
        assert ids(store, "zettelkasten sparse") == ["2404.00001"]  # one word each side
        assert ids(store, "zettelkasten dense") == []
        assert ids(store, '"compare with"') == ["2404.00001"]
        assert ids(store, "attention -zettelkasten") == ["2404.00002"]
        assert ids(store, "attention -benchmarks") == ["2404.00001"]
        assert ids(store, "zettelkasten upvotes>10") == []
        assert ids(store, "zettelkasten OR benchmarks") == ["2404.00002", "2404.00001"]
        assert ids(store, "attention")[0] in ("2404.00001", "2404.00002")
    finally:
        library.close()
        store.close()


def test_a_single_query_expands_words_as_the_read_vocabulary_does(store: Store) -> None:
    """`dailypapers search` counts only its own words' continuations, not every word (a
    third of the time): the same whole words must come out as from the app's vocabulary."""
    import re

    from tui.core import search as search_module

    texts = search_module._vocabulary_texts(store)
    words = sorted({word for text in texts for word in re.findall(r"\w+", text)})
    full_memory = search_module.SearchMemory()
    search_module._read_vocabulary(store, full_memory)
    full = search_module._expander(store, full_memory)
    single = search_module._expander(store, search_module.SearchMemory())
    prefixes = {w[:n] for w in words for n in (2, 3, 5) if len(w) >= n} | {"zz", "σ", "β"}
    assert len(prefixes) > 500
    assert [p for p in sorted(prefixes) if single(p) != full(p)] == []


def test_only_a_first_search_counts_its_own_words_then_the_vocabulary_is_kept(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that searches again (the app, a benchmark) reads the vocabulary once, not
    the newest papers' titles at every search."""
    from tui.core import search as search_module

    store.search_memory = None  # forget what earlier tests left
    reads = []
    real_texts = search_module._vocabulary_texts

    def counted(*args):
        reads.append(1)
        return real_texts(*args)

    monkeypatch.setattr(search_module, "_vocabulary_texts", counted)
    search(store, "memory")
    assert store.search_memory.vocabulary is None and len(reads) == 1
    for text in ("agents", "reliab", "memory agents"):
        search(store, text)
    assert store.search_memory.vocabulary is not None and len(reads) == 2


def test_tags_match_in_any_case_in_filters_and_in_the_empty_result_words(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.db", tmp_path / "library.db")
    page = parse_entries(load_fixture(DAY_0731))
    store.ingest(page.papers, page.listings)
    library = Library(tmp_path / "library.db")
    library.set_note(SIGMA, None, ["Reading Group"])
    library.close()
    try:
        assert ids(store, "tag:reading") == [SIGMA]
        assert ids(store, "tag:READING") == [SIGMA]
        notes = filter_notes(store, parse_query("tag:read upvotes>100000"))
        assert notes == ["tag:read keeps papers you tagged read…"]  # a tag begins with it
    finally:
        store.close()
