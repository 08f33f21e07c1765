"""Untrusted text from the network, made safe once, here, before anything stores or shows it.

Everything the API sends is treated as hostile: it may carry terminal escape sequences (an OSC 52
that rewrites the clipboard, an OSC 8 hyperlink, a CSI that moves the cursor), bidi overrides that
make text read differently from what it is, or raw control characters. They are removed here, so
that the store, the CLI and the app only ever see plain text. Markup characters such as ``[`` are
*kept*: they are part of real titles, and the UI shows them literally (it never parses markup).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# ESC-led sequences, in their 7-bit forms:
#   CSI  ESC [ params final          OSC  ESC ] ... (BEL | ST)
#   DCS  ESC P ... ST, and SOS/PM/APC (ESC X, ESC ^, ESC _) ... ST
#   any other two-byte escape (ESC followed by one character)
# and their 8-bit C1 forms (CSI U+009B, OSC U+009D, DCS U+0090, SOS U+0098, PM U+009E, APC U+009F,
# ST U+009C). An unterminated string sequence swallows the rest of the text: that is what a
# terminal would do, and it is safer than showing half of a payload.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?        # CSI
    | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])                    # OSC, DCS, SOS, PM, APC ...
      .*?(?:\x07|\x1b\\|\x9c|$)                                  # ... up to BEL or ST
    | \x1b[\x20-\x2f]*[\x30-\x7e]?                               # other escapes (ESC c, ESC (B)
    """,
    re.VERBOSE | re.DOTALL,
)

# C0 controls except tab and newline, DEL, C1 controls; bidi embeddings, overrides, isolates and
# marks; the line and paragraph separators (turned into plain whitespace first).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)  # also the zero-width space and the byte-order mark: invisible, and they split words
_UNICODE_BREAKS = re.compile(r"[\u2028\u2029\x0b\x0c\x85]")
_SPACES = re.compile(r"\s+")
# arXiv abstracts are hard-wrapped at ~80 columns; a new paragraph starts on a line that is indented
# ("\n  Our contributions ...") or after a blank line.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]{2,}(?=\S)")


def strip_unsafe(text: str) -> str:
    """Remove escape sequences, control characters and bidi controls; keep tabs and newlines."""
    if not text:
        return ""
    text = _UNICODE_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(value: object) -> str | None:
    """A one-line field (title, name, keyword): safe, whitespace collapsed, None when empty."""
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", strip_unsafe(value)).strip()
    return text or None


def clean_paragraphs(value: object) -> str | None:
    """A long field (abstract, AI summary): safe, hard line breaks unwrapped, paragraphs kept.

    Paragraphs are separated by one blank line in the result.
    """
    if not isinstance(value, str):
        return None
    text = strip_unsafe(value).replace("\t", " ")
    paragraphs = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text))
    result = "\n\n".join(part for part in paragraphs if part)
    return result or None


def safe_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL with a plain host and nothing unsafe, else None.

    ``javascript:``, ``file:``, ``data:`` and the like are dropped, as are URLs that contain
    whitespace or control characters (they would be misread by a terminal or a shell). So are
    URLs with userinfo: ``https://huggingface.co@evil.example/`` reads as Hugging Face and goes to
    evil.example. A host in another script comes back as punycode (``hüggingface.co`` as
    ``xn--hggingface-…``), so that a look-alike of a known host looks like what it is. Every
    link shown, opened, copied or exported passes here: the result is the URL to use.
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > 2048 or _SPACES.search(url) or url != strip_unsafe(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return None
    start = len(parts.scheme) + 3  # after "https://"
    authority = parts.netloc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if url[start : start + len(authority)] != authority:
        return None
    # "@" starts userinfo; browsers read a backslash as "/" and decode "%" in a host, so that
    # either would make the host a browser visits differ from the one shown here.
    if any(ch in authority for ch in "@\\%"):
        return None
    if authority.startswith("["):  # an IPv6 address: its colons are not the port's
        end = authority.find("]") + 1
    else:
        end = authority.find(":") if ":" in authority else len(authority)
    host, port = authority[:end], authority[end:]
    plain_host = ascii_host(host)
    if plain_host is None:
        return None
    return url[:start] + plain_host + port + url[start + len(authority) :]


_ASCII_HOST = re.compile(r"[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]")


def ascii_host(host: str) -> str | None:
    """A host name as letters, digits, dots and hyphens (non-ASCII labels as punycode, by
    IDNA 2003 as Python's codec has it), an IP address as it is; None when it is neither."""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return host if _ASCII_HOST.fullmatch(host) else None
