"""A hostile Papers API on 127.0.0.1: every answer is one attack, chosen by ``mode``.

- ``endless``: a chunked 200 answer of JSON entries that never ends;
- ``bomb``: a 200 answer with ``Content-Encoding: gzip`` whose body inflates to ``bomb_mb`` MB
  (one gzip member, so any decoder must inflate it all to see the end), or is ``bomb``;
- ``drip``: a 200 answer whose body comes one byte every ``drip_every`` seconds, for ever;
- ``redirect``: a 302 to ``location`` (a path on this server, another host, ``file:``…);
- ``raw``: a 200 answer of ``body`` bytes with ``headers`` (an encoding, say), as given.

``/final`` always answers ``[]``, a target for same-origin redirects. Every request's headers
are recorded. Used by the tests and by ``bench/hostile.py``.
"""

from __future__ import annotations

import threading
import zlib
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENTRY = b'{"paper": {"id": "2607.00001", "title": "again"}},'


@cache
def gzip_bomb(megabytes: int) -> bytes:
    """One gzip member that inflates to ``[`` and ``megabytes`` MB of spaces (~1 KB per MB)."""
    deflate = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    parts = [deflate.compress(b"[")]
    parts.extend(deflate.compress(block) for _ in range(megabytes))
    parts.append(deflate.flush())
    return b"".join(parts)


class HostileServer:
    """``with HostileServer("drip") as server: ... server.url ...``"""

    def __init__(
        self,
        mode: str,
        *,
        location: str = "/final",
        bomb_mb: int = 32,
        bomb: bytes | None = None,
        drip_every: float = 0.1,
        body: bytes = b"[]",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.mode = mode
        self.body = body
        self.headers = headers or {}
        self.location = location
        self.bomb = bomb if bomb is not None or mode != "bomb" else gzip_bomb(bomb_mb)
        self.drip_every = drip_every
        self.seen: list[tuple[str, dict[str, str]]] = []  # (path, headers) of each request
        self.stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "the server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> HostileServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # ends every endless answer and drip
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _handler_for(server: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server.seen.append((self.path, dict(self.headers.items())))
            try:
                if self.path.startswith("/final"):
                    self._whole(200, b"[]")
                elif server.mode == "redirect":
                    self._whole(302, b"", {"Location": server.location})
                elif server.mode == "raw":
                    self._whole(200, server.body, server.headers)
                elif server.mode == "bomb":
                    self._whole(200, server.bomb or b"", {"Content-Encoding": "gzip"})
                elif server.mode == "endless":
                    self._endless()
                elif server.mode == "drip":
                    self._drip()
            except OSError:  # the client stopped reading and closed: that is the point
                pass
            # One answer per connection: a client that gave up has closed its end, and reading
            # a next request from it would only print a "connection reset" traceback.
            self.close_connection = True

        def _whole(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _endless(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + ENTRY * 1000
            while not server.stopping.is_set():
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                chunk = ENTRY * 1000

        def _drip(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"[")
            self.wfile.flush()
            while not server.stopping.wait(server.drip_every):
                self.wfile.write(b" ")
                self.wfile.flush()

    return Handler
