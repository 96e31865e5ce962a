"""Technology assessment by expert panels (docs/assessment.md): indicator systems, panels, scores, results.

Authentication is the edit API's (`Authorization: Bearer <token>`, any role); what a user may do in an
assessment follows from their place on its panel (chair, expert, observer; admins read everything).
Chair actions that change the panel or the round carry `If-Match` with the assessment's ETag (412 when
stale, 428 when missing). A score sheet is written once per expert and round; results stay hidden (409)
until the chair closes the round. Endpoints are sync `def`: the work is database and numpy, off the loop.
"""
from __future__ import annotations

import pathlib
import tempfile
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from greentaxo.api.routers.edits import RESPONSES, Editor, IfMatch, _quoted
from greentaxo.api.state import once
from greentaxo.assessment.ranking import Entry, rank, within
from greentaxo.assessment.report import report_inputs, to_html, to_xlsx
from greentaxo.assessment.sheets import scores_from_json
from greentaxo.assessment.systems import system, systems
from greentaxo.edits.errors import MAX_ID

if TYPE_CHECKING:
    from greentaxo.assessment.store import AssessmentStore

router = APIRouter(tags=["assessment"], responses=RESPONSES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Subject(BaseModel):
    kind: str = Field("achievement", pattern="^(achievement|route|project)$")
    title: str = Field(..., min_length=1, max_length=500)
    text: str = Field("", max_length=20000)
    ref: str | None = Field(None, max_length=400, description="the subject's id on your platform, or the route")
    routes: list[str] = Field(default_factory=list, max_length=20, description="routes it belongs to (gtr:R0312)")


class OpenBody(BaseModel):
    system: str = Field(..., max_length=40, examples=["yeda"])
    subject: Subject
    min_experts: int | None = Field(None, ge=1, le=200)
    weights: dict[str, Any] | None = Field(None, description="indicator -> weight, replacing the system's")
    experts: list[str] = Field(default_factory=list, max_length=200)
    observers: list[str] = Field(default_factory=list, max_length=200)


class InviteBody(BaseModel):
    users: list[str] = Field(..., min_length=1, max_length=200)
    role: str = Field("expert", pattern="^(expert|observer)$")


class ConflictBody(BaseModel):
    expert: str | None = Field(None, max_length=100, description="default: yourself")
    reason: str = Field(..., min_length=1, max_length=2000)


class ScoreBody(BaseModel):
    scores: dict[str, Any] = Field(..., description='indicator -> score, "na", or {"score": 4, "comment": "..."}')
    expert: str | None = Field(None, max_length=100, description="whose sheet; only the chair enters another's")


def assessment_store(request: Request) -> AssessmentStore:
    """The app's assessment store, in the edit store's database, opened on the first assessment request."""
    def make() -> AssessmentStore:
        from greentaxo.assessment.store import AssessmentStore  # noqa: PLC0415  (heavy: SQLAlchemy)
        from greentaxo.edits.schema import configured_url  # noqa: PLC0415  (heavy: SQLAlchemy)

        return AssessmentStore(configured_url(), kg=getattr(request.app.state, "kg", None))
    return once(request, "assessments", make)


Store = Annotated["AssessmentStore", Depends(assessment_store)]
# the store keeps ids in SQL INTEGER columns: a larger one would be a database error (a 500), not a 404
AssessmentId = Annotated[int, Path(ge=1, le=MAX_ID, description="an assessment id (1 to 2147483647)")]


def _tagged(body: dict, status: int = 200, **headers) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"ETag": _quoted(body["etag"]), **headers})


@router.get("/indicator-systems", summary="The indicator systems: id, version, size, panel minimum, weights basis")
def list_systems(store: Store):
    return [{"id": s.id, "version": s.version, "label": s.label, "indicators": len(s.leaves()), "first_level": len(s.tops()),
             "min_experts": s.min_experts, "weights": s.weight_basis} for s in systems(store.kg).values()]


@router.get("/indicator-systems/{sid}", summary="One indicator system: indicators, weights, scale, guidance, rules")
def get_system(sid: str, store: Store):
    return system(store.kg, sid).to_dict()


@router.post("/assessments", status_code=201, summary="Open an assessment; you are its chair (any role)")
def open_assessment(body: OpenBody, who: Editor, store: Store):
    a = store.open(who, body.system, body.subject.model_dump(), body.min_experts, body.weights, body.experts, body.observers)
    return _tagged(a, 201, Location=f"/assessments/{a['id']}")


@router.get("/assessments", summary="The assessments you sit on (all, for an admin)")
def list_assessments(who: Editor, store: Store, system: str | None = Query(None, max_length=40)):
    return store.assessments(who, system)


@router.get("/assessments/ranking", summary="Rank assessed subjects of one system, within a route or category")
def ranking(who: Editor, store: Store, system: str = Query(..., max_length=40), route: str | None = Query(None, max_length=400),
            category: str | None = Query(None, max_length=100)):
    entries = [Entry(str(a["id"]), a["title"], a["system"], a["score"], a["ci_low"], a["ci_high"], None,
                     a["experts"] or 0, a["outcome"], tuple(a["routes"]))
               for a in store.assessments(who, system) if a["score"] is not None]
    return rank(within(store.kg, entries, route, category))


@router.get("/assessments/{aid}", summary="An assessment: subject, panel, round, progress; ETag for chair actions")
def get_assessment(aid: AssessmentId, who: Editor, store: Store):
    return _tagged(store.get(who, aid))


@router.post("/assessments/{aid}/members", summary="Invite experts or observers (chair; If-Match)")
def invite(aid: AssessmentId, body: InviteBody, who: Editor, store: Store, if_match: IfMatch):
    return _tagged(store.invite(who, aid, body.users, body.role, if_match))


@router.post("/assessments/{aid}/conflicts", summary="Declare a conflict of interest: the expert is excluded "
             "(the expert; the chair for another, with If-Match)")
def conflict(aid: AssessmentId, body: ConflictBody, who: Editor, store: Store, request: Request):
    return _tagged(store.declare_conflict(who, aid, body.expert or who.name, body.reason, request.headers.get("if-match")))


@router.post("/assessments/{aid}/scores", status_code=201, summary="Submit a score sheet once per round "
             "(the expert; the chair for a sheet filled on paper)")
def score(aid: AssessmentId, body: ScoreBody, who: Editor, store: Store):
    sheet = scores_from_json(store.system_snapshot(aid), body.scores)
    return JSONResponse(store.submit(who, aid, {body.expert or who.name: sheet}), status_code=201)


@router.get("/assessments/{aid}/scores/mine", summary="Your own sheet of a round")
def my_scores(aid: AssessmentId, who: Editor, store: Store, round: int | None = Query(None, ge=1, le=5)):
    return {i: {"score": s.value, "comment": s.comment} for i, s in store.sheet(who, aid, round).items()}


@router.post("/assessments/{aid}/close", summary="Close the round: aggregate, decide, unblind (chair; If-Match)")
def close(aid: AssessmentId, who: Editor, store: Store, if_match: IfMatch):
    return _tagged(store.close_round(who, aid, if_match))


@router.post("/assessments/{aid}/rounds", summary="Start a Delphi round with the anonymised distribution (chair; If-Match)")
def next_round(aid: AssessmentId, who: Editor, store: Store, if_match: IfMatch):
    return _tagged(store.next_round(who, aid, if_match))


@router.get("/assessments/{aid}/results", summary="A closed round's figures and decision (409 while the round is blind)")
def results(aid: AssessmentId, who: Editor, store: Store, round: int | None = Query(None, ge=1, le=5)):
    return store.results(who, aid, round)


@router.get("/assessments/{aid}/report", summary="The report as HTML (format=html) or XLSX (format=xlsx)")
def report(aid: AssessmentId, who: Editor, store: Store, format: str = Query("html", pattern="^(html|xlsx)$"),
           round: int | None = Query(None, ge=1, le=5), lang: str = Query("en", pattern="^(zh|en)$")):
    inputs = report_inputs(store, who, aid, round, lang)
    if format == "html":
        return HTMLResponse(to_html(*inputs, lang=lang),
                            headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
    with tempfile.TemporaryDirectory() as tmp:
        data = to_xlsx(*inputs, pathlib.Path(tmp) / "report.xlsx", lang=lang).read_bytes()
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="assessment-{aid}.xlsx"'})


@router.get("/assessments/{aid}/audit", summary="The audit log: who did what, when, at which version")
def audit(aid: AssessmentId, who: Editor, store: Store):
    return store.audit(who, aid)
