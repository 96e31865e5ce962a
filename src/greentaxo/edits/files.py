"""The edit store's boundary with the files: seed from the Turtle/SSSOM sources, export back to them,
and the invariants a test (or an operator after a crash) checks."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import sqlalchemy as sa
from rdflib import Graph

from greentaxo import paths as P
from greentaxo.edits import changesets as C
from greentaxo.edits.schema import AUDIT, CHANGESETS, CONCEPTS, MAPPINGS, META, SOURCES
from greentaxo.mappings import sssom
from greentaxo.namespaces import GTR
from greentaxo.sources.serialise import write_routes

if TYPE_CHECKING:
    from greentaxo.edits.store import EditStore


@lru_cache(maxsize=2)
def read_sources(root: Path) -> tuple[dict[str, str], dict[str, tuple[str, dict]], dict[str, dict]]:
    """(route subject -> canonical N-Triples, mapping id -> (scheme, row), scheme -> SSSOM metadata).

    Cached per root for the life of the process: callers must not modify what it returns."""
    store = ox.Store()
    for f in sorted((root / "ontology" / "routes").glob("*.ttl")):
        store.load(f.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=f.resolve().as_uri())
    by_subject: dict[str, list] = {}
    for q in store:
        if not isinstance(q.subject, ox.NamedNode):
            raise ValueError(f"blank node subject in the route files: {q}")
        by_subject.setdefault(q.subject.value, []).append(q.triple)
    concepts = {s: C.canonical(ts) for s, ts in by_subject.items()}
    mappings: dict[str, tuple[str, dict]] = {}
    sources: dict[str, dict] = {}
    for path in P.mapping_files(root):
        msf = sssom.read(path)
        texts = []
        for r in msf.rows:
            row = {k: getattr(r, k) for k in C.MAPPING_SLOTS}
            if r.extra:
                row["extra"] = r.extra
            mappings[f"M{len(mappings) + 1:06d}"] = (msf.scheme, row)
            texts.append(C.mapping_text(row))
        # the set's date and a digest of its rows: an export of an unchanged set keeps the date (see `export`)
        sources[msf.scheme] = {"file": path.name, "version": str(msf.metadata.get("mapping_set_version", "")),
                               "title": str(msf.metadata.get("mapping_set_title", "")),
                               "object_source_version": str(msf.metadata.get("object_source_version", "") or ""),
                               "date": str(msf.metadata.get("mapping_date", "") or ""), "digest": _digest(texts)}
    return concepts, mappings, sources


def _digest(mapping_texts: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(mapping_texts)).encode("utf-8")).hexdigest()


def seed(conn: sa.Connection, root: Path) -> bool:
    """Fill an empty store from the sources under `root` in one transaction; False when it was seeded before.
    `conn` holds the migration lock (greentaxo.edits.migrate), so only one process ever seeds."""
    if conn.execute(sa.select(META.c.id)).first():
        conn.rollback()
        return False
    concepts, mappings, sources = read_sources(root)
    max_r = max((int(m.group(1)) for i in concepts if (m := re.fullmatch(re.escape(GTR) + r"R(\d+)", i))), default=0)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    conn.execute(META.insert().values(id=1, version=0, locks=0, next_route=max_r + 1, next_mapping=len(mappings) + 1,
                                      seeded_from=str(root), seeded_at=at))
    conn.execute(CONCEPTS.insert(), [{"iri": i, "ntriples": t, "etag": C.etag_of(t)} for i, t in concepts.items()])
    conn.execute(MAPPINGS.insert(), [{"id": m, "scheme": s, "subject": r["subject_id"], "data": C.mapping_text(r),
                                      "etag": C.etag_of(C.mapping_text(r))} for m, (s, r) in mappings.items()])
    conn.execute(SOURCES.insert(), [{"scheme": s, "metadata": json.dumps(v)} for s, v in sources.items()])
    conn.commit()
    return True


def export(store: EditStore, folder: Path, date: str | None = None) -> list[Path]:
    """Write the store as sources: FOLDER/ontology/routes/*.ttl and FOLDER/mappings/*.sssom.tsv."""
    with store.reading() as conn:      # one transaction: routes and mappings of the same version
        texts = [r.ntriples for r in conn.execute(sa.select(CONCEPTS.c.ntriples))]
        rows = conn.execute(sa.select(MAPPINGS).order_by(MAPPINGS.c.id)).all()
        sources = {r.scheme: json.loads(r.metadata) for r in conn.execute(sa.select(SOURCES))}
    g = Graph()
    g.parse(data="".join(texts), format="nt")
    written = write_routes(g, folder / "ontology" / "routes")
    by_scheme: dict[str, list] = {s: [] for s in sources}
    stored: dict[str, list[str]] = {}          # each scheme's rows as stored, for `_digest`
    for r in rows:
        data = json.loads(r.data)
        extra = data.pop("extra", {}) or {}
        by_scheme.setdefault(r.scheme, []).append(sssom.MappingRow(**data, extra=extra, scheme=r.scheme))
        stored.setdefault(r.scheme, []).append(r.data)
    out = folder / "mappings"
    out.mkdir(parents=True, exist_ok=True)
    date = date or dt.date.today().isoformat()
    for scheme, mrows in sorted(by_scheme.items()):
        src = sources.get(scheme, {})
        path = out / src.get("file", f"{scheme}.sssom.tsv")
        # a set whose rows are those it was seeded with keeps its own date, as the workbook import does, so an
        # export of an unedited store is byte-identical to its sources; an edited set gets `date`
        unchanged = src.get("date") and src.get("digest") == _digest(stored.get(scheme, []))
        sssom.write(path, scheme, mrows, version=src.get("version") or "0.0.0", title=src.get("title") or scheme,
                    date=src["date"] if unchanged else date, object_source_version=src.get("object_source_version", ""))
        written.append(path)
    return written


def consistency_problems(store: EditStore) -> list[str]:
    """Every stored ETag matches its content; every applied change set is audited, and nothing else is;
    the store version counts the applied change sets; each target's last audited state is its current one."""
    problems = []
    with store.reading() as conn:
        version = conn.execute(sa.select(META.c.version)).scalar_one()
        current: dict[str, str | None] = {}
        for r in conn.execute(sa.select(CONCEPTS)):
            current[r.iri] = r.ntriples
            if C.etag_of(r.ntriples) != r.etag:
                problems.append(f"concept {r.iri}: stored ETag does not match its triples")
        for r in conn.execute(sa.select(MAPPINGS)):
            current[r.id] = r.data
            if C.etag_of(r.data) != r.etag:
                problems.append(f"mapping {r.id}: stored ETag does not match its row")
        applied = {r.id: r.applied_version for r in conn.execute(
            sa.select(CHANGESETS.c.id, CHANGESETS.c.applied_version).where(CHANGESETS.c.status == "applied"))}
        audit = conn.execute(sa.select(AUDIT).order_by(AUDIT.c.id)).all()
    if len(applied) != version:
        problems.append(f"store version {version} but {len(applied)} applied change set(s)")
    if sorted(applied.values()) != list(range(1, version + 1)):
        problems.append("applied change sets do not number the store versions 1..N")
    audited = {a.changeset_id for a in audit}
    for cid in set(applied) - audited:
        problems.append(f"change set {cid} is applied but has no audit row")
    for cid in audited - set(applied):
        problems.append(f"audit rows for change set {cid}, which is not applied")
    last: dict[str, str | None] = {}
    for a in audit:
        if a.target in last and last[a.target] != a.before:
            problems.append(f"{a.target}: audit row {a.id} starts from a state the previous row did not leave")
        last[a.target] = a.after
    for target, after in last.items():
        if current.get(target) != after:
            problems.append(f"{target}: current state differs from its last audited state")
    return problems
