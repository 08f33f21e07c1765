"""``dailypapers read``: a paper's text as plain text, stored for offline; ``--bookmarks``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fakeserver import PAPERS_MD

import tui.cli.output as output
from tui.core import full_text_fetch

ASPIRE = "2607.00272"
PADDLE = "2510.14528"
LIGHTHOUSE = "2605.06554"  # known to the API: the server has only its page text
UNKNOWN = "2601.99999"
HOSTILE = (
    b"Title: x\n\nURL Source: https://arxiv.org/html/2601.00001\n\nMarkdown Content:\n"
    b"## 1 Intro\x1b[2J\n\nred \x1b[31mtext"
    b"\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x07\x9b6n"
)


def test_read_fetches_once_then_reads_offline(cli: Any) -> None:
    first = cli("read", ASPIRE)
    assert first.exit_code == 0, first.output
    assert "ASPIRE: Agentic /Skills Discovery for Robotics" in first.stdout
    assert cli.server.paths() == [f"/papers/{ASPIRE}.md"]
    again = cli("--offline", "read", ASPIRE)
    assert again.exit_code == 0 and again.stdout == first.stdout
    raw = cli("--offline", "read", "--raw", f"https://arxiv.org/abs/{ASPIRE}v2")
    assert raw.stdout == (PAPERS_MD / f"{ASPIRE}.md").read_text()
    narrow = cli("--offline", "read", ASPIRE, "--width", "40")
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 40
    assert len(cli.server.paths()) == 1


def test_read_keeps_escapes_and_control_characters_out(cli: Any) -> None:
    cli.server.texts["2601.00001"] = HOSTILE
    for args in (["read", "2601.00001"], ["read", "--raw", "2601.00001"]):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert not {"\x1b", "\x07", "\x9b"} & set(result.stdout)
        assert "red text" in result.stdout


def test_a_page_only_text_says_so_with_the_pdf(cli: Any) -> None:
    result = cli("read", LIGHTHOUSE)
    assert result.exit_code == 0
    assert "Long Context Pre-Training" in result.stdout
    assert result.stderr == (
        f"dailypapers: Hugging Face has only the page of {LIGHTHOUSE}, not its full text; "
        f"the PDF: https://arxiv.org/pdf/{LIGHTHOUSE}\n"
    )


def test_read_failures_are_one_plain_sentence(cli: Any) -> None:
    missing = cli("read", UNKNOWN)
    assert (missing.exit_code, missing.stdout) == (1, "")
    assert missing.stderr == (
        f"dailypapers: Hugging Face has no text of {UNKNOWN} (not indexed); "
        f"the PDF: https://arxiv.org/pdf/{UNKNOWN}\n"
    )
    offline = cli("--offline", "read", ASPIRE)
    assert offline.exit_code == 1
    assert offline.stderr == (
        f"dailypapers: the text of {ASPIRE} is not stored, and --offline was given\n"
    )
    cli.server.stop()
    gone = cli("read", ASPIRE)
    assert gone.exit_code == 1 and gone.stderr.count("\n") == 1
    assert gone.stderr.startswith(
        f"dailypapers: the text of {ASPIRE} is not stored, and it could not be fetched: "
        "cannot reach 127.0.0.1:"
    )
    assert cli("read", "nonsense").exit_code == 2
    assert cli("read").exit_code == 2
    assert cli("read", ASPIRE, "--bookmarks").exit_code == 2


def test_read_bookmarks_fetches_what_is_missing_politely(
    cli: Any, monkeypatch: pytest.MonkeyPatch, client_defaults: Any
) -> None:
    client_defaults(max_tries=3)
    monkeypatch.setattr(output, "watched", lambda: True)
    assert cli("--offline", "bookmarks", "add", PADDLE, UNKNOWN, ASPIRE).exit_code == 0
    assert cli("read", PADDLE).exit_code == 0
    cli.server.fail(429, times=1, headers={"Retry-After": "0"}, path_prefix="/papers/")
    cli.server.requests.clear()
    result = cli("read", "--bookmarks")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Stored 1 text (47 KB); 1 not indexed ({UNKNOWN}).\n"
    assert "rate limiting requests (HTTP 429); trying again in 0 s" in result.stderr
    assert f"[2/2] {UNKNOWN}  not indexed by Hugging Face" in result.stderr
    assert cli.server.paths() == [f"/papers/{ASPIRE}.md"] * 2 + [f"/papers/{UNKNOWN}.md"]
    again = cli("read", "--bookmarks")
    assert again.stdout == f"Stored 0 texts; 1 not indexed ({UNKNOWN}).\n"


def test_read_bookmarks_stops_when_rate_limited_and_resumes(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("--offline", "bookmarks", "add", PADDLE, ASPIRE, LIGHTHOUSE).exit_code == 0
    cli.server.fail(429, times=1, headers={"Retry-After": "3600"}, path_prefix="/papers/")
    stopped = cli("read", "--bookmarks")
    assert stopped.exit_code == 1
    assert stopped.stdout == "Stored 0 texts.\n"
    assert stopped.stderr.startswith("Stopped with 3 texts left (127.0.0.1:")
    assert len(cli.server.requests) == 1  # the rest is not asked for
    # Ctrl-C during the second paper: the first is kept, and the next run fetches the rest.
    real = full_text_fetch.fetch_full_text
    calls = []

    async def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[2])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return await real(*args, **kwargs)

    monkeypatch.setattr(full_text_fetch, "fetch_full_text", interrupted)
    cut = cli("read", "--bookmarks")
    assert cut.exit_code == 130
    assert cut.stderr == (
        "Interrupted. Stored 1 text (2 KB).\n"
        "2 texts left: run `dailypapers read --bookmarks` again.\n"
    )
    monkeypatch.setattr(full_text_fetch, "fetch_full_text", real)
    rest = cli("read", "--bookmarks")
    assert rest.exit_code == 0 and rest.stdout.startswith("Stored 2 texts")
    assert cli("read", "--bookmarks").stdout == "All 3 bookmarked papers have their text stored.\n"


def test_cache_info_counts_the_texts_and_clear_keeps_the_bookmarked_ones(cli: Any) -> None:
    assert cli("bookmarks", "add", ASPIRE).exit_code == 0
    assert cli("read", ASPIRE).exit_code == 0 and cli("read", PADDLE).exit_code == 0
    info = cli("cache", "info").stdout
    assert re.search(r"^texts:     2 full texts \(155 KB as served, \d+ KB stored\)$", info, re.M)
    cleared = cli("cache", "clear")
    assert cleared.stdout.rstrip().endswith(", and the full texts of 1 bookmarked paper.")
    assert "texts:     1 full text (47 KB" in cli("cache", "info").stdout
    assert cli("--offline", "read", ASPIRE).exit_code == 0
