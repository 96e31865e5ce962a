"""What the edit tests share besides their fixtures (tests/edits/conftest.py): the tokens, a free port,
an Authorization header, and a leaf no other concept points to."""
from __future__ import annotations

import socket

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
