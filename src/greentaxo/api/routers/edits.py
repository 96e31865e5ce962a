"""Reviewed edits: change sets on concepts and mapping rows, approved by a reviewer (docs/edits.md).

Every endpoint needs `Authorization: Bearer <token>`; writes need the role named in their summary (the
`Editor`, `Reviewer` and `Admin` dependencies). Updates carry `If-Match: "<etag>"` from a previous read
(`IfMatch`): a stale one gets 412, a missing one 428. Refusals are library errors with their own status
(greentaxo.edits.errors, greentaxo.edits.auth), turned into problem+json by greentaxo.api.problems.
Endpoints are sync `def` on purpose: validation is CPU work and runs in the thread pool, off the loop.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from greentaxo import settings
from greentaxo.api.problems import REF
from greentaxo.api.settings import ApiSettings, Config
from greentaxo.api.state import once
from greentaxo.edits.auth import Principal, authenticate, configured_tokens, require
from greentaxo.edits.errors import MAX_ID, PreconditionRequired
from greentaxo.errors import InputError

if TYPE_CHECKING:
    from greentaxo.edits.store import EditStore

RESPONSES = {401: {"description": "No token or an unknown token", **REF},
             403: {"description": "The user's role does not allow this action", **REF},
             409: {"description": "The change set is no longer pending", **REF},
             412: {"description": "Stale If-Match, or a target changed since submission; ETag = current", **REF},
             428: {"description": "An update without If-Match", **REF},
             503: {"description": "The edit store stayed busy for GREENTAXO_EDITS_BUSY_TIMEOUT; nothing written; "
                                  "see Retry-After", **REF}}
router = APIRouter(prefix="/edits", tags=["edits"], responses=RESPONSES)
ChangeSetId = Annotated[int, Path(ge=1, le=MAX_ID, description="a change set id (1 to 2147483647)")]


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
    replacedBy: str | None = Field(None, description="the live route that takes over (labels, mapping rows, relations)")
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


def open_store(app, config: ApiSettings) -> EditStore:
    """The app's edit store, opened once: at start-up when edits are configured (the lifespan, so the schema is
    migrated before the server answers), else on the first edit request (SQLAlchemy loads only then)."""
    def make() -> EditStore:
        from greentaxo.edits.schema import configured_url  # noqa: PLC0415  (heavy: SQLAlchemy)
        from greentaxo.edits.store import EditStore  # noqa: PLC0415  (heavy: SQLAlchemy)

        return EditStore(configured_url(), pool_size=config.edits_pool_size or config.threads,
                         busy_timeout=config.edits_busy_timeout)
    return once(app, "edits", make)


def configured(config: ApiSettings) -> bool:
    """Whether this server edits at all: tokens or a store named (without tokens every edit request is a 401)."""
    s = settings.current()
    return bool(config.edit_tokens or config.edit_tokens_file or s.edits_url or s.edits_db)


def edit_store(request: Request, config: Config) -> EditStore:
    """FastAPI dependency: the app's edit store."""
    return open_store(request.app, config)


def _role(role: str):
    def principal(config: Config, authorization: Annotated[str | None, Header()] = None) -> Principal:
        tokens = configured_tokens(config.edit_tokens, config.edit_tokens_file)
        return require(authenticate(authorization, tokens), role)
    return principal


def _if_match(if_match: Annotated[str | None, Header()] = None) -> str:
    if not if_match:
        raise PreconditionRequired()
    return if_match


Store = Annotated["EditStore", Depends(edit_store)]
Editor = Annotated[Principal, Depends(_role("editor"))]
Reviewer = Annotated[Principal, Depends(_role("reviewer"))]
Admin = Annotated[Principal, Depends(_role("admin"))]
IfMatch = Annotated[str, Depends(_if_match)]


def _quoted(etag: str) -> str:
    return f'"{etag}"'


def _submitted(store: EditStore, who: Principal, ops: list[dict], comment: str) -> JSONResponse:
    cs = store.submit(who, ops, comment)
    return JSONResponse(cs, status_code=202, headers={"Location": f"/edits/changesets/{cs['id']}"})


@router.get("/concepts/{ref}", summary="A concept in the edit store, with its ETag (any role)")
def get_concept(ref: str, who: Editor, store: Store):
    data, etag = store.concept(ref)
    return JSONResponse(data, headers={"ETag": _quoted(etag)})


@router.get("/concepts/{ref}/mappings", summary="A concept's mapping rows in the edit store (any role)")
def get_concept_mappings(ref: str, who: Editor, store: Store):
    return store.mappings_of(ref)


@router.post("/concepts", status_code=202, summary="Propose a new concept (editor)")
def create_concept(body: NewConceptBody, who: Editor, store: Store):
    op = {"op": "create", "set": body.set, **({"concept": body.concept} if body.concept else {})}
    return _submitted(store, who, [op], body.comment)


@router.put("/concepts/{ref}", status_code=202, summary="Propose new values for a concept's fields (editor; If-Match)")
def update_concept(ref: str, body: ConceptBody, who: Editor, if_match: IfMatch, store: Store):
    op = {"op": "update", "concept": ref, "set": body.set, "if_match": if_match}
    return _submitted(store, who, [op], body.comment)


@router.post("/concepts/{ref}/move", status_code=202, summary="Propose a new parent and notation (editor; If-Match)")
def move_concept(ref: str, body: MoveBody, who: Editor, if_match: IfMatch, store: Store):
    op = {"op": "move", "concept": ref, "broader": body.broader, "notation": body.notation, "if_match": if_match}
    return _submitted(store, who, [op], body.comment)


@router.post("/concepts/{ref}/deprecate", status_code=202, summary="Propose retiring a concept (editor; If-Match)")
def deprecate_concept(ref: str, body: DeprecateBody, who: Editor, if_match: IfMatch, store: Store):
    """With replacedBy (a live route) the retirement is one change: on approval the route's labels become hidden
    labels of the successor, its mapping rows move there and concepts that pointed at it point at the successor
    (greentaxo.retirement, as the workbook import does). Without it, the route is only marked, with the reason."""
    op = {"op": "deprecate", "concept": ref, "replacedBy": body.replacedBy, "reason": body.reason, "if_match": if_match}
    return _submitted(store, who, [op], body.comment)


@router.get("/mappings/{mid}", summary="One mapping row in the edit store, with its ETag (any role)")
def get_mapping(mid: str, who: Editor, store: Store):
    data, etag = store.mapping(mid)
    return JSONResponse(data, headers={"ETag": _quoted(etag)})


@router.post("/mappings", status_code=202, summary="Propose a new mapping row (editor)")
def add_mapping(body: MappingBody, who: Editor, store: Store):
    op = {"op": "add_mapping", "scheme": body.scheme, "row": body.row}
    return _submitted(store, who, [op], body.comment)


@router.patch("/mappings/{mid}", status_code=202, summary="Propose new values for a mapping row (editor; If-Match)")
def update_mapping(mid: str, body: MappingPatch, who: Editor, if_match: IfMatch, store: Store):
    op = {"op": "update_mapping", "mapping": mid, "set": body.set, "if_match": if_match}
    return _submitted(store, who, [op], body.comment)


@router.delete("/mappings/{mid}", status_code=202, summary="Propose removing a mapping row (editor; If-Match)")
def remove_mapping(mid: str, who: Editor, if_match: IfMatch, store: Store, comment: str = Query("", max_length=2000)):
    return _submitted(store, who, [{"op": "remove_mapping", "mapping": mid, "if_match": if_match}], comment)


@router.post("/changesets", status_code=202, summary="Propose several operations as one change set (editor)")
def submit_changeset(body: ChangeSetBody, who: Editor, store: Store):
    return _submitted(store, who, body.ops, body.comment)


@router.get("/changesets", summary="Change sets, newest first (any role)")
def list_changesets(who: Editor, store: Store,
                    status: str | None = Query(None, pattern="^(pending|applied|rejected|conflict|invalid)$"),
                    author: str | None = Query(None, max_length=100), limit: int = Query(100, ge=1, le=1000)):
    return store.changesets(status, author, limit)


@router.get("/changesets/{cid}", summary="One change set and its status (any role)")
def get_changeset(cid: ChangeSetId, who: Editor, store: Store):
    return store.changeset(cid)


@router.post("/changesets/{cid}/approve", summary="Approve and apply a change set atomically (reviewer)")
def approve(cid: ChangeSetId, who: Reviewer, store: Store):
    return store.approve(cid, who)


@router.post("/changesets/{cid}/reject", summary="Reject a pending change set, saying why (reviewer)")
def reject(cid: ChangeSetId, body: RejectBody, who: Reviewer, store: Store):
    return store.reject(cid, who, body.reason)


@router.get("/audit", summary="The audit log of applied changes: who, when, what, before/after, reviewer (any role)")
def audit(who: Editor, store: Store, target: str | None = Query(None, max_length=400),
          changeset: int | None = Query(None, ge=1, le=MAX_ID),
          limit: int = Query(1000, ge=1, le=10000)):
    return store.audit(target, changeset, limit)


@router.post("/export", summary="Write the approved state as Turtle and SSSOM sources (admin)")
def export(body: ExportBody, who: Admin, store: Store, config: Config):
    from greentaxo.edits.files import export as write  # noqa: PLC0415  (heavy: SQLAlchemy, rdflib)

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", body.folder):
        raise InputError("folder: give a plain folder name (letters, digits, . _ -), not a path")
    base = config.edits_export_dir or store.root / ".edits" / "exports"
    files = write(store, base / body.folder)
    # names relative to the export folder: a response never carries a server path
    return {"folder": body.folder, "files": sorted(str(f.relative_to(base / body.folder)) for f in files),
            "store_version": store.version()}
