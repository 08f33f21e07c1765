"""Whether the library changed since the screen last looked (another window, a command, or this
app's own writer). No Textual: the screen asks on the tick and shows the marks again."""

from __future__ import annotations

from ..core.errors import StoreError
from ..core.library import Library


def changed_version(library: Library, last_seen: int | None) -> int | None:
    """The library's new ``PRAGMA data_version`` when it differs from ``last_seen``; None when
    nothing changed or the library cannot be read now (the next tick asks again). One pragma
    when nothing changed."""
    try:
        version = library.data_version()
    except StoreError:
        return None
    return None if version == last_seen else version
