"""The network for the commands: an event loop to run on, the API client, and filling in the
details of bookmarks that have only an id."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from .base import Workspace
from .output import echo_err, plural

if TYPE_CHECKING:
    from ..core.api import HFClient, RetryHook

Result = TypeVar("Result")


def run(coroutine: Coroutine[Any, Any, Result]) -> Result:
    import asyncio  # only the commands that touch the network pay for it

    return asyncio.run(coroutine)


def client(on_retry: RetryHook | None = None) -> HFClient:
    from ..core.api import HFClient

    return HFClient(on_retry=on_retry)


def fill_in(workspace: Workspace) -> None:
    """After the network answered well: details for bookmarks that have only an id."""
    from ..core.api import ApiError
    from ..core.sync import fill_in_kept_papers

    if workspace.offline or not workspace.library.ids_without_details(1):
        return

    async def go() -> int:
        async with client() as api:
            return await fill_in_kept_papers(workspace.store, workspace.library, api)

    try:
        filled = run(go())
    except ApiError as error:
        echo_err(f"dailypapers: details of your bookmarks could not be fetched ({error}).")
        return
    if filled:
        echo_err(f"Filled in the details of {plural(filled, 'bookmarked paper')}.")
