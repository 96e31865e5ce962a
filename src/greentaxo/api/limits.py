"""Refuse a request body over the configured size (GREENTAXO_MAX_BODY_BYTES) with 413, before the endpoint
reads it: by its Content-Length when it gives one, else while it streams in."""
from __future__ import annotations

from greentaxo.api.problems import problem


class BodyLimit:
    """ASGI middleware."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or {}).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await _send_413(send, self.limit)
        seen = 0

        async def guarded():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            return await self.app(scope, guarded, send)
        except _TooLarge:
            return await _send_413(send, self.limit)


class _TooLarge(Exception):
    pass


async def _send_413(send, limit: int) -> None:
    resp = problem(413, "Request body too large", f"the body exceeds {limit} bytes; split the batch or shorten the text")
    await send({"type": "http.response.start", "status": 413, "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})
