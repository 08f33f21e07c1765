"""HF_ENDPOINT and HF_TOKEN as given, and URLs as they may be shown: the base URL's mistakes
named before any request, credentials never shown, the origin redirects must stay within."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import httpx

from .models import HF_SITE

DEFAULT_ENDPOINT = HF_SITE
DEFAULT_PORTS = {"http": 80, "https": 443}


def endpoint_from_env() -> str:
    return endpoint_as_given().rstrip("/")


def endpoint_as_given() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip()


def without_userinfo(url: str) -> str:
    """``url`` as it may be shown, logged or stored: ``http://user:pass@host/`` loses its
    ``user:pass@`` (credentials in HF_ENDPOINT were printed in every error, by --paths, and
    kept in the cache's fetch log)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rpartition("@")[2] if "@" in url else url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def endpoint_problem(endpoint: str) -> str | None:
    """Why ``endpoint`` is not a usable http(s) base URL (a port out of range, stray
    brackets, no host), or None: the mistake is named before any request is tried."""
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        return "which is not a valid URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "which is not an http(s) URL"
    try:
        port = parts.port
        httpx.URL(endpoint)
    except (ValueError, httpx.InvalidURL):
        port = 0
    if port == 0:
        return "whose port is not a number from 1 to 65535"
    if any(c in parts.hostname for c in '[]{}<>|\\^` "%'):
        return "whose host name is not valid"
    if parts.query or parts.fragment:
        # Every request sets its own query, so ``http://host/mirror?x=1#y`` would quietly lose
        # its path: the mistake is named instead.
        return "which ends in a ?query or #fragment; give the base URL alone"
    return None


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot go in a header, or None (a line break in HF_TOKEN read as
    "connection failed", a non-ASCII character as an encoding error)."""
    if any(ord(c) < 32 or ord(c) == 127 for c in token):
        return "HF_TOKEN contains a line break or control character; set it to the token alone"
    if not token.isascii():
        return "HF_TOKEN contains a character that is not ASCII; set it to the token alone"
    return None


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or DEFAULT_PORTS.get(url.scheme)
