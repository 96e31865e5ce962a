"""What the edit tests share besides their fixtures (tests/edits/conftest.py): the tokens, a free port,
an Authorization header, and a leaf no other concept points to."""
from __future__ import annotations

import contextlib
import socket
import threading
import time

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


def auth(role_or_token: str) -> dict:
    return {"Authorization": f"Bearer {ROLE_TOKEN.get(role_or_token, role_or_token)}"}


def unreferenced_leaf(edits_store) -> str:
    """A live leaf no other concept points to: deprecating it breaks no rule."""
    import sqlalchemy as sa

    from greentaxo.edits.store import CONCEPTS
    with edits_store.engine.connect() as conn:
        rows = conn.execute(sa.select(CONCEPTS.c.iri, CONCEPTS.c.ntriples)).all()
    everything = "".join(r.ntriples for r in rows)
    for r in sorted(rows):
        if "trlMin" in r.ntriples and everything.count(f"> <{r.iri}> .") == 0:
            return r.iri
    raise AssertionError("no unreferenced leaf in the bundled routes")


@contextlib.contextmanager
def live_app(**state):
    """The real app served by uvicorn on a loopback port in this process, with `state` set on app.state (so
    it shares the test's stores); yields the base URL and removes the state afterwards."""
    import uvicorn

    from greentaxo.api.main import app

    for name, value in state.items():
        setattr(app.state, name, value)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        for name in state:
            delattr(app.state, name)


def kill_when_paused(script: str, args: list[str], flag, what: str) -> None:
    """Run `script` (python -c) with `args` in a child process, wait until it writes its pid to `flag` (a store's
    pause_at hook, inside a transaction), then SIGKILL it: a server killed mid-action."""
    import os
    import signal
    import subprocess
    import sys

    from tests.support import ROOT

    proc = subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while not flag.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.time() < deadline, f"the {what} process never reached the hook"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
