"""How the server runs: uvicorn, with the edit store migrated before any worker serves and an HTTP protocol
that gives clients a deadline for their request headers. `greentaxo serve` (and `make serve`) call `run`;
docs/operations.md has every setting.

Plain `uvicorn greentaxo.api.main:app` works too (each worker's start-up migrates under the store's lock),
but only `--http greentaxo.api.serving:HttpProtocol` adds the header deadline.
"""
from __future__ import annotations

import json

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from greentaxo.api.problems import PROBLEM
from greentaxo.api.routers.edits import configured
from greentaxo.api.settings import SETTINGS, ApiSettings

APP = "greentaxo.api.main:app"
PROTOCOL = "greentaxo.api.serving:HttpProtocol"


def _raw_408(timeout: float) -> bytes:
    body = json.dumps({"type": "about:blank", "title": "Request timeout", "status": 408,
                       "detail": f"the request line and headers did not arrive within {timeout:g} s"}).encode()
    head = (f"HTTP/1.1 408 Request Timeout\r\ncontent-type: {PROBLEM}\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n")
    return head.encode("ascii") + body


class HttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol plus a deadline, GREENTAXO_HEADER_TIMEOUT seconds, for the request line
    and headers: from the connection's start or the first byte of a request until its last header. uvicorn
    has none (its keep-alive timer stops at the first byte), so a client that connects and sends nothing,
    or trickles a header a byte at a time, held a connection for as long as it liked."""

    header_timeout: float = SETTINGS.header_timeout

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline = None
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_deadline is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm(self) -> None:
        if getattr(self, "_header_deadline", None) is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
            return                  # closed already, or a request is being answered: not a slow client
        self.transport.write(_raw_408(self.header_timeout))
        self.transport.close()


def prepare(settings: ApiSettings = SETTINGS) -> str | None:
    """Migrate and seed the edit store once, before any worker starts; a line saying what was done, or None
    when this server does not edit."""
    if not configured(settings):
        return None
    from greentaxo.edits.schema import configured_url  # noqa: PLC0415  (heavy: SQLAlchemy)
    from greentaxo.edits.store import EditStore  # noqa: PLC0415  (heavy: SQLAlchemy, Alembic)

    store = EditStore(configured_url(), pool_size=1, busy_timeout=settings.edits_busy_timeout)
    try:
        return store.describe_opening()
    finally:
        store.engine.dispose()


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, settings: ApiSettings = SETTINGS) -> None:
    """Serve the API (blocks until stopped)."""
    uvicorn.run(APP, host=host, port=port, workers=workers, http=PROTOCOL, timeout_keep_alive=settings.keep_alive,
                access_log=False)
