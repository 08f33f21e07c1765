"""Reading a response body with a cap on its *decompressed* size (no Textual).

An endless chunked answer grew memory to 3 GB in 11 s, and a 2 MB gzip bomb to 3 GB in 10 s:
httpx decompresses each 64 KB network read whole (up to ~64 MB at once for a bomb), so the body
is inflated here, piece by piece, never more than the room left under the cap. Only the
encodings the client asks for (``Accept-Encoding: gzip, deflate``) are accepted.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Callable

import httpx

from .errors import BodyError
from .text import clean_line

ACCEPT_ENCODING = "gzip, deflate"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ZLIB_WBITS = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS = -zlib.MAX_WBITS


def size_words(limit: int) -> str:
    """``8 MB``, ``64 KB``, ``512 bytes``: a cap as a message says it."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    if limit >= 1024:
        return f"{limit / 1024:g} KB"
    return f"{limit} bytes"


async def read_body(response: httpx.Response, limit: int) -> bytes:
    """The decompressed body of a streamed response, at most ``limit`` bytes.

    Raises :class:`BodyError` past the cap (having read at most ``limit + 1`` bytes of it), for
    an encoding that was not asked for, or for compressed data that is damaged.
    """
    too_large = f"sent more than {size_words(limit)} for one answer; stopped reading"
    if response.is_stream_consumed:  # made whole in memory (a test's mock transport)
        if len(response.content) > limit:
            raise BodyError(too_large, too_large=True)
        return response.content
    encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
    body = bytearray()
    if encoding in ("", "identity"):
        pieces = response.aiter_raw()
    elif encoding in ("gzip", "x-gzip", "deflate"):
        pieces = _inflated(response.aiter_raw(), encoding, lambda: limit + 1 - len(body))
    else:
        named = (clean_line(encoding) or "?")[:20]
        raise BodyError(f"sent an answer in an encoding it was not asked for ({named})")
    async for piece in pieces:
        body += piece
        if len(body) > limit:
            raise BodyError(too_large, too_large=True)
    return bytes(body)


async def _inflated(
    chunks: AsyncIterator[bytes], encoding: str, room: Callable[[], int]
) -> AsyncIterator[bytes]:
    """The decompressed pieces of ``chunks``, none longer than ``room()`` (the bytes the caller
    can still take): a bomb costs at most the cap, not a thousand times each network read."""
    wbits = _ZLIB_WBITS if encoding == "deflate" else _GZIP_WBITS
    inflate = zlib.decompressobj(wbits)
    started = False
    async for chunk in chunks:
        data = chunk
        while data:
            try:
                piece = inflate.decompress(data, max(1, room()))
            except zlib.error:
                if wbits == _ZLIB_WBITS and not started:
                    # "deflate" without its zlib header: some servers send it raw (httpx,
                    # browsers and curl accept it too).
                    wbits = _RAW_DEFLATE_WBITS
                    inflate = zlib.decompressobj(wbits)
                    started = True
                    continue
                raise BodyError("sent a compressed answer that is damaged") from None
            started = True
            if piece:
                yield piece
            if inflate.eof:
                data = inflate.unused_data  # a gzip body may hold several members
                if data:
                    inflate = zlib.decompressobj(wbits)
            else:
                data = inflate.unconsumed_tail
