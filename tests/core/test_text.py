"""Hostile text from the network comes out as safe plain text (tui/core/text.py, parse.py)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tui.core.parse import parse_entry
from tui.core.text import clean_line, clean_paragraphs, safe_url, strip_unsafe

ESC = "\x1b"
HOSTILE = {
    "csi": f"{ESC}[31mred{ESC}[0m",
    "csi_cursor": f"{ESC}[2J{ESC}[1;1H",
    "osc52": f"{ESC}]52;c;SGVsbG8=\x07",
    "osc52_st": f"{ESC}]52;c;SGVsbG8={ESC}\\",
    "osc8": f"{ESC}]8;;https://evil.example/{ESC}\\",
    "osc8_close": f"{ESC}]8;;{ESC}\\",
    "dcs": f"{ESC}Pq#0;2;0;0;0{ESC}\\",
    "apc": f"{ESC}_hidden payload{ESC}\\",
    "c1_csi": "\x9b31m",
    "c1_osc": "\x9d0;title\x07",
    "bidi": "\u202e\u2066\u2069\u202a\u200f",
    "controls": "\x00\x01\x07\x08\x0b\x0c\x7f\x85",
    "two_byte": f"{ESC}c{ESC}(B",
}


def assert_plain(text: str) -> None:
    """No escape, control (other than newline) or bidi character is left."""
    for ch in text:
        assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf"), repr(ch)
    assert ESC not in text


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_escape_sequences_are_removed(kind: str) -> None:
    text = f"Before {HOSTILE[kind]}after"
    for cleaned in (clean_line(text), clean_paragraphs(text)):
        assert cleaned is not None
        assert_plain(cleaned)
        assert cleaned.startswith("Before")
        assert cleaned.endswith("after")


def test_sequences_lose_their_payload_too() -> None:
    assert clean_line(f"a{ESC}]52;c;SGVsbG8=\x07b") == "ab"
    assert clean_line(f"x{ESC}[31mred{ESC}[0m") == "xred"
    assert clean_line(f"{ESC}]8;;https://evil.example/{ESC}\\click{ESC}]8;;{ESC}\\") == "click"
    assert clean_line(f"a{ESC}Pq#0;2;0;0;0{ESC}\\b") == "ab"
    assert clean_line("a\x9b31mb") == "ab"
    assert "evil.example" not in (clean_line(f"{ESC}]8;;https://evil.example/\x07x") or "")
    assert "SGVsbG8" not in (clean_paragraphs(f"p {ESC}]52;c;SGVsbG8=\x07 q") or "")


def test_unterminated_string_sequence_swallows_the_rest() -> None:
    assert clean_line(f"title {ESC}]52;c;SGVsbG8=") == "title"


def test_bidi_overrides_and_nul_are_removed() -> None:
    assert clean_line("safe\u202eexe.txt") == "safeexe.txt"
    assert clean_line("\u2066isolated\u2069") == "isolated"
    assert clean_line("nul\x00byte") == "nulbyte"
    assert clean_line("bell\x07 and del\x7f") == "bell and del"


@pytest.mark.parametrize(
    "markup",
    [
        "[bold]Loud[/bold] title",
        "[@click=app.quit]Click me[/]",
        "[link=https://evil.example]x[/link]",
        "<script>alert(1)</script>",
        "x^2 & {y} [1] $z$ \\textbf{b}",
    ],
)
def test_markup_is_kept_literally(markup: str) -> None:
    assert clean_line(markup) == markup
    assert clean_paragraphs(markup) == markup


def test_title_hard_line_breaks_are_collapsed() -> None:
    assert clean_line("Breaking the Memory Barrier:\n  Near Infinite\tBatch  Size") == (
        "Breaking the Memory Barrier: Near Infinite Batch Size"
    )
    assert clean_line("a\r\nb\u2028c\u2029d") == "a b c d"
    assert clean_line("   \n\t ") is None
    assert clean_line(None) is None
    assert clean_line(12) is None


def test_abstract_is_unwrapped_and_paragraphs_kept() -> None:
    raw = (
        "Contrastive loss is a powerful approach for representation learning, where\n"
        "larger batch sizes enhance performance.\n"
        "  Our contributions are threefold: first,\n"
        "we do this.\n"
        "\n"
        "Code is available."
    )
    assert clean_paragraphs(raw) == (
        "Contrastive loss is a powerful approach for representation learning, where larger "
        "batch sizes enhance performance.\n\n"
        "Our contributions are threefold: first, we do this.\n\n"
        "Code is available."
    )


def test_single_space_indent_is_not_a_paragraph() -> None:
    assert clean_paragraphs("one line\n continued") == "one line continued"


def test_recorded_abstract_is_unwrapped() -> None:
    from fakeserver import LEGACY, load_fixture

    entry = load_fixture(LEGACY)[0]
    assert "\n" in entry["paper"]["summary"]
    paper, _ = parse_entry(entry)
    assert paper.abstract is not None
    assert paper.abstract.startswith(
        "Contrastive loss is a powerful approach for representation learning, where larger"
    )
    assert not re.search(r"[^\n]\n[^\n]", paper.abstract)  # no single hard breaks left


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "ftp://example.com/x",
        "//evil.example/x",
        "http://",
        "https://exa mple.com",
        f"https://example.com/{ESC}]52;c;eA==\x07",
        "https://example.com/\u202egnp.exe",
        "https://example.com/\nx",
        "https://" + "a" * 3000 + ".com",
        # userinfo: reads as the first host, goes to the second
        "https://huggingface.co@evil.example/path",
        "http://user:pass@host/",
        "https://@evil.example/",
        # a host a browser reads differently from how it is shown
        "https://evil.example\\@huggingface.co/",
        "https://huggingface.co%2eevil.example/",
        "https://" + "ü" * 70 + ".example/",  # a label too long for IDNA
        "http://example.com:99999/",
        "http://example.com:port/",
        "",
        None,
        42,
    ],
)
def test_unsafe_urls_are_dropped(url: object) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/declare-lab/sigma-mem",
        "http://project.example.org/page?x=1#y",
        "HTTPS://EXAMPLE.COM/",
    ],
)
def test_http_and_https_urls_are_kept(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hüggingface.co/papers?q=ü", "https://xn--hggingface-9db.co/papers?q=ü"),
        ("http://例え.テスト:8080/パス", "http://xn--r8jz45g.xn--zckzah:8080/パス"),
        ("https://ＧＩＴＨＵＢ.com/a/b", "https://github.com/a/b"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
    ],
)
def test_a_host_in_another_script_is_shown_as_punycode(url: str, shown: str) -> None:
    assert safe_url(url) == shown


def test_hostile_entry_comes_out_safe() -> None:
    entry = {
        "paper": {
            "id": "2607.27958",
            "title": f"[bold]Pwn[/bold] {ESC}]52;c;SGVsbG8=\x07\u202eTitle\x00\n  Two",
            "summary": f"Line one\nwraps {ESC}[2J here.\n  Second paragraph \x9b31m.",
            "authors": [{"name": f"Eve {ESC}]8;;https://evil/{ESC}\\Mallory", "hidden": False}],
            "ai_keywords": [f"kw{ESC}[1m", "[@click=app.quit]"],
            "ai_summary": "ok\x07",
            "githubRepo": "javascript:alert(1)",
            "projectPage": "file:///etc/passwd",
            "organization": {"name": "org\u202e", "fullname": f"Org {ESC}[5mBlink"},
            "submittedOnDailyBy": {"fullname": "Sub\x1b[0mmitter", "avatarUrl": "data:x"},
        },
        "thumbnail": "data:image/png;base64,AAAA",
    }
    paper, _ = parse_entry(entry)
    assert paper.title == "[bold]Pwn[/bold] Title Two"
    assert paper.abstract == "Line one wraps here.\n\nSecond paragraph ."
    assert paper.authors == ("Eve Mallory",)
    assert paper.ai_keywords == ("kw", "[@click=app.quit]")
    assert paper.ai_summary == "ok"
    assert paper.github_repo is None
    assert paper.project_page is None
    assert paper.organization == "Org Blink"
    assert paper.org_name == "org"
    assert paper.submitted_by == "Submitter"
    assert paper.submitter_avatar is None
    for value in (paper.title, paper.abstract, *paper.authors, paper.organization):
        assert_plain(value or "")


def test_strip_unsafe_keeps_newlines_and_tabs() -> None:
    assert strip_unsafe("a\tb\nc\r\nd") == "a\tb\nc\nd"
    assert strip_unsafe("") == ""
