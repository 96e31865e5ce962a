"""Limits on a request before and while its body is read (ASGI middleware, one home for all of them):

- a body over GREENTAXO_MAX_BODY_BYTES is 413: by its Content-Length when it gives one, else as soon as the
  streamed (chunked) body passes the limit;
- a body that stops arriving for GREENTAXO_BODY_TIMEOUT seconds is 408 (a slow client holds a connection
  and a task, never the server);
- at most GREENTAXO_MAX_BATCHES batch requests are in flight at once; one more is 503 + Retry-After before
  its body is read (50 long-text batches at once took the server from 170 MB to 1 GB).

A refusal made while the endpoint is reading the body is sent here and says `Connection: close`; the
endpoint then sees the client as gone, and whatever it answers after that is dropped. Request headers
have their own timeout, in the HTTP protocol (greentaxo.api.serving), since no ASGI code runs before they
are complete.
"""
from __future__ import annotations

import asyncio

from greentaxo.api.problems import problem

BATCH_PATHS = frozenset({"/classify/batch", "/eligibility/batch"})
DISCONNECT = {"type": "http.disconnect"}


class RequestLimits:
    """ASGI middleware."""

    def __init__(self, app, max_body: int, body_timeout: float = 30.0, max_batches: int = 4,
                 batch_paths: frozenset[str] = BATCH_PATHS) -> None:
        self.app, self.max_body, self.body_timeout = app, max_body, body_timeout
        self.max_batches, self.batch_paths = max_batches, batch_paths
        self.batches = 0              # in flight; the event loop is one thread, so a plain count will do

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or {}).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return await _send(send, *_too_large(self.max_body))
        batch = scope["method"] == "POST" and scope["path"] in self.batch_paths
        if batch and self.batches >= self.max_batches:
            return await _send(send, 503, "Too many batches", f"{self.max_batches} batch requests are being worked "
                               "on; send this one again in a few seconds", {"Retry-After": "5"})
        guard = _Guard(receive, send, self.max_body, self.body_timeout)
        self.batches += batch
        try:
            await self.app(scope, guard.receive, guard.send)
        except Exception:
            if not guard.refused:       # the endpoint failing on the body we took away is not an error
                raise
        finally:
            self.batches -= batch


class _Guard:
    """The receive and send of one request, watching the body's size and pace."""

    def __init__(self, receive, send, limit: int, timeout: float) -> None:
        self._receive, self._send, self.limit, self.timeout = receive, send, limit, timeout
        self.seen = 0
        self.body_done = self.started = self.refused = False

    async def receive(self):
        if self.refused:
            return DISCONNECT
        if self.body_done:              # after the body only a disconnect can come: no deadline for that
            return await self._receive()
        try:
            async with asyncio.timeout(self.timeout):
                message = await self._receive()
        except TimeoutError:
            await self._refuse(408, "Request timeout", f"no part of the request body arrived for {self.timeout:g} s; "
                                                       "send the whole body without pausing")
            return DISCONNECT
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limit:
                await self._refuse(*_too_large(self.limit))
                return DISCONNECT
            self.body_done = not message.get("more_body", False)
        return message

    async def send(self, message) -> None:
        if self.refused:
            return                      # the endpoint's answer to a request refused here
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)

    async def _refuse(self, status: int, title: str, detail: str) -> None:
        self.refused = True
        if not self.started:
            await _send(self._send, status, title, detail)


def _too_large(limit: int) -> tuple[int, str, str]:
    return 413, "Request body too large", f"the body exceeds {limit} bytes; split the batch or shorten the text"


async def _send(send, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
    # the rest of the body may still be on its way: the connection is not reused after a refusal
    close = {} if status == 503 else {"Connection": "close"}
    resp = problem(status, title, detail, headers={**close, **(headers or {})})
    await send({"type": "http.response.start", "status": status, "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})
