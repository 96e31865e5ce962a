"""Fixtures shared by the edit tests: a throwaway PostgreSQL cluster, one fresh edit store per test on each
backend (SQLite and PostgreSQL), the configured tokens, and an HTTP client on the real app.

This module holds no tests; the test_edits*.py modules import its fixtures.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKENS = {  # token -> (user, role)
    "tok-editor-erin-0000000001": ("erin", "editor"),
    "tok-editor-eve-00000000002": ("eve", "editor"),
    "tok-reviewer-rita-00000003": ("rita", "reviewer"),
    "tok-reviewer-rob-000000004": ("rob", "reviewer"),
    "tok-admin-ada-000000000005": ("ada", "admin"),
    **{f"tok-editor-ed{i}-0000000{i:03d}": (f"ed{i}", "editor") for i in range(10)},
}
ROLE_TOKEN = {"editor": "tok-editor-erin-0000000001", "editor2": "tok-editor-eve-00000000002",
              "reviewer": "tok-reviewer-rita-00000003", "reviewer2": "tok-reviewer-rob-000000004",
              "admin": "tok-admin-ada-000000000005"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """Start a PostgreSQL cluster of our own (scripts/pg.sh); needs only the server package installed."""
    base = Path(tempfile.mkdtemp(prefix="greentaxo-pg-"))
    os.chmod(base, 0o711)      # as root the cluster runs as `postgres`, which must reach its data dir
    cluster = base / "cluster"
    proc = subprocess.run([str(ROOT / "scripts" / "pg.sh"), "start", str(cluster), str(free_port())],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL for the edit tests: {proc.stderr.strip()[-500:]}")
    try:
        yield proc.stdout.strip()
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg.sh"), "stop", str(cluster)], capture_output=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def edits_db_url(request, tmp_path):
    """A new, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'edits.sqlite'}"
        return
    import sqlalchemy as sa

    server = request.getfixturevalue("pg_server")
    name = "edits_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def edit_tokens(monkeypatch):
    monkeypatch.setenv("GREENTAXO_EDIT_TOKENS", ",".join(f"{t}:{u}:{r}" for t, (u, r) in TOKENS.items()))
    monkeypatch.delenv("GREENTAXO_EDIT_TOKENS_FILE", raising=False)
    return TOKENS


@pytest.fixture
def edits_store(edits_db_url):
    from greentaxo.editorial.store import EditStore

    s = EditStore(edits_db_url, ROOT)
    yield s
    s.engine.dispose()


@pytest.fixture
def edits_client(edits_store, edit_tokens, tmp_path, monkeypatch):
    """The real app (without loading the serving graph, which the edit endpoints do not use)."""
    from fastapi.testclient import TestClient

    from api.main import app

    monkeypatch.setenv("GREENTAXO_EDITS_EXPORT_DIR", str(tmp_path / "exports"))
    app.state.edits = edits_store
    try:
        yield TestClient(app)
    finally:
        del app.state.edits


def auth(role_or_token: str) -> dict:
    return {"Authorization": f"Bearer {ROLE_TOKEN.get(role_or_token, role_or_token)}"}


def unreferenced_leaf(edits_store) -> str:
    """A live leaf no other concept points to: deprecating it breaks no rule."""
    import sqlalchemy as sa

    from greentaxo.editorial.store import CONCEPTS
    with edits_store.engine.connect() as conn:
        rows = conn.execute(sa.select(CONCEPTS.c.iri, CONCEPTS.c.ntriples)).all()
    everything = "".join(r.ntriples for r in rows)
    for r in sorted(rows):
        if "trlMin" in r.ntriples and everything.count(f"> <{r.iri}> .") == 0:
            return r.iri
    raise AssertionError("no unreferenced leaf in the bundled routes")
