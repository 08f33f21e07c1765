"""The fake Papers API in-process: an httpx transport for ``HFClient(transport=...)``, answering
from papers_api.py like the HTTP server does, without a socket or a thread."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import httpx
from papers_api import PapersAPI


class InProcessAPI(PapersAPI):
    """Records every ``httpx.Request``; ``fault`` (a request → response function, which may
    raise) answers instead of the API when set; ``delay`` seconds per answer let requests
    overlap, and ``most_in_flight`` says how many did at most."""

    def __init__(self, entries: list[dict[str, Any]] | None = None, *, delay: float = 0.0) -> None:
        super().__init__(entries)
        self.requests: list[httpx.Request] = []
        self.fault: Callable[[httpx.Request], Any] | None = None  # a Response, or awaits one
        self.delay = delay
        self.in_flight = 0
        self.most_in_flight = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            response = self._respond(request)
            if inspect.isawaitable(response):  # a fault may answer slowly (a dripping body)
                response = await response
            return response
        finally:
            self.in_flight -= 1

    def _respond(self, request: httpx.Request) -> Any:
        if self.fault is not None:
            return self.fault(request)
        path, params = request.url.path, dict(request.url.params)
        fault = self.take_fault(path, params)
        if fault is not None:
            if fault.hang:  # no server to hang: the client's read timeout, at once
                raise httpx.ReadTimeout("no answer", request=request)
            return httpx.Response(fault.status, content=fault.body, headers=fault.headers)
        base_url = f"{request.url.scheme}://{request.url.netloc.decode()}"
        status, body, headers = self.answer(path, params, base_url)
        headers = {"Content-Type": "application/json; charset=utf-8", **headers}
        return httpx.Response(status, content=body, headers=headers)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)
