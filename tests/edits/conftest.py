"""Fixtures of the edit tests: a throwaway PostgreSQL cluster, one fresh edit store per test on each
backend (SQLite and PostgreSQL), the configured tokens, and an HTTP client on the real app."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.edits import TOKENS, free_port


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
    """The tokens as the server's settings hold them (GREENTAXO_EDIT_TOKENS, no token file)."""
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setattr(SETTINGS, "edit_tokens", ",".join(f"{t}:{u}:{r}" for t, (u, r) in TOKENS.items()))
    monkeypatch.setattr(SETTINGS, "edit_tokens_file", None)
    return TOKENS


@pytest.fixture
def edits_store(edits_db_url):
    from greentaxo.edits.store import EditStore

    s = EditStore(edits_db_url, ROOT)
    yield s
    s.engine.dispose()


@pytest.fixture
def edits_client(edits_store, edit_tokens, tmp_path, monkeypatch):
    """The real app (without loading the serving graph, which the edit endpoints do not use)."""
    from fastapi.testclient import TestClient

    from greentaxo.api.main import app
    from greentaxo.api.settings import SETTINGS

    monkeypatch.setattr(SETTINGS, "edits_export_dir", tmp_path / "exports")
    app.state.edits = edits_store
    try:
        yield TestClient(app)
    finally:
        del app.state.edits
