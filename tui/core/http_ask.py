"""One request as HFClient sends it: a read (GET, the papers and the paper page) or a write
(the user's collections), which differ in what may be retried and followed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Ask:
    method: str
    path: str
    params: dict[str, str] | None = None
    accept: str | None = None
    body: bytes | None = None  # JSON, for a write

    @property
    def is_write(self) -> bool:
        """A write is sent with the token or not at all, and never to where a redirect leads."""
        return self.method != "GET"
