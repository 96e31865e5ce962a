"""The loopback listener: a socket server on 127.0.0.1 that counts every connection made to it and answers each
with a small JSON-LD document (so that a fetch, if one happened, would succeed and go unnoticed by the caller).
Every payload of tests/security points at it; a test passes only if it saw no connection."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.support.edits import TOKENS

ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\nContent-Length: 45\r\nConnection: close\r\n\r\n"
          b'{"@context": {"title": "http://e.org/title"}}')


class Listener:
    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.seen: list[str] = []          # the first line of each request received
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str = "x") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    first = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                    conn.sendall(ANSWER)
                except OSError:
                    first = "(no request line)"
                self.seen.append(first or "(empty)")

    def connections(self, settle: float = 0.2) -> list[str]:
        """Request lines seen so far, after a moment for a late connection to be accepted."""
        time.sleep(settle)
        return list(self.seen)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="session")
def api():
    """The real app, its graph and model loaded once for the run."""
    from fastapi.testclient import TestClient

    from greentaxo.api.main import app

    with TestClient(app) as client:
        yield client


@pytest.fixture
def admin_token(monkeypatch) -> str:
    """An admin token the edit endpoints accept (GREENTAXO_EDIT_TOKENS as the tests set it)."""
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setattr(SETTINGS, "edit_tokens", ",".join(f"{t}:{u}:{r}" for t, (u, r) in TOKENS.items()))
    monkeypatch.setattr(SETTINGS, "edit_tokens_file", None)
    return next(t for t, (_, role) in TOKENS.items() if role == "admin")
