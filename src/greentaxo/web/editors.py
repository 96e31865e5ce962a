"""Editors' pages: sign in with an edit token, the review queue, a change set's diff with approve / reject,
proposing a change to a concept (with its ETag, as the API's If-Match), the working copy's tree, the
quality report.

Signing in checks the token exactly as the edit API does (greentaxo.edits.auth) and keeps it in an
HttpOnly, SameSite=Strict cookie scoped to /ui; every form that changes something also carries a token
derived from it (CSRF). Roles, the author-cannot-approve rule and the ETag checks are the edit store's own:
the pages call the same EditStore methods as /edits/…, so a refusal reads the same in both.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from greentaxo.api.routers.edits import edit_store
from greentaxo.api.settings import Config
from greentaxo.edits.auth import Forbidden, Principal, Unauthorized, authenticate, configured_tokens, require
from greentaxo.errors import InputError
from greentaxo.quality.report import run, summary
from greentaxo.web import views, workingcopy
from greentaxo.web.render import page

router = APIRouter(include_in_schema=False)
COOKIE = "gt_edit"
STATUSES = ("pending", "applied", "rejected", "conflict", "invalid")


def _principal(request: Request, config: Config) -> Principal | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        return authenticate(f"Bearer {token}", configured_tokens(config.edit_tokens, config.edit_tokens_file))
    except Unauthorized:
        return None


def csrf_of(request: Request) -> str:
    """A value only a page served to this signed-in browser knows: an HMAC of its token."""
    token = request.cookies.get(COOKIE, "")
    return hmac.new(token.encode(), b"greentaxo-web-csrf", hashlib.sha256).hexdigest()[:32]


def _signed_in(request: Request, config: Config) -> Principal:
    who = _principal(request, config)
    if who is None:
        raise Unauthorized("sign in with your edit token first (the page /ui/edits)")
    return who


def _form_checked(request: Request, csrf: str) -> None:
    if not request.cookies.get(COOKIE) or not hmac.compare_digest(csrf, csrf_of(request)):
        raise Forbidden("the form is stale or came from another site; reload the page and try again")


Who = Annotated[Principal, Depends(_signed_in)]
Store = Annotated[object, Depends(edit_store)]


def _page(request: Request, template: str, who: Principal | None, **ctx):
    return page(request, template, who=who, csrf=csrf_of(request) if who else "", **ctx)


@router.get("/ui/edits")
async def queue(request: Request, config: Config,
                status: str = Query("pending", pattern="^(pending|applied|rejected|conflict|invalid|all)$")):
    who = _principal(request, config)
    if who is None:
        return _page(request, "signin.html", None, error=None)
    store = edit_store(request, config)
    items = await run_in_threadpool(store.changesets, None if status == "all" else status, None, 200)
    return _page(request, "queue.html", who, items=items, shown=status, statuses=STATUSES)


@router.post("/ui/signin")
async def signin(request: Request, config: Config, token: str = Form(..., max_length=500)):
    try:
        authenticate(f"Bearer {token.strip()}", configured_tokens(config.edit_tokens, config.edit_tokens_file))
    except Unauthorized:
        return _page(request, "signin.html", None, error="unknown token", status=401)
    resp = RedirectResponse("/ui/edits", status_code=303)
    resp.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict", path="/ui",
                    secure=request.url.scheme == "https", max_age=12 * 3600)
    return resp


@router.post("/ui/signout")
async def signout(request: Request, csrf: str = Form("")):
    _form_checked(request, csrf)
    resp = RedirectResponse("/ui/edits", status_code=303)
    resp.delete_cookie(COOKIE, path="/ui")
    return resp


@router.get("/ui/edits/changesets/{cid}")
async def changeset(request: Request, cid: int, who: Who, store: Store, message: str | None = Query(None, max_length=200)):
    cs = await run_in_threadpool(store.changeset, cid)
    changes = await run_in_threadpool(workingcopy.diff, store, cs)
    return _page(request, "changeset.html", who, cs=cs, changes=changes, message=message,
                 can_review=who.at_least("reviewer"))


@router.post("/ui/edits/changesets/{cid}/approve")
async def approve(request: Request, cid: int, who: Who, store: Store, csrf: str = Form("")):
    _form_checked(request, csrf)
    await run_in_threadpool(store.approve, cid, require(who, "reviewer"))
    return RedirectResponse(f"/ui/edits/changesets/{cid}?message=applied", status_code=303)


@router.post("/ui/edits/changesets/{cid}/reject")
async def reject(request: Request, cid: int, who: Who, store: Store, csrf: str = Form(""),
                 reason: str = Form(..., min_length=1, max_length=2000)):
    _form_checked(request, csrf)
    await run_in_threadpool(store.reject, cid, require(who, "reviewer"), reason)
    return RedirectResponse(f"/ui/edits/changesets/{cid}?message=rejected", status_code=303)


@router.get("/ui/edits/concepts/{ref}")
async def concept(request: Request, ref: str, who: Who, store: Store):
    data, etag = await run_in_threadpool(store.concept, ref)
    rows = await run_in_threadpool(store.mappings_of, ref)
    return _page(request, "edit_concept.html", who, data=data, etag=etag, rows=rows)


@router.post("/ui/edits/concepts/{ref}")
async def propose(request: Request, ref: str, who: Who, store: Store, csrf: str = Form(""), etag: str = Form(..., max_length=80),
                  pref_zh: str = Form("", max_length=500), pref_en: str = Form("", max_length=500),
                  def_zh: str = Form("", max_length=5000), def_en: str = Form("", max_length=5000),
                  comment: str = Form("", max_length=2000)):
    """Propose new labels / definitions: one `update` op carrying the ETag the form was rendered with, so a
    concept changed since is refused with 412 exactly as PUT /edits/concepts/{id} with a stale If-Match."""
    _form_checked(request, csrf)
    current, _ = await run_in_threadpool(store.concept, ref)
    values = {}
    # a field given replaces all its values (docs/edits.md): keep the language the form left empty
    for field, zh, en in (("prefLabel", pref_zh, pref_en), ("definition", def_zh, def_en)):
        merged = {**current.get(field, {}), **{k: v.strip() for k, v in (("zh", zh), ("en", en)) if v.strip()}}
        if merged != current.get(field, {}):
            values[field] = merged
    if not values:
        raise InputError("nothing to propose: change a label or a definition first")
    op = {"op": "update", "concept": ref, "set": values, "if_match": f'"{etag}"'}
    cs = await run_in_threadpool(store.submit, who, [op], comment)
    return RedirectResponse(f"/ui/edits/changesets/{cs['id']}?message=submitted", status_code=303)


@router.get("/ui/edits/tree")
async def tree(request: Request, who: Who, store: Store, open: str | None = Query(None, max_length=200)):
    wkg = await run_in_threadpool(workingcopy.graph, store)
    tax = wkg.taxonomy
    opened, current = set(), None
    if open:
        c = tax.concept(open)
        current = c.iri
        opened = {a.iri for a in tax.ancestors(c.iri)} | {c.iri}
    return _page(request, "tree.html", who, rows=views.tree_rows(wkg), opened=opened, current=current, working=True)


@router.get("/ui/quality")
async def quality(request: Request):
    kg = request.app.state.kg
    findings = kg.derived("greentaxo.web.quality", run)
    return page(request, "quality.html", findings=findings[:500], total=len(findings), summary=summary(findings))

