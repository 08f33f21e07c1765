"""The errors the app and the CLI expect, under one base (no Textual, no tui import).

Every one of them reads, as ``str()``, as one plain sentence a user can act on: the CLI prints
it after ``dailypapers:``, the app shows it in a notice. Whoever raises an error knows what
went wrong; the short words a narrow place shows (the app's header) are set there too, never
read back out of the sentence.
"""

from __future__ import annotations

HEADER_ROOM = 60  # characters of a failure the header shows when it has no shorter words


def shortened(text: str, limit: int = HEADER_ROOM) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DailyPapersError(Exception):
    """Base of every expected error; ``str()`` is one plain sentence a user can act on."""

    @property
    def header_words(self) -> str:
        """The error as the app's header says it: the whole sentence unless a subclass knows
        shorter words."""
        return str(self)

    @property
    def narrow_header_words(self) -> str:
        """The header's words on a narrow terminal."""
        return self.header_words


class ApiError(DailyPapersError):
    """A request that failed for good, with a message in one plain sentence.

    ``header_words`` are the few words the app's header shows ("server error (HTTP 500)",
    "no answer in 10 s"), ``narrow_header_words`` the fewer of a narrow terminal ("HTTP 500"),
    both set where the failure is known; a message without them is cut to 60 characters.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retryable: bool = True,
        unreachable: bool = False,
        cannot_connect: bool = False,
        header_words: str | None = None,
        narrow_header_words: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retryable = retryable  # worth trying again later (network, 5xx, 429)
        self.unreachable = unreachable  # no connection, or no answer at all: stop asking
        # No connection was made at all (refused, no network, dropped): the header says
        # "offline", as for --offline. A server that hangs is not offline.
        self.cannot_connect = cannot_connect
        self._header_words = header_words
        self._narrow_header_words = narrow_header_words

    def __str__(self) -> str:
        return self.message

    @property
    def header_words(self) -> str:
        return self._header_words or shortened(self.message)

    @property
    def narrow_header_words(self) -> str:
        return self._narrow_header_words or self.header_words

    def retold(self, message: str) -> ApiError:
        """The same failure in other words (``message``), its fields and short words kept."""
        return ApiError(
            message,
            status=self.status,
            retryable=self.retryable,
            unreachable=self.unreachable,
            cannot_connect=self.cannot_connect,
            header_words=self._header_words,
            narrow_header_words=self._narrow_header_words,
        )


class PayloadError(DailyPapersError, ValueError):
    """A response body that is not what the endpoint promises (not a list, not an object)."""


class BodyError(DailyPapersError):
    """A body that was not read whole; the text ends a sentence that starts with the host
    ("sent more than 8 MB for one answer; stopped reading")."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large  # past the cap, rather than badly encoded


class StoreError(DailyPapersError):
    """A database problem, with a message in one plain sentence."""


class StoreBusy(StoreError):
    """Another process held the database for longer than we are willing to wait."""


class StoreDamaged(StoreError):
    """The cache file is damaged; :meth:`Store.repair` moves it aside and rebuilds it."""


class SchemaTooNew(DailyPapersError):
    """A database written by a newer dailypapers than this one."""


class WatchRefused(DailyPapersError, ValueError):
    """A watch that cannot be added, renamed or removed (a query the parser cannot read, a
    name taken, a watch of the config file), said in one sentence."""


class SyncError(DailyPapersError):
    """A sync with a Hugging Face collection that stopped, in one sentence; ``kind`` says why
    in a word the app's header turns into a few ("no_token", "token_refused", "read_only",
    "other_user", "collection_gone", "rate_limited", "server", "offline", "refused")."""

    def __init__(self, message: str, *, kind: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after  # seconds the Hub asked to wait (429), when it said
