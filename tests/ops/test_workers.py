"""Several server processes behind one port, as an operator starts them (`uvicorn ... --workers 2`): each worker
loads the graph and the model and reports itself ready; two editors working at once through whichever worker
accepts each connection lose no update, because the edit store on PostgreSQL, not a process, holds the state."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid

import httpx
import pytest
import sqlalchemy as sa

from greentaxo.edits.store import EditStore
from tests.edits.conftest import pg_server  # noqa: F401  (the throwaway PostgreSQL cluster fixture)
from tests.support import ROOT
from tests.support.edits import TOKENS, free_port

CONCEPT = "gtr:R0312"
EDITORS = {"tok-editor-erin-0000000001": "erin", "tok-editor-eve-00000000002": "eve"}
REVIEWER = "tok-reviewer-rita-00000003"
LABELS_EACH = 4


def _fresh() -> httpx.Client:
    """A client that opens a new connection for every request, so the kernel hands requests to either worker."""
    return httpx.Client(timeout=60, limits=httpx.Limits(max_keepalive_connections=0))


@pytest.fixture
def two_workers(pg_server):  # noqa: F811
    name = "workers_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = pg_server.rsplit("/", 1)[0] + "/" + name
    # the store is created and seeded once before the workers start, as an operator's deployment step does;
    # two workers creating the tables of an empty database at the same moment is issue 21's (migrations under a
    # lock), and here made the first edit request a 500 now and then
    EditStore(url, ROOT).engine.dispose()
    port = free_port()
    env = {**os.environ, "GREENTAXO_EDITS_URL": url,
           "GREENTAXO_EDIT_TOKENS": ",".join(f"{t}:{u}:{r}" for t, (u, r) in TOKENS.items()), "GREENTAXO_HOME": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "greentaxo.api.main:app", "--workers", "2",
                               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                              cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _live_routes() -> int:
    """What every worker must report: the live routes of the bundled taxonomy, as this process loads it."""
    from greentaxo.graph import load_graph

    return len(load_graph().taxonomy.live())


def _instances_ready(base: str, server: subprocess.Popen, want: int = 2, seconds: float = 240) -> set[str]:
    """Ask /ready on new connections until `want` different worker processes have answered 200."""
    seen: set[str] = set()
    routes = _live_routes()
    deadline = time.time() + seconds
    with _fresh() as http:
        while len(seen) < want:
            assert server.poll() is None, server.stderr.read()
            assert time.time() < deadline, f"only {len(seen)} worker(s) became ready"
            try:
                r = http.get(base + "/ready")
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["routes"] == routes and body["model"] and body["edits"] == "ok"
            seen.add(body["instance"])
    return seen


def _edit(base: str, token: str, labels: list[str], log: dict) -> None:
    """Add each label in turn: read with the ETag, write with If-Match, wait for the review; on 412 (stale) or
    conflict (someone else's change was approved first), read again and redo."""
    h = {"Authorization": f"Bearer {token}"}
    with _fresh() as http:
        for label in labels:
            for _ in range(40):
                r = http.get(f"{base}/edits/concepts/{CONCEPT}", headers=h)
                assert r.status_code == 200, r.text
                alt = r.json().get("altLabel", {})
                body = {"set": {"altLabel": {**alt, "en": alt.get("en", []) + [label]}}}
                r = http.put(f"{base}/edits/concepts/{CONCEPT}", json=body, headers={**h, "If-Match": r.headers["ETag"]})
                if r.status_code == 412:
                    log["retries"] += 1
                    continue
                assert r.status_code == 202, r.text
                cid = r.json()["id"]
                while (status := http.get(f"{base}/edits/changesets/{cid}", headers=h).json()["status"]) == "pending":
                    time.sleep(0.05)
                if status == "applied":
                    log["applied"].append(label)
                    break
                assert status == "conflict", status
                log["retries"] += 1
            else:
                raise AssertionError(f"{label}: not applied after 40 attempts")


def _review(base: str, stop: threading.Event) -> None:
    h = {"Authorization": f"Bearer {REVIEWER}"}
    with _fresh() as http:
        while not stop.is_set():
            for cs in http.get(f"{base}/edits/changesets", params={"status": "pending"}, headers=h).json():
                r = http.post(f"{base}/edits/changesets/{cs['id']}/approve", headers=h)
                assert r.status_code in (200, 409, 412), r.text
            time.sleep(0.05)


def test_two_workers_serve_and_two_editors_lose_no_update(two_workers):
    base, server = two_workers
    assert len(_instances_ready(base, server)) == 2

    log: dict = {"applied": [], "retries": 0}
    failures: list[BaseException] = []

    def guard(fn, *args):
        try:
            fn(*args)
        except BaseException as exc:  # noqa: BLE001 - report a thread's failure in the test
            failures.append(exc)

    wanted = {tok: [f"{user} label {i}" for i in range(LABELS_EACH)] for tok, user in EDITORS.items()}
    stop = threading.Event()
    reviewer = threading.Thread(target=guard, args=(_review, base, stop))
    editors = [threading.Thread(target=guard, args=(_edit, base, tok, labels, log)) for tok, labels in wanted.items()]
    for t in [reviewer, *editors]:
        t.start()
    for t in editors:
        t.join(300)
    stop.set()
    reviewer.join(60)
    assert not failures, failures

    h = {"Authorization": f"Bearer {REVIEWER}"}
    with _fresh() as http:
        now = http.get(f"{base}/edits/concepts/{CONCEPT}", headers=h).json()["altLabel"]["en"]
        audit = http.get(f"{base}/edits/audit", params={"target": CONCEPT}, headers=h).json()
        # while the edits ran, both workers were still taking connections
        assert len(_instances_ready(base, server, seconds=60)) == 2
    mine = [label for labels in wanted.values() for label in labels]
    assert sorted(label for label in now if " label " in label) == sorted(mine) == sorted(log["applied"])
    assert len(audit) == len(mine)
