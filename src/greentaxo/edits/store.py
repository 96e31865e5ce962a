"""The edit store: the working copy of the routes and mappings, change sets and the audit log, in one
SQL database through SQLAlchemy (SQLite by default, PostgreSQL by URL).

Life of a change set: `submit` checks every If-Match, applies the operations to an in-memory copy,
validates it (edit_validate) and stores the change set as `pending` with the ETag each target had.
`approve` (a reviewer, not the author) reads the current state, re-checks those ETags (a target changed
since is a `conflict`, reported as 412) and re-validates when anything was applied in between, all
without a write lock; then ONE short write transaction takes the store lock, confirms that the store
version is still the one it read (else it reads and validates again), and writes the targets, the audit
rows and the new status. A process killed anywhere before the commit leaves the database as it was: the
change set stays `pending` and can be approved again.

Waiting (docs/operations.md): every request uses one connection at a time, never a second one while it
holds a first; on SQLite one writer at a time per process (a thread waiting to write holds no
connection), approvals one at a time per process; a wait for any of these, for a pooled connection or for
another process's lock ends after `busy_timeout` seconds with StoreBusy (503 + Retry-After), never a 500.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from greentaxo import paths as P
from greentaxo.edits import changesets as C
from greentaxo.edits import validation as V
from greentaxo.edits.auth import Forbidden, Principal
from greentaxo.edits.database import Database
from greentaxo.edits.errors import MAX_ID, ChangeRefused, PreconditionFailed, StateConflict, StoreBusy
from greentaxo.edits.files import consistency_problems, seed
from greentaxo.edits.migrate import migration_lock, upgrade_locked
from greentaxo.edits.schema import AUDIT, CHANGESETS, CONCEPTS, MAPPINGS, META, SOURCES, default_url
from greentaxo.edits.targets import facet_iris, load_state
from greentaxo.errors import GreentaxoError, InputError, NotFoundError
from greentaxo.namespaces import compact

__all__ = ["AUDIT", "CHANGESETS", "CONCEPTS", "MAPPINGS", "META", "SOURCES", "ChangeRefused", "EditStore",
           "PreconditionFailed", "StateConflict", "StoreBusy"]

APPROVE_ATTEMPTS = 5        # an approval re-read after other servers applied change sets meanwhile

def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class EditStore:
    def __init__(self, url: str | None = None, root: Path | None = None, *, pause_at: tuple[str, Path] | None = None,
                 pool_size: int = 40, busy_timeout: float = 30.0) -> None:
        """Open (and on first use create, migrate and seed) the store. `pool_size` and `busy_timeout` bound the
        waits (module docstring). `pause_at` is for the kill test only: (point, file) makes `approve` write its
        pid to the file and wait at that point ("before_apply" or "mid_apply"), so the test can SIGKILL it there."""
        self.root = P.home(root)
        self.url = url or default_url(self.root)
        self.db = Database(self.url, pool_size=pool_size, busy_timeout=busy_timeout)
        self.engine = self.db.engine
        self.reading, self._writing = self.db.reading, self.db.writing
        self._pause_at = pause_at
        self._approver = threading.Lock()
        with self.db.translated(), migration_lock(self.engine) as conn:
            self.schema = upgrade_locked(conn)          # (revision before, revision now)
            self.seeded = seed(conn, self.root)         # whether this opening filled an empty store

    def describe_opening(self) -> str:
        """What opening the store did, in one line (greentaxo edits migrate, greentaxo serve)."""
        url = sa.engine.make_url(self.url).render_as_string(hide_password=True)
        before, now_at = self.schema
        schema = f"schema created at revision {now_at}" if before is None else \
            f"schema upgraded {before} -> {now_at}" if before != now_at else f"schema at revision {now_at} (newest)"
        with self.reading() as conn:
            concepts = conn.execute(sa.select(sa.func.count()).select_from(CONCEPTS)).scalar_one()
            rows = conn.execute(sa.select(sa.func.count()).select_from(MAPPINGS)).scalar_one()
            version = conn.execute(sa.select(META.c.version)).scalar_one()
        held = f"seeded from {self.root}: " if self.seeded else f"store version {version}: "
        return f"edit store {url}: {schema}; {held}{concepts} concepts, {rows} mapping rows"

    def _hook(self, point: str) -> None:
        if self._pause_at and self._pause_at[0] == point:
            Path(self._pause_at[1]).write_text(str(os.getpid()), encoding="utf-8")
            while True:
                time.sleep(1)

    # ---- reads -----------------------------------------------------------------------------
    def concept(self, ref: str) -> tuple[dict, str]:
        iri = C.iri_of(ref, "concept")
        with self.reading() as conn:
            row = conn.execute(sa.select(CONCEPTS).where(CONCEPTS.c.iri == iri)).first()
        if row is None:
            raise NotFoundError(f"concept {compact(iri)} is not in the edit store.")
        return C.concept_json(iri, C.parse_nt(row.ntriples)), row.etag

    def mapping(self, mid: str) -> tuple[dict, str]:
        with self.reading() as conn:
            row = conn.execute(sa.select(MAPPINGS).where(MAPPINGS.c.id == mid)).first()
        if row is None:
            raise NotFoundError(f"mapping row {mid!r} is not in the edit store.")
        return self._mapping_json(row), row.etag

    def mappings_of(self, ref: str) -> list[dict]:
        iri = C.iri_of(ref, "subject")
        with self.reading() as conn:
            rows = conn.execute(sa.select(MAPPINGS).where(MAPPINGS.c.subject == iri).order_by(MAPPINGS.c.id)).all()
        return [{**self._mapping_json(r), "etag": r.etag} for r in rows]

    @staticmethod
    def _mapping_json(row) -> dict:
        return {"id": row.id, "scheme": row.scheme, **json.loads(row.data)}

    def version(self) -> int:
        with self.reading() as conn:
            return conn.execute(sa.select(META.c.version)).scalar_one()

    def _snapshot(self, conn) -> tuple[int, dict[str, str], dict[str, str]]:
        """(version, iri -> N-Triples, iri -> etag), read so that the three agree."""
        for _ in range(20):
            v = conn.execute(sa.select(META.c.version)).scalar_one()
            rows = conn.execute(sa.select(CONCEPTS.c.iri, CONCEPTS.c.ntriples, CONCEPTS.c.etag)).all()
            if conn.execute(sa.select(META.c.version)).scalar_one() == v:
                return v, {r.iri: r.ntriples for r in rows}, {r.iri: r.etag for r in rows}
        raise GreentaxoError("the edit store kept changing while being read; try again")

    # ---- change sets -------------------------------------------------------------------------
    def submit(self, who: Principal, ops: list[dict], comment: str = "") -> dict:
        """Validate and store a change set as pending; raises PreconditionFailed or ChangeRefused."""
        if not isinstance(ops, list) or not ops:
            raise InputError("ops: give a non-empty list of operations")
        ops = [dict(op) if isinstance(op, dict) else op for op in ops]
        for i, op in enumerate(ops):
            if not isinstance(op, dict) or op.get("op") not in C.CONCEPT_OPS + C.MAPPING_OPS:
                raise InputError(f"ops[{i}].op: give one of {', '.join(C.CONCEPT_OPS + C.MAPPING_OPS)}")
        self._allocate(ops)
        with self.reading() as conn:        # one connection for the reads and the validation, no write lock
            version, texts, etags = self._snapshot(conn)
            state, base = load_state(conn, ops, texts, etags)
            for i, op in enumerate(ops):
                target = op.get("concept") if op["op"] in C.CONCEPT_OPS else op.get("mapping")
                if op.get("if_match") and op["op"] not in ("create", "add_mapping"):
                    key = C.iri_of(target, f"ops[{i}].concept") if op["op"] in C.CONCEPT_OPS else target
                    if _etag_value(op["if_match"]) not in ("*", base.get(key)):
                        raise PreconditionFailed(f"ops[{i}]: {compact(key)} changed since you read it (If-Match "
                                                 f"{op['if_match']} is stale); read it again and redo the edit",
                                                 {key: base.get(key)})
            changed = self._apply_and_check(conn, ops, state, version, texts)
        with self._writing() as conn:
            cid = conn.execute(CHANGESETS.insert().values(
                author=who.name, created=now(), status="pending", comment=comment or "", ops=json.dumps(ops, ensure_ascii=False),
                base=json.dumps({t: base.get(t) for t in changed}), validated_version=version)).inserted_primary_key[0]
        return self.changeset(cid)

    def _allocate(self, ops: list[dict]) -> None:
        """New concepts and mapping rows get their identifiers at submission, from counters that never go back."""
        need_r = [op for op in ops if op["op"] == "create" and not op.get("concept")]
        need_m = [op for op in ops if op["op"] == "add_mapping"]
        if not need_r and not need_m:
            return
        with self._writing() as conn:
            conn.execute(META.update().values(next_route=META.c.next_route + len(need_r),
                                              next_mapping=META.c.next_mapping + len(need_m)))
            r, m = conn.execute(sa.select(META.c.next_route, META.c.next_mapping)).one()
        for k, op in enumerate(need_r):
            op["concept"] = f"gtr:R{r - len(need_r) + k:04d}"
        for k, op in enumerate(need_m):
            op["mapping"] = f"M{m - len(need_m) + k:06d}"

    def _apply_and_check(self, conn: sa.Connection, ops: list[dict], state: C.State, version: int,
                         texts: dict[str, str]) -> list[str]:
        """Apply `ops` to `state` and run every check; `conn` is the caller's connection (never a second one)."""
        loaded = {m: (dict(r) if r is not None else None) for m, r in state.mappings.items()}
        changed: list[str] = []
        for i, op in enumerate(ops):
            t = C.apply_op(state, op, i)
            if t not in changed:
                changed.append(t)
        # a retirement also changes its successor, the concepts pointing at it and mapping rows
        changed += [i for i, t in state.concepts.items() if i not in changed and t is not None and C.canonical(t) != texts.get(i)]
        changed += [m for m, r in state.mappings.items() if m not in changed and m in loaded and r != loaded[m]]
        violations: list[dict] = []
        new_texts = dict(texts)
        for iri, triples in state.concepts.items():
            if triples is not None:
                new_texts[iri] = C.canonical(triples)
        if state.concepts:
            before = V.cached_findings(list(texts.values()), self.root)
            violations += V.new_violations(before, V.cached_findings(list(new_texts.values()), self.root))

        def live(iri: str) -> bool:
            return iri in new_texts and C.DEPRECATED + "> \"true\"" not in new_texts[iri]

        def row_subject(iri: str) -> bool:      # a route, or a facet concept (rows of routes moved to a facet)
            return live(iri) or iri in facet_iris(self.root)

        for iri, triples in state.concepts.items():   # the shapes do not check that a replacement exists
            for t in triples or ():
                if t.predicate.value == C.FIELDS["isReplacedBy"][0] and not live(t.object.value):
                    violations.append({"check": "EDIT-REPLACEMENT", "severity": "error", "concept": compact(iri),
                                       "message": f"is replaced by {compact(t.object.value)}, which is not a live "
                                                  "concept in the edit store: name an existing, undeprecated one"})

        for mid, row in state.mappings.items():
            if row is not None:
                scheme = state.mapping_scheme[mid]
                problems = C.check_mapping(mid, row, scheme, row_subject) + self._duplicates(conn, mid, row, scheme)
                violations += [{"check": "MAP-EDIT", "severity": "error", "concept": compact(row.get("subject_id") or ""),
                                "message": p} for p in problems]
        if violations:
            raise ChangeRefused(f"the change set would break {len(violations)} rule(s); nothing was changed", violations)
        return changed

    @staticmethod
    def _duplicates(conn: sa.Connection, mid: str, row: dict, scheme: str) -> list[str]:
        key = ("subject_id", "predicate_id", "object_id", "predicate_modifier", "industry_role")
        others = conn.execute(sa.select(MAPPINGS.c.id, MAPPINGS.c.data).where(
            MAPPINGS.c.subject == row.get("subject_id"), MAPPINGS.c.scheme == scheme, MAPPINGS.c.id != mid)).all()
        return [f"{mid}: the same mapping already exists as row {o.id}" for o in others
                if all((json.loads(o.data).get(k) or "") == (row.get(k) or "") for k in key)]

    def approve(self, cid: int, reviewer: Principal) -> dict:
        """Apply a pending change set atomically; raises PreconditionFailed (conflict), ChangeRefused (invalid),
        StateConflict (no longer pending) or StoreBusy (nothing written; send it again)."""
        cs = self.changeset(cid)
        if cs["status"] != "pending":
            raise StateConflict(f"change set {cid} is {cs['status']}; only a pending change set can be approved")
        if cs["author"] == reviewer.name and reviewer.role != "admin":
            raise Forbidden(f"change set {cid} is yours; another reviewer must approve it")
        self._hook("before_apply")
        # approvals of this process one at a time: each validates against the state the one before left
        with self.db.turn(self._approver, "other approvals"):
            for _ in range(APPROVE_ATTEMPTS):
                outcome = self._approve_once(cid, reviewer)
                if outcome is not None:
                    break
            else:
                raise StoreBusy(f"other servers applied change sets while change set {cid} was being checked, "
                                f"{APPROVE_ATTEMPTS} times running; nothing was written")
        if isinstance(outcome, GreentaxoError):
            raise outcome
        return self.changeset(cid)

    def _approve_once(self, cid: int, reviewer: Principal) -> GreentaxoError | bool | None:
        """Read and check without a write lock, then write in one short transaction if the store version is
        still the one read. Returns True (applied), the recorded refusal (conflict or invalid) to raise, or
        None when another process applied a change set in between (read and check again)."""
        failure: GreentaxoError | None = None
        status, reason = "applied", ""
        with self.reading() as conn:
            row = conn.execute(sa.select(CHANGESETS).where(CHANGESETS.c.id == cid)).one()
            if row.status != "pending":
                raise StateConflict(f"change set {cid} is {row.status}; only a pending change set can be approved")
            ops, base = json.loads(row.ops), json.loads(row.base)
            version, texts, etags = self._snapshot(conn)
            state, current = load_state(conn, ops, texts, etags)
            stale = {t: current.get(t) for t, e in base.items() if current.get(t) != e}
            if stale:
                failure = PreconditionFailed(f"change set {cid} conflicts: {', '.join(compact(t) for t in stale)} changed "
                                             "after it was submitted; its author must redo the edit", stale)
                status, reason = "conflict", str(failure)
            elif version != row.validated_version:
                try:
                    self._apply_and_check(conn, ops, state, version, texts)
                except ChangeRefused as exc:
                    failure = exc
                    status, reason = "invalid", json.dumps(exc.violations, ensure_ascii=False)
            else:
                for i, op in enumerate(ops):
                    C.apply_op(state, op, i)
        with self._writing() as conn:
            conn.execute(META.update().where(META.c.id == 1).values(locks=META.c.locks + 1))   # the store lock
            if conn.execute(sa.select(META.c.version)).scalar_one() != version:
                return None
            now_status = conn.execute(sa.select(CHANGESETS.c.status).where(CHANGESETS.c.id == cid)).scalar_one()
            if now_status != "pending":
                raise StateConflict(f"change set {cid} is {now_status}; only a pending change set can be approved")
            if failure is None:
                self._write(conn, row, state, texts, reviewer, version + 1)
                self._hook("mid_apply")
            else:
                self._close(conn, cid, status, reviewer, reason)
        return failure or True

    def _close(self, conn, cid: int, status: str, reviewer: Principal, reason: str, version: int | None = None) -> None:
        conn.execute(CHANGESETS.update().where(CHANGESETS.c.id == cid).values(
            status=status, reviewer=reviewer.name, reviewed_at=now(), reason=reason, applied_version=version))

    def _write(self, conn, row, state: C.State, texts: dict[str, str], reviewer: Principal, version: int) -> None:
        at = now()
        audit = []
        for iri, triples in state.concepts.items():
            if triples is None:
                continue
            after = C.canonical(triples)
            before = texts.get(iri)
            if after == before:      # loaded for a retirement but left as it was
                continue
            if before is None:
                conn.execute(CONCEPTS.insert().values(iri=iri, ntriples=after, etag=C.etag_of(after)))
            else:
                conn.execute(CONCEPTS.update().where(CONCEPTS.c.iri == iri).values(ntriples=after, etag=C.etag_of(after)))
            audit.append((iri, "concept", before, after))
        for mid, data in state.mappings.items():
            old = conn.execute(sa.select(MAPPINGS.c.data).where(MAPPINGS.c.id == mid)).scalar()
            after = C.mapping_text(data) if data is not None else None
            if after == old:
                continue
            if data is None:
                conn.execute(MAPPINGS.delete().where(MAPPINGS.c.id == mid))
            elif old is None:
                conn.execute(MAPPINGS.insert().values(id=mid, scheme=state.mapping_scheme[mid], subject=data["subject_id"],
                                                      data=after, etag=C.etag_of(after)))
            else:
                conn.execute(MAPPINGS.update().where(MAPPINGS.c.id == mid).values(
                    subject=data["subject_id"], data=after, etag=C.etag_of(after)))
            audit.append((mid, "mapping", old, after))
        ops = json.loads(row.ops)
        conn.execute(AUDIT.insert(), [{
            "changeset_id": row.id, "target": t, "kind": kind, "author": row.author, "reviewer": reviewer.name,
            "ops": json.dumps([op for op in ops if t in _targets(op)] or [op for op in ops if op["op"] == "deprecate"],
                              ensure_ascii=False),
            "submitted_at": row.created, "applied_at": at, "before": b, "after": a,
            "before_etag": C.etag_of(b) if b is not None else None, "after_etag": C.etag_of(a) if a is not None else None,
            "store_version": version} for t, kind, b, a in audit])
        self._close(conn, row.id, "applied", reviewer, "", version)
        conn.execute(META.update().where(META.c.id == 1).values(version=version))

    def reject(self, cid: int, reviewer: Principal, reason: str) -> dict:
        _check_id(cid)
        with self._writing() as conn:
            # the store lock first, as approve does: a change set is never both rejected and applied
            conn.execute(META.update().where(META.c.id == 1).values(locks=META.c.locks + 1))
            status = conn.execute(sa.select(CHANGESETS.c.status).where(CHANGESETS.c.id == cid)).scalar()
            if status is None:
                raise NotFoundError(f"change set {cid} does not exist.")
            if status != "pending":
                raise StateConflict(f"change set {cid} is {status}; only a pending change set can be rejected")
            self._close(conn, cid, "rejected", reviewer, reason or "rejected by the reviewer")
        return self.changeset(cid)

    def changeset(self, cid: int) -> dict:
        _check_id(cid)
        with self.reading() as conn:
            row = conn.execute(sa.select(CHANGESETS).where(CHANGESETS.c.id == cid)).first()
        if row is None:
            raise NotFoundError(f"change set {cid} does not exist.")
        return _cs_json(row)

    def changesets(self, status: str | None = None, author: str | None = None, limit: int = 100) -> list[dict]:
        q = sa.select(CHANGESETS).order_by(CHANGESETS.c.id.desc()).limit(limit)
        if status:
            q = q.where(CHANGESETS.c.status == status)
        if author:
            q = q.where(CHANGESETS.c.author == author)
        with self.reading() as conn:
            return [_cs_json(r) for r in conn.execute(q)]

    def audit(self, target: str | None = None, changeset: int | None = None, limit: int = 1000) -> list[dict]:
        q = sa.select(AUDIT).order_by(AUDIT.c.id).limit(limit)
        if target:
            q = q.where(AUDIT.c.target == (target if re.fullmatch(r"M\d+", target) else C.iri_of(target, "target")))
        if changeset is not None:
            if not 1 <= changeset <= MAX_ID:
                return []           # no change set has that id (and PostgreSQL would refuse the comparison)
            q = q.where(AUDIT.c.changeset_id == changeset)
        with self.reading() as conn:
            return [{**r._asdict(), "ops": json.loads(r.ops)} for r in conn.execute(q)]

    def check_consistency(self) -> list[str]:
        """Invariants that must hold whatever happened to the writers: [] when the store is consistent."""
        return consistency_problems(self)


def _check_id(cid: int) -> None:
    """An id the database cannot hold names no change set (PostgreSQL would refuse the query itself)."""
    if isinstance(cid, bool) or not isinstance(cid, int) or not 1 <= cid <= MAX_ID:
        raise NotFoundError(f"change set {cid} does not exist (ids run from 1 to {MAX_ID}).")


def _targets(op: dict) -> set[str]:
    if op["op"] in C.CONCEPT_OPS:
        return {C.iri_of(op["concept"], "concept")}
    return {op["mapping"]}


def _etag_value(header: str) -> str:
    v = header.strip()
    if v.startswith("W/"):
        v = v[2:]
    return v.strip('"')


def _cs_json(row) -> dict:
    d = row._asdict()
    d["ops"] = json.loads(d["ops"])
    d["base"] = json.loads(d["base"])
    if d["status"] == "invalid" and d["reason"]:
        d["violations"] = json.loads(d["reason"])
    return d
