"""What a screen asks of the app it runs in, named without importing the app (which imports
the screens): the library's writer, the API client, the session."""

from __future__ import annotations

from typing import Any, Protocol

from .writer import Writer


class AppServices(Protocol):
    writer: Writer

    async def get_client(self) -> Any: ...

    def save_session(self) -> None: ...
