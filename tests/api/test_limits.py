"""Failure semantics of the HTTP layer, on a real uvicorn over loopback: a 500 closes its connection properly,
slow clients are cut off (headers: the protocol; body: the middleware), a streamed oversize body is 413,
and batches beyond the in-flight limit are refused before their body is read."""
from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import pytest
from fastapi import FastAPI, Request

from greentaxo.api import problems
from greentaxo.api.limits import RequestLimits
from greentaxo.api.serving import HttpProtocol
from tests.support.edits import free_port


def _small_app(max_body: int = 1000, body_timeout: float = 30.0, max_batches: int = 4) -> FastAPI:
    """The real middleware and error handlers around endpoints that fail, echo, or wait on purpose."""
    app = FastAPI()
    app.state.release = asyncio.Event()
    app.add_middleware(RequestLimits, max_body=max_body, body_timeout=body_timeout, max_batches=max_batches)
    problems.install(app)

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    @app.get("/ok")
    def ok():
        return {"ok": True}

    @app.post("/echo")
    async def echo(request: Request):
        return {"bytes": len(await request.body())}

    @app.post("/classify/batch")
    async def batch(request: Request):
        await request.body()
        await app.state.release.wait()
        return {"done": True}

    return app


@pytest.fixture
def serve(monkeypatch):
    """serve(app) -> base URL of a uvicorn running `app` with greentaxo's HTTP protocol, on a loopback port."""
    import uvicorn

    servers = []
    monkeypatch.setattr(HttpProtocol, "header_timeout", 0.5)

    def start(app) -> str:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, http=HttpProtocol, lifespan="off",
                                               log_level="critical"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.time() + 20
        while not server.started and time.time() < deadline:
            time.sleep(0.02)
        assert server.started
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(10)


def _raw(base: str, data: bytes, wait: float = 20.0) -> tuple[float, bytes]:
    """Send raw bytes, then read until the server closes; (seconds until closed, everything received). A server
    without the deadline under test keeps the connection open: the socket times out and the test errors."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        start = time.monotonic()
        s.sendall(data)
        got = b""
        while chunk := s.recv(65536):
            got += chunk
        return time.monotonic() - start, got


def test_a_500_says_connection_close_and_the_next_request_succeeds(serve):
    base = serve(_small_app())
    with httpx.Client(base_url=base) as http:
        r = http.get("/boom")
        assert r.status_code == 500 and r.headers["connection"] == "close"
        assert r.headers["content-type"].startswith("application/problem+json")
        assert http.get("/ok").status_code == 200           # the client opened a new connection: no error


def test_headers_that_never_finish_get_408_and_a_closed_connection(serve):
    base = serve(_small_app())
    took, got = _raw(base, b"GET /ok HTTP/1.1\r\nHost: x\r\n")          # no blank line: headers incomplete
    assert got.startswith(b"HTTP/1.1 408") and b"connection: close" in got.lower() and took < 15
    took, got = _raw(base, b"")                                           # connects, sends nothing
    assert got.startswith(b"HTTP/1.1 408") and took < 15


def test_a_keep_alive_client_is_not_cut_off_between_fast_requests(serve):
    base = serve(_small_app())
    with httpx.Client(base_url=base) as http:
        for _ in range(3):
            assert http.get("/ok").status_code == 200
            time.sleep(0.3)             # idle below the header deadline, within uvicorn's keep-alive


def test_a_body_that_stops_arriving_gets_408(serve):
    base = serve(_small_app(body_timeout=0.5))
    took, got = _raw(base, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
    assert got.startswith(b"HTTP/1.1 408") and b"application/problem+json" in got and took < 15


def test_a_chunked_body_over_the_limit_is_413_not_400(serve):
    base = serve(_small_app(max_body=1000))

    def chunks():
        for _ in range(30):
            yield b"x" * 100

    with httpx.Client(base_url=base) as http:
        r = http.post("/echo", content=chunks())                 # no Content-Length: Transfer-Encoding chunked
        assert r.status_code == 413 and r.json()["status"] == 413
        assert http.post("/echo", content=b"y" * 500).json() == {"bytes": 500}


def test_batches_beyond_the_in_flight_limit_get_503_before_their_body_is_read(serve):
    app = _small_app(max_batches=2)
    base = serve(app)
    results: list[int] = []

    def send():
        results.append(httpx.post(f"{base}/classify/batch", content=b"{}", timeout=20).status_code)

    held = [threading.Thread(target=send) for _ in range(2)]
    for t in held:
        t.start()
    time.sleep(0.5)                     # both are in the endpoint, waiting
    r = httpx.post(f"{base}/classify/batch", content=b"{}", timeout=20)
    assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1
    assert httpx.get(f"{base}/ok").status_code == 200           # other endpoints are not limited
    app.state.release.set()
    for t in held:
        t.join(20)
    assert results == [200, 200]
    assert httpx.post(f"{base}/classify/batch", content=b"{}", timeout=20).status_code == 200


ECHOED = {"Record.id"}      # the caller's own identifier, echoed back untouched: any size is harmless


def _unbounded_integers(schema, where: str, components: dict, seen: tuple = ()):
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name not in seen:
            yield from _unbounded_integers(components[name], name, components, (*seen, name))
        return
    if schema.get("type") == "integer" and "maximum" not in schema and where not in ECHOED:
        yield where
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from _unbounded_integers(sub, where, components, seen)
    for name, sub in schema.get("properties", {}).items():
        yield from _unbounded_integers(sub, f"{where}.{name}", components, seen)
    yield from _unbounded_integers(schema.get("items"), f"{where}[]", components, seen)


def test_every_integer_the_api_accepts_has_an_upper_bound():
    """An integer with no maximum reaches a database or a solver that cannot hold it and becomes a 500
    (a change set id of 2**63 on SQLite, 2**31 on PostgreSQL, a package max_size of 2**63 in OR-Tools)."""
    from greentaxo.api.main import app

    spec = app.openapi()
    components = spec["components"]["schemas"]
    found = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for p in op.get("parameters", []):
                found += _unbounded_integers(p["schema"], f"{method.upper()} {path} {p['name']}", components)
            for content in op.get("requestBody", {}).get("content", {}).values():
                found += _unbounded_integers(content.get("schema"), f"{method.upper()} {path} body", components)
    assert found == [], f"give these a maximum (le=...): {found}"
