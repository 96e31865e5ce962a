"""What the editors' pages read from the edit store: the working copy as a taxonomy (for its tree), and what
a change set does to each target (the diff view). Only the edit store's public pieces are used: its tables
(greentaxo.edits.store exports them), its reads, and the change-set operations of greentaxo.edits.changesets,
applied to a copy exactly as `submit` applies them."""
from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

import pyoxigraph as ox

from greentaxo.errors import GreentaxoError
from greentaxo.graph import KnowledgeGraph

if TYPE_CHECKING:
    from greentaxo.edits.store import EditStore

_LOCK = threading.Lock()
_GRAPHS: dict[tuple[str, int], KnowledgeGraph] = {}


def graph(store: EditStore) -> KnowledgeGraph:
    """The working copy's routes as a graph (its `.taxonomy` the tree reads), rebuilt only when the store
    version (the count of applied change sets) moves."""
    import sqlalchemy as sa  # noqa: PLC0415  (heavy: SQLAlchemy)

    from greentaxo.edits.store import CONCEPTS  # noqa: PLC0415  (heavy: SQLAlchemy)

    key = (store.url, store.version())
    with _LOCK:
        if key in _GRAPHS:
            return _GRAPHS[key]
    with store.engine.connect() as conn:
        text = "".join(r.ntriples for r in conn.execute(sa.select(CONCEPTS.c.ntriples)))
    held = ox.Store()
    held.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    kg = KnowledgeGraph(held, store.root, [])
    _ = kg.taxonomy
    with _LOCK:
        for old in [k for k in _GRAPHS if k[0] == store.url]:
            del _GRAPHS[old]
        _GRAPHS[key] = kg
    return kg


def _fields(before: dict | None, after: dict | None) -> list[dict]:
    """The fields whose values differ, as rows {field, before, after} (values shown as JSON-ish text)."""
    before, after = before or {}, after or {}
    rows = []
    for name in sorted(set(before) | set(after)):
        if name in ("iri", "etag") or before.get(name) == after.get(name):
            continue
        old, new = _items(before.get(name)), _items(after.get(name))
        rows.append({"field": name, "before": _show(before.get(name)), "after": _show(after.get(name)),
                     "removed": [x for x in old if x not in new], "added": [x for x in new if x not in old]})
    return rows


def _items(value) -> list[str]:
    """A field's values one by one ("en: wood pellets"), so the diff can name what was added and removed."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [f"{k}: {x}" for k, v in sorted(value.items()) for x in (v if isinstance(v, list) else [v])]
    if isinstance(value, list):
        return [_show(x) for x in value]
    return [_show(value)]


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def diff(store: EditStore, cs: dict) -> list[dict]:
    """What the change set does to each target: [{target, kind, rows, note}]. An applied change set is read
    from the audit log (before and after as they were written); any other is previewed on the current
    working copy, so a conflict shows up as the note instead of the rows."""
    from greentaxo.edits import changesets as C  # noqa: PLC0415  (heavy: SQLAlchemy)

    if cs["status"] == "applied":
        out = []
        for a in store.audit(changeset=cs["id"]):
            if a["kind"] == "concept":
                b = C.concept_json(a["target"], C.parse_nt(a["before"])) if a["before"] else None
                f = C.concept_json(a["target"], C.parse_nt(a["after"])) if a["after"] else None
            else:
                b = json.loads(a["before"]) if a["before"] else None
                f = json.loads(a["after"]) if a["after"] else None
            out.append({"target": a["target"], "kind": a["kind"], "rows": _fields(b, f), "note": ""})
        return out
    try:
        return _preview(store, cs["ops"])
    except GreentaxoError as exc:
        return [{"target": "", "kind": "", "rows": [], "note": str(exc)}]


def _preview(store: EditStore, ops: list[dict]) -> list[dict]:
    import sqlalchemy as sa  # noqa: PLC0415  (heavy: SQLAlchemy)

    from greentaxo.edits import changesets as C  # noqa: PLC0415  (heavy: SQLAlchemy)
    from greentaxo.edits.store import CONCEPTS, MAPPINGS  # noqa: PLC0415  (heavy: SQLAlchemy)

    state = C.State()
    with store.engine.connect() as conn:
        for i, op in enumerate(ops):
            if op["op"] in C.CONCEPT_OPS:
                iri = C.iri_of(op.get("concept") or "", f"ops[{i}].concept")
                row = conn.execute(sa.select(CONCEPTS.c.ntriples).where(CONCEPTS.c.iri == iri)).first()
                state.concepts.setdefault(iri, C.parse_nt(row.ntriples) if row else None)
            elif op.get("mapping"):
                row = conn.execute(sa.select(MAPPINGS).where(MAPPINGS.c.id == op["mapping"])).first()
                state.mappings.setdefault(op["mapping"], json.loads(row.data) if row else None)
                if row:
                    state.mapping_scheme[row.id] = row.scheme
    before_c = {i: (C.concept_json(i, t) if t is not None else None) for i, t in state.concepts.items()}
    before_m = dict(state.mappings)
    for i, op in enumerate(ops):
        C.apply_op(state, op, i)
    out = [{"target": i, "kind": "concept", "note": "",
            "rows": _fields(before_c.get(i), C.concept_json(i, t) if t is not None else None)}
           for i, t in state.concepts.items()]
    out += [{"target": m, "kind": "mapping", "note": "", "rows": _fields(before_m.get(m), row)}
            for m, row in state.mappings.items()]
    return out
