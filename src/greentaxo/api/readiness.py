"""Readiness of one server process (GET /ready): what a load balancer asks before it sends traffic.

Liveness (/health) says the process answers; readiness says it can do its work: the graph and the model are
loaded, and the edit database, when one is configured, answers a trivial query within a second. A worker whose
database is unreachable is taken out of rotation by the balancer instead of answering edit requests with errors.
The database is checked through the edit store's own engine when the store is open, else through a small engine
of our own (no seeding, no schema work: that is the store's first edit request, or its migration step).
"""
from __future__ import annotations

import os
import threading
import uuid
from typing import Any

from greentaxo import settings

INSTANCE = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"      # this process, as /ready reports it
_LOCK = threading.Lock()


def check(app: Any) -> tuple[dict, bool]:
    """(body, ready). The database is checked when GREENTAXO_EDITS_URL names one (greentaxo.settings); the default
    SQLite file beside the root needs no check."""
    url = settings.current().edits_url
    kg = getattr(app.state, "kg", None)
    clf = getattr(app.state, "classifier", None)
    body: dict = {"status": "ready", "instance": INSTANCE, "routes": len(kg.taxonomy.live()) if kg is not None else 0,
                  "model": clf.model_version if clf is not None else None, "edits": "not configured"}
    ok = kg is not None
    if not ok:
        body["status"] = "starting"
    if url:
        error = _database(app, url)
        body["edits"] = "ok" if error is None else f"unreachable: {error}"
        ok = ok and error is None
        if error is not None:
            body["status"] = "not ready"
    return body, ok


def _database(app: Any, url: str) -> str | None:
    """None when the database answers SELECT 1, else a one-line reason (no credentials in it)."""
    import sqlalchemy as sa  # noqa: PLC0415  (heavy: SQLAlchemy; loaded only when a database is configured)

    store = getattr(app.state, "edits", None)
    engine = store.engine if store is not None else _probe_engine(app, url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        return exc.__class__.__name__
    return None


def _probe_engine(app: Any, url: str):
    engine = getattr(app.state, "ready_engine", None)
    if engine is None:
        with _LOCK:
            engine = getattr(app.state, "ready_engine", None)
            if engine is None:
                import sqlalchemy as sa  # noqa: PLC0415  (heavy: SQLAlchemy)

                args = {"connect_timeout": 1} if url.startswith("postgresql") else {}
                engine = app.state.ready_engine = sa.create_engine(url, pool_size=1, max_overflow=0, pool_pre_ping=True,
                                                                   connect_args=args)
    return engine
