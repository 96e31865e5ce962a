"""Expert panels in the edit store's database: open, invite, declare conflicts, score, close, Delphi rounds.

Every action is one transaction that starts by updating the assessment's row (its lock counter), so two
actions on one assessment never interleave, on SQLite or PostgreSQL, and a process killed mid-action
leaves the database as before the action. Roles are per assessment: the chair who opened it, invited
experts, observers; a global admin may read everything. The assessment's ETag (`version`) changes with
its configuration (members, round state): chair actions carry If-Match. Score sheets do not change it,
so twenty experts scoring at once never make each other's writes stale; each sheet is written once
(keyed by round and expert), and a round is blind until the chair closes it.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

import greentaxo
from greentaxo.assessment.decision import decide
from greentaxo.assessment.schema import ASSESSMENTS, AUDIT, MEMBERS, ROUNDS, SCORES, SHEETS, engine
from greentaxo.assessment.sheets import Score
from greentaxo.assessment.stats import aggregate, feedback
from greentaxo.assessment.systems import IndicatorSystem, system
from greentaxo.edits.auth import Forbidden, Principal
from greentaxo.edits.errors import PreconditionFailed, PreconditionRequired, StateConflict
from greentaxo.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from greentaxo.graph import KnowledgeGraph

KINDS = ("achievement", "route", "project")
MAX_ROUNDS = 5
MAX_TEXT = 20_000


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _etag(header: str | None) -> str | None:
    if header is None:
        return None
    v = header.strip()
    return (v[2:] if v.startswith("W/") else v).strip('"')


class AssessmentStore:
    def __init__(self, url: str | None = None, root=None, kg: KnowledgeGraph | None = None,
                 pause_at: tuple[str, Path] | None = None) -> None:
        """`pause_at` is for the kill test only, as in the edit store: (point, file) makes the action write its
        pid to the file and wait there, inside its transaction, to be killed."""
        self.url, self.engine = engine(url, root)
        self._kg = kg
        self._pause_at = pause_at

    def _pause(self, point: str) -> None:
        if self._pause_at and self._pause_at[0] == point:
            Path(self._pause_at[1]).write_text(str(os.getpid()), encoding="utf-8")
            while True:
                time.sleep(1)

    @property
    def kg(self) -> KnowledgeGraph:
        if self._kg is None:
            self._kg = greentaxo.load()
        return self._kg

    # ---- helpers -----------------------------------------------------------------------------
    def _locked(self, conn, aid: int):
        """Take the assessment's row lock and return the row; unknown ids are a NotFoundError."""
        if conn.execute(ASSESSMENTS.update().where(ASSESSMENTS.c.id == aid)
                        .values(locks=ASSESSMENTS.c.locks + 1)).rowcount == 0:
            raise NotFoundError(f"assessment {aid} does not exist.")
        return conn.execute(sa.select(ASSESSMENTS).where(ASSESSMENTS.c.id == aid)).one()

    @staticmethod
    def _members(conn, aid: int) -> dict[str, sa.Row]:
        return {m.user: m for m in conn.execute(sa.select(MEMBERS).where(MEMBERS.c.assessment_id == aid))}

    @staticmethod
    def _audit(conn, aid: int, who: str, action: str, detail: dict, version: int) -> None:
        conn.execute(AUDIT.insert().values(assessment_id=aid, at=now(), actor=who, action=action,
                                           detail=json.dumps(detail, ensure_ascii=False, sort_keys=True), version=version))

    @staticmethod
    def _chair_only(row, who: Principal, action: str, if_match: str | None, need_etag: bool = True) -> None:
        if who.name != row.chair:
            raise Forbidden(f"only the chair ({row.chair}) may {action} assessment {row.id}")
        if need_etag and if_match is None:
            raise PreconditionRequired(f"{action} assessment {row.id}: send If-Match with its ETag (read it first)")
        if if_match is not None and _etag(if_match) not in ("*", str(row.version)):
            raise PreconditionFailed(f"assessment {row.id} changed since you read it (If-Match {if_match} is stale, "
                                     f"now {row.version}); read it again", {str(row.id): str(row.version)})

    def _bump(self, conn, row, who: Principal, action: str, detail: dict, **values) -> int:
        version = row.version + 1
        conn.execute(ASSESSMENTS.update().where(ASSESSMENTS.c.id == row.id).values(version=version, updated=now(), **values))
        self._audit(conn, row.id, who.name, action, detail, version)
        return version

    @staticmethod
    def system_of(row) -> IndicatorSystem:
        return IndicatorSystem.from_dict(json.loads(row.system_json))

    def system_snapshot(self, aid: int) -> IndicatorSystem:
        """The indicator system as it was when the assessment opened (weights, rules, version)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(ASSESSMENTS.c.system_json).where(ASSESSMENTS.c.id == aid)).first()
        if row is None:
            raise NotFoundError(f"assessment {aid} does not exist.")
        return IndicatorSystem.from_dict(json.loads(row.system_json))

    # ---- opening and membership ----------------------------------------------------------------
    def open(self, who: Principal, system_ref: str, subject: dict, min_experts: int | None = None,
             weights: dict | None = None, experts: list[str] = (), observers: list[str] = ()) -> dict:
        """Open an assessment with `who` as chair; round 1 starts scoring at once."""
        sys_ = system(self.kg, system_ref).with_weights(weights)
        subj = self._subject(subject)
        n = sys_.min_experts if min_experts is None else min_experts
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 200:
            raise InputError(f"min_experts: {min_experts!r} must be a whole number from 1 to 200")
        at = now()
        with self.engine.begin() as conn:
            aid = conn.execute(ASSESSMENTS.insert().values(
                system_id=sys_.id, system_version=sys_.version, system_json=json.dumps(sys_.to_dict(), ensure_ascii=False),
                subject_kind=subj["kind"], subject_ref=subj.get("ref"), title=subj["title"],
                subject_json=json.dumps(subj, ensure_ascii=False), chair=who.name, min_experts=n, round=1,
                status="scoring", version=1, locks=0, created=at, updated=at,
                routes=json.dumps(subj["routes"]))).inserted_primary_key[0]
            conn.execute(MEMBERS.insert().values(assessment_id=aid, user=who.name, role="chair", status="active",
                                                 added_at=at, added_by=who.name))
            conn.execute(ROUNDS.insert().values(assessment_id=aid, round=1, opened_at=at))
            self._audit(conn, aid, who.name, "open", {"system": sys_.id, "version": sys_.version, "min_experts": n,
                                                      "weights": weights or {}, "subject": subj["title"]}, 1)
        if experts or observers:
            etag = "1"
            for role, users in (("expert", experts), ("observer", observers)):
                if users:
                    etag = str(self.invite(who, aid, list(users), role, etag)["version"])
        return self.get(who, aid)

    def _subject(self, subject: dict) -> dict:
        if not isinstance(subject, dict):
            raise InputError("subject: give an object with kind, title and optionally ref, text, routes")
        kind = subject.get("kind") or "achievement"
        if kind not in KINDS:
            raise InputError(f"subject.kind: {kind!r} is not one of {', '.join(KINDS)}")
        title = str(subject.get("title") or "").strip()
        if not title or len(title) > 500:
            raise InputError("subject.title: give a title of 1 to 500 characters")
        text = str(subject.get("text") or "")
        if len(text) > MAX_TEXT:
            raise InputError(f"subject.text: {len(text)} characters; at most {MAX_TEXT}")
        refs = list(subject.get("routes") or [])
        if kind == "route" and subject.get("ref"):
            refs.insert(0, subject["ref"])
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs) or len(refs) > 20:
            raise InputError("subject.routes: give at most 20 route references (gtr:R0312 or 01.10.01.03)")
        routes = []
        for r in refs:       # an unknown route is a NotFoundError with near matches
            iri = self.kg.taxonomy.concept(r).iri
            if iri not in routes:
                routes.append(iri)
        return {"kind": kind, "ref": str(subject.get("ref") or "") or None, "title": title, "text": text, "routes": routes}

    def invite(self, who: Principal, aid: int, users: list[str], role: str = "expert", if_match: str | None = None) -> dict:
        if role not in ("expert", "observer"):
            raise InputError(f"role: {role!r}; invite as expert or observer")
        names = [u.strip() for u in users if isinstance(u, str)]
        if not names or any(not n or len(n) > 100 for n in names) or len(set(names)) != len(names):
            raise InputError("users: give distinct user names of 1 to 100 characters")
        with self.engine.begin() as conn:
            row = self._locked(conn, aid)
            self._chair_only(row, who, "invite to", if_match)
            members = self._members(conn, aid)
            taken = [n for n in names if n in members]
            if taken:
                raise StateConflict(f"users: {', '.join(taken)} already on the panel of assessment {aid} "
                                    f"(as {', '.join(members[n].role for n in taken)})")
            at = now()
            conn.execute(MEMBERS.insert(), [{"assessment_id": aid, "user": n, "role": role, "status": "active",
                                             "added_at": at, "added_by": who.name} for n in names])
            self._bump(conn, row, who, "invite", {"users": names, "role": role})
        return self.get(who, aid)

    def declare_conflict(self, who: Principal, aid: int, expert: str, reason: str, if_match: str | None = None) -> dict:
        """A declared conflict of interest excludes the expert: no further scoring, no sheet of theirs counted."""
        if not isinstance(reason, str) or not reason.strip() or len(reason) > 2000:
            raise InputError("reason: say what the conflict of interest is (1 to 2000 characters)")
        with self.engine.begin() as conn:
            row = self._locked(conn, aid)
            if who.name != expert:
                self._chair_only(row, who, "record a conflict of interest in", if_match)
            m = self._members(conn, aid).get(expert)
            if m is None or m.role != "expert":
                raise NotFoundError(f"expert: {expert!r} is not an expert of assessment {aid}")
            if m.status == "excluded":
                raise StateConflict(f"{expert} is already excluded from assessment {aid}")
            conn.execute(MEMBERS.update().where(MEMBERS.c.assessment_id == aid, MEMBERS.c.user == expert)
                         .values(status="excluded", conflict=reason.strip()))
            self._bump(conn, row, who, "conflict", {"expert": expert, "reason": reason.strip()})
        return self.get(who, aid)

    # ---- scoring -----------------------------------------------------------------------------
    def submit(self, who: Principal, aid: int, sheets: dict[str, dict[str, Score]]) -> dict:
        """Store score sheets (expert -> indicator IRI -> Score), all or none. An expert enters their own sheet;
        the chair may enter sheets the experts filled on paper (recorded as entered by the chair)."""
        with self.engine.begin() as conn:
            row = self._locked(conn, aid)
            if row.status != "scoring":
                raise StateConflict(f"round {row.round} of assessment {aid} is closed; the chair opens a new round first")
            members = self._members(conn, aid)
            leaves = {i.iri for i in self.system_of(row).leaves()}
            for expert, sheet in sheets.items():
                m = members.get(expert)
                if m is None or m.role != "expert":
                    raise Forbidden(f"{expert} is not an invited expert of assessment {aid}; the chair invites experts first")
                if m.status == "excluded":
                    raise Forbidden(f"{expert} declared a conflict of interest and is excluded from assessment {aid}")
                if who.name not in (expert, row.chair):
                    raise Forbidden(f"{who.name} may not enter {expert}'s scores; only {expert} or the chair may")
                if set(sheet) != leaves:
                    raise InputError(f"scores of {expert}: every scored indicator of {row.system_id} needs exactly one score")
            done = {r.expert for r in conn.execute(sa.select(SHEETS.c.expert).where(
                SHEETS.c.assessment_id == aid, SHEETS.c.round == row.round, SHEETS.c.expert.in_(list(sheets))))}
            if done:
                raise StateConflict(f"{', '.join(sorted(done))} already scored round {row.round} of assessment {aid}; "
                                    "a sheet is final once given")
            at = now()
            conn.execute(SHEETS.insert(), [{"assessment_id": aid, "round": row.round, "expert": e, "submitted_at": at,
                                            "entered_by": who.name} for e in sheets])
            conn.execute(SCORES.insert(), [{"assessment_id": aid, "round": row.round, "expert": e, "indicator": i,
                                            "score": s.value, "comment": s.comment or None}
                                           for e, sheet in sheets.items() for i, s in sheet.items()])
            self._audit(conn, aid, who.name, "score", {"round": row.round, "experts": sorted(sheets)}, row.version)
        return {"assessment": aid, "round": row.round, "experts": sorted(sheets), "submitted_at": at}

    def _sheets(self, conn, aid: int, rnd: int, active: set[str]) -> dict[str, dict[str, float | None]]:
        out: dict[str, dict[str, float | None]] = {}
        for r in conn.execute(sa.select(SCORES).where(SCORES.c.assessment_id == aid, SCORES.c.round == rnd)):
            if r.expert in active:
                out.setdefault(r.expert, {})[r.indicator] = r.score
        return out

    # ---- rounds ------------------------------------------------------------------------------
    def close_round(self, who: Principal, aid: int, if_match: str | None = None) -> dict:
        """End the blind phase: aggregate the active experts' sheets, decide, store the figures."""
        with self.engine.begin() as conn:
            row = self._locked(conn, aid)
            self._chair_only(row, who, "close a round of", if_match)
            if row.status != "scoring":
                raise StateConflict(f"round {row.round} of assessment {aid} is already closed")
            members = self._members(conn, aid)
            active = {u for u, m in members.items() if m.role == "expert" and m.status == "active"}
            sheets = self._sheets(conn, aid, row.round, active)
            if len(sheets) < row.min_experts:
                raise StateConflict(f"round {row.round} has {len(sheets)} sheet(s) from experts without a conflict of "
                                    f"interest; this panel needs {row.min_experts}: wait, or invite more experts")
            sys_ = self.system_of(row)
            result = aggregate(sys_, sheets, seed=aid * 100 + row.round)
            result["decision"] = decide(sys_, result)
            result["round"] = row.round
            text = json.dumps(result, ensure_ascii=False)
            conn.execute(ROUNDS.update().where(ROUNDS.c.assessment_id == aid, ROUNDS.c.round == row.round)
                         .values(closed_at=now(), results=text))
            self._pause("close")      # the kill test stops the process here, inside the transaction
            o = result["overall"]
            self._bump(conn, row, who, "close", {"round": row.round, "experts": len(sheets),
                                                 "outcome": result["decision"]["outcome"]},
                       status="closed", score=o["mean"], median=o["median"], ci_low=o["ci_low"], ci_high=o["ci_high"],
                       outcome=result["decision"]["outcome"], experts=len(sheets))
        return self.results(who, aid)

    def next_round(self, who: Principal, aid: int, if_match: str | None = None) -> dict:
        """Delphi: share the closed round's anonymised distribution and open the next round for scoring."""
        with self.engine.begin() as conn:
            row = self._locked(conn, aid)
            self._chair_only(row, who, "start a new round of", if_match)
            if row.status != "closed":
                raise StateConflict(f"round {row.round} of assessment {aid} is still scoring; close it first")
            if row.round >= MAX_ROUNDS:
                raise StateConflict(f"assessment {aid} has had {MAX_ROUNDS} rounds, the most allowed")
            closed = conn.execute(sa.select(ROUNDS.c.results).where(ROUNDS.c.assessment_id == aid,
                                                                    ROUNDS.c.round == row.round)).scalar_one()
            shared = feedback(json.loads(closed))
            conn.execute(ROUNDS.insert().values(assessment_id=aid, round=row.round + 1, opened_at=now(),
                                                feedback=json.dumps(shared, ensure_ascii=False)))
            self._bump(conn, row, who, "round", {"round": row.round + 1}, round=row.round + 1, status="scoring")
        return self.get(who, aid)

    # ---- reads -------------------------------------------------------------------------------
    def _readable(self, conn, aid: int, who: Principal) -> tuple[sa.Row, dict[str, sa.Row]]:
        row = conn.execute(sa.select(ASSESSMENTS).where(ASSESSMENTS.c.id == aid)).first()
        if row is None:
            raise NotFoundError(f"assessment {aid} does not exist.")
        members = self._members(conn, aid)
        if who.name not in members and who.role != "admin":
            raise Forbidden(f"{who.name} is not on the panel of assessment {aid}")
        return row, members

    def get(self, who: Principal, aid: int) -> dict:
        """The assessment, its panel and progress; who has scored is shown to the chair only (blind rounds)."""
        with self.engine.connect() as conn:
            row, members = self._readable(conn, aid, who)
            sheets = {r.expert for r in conn.execute(sa.select(SHEETS.c.expert).where(
                SHEETS.c.assessment_id == aid, SHEETS.c.round == row.round))}
            fb = conn.execute(sa.select(ROUNDS.c.feedback).where(ROUNDS.c.assessment_id == aid,
                                                                 ROUNDS.c.round == row.round)).scalar()
        chair = who.name == row.chair or who.role == "admin"
        active = [u for u, m in members.items() if m.role == "expert" and m.status == "active"]
        return {"id": row.id, "etag": str(row.version), "version": row.version, "title": row.title,
                "subject": json.loads(row.subject_json), "system": row.system_id, "system_version": row.system_version,
                "chair": row.chair, "min_experts": row.min_experts, "round": row.round, "status": row.status,
                "created": row.created, "updated": row.updated,
                # Delphi panels are anonymous to each other: the chair sees the panel, a member only their own entry
                "panel": [{"user": u, "role": m.role, "status": m.status, **({"conflict": m.conflict} if m.conflict else {}),
                           **({"scored": u in sheets} if chair and m.role == "expert" else {})}
                          for u, m in sorted(members.items()) if chair or u == who.name],
                "progress": {"sheets": len(sheets & set(active)), "needed": row.min_experts, "experts": len(active),
                             **({"you_scored": who.name in sheets} if who.name in active else {})},
                "feedback": json.loads(fb) if fb else None,
                "outcome": row.outcome, "score": row.score}

    def results(self, who: Principal, aid: int, rnd: int | None = None) -> dict:
        """A closed round's figures; experts are named to the chair and numbered for everyone else."""
        with self.engine.connect() as conn:
            row, _ = self._readable(conn, aid, who)
            want = rnd if rnd is not None else (row.round if row.status == "closed" else row.round - 1)
            text = conn.execute(sa.select(ROUNDS.c.results).where(ROUNDS.c.assessment_id == aid, ROUNDS.c.round == want)).scalar()
        if not text:
            raise StateConflict(f"assessment {aid} has no closed round{f' {rnd}' if rnd else ''} yet: scores stay blind "
                                "until the chair closes the round")
        result = json.loads(text)
        if who.name != row.chair and who.role != "admin":
            names = {p["expert"]: f"expert {i}" for i, p in enumerate(result["per_expert"], start=1)}
            for p in result["per_expert"]:
                p["expert"] = names[p["expert"]]
        return {"id": aid, "title": row.title, "subject": json.loads(row.subject_json), "etag": str(row.version), **result}

    def sheet(self, who: Principal, aid: int, rnd: int | None = None) -> dict[str, Score]:
        """The caller's own sheet of a round (default: the current one)."""
        with self.engine.connect() as conn:
            row, _ = self._readable(conn, aid, who)
            rows = conn.execute(sa.select(SCORES).where(SCORES.c.assessment_id == aid, SCORES.c.round == (rnd or row.round),
                                                        SCORES.c.expert == who.name)).all()
        return {r.indicator: Score(r.score, r.comment or "") for r in rows}

    def assessments(self, who: Principal | None = None, system_id: str | None = None) -> list[dict]:
        """Every assessment (the CLI, an admin) or those `who` sits on, newest first."""
        c = ASSESSMENTS.c      # not the system snapshots: ranking reads thousands of rows
        q = sa.select(c.id, c.title, c.system_id, c.chair, c.round, c.status, c.score, c.ci_low, c.ci_high, c.outcome,
                      c.experts, c.routes).order_by(c.id.desc())
        if system_id:
            q = q.where(ASSESSMENTS.c.system_id == system_id)
        if who is not None and who.role != "admin":
            q = q.where(ASSESSMENTS.c.id.in_(sa.select(MEMBERS.c.assessment_id).where(MEMBERS.c.user == who.name)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [{"id": r.id, "title": r.title, "system": r.system_id, "chair": r.chair, "round": r.round,
                 "status": r.status, "score": r.score, "ci_low": r.ci_low, "ci_high": r.ci_high, "outcome": r.outcome,
                 "experts": r.experts, "routes": json.loads(r.routes or "[]")} for r in rows]

    def audit(self, who: Principal, aid: int) -> list[dict]:
        with self.engine.connect() as conn:
            self._readable(conn, aid, who)
            rows = conn.execute(sa.select(AUDIT).where(AUDIT.c.assessment_id == aid).order_by(AUDIT.c.id)).all()
        return [{**r._asdict(), "detail": json.loads(r.detail)} for r in rows]
