"""Reviewed edits: change sets on concepts and mapping rows, approved by a reviewer (docs/edits.md).

Every endpoint needs `Authorization: Bearer <token>`; writes need the role named in their summary.
Updates carry `If-Match: "<etag>"` from a previous read: a stale one gets 412, a missing one 428.
Endpoints are sync `def` on purpose: validation is CPU work and runs in the thread pool, off the loop.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from greentaxo.edits.auth import Forbidden, Principal, Unauthorized, authenticate, require
from greentaxo.edits.errors import ChangeRefused, PreconditionFailed, StateConflict

if TYPE_CHECKING:
    from greentaxo.edits.store import EditStore

PROBLEM = "application/problem+json"
_REF = {"content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
RESPONSES = {401: {"description": "No token or an unknown token", **_REF},
             403: {"description": "The user's role does not allow this action", **_REF},
             409: {"description": "The change set is no longer pending", **_REF},
             412: {"description": "Stale If-Match, or a target changed since submission; ETag = current", **_REF},
             428: {"description": "An update without If-Match", **_REF}}
router = APIRouter(prefix="/edits", tags=["edits"], responses=RESPONSES)
_LOCK = threading.Lock()


class ConceptBody(BaseModel):
    set: dict[str, Any] = Field(..., description="fields to set; a field given replaces all its values")
    comment: str = Field("", max_length=2000)


class NewConceptBody(ConceptBody):
    concept: str | None = Field(None, description="IRI or CURIE; omitted = the next free gtr:R number")


class MoveBody(BaseModel):
    broader: str
    notation: str
    comment: str = Field("", max_length=2000)


class DeprecateBody(BaseModel):
    replacedBy: str | None = None
    reason: dict[str, str] | None = Field(None, description='why, per language: {"en": "...", "zh": "..."}')
    comment: str = Field("", max_length=2000)


class MappingBody(BaseModel):
    scheme: str = Field(..., max_length=40, examples=["gbt4754-2017"])
    row: dict[str, Any]
    comment: str = Field("", max_length=2000)


class MappingPatch(BaseModel):
    set: dict[str, Any]
    comment: str = Field("", max_length=2000)


class ChangeSetBody(BaseModel):
    ops: list[dict[str, Any]] = Field(..., min_length=1, max_length=500)
    comment: str = Field("", max_length=2000)


class RejectBody(BaseModel):
    reason: str = Field(..., min_length=1, max_length=2000)


class ExportBody(BaseModel):
    folder: str = Field(..., max_length=100, description="a folder name under GREENTAXO_EDITS_EXPORT_DIR")


def _store(request: Request) -> EditStore:
    store = getattr(request.app.state, "edits", None)
    if store is None:
        with _LOCK:
            store = getattr(request.app.state, "edits", None)
            if store is None:
                from greentaxo.edits.store import EditStore  # SQLAlchemy loads on the first edit request

                store = request.app.state.edits = EditStore()
    return store


def _problem(status: int, title: str, detail: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
                        status_code=status, media_type=PROBLEM, headers=headers)


def _quoted(etag: str) -> str:
    return f'"{etag}"'


def _guarded(authorization: str | None, role: str, action):
    """Authenticate, check the role, run the action; turn the edit store's refusals into HTTP answers."""
    try:
        who = require(authenticate(authorization), role)
        return action(who)
    except Unauthorized as exc:
        return _problem(401, "Unauthorized", str(exc), {"WWW-Authenticate": 'Bearer realm="greentaxo-edits"'})
    except Forbidden as exc:
        return _problem(403, "Forbidden", str(exc))
    except _NoIfMatch:
        return _problem(428, "Precondition required", "this update needs an If-Match header with the ETag "
                        "from your last read of the target (GET it first)")
    except PreconditionFailed as exc:
        headers = {"ETag": _quoted(next(iter(exc.etags.values())))} if len(exc.etags) == 1 and \
            next(iter(exc.etags.values())) else None
        return _problem(412, "Precondition failed", str(exc), headers, current_etags=exc.etags)
    except ChangeRefused as exc:
        return _problem(422, "Change refused", str(exc), violations=exc.violations)
    except StateConflict as exc:
        return _problem(409, "Conflict", str(exc))


class _NoIfMatch(Exception):
    pass


def _if_match(value: str | None) -> str:
    if not value:
        raise _NoIfMatch()
    return value


def _submitted(request: Request, who: Principal, ops: list[dict], comment: str) -> JSONResponse:
    cs = _store(request).submit(who, ops, comment)
    return JSONResponse(cs, status_code=202, headers={"Location": f"/edits/changesets/{cs['id']}"})


@router.get("/concepts/{ref}", summary="A concept in the edit store, with its ETag (any role)")
def get_concept(request: Request, ref: str, authorization: str | None = Header(None)):
    def act(_who):
        data, etag = _store(request).concept(ref)
        return JSONResponse(data, headers={"ETag": _quoted(etag)})
    return _guarded(authorization, "editor", act)


@router.get("/concepts/{ref}/mappings", summary="A concept's mapping rows in the edit store (any role)")
def get_concept_mappings(request: Request, ref: str, authorization: str | None = Header(None)):
    return _guarded(authorization, "editor", lambda _w: _store(request).mappings_of(ref))


@router.post("/concepts", status_code=202, summary="Propose a new concept (editor)")
def create_concept(request: Request, body: NewConceptBody, authorization: str | None = Header(None)):
    op = {"op": "create", "set": body.set, **({"concept": body.concept} if body.concept else {})}
    return _guarded(authorization, "editor", lambda who: _submitted(request, who, [op], body.comment))


@router.put("/concepts/{ref}", status_code=202, summary="Propose new values for a concept's fields (editor; If-Match)")
def update_concept(request: Request, ref: str, body: ConceptBody, authorization: str | None = Header(None),
                   if_match: str | None = Header(None)):
    def act(who):
        op = {"op": "update", "concept": ref, "set": body.set, "if_match": _if_match(if_match)}
        return _submitted(request, who, [op], body.comment)
    return _guarded(authorization, "editor", act)


@router.post("/concepts/{ref}/move", status_code=202, summary="Propose a new parent and notation (editor; If-Match)")
def move_concept(request: Request, ref: str, body: MoveBody, authorization: str | None = Header(None),
                 if_match: str | None = Header(None)):
    def act(who):
        op = {"op": "move", "concept": ref, "broader": body.broader, "notation": body.notation,
              "if_match": _if_match(if_match)}
        return _submitted(request, who, [op], body.comment)
    return _guarded(authorization, "editor", act)


@router.post("/concepts/{ref}/deprecate", status_code=202, summary="Propose retiring a concept (editor; If-Match)")
def deprecate_concept(request: Request, ref: str, body: DeprecateBody, authorization: str | None = Header(None),
                      if_match: str | None = Header(None)):
    def act(who):
        op = {"op": "deprecate", "concept": ref, "replacedBy": body.replacedBy, "reason": body.reason,
              "if_match": _if_match(if_match)}
        return _submitted(request, who, [op], body.comment)
    return _guarded(authorization, "editor", act)


@router.get("/mappings/{mid}", summary="One mapping row in the edit store, with its ETag (any role)")
def get_mapping(request: Request, mid: str, authorization: str | None = Header(None)):
    def act(_who):
        data, etag = _store(request).mapping(mid)
        return JSONResponse(data, headers={"ETag": _quoted(etag)})
    return _guarded(authorization, "editor", act)


@router.post("/mappings", status_code=202, summary="Propose a new mapping row (editor)")
def add_mapping(request: Request, body: MappingBody, authorization: str | None = Header(None)):
    op = {"op": "add_mapping", "scheme": body.scheme, "row": body.row}
    return _guarded(authorization, "editor", lambda who: _submitted(request, who, [op], body.comment))


@router.patch("/mappings/{mid}", status_code=202, summary="Propose new values for a mapping row (editor; If-Match)")
def update_mapping(request: Request, mid: str, body: MappingPatch, authorization: str | None = Header(None),
                   if_match: str | None = Header(None)):
    def act(who):
        op = {"op": "update_mapping", "mapping": mid, "set": body.set, "if_match": _if_match(if_match)}
        return _submitted(request, who, [op], body.comment)
    return _guarded(authorization, "editor", act)


@router.delete("/mappings/{mid}", status_code=202, summary="Propose removing a mapping row (editor; If-Match)")
def remove_mapping(request: Request, mid: str, comment: str = Query("", max_length=2000),
                   authorization: str | None = Header(None), if_match: str | None = Header(None)):
    def act(who):
        return _submitted(request, who, [{"op": "remove_mapping", "mapping": mid, "if_match": _if_match(if_match)}], comment)
    return _guarded(authorization, "editor", act)


@router.post("/changesets", status_code=202, summary="Propose several operations as one change set (editor)")
def submit_changeset(request: Request, body: ChangeSetBody, authorization: str | None = Header(None)):
    return _guarded(authorization, "editor", lambda who: _submitted(request, who, body.ops, body.comment))


@router.get("/changesets", summary="Change sets, newest first (any role)")
def list_changesets(request: Request, status: str | None = Query(None, pattern="^(pending|applied|rejected|conflict|invalid)$"),
                    author: str | None = Query(None, max_length=100), limit: int = Query(100, ge=1, le=1000),
                    authorization: str | None = Header(None)):
    return _guarded(authorization, "editor", lambda _w: _store(request).changesets(status, author, limit))


@router.get("/changesets/{cid}", summary="One change set and its status (any role)")
def get_changeset(request: Request, cid: int, authorization: str | None = Header(None)):
    return _guarded(authorization, "editor", lambda _w: _store(request).changeset(cid))


@router.post("/changesets/{cid}/approve", summary="Approve and apply a change set atomically (reviewer)")
def approve(request: Request, cid: int, authorization: str | None = Header(None)):
    return _guarded(authorization, "reviewer", lambda who: _store(request).approve(cid, who))


@router.post("/changesets/{cid}/reject", summary="Reject a pending change set, saying why (reviewer)")
def reject(request: Request, cid: int, body: RejectBody, authorization: str | None = Header(None)):
    return _guarded(authorization, "reviewer", lambda who: _store(request).reject(cid, who, body.reason))


@router.get("/audit", summary="The audit log of applied changes: who, when, what, before/after, reviewer (any role)")
def audit(request: Request, target: str | None = Query(None, max_length=400), changeset: int | None = None,
          limit: int = Query(1000, ge=1, le=10000), authorization: str | None = Header(None)):
    return _guarded(authorization, "editor", lambda _w: _store(request).audit(target, changeset, limit))


@router.post("/export", summary="Write the approved state as Turtle and SSSOM sources (admin)")
def export(request: Request, body: ExportBody, authorization: str | None = Header(None)):
    def act(_who):
        from greentaxo.edits.files import export as write
        from greentaxo.errors import InputError

        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", body.folder):
            raise InputError("folder: give a plain folder name (letters, digits, . _ -), not a path")
        store = _store(request)
        base = Path(os.environ.get("GREENTAXO_EDITS_EXPORT_DIR") or store.root / ".edits" / "exports")
        files = write(store, base / body.folder)
        return {"folder": str(base / body.folder), "files": [str(f) for f in files], "store_version": store.version()}
    return _guarded(authorization, "admin", act)
