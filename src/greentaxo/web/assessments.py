"""Assessment pages (issue 17's module): the assessments a signed-in user sits on, an expert's scoring form, and a
closed round's panel results with the radar chart. The rules are the assessment store's own (greentaxo.assessment:
who may score, one sheet per expert and round, results blind until the chair closes the round), reached through
the same store as /assessments/…; sign-in and CSRF are the editors' pages' (greentaxo.web.editors)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from greentaxo.api.routers.assessments import assessment_store
from greentaxo.assessment.radar import radar_svg
from greentaxo.assessment.report import radar_axes, report_inputs, to_html
from greentaxo.assessment.sheets import scores_from_json
from greentaxo.errors import GreentaxoError
from greentaxo.web.editors import Who, _form_checked, _page
from greentaxo.web.render import language

router = APIRouter(include_in_schema=False)
Store = Depends(assessment_store)


@router.get("/ui/assessments")
async def listing(request: Request, who: Who, store=Store):
    items = await run_in_threadpool(store.assessments, who)
    return _page(request, "assessments.html", who, items=items)


@router.get("/ui/assessments/{aid}")
async def assessment(request: Request, aid: int, who: Who, store=Store):
    a = await run_in_threadpool(store.get, who, aid)
    system = await run_in_threadpool(store.system_snapshot, aid)
    me = next((p for p in a["panel"] if p["user"] == who.name), None)
    can_score = (a["status"] == "scoring" and me is not None and me["role"] == "expert" and me["status"] == "active"
                 and not a["progress"].get("you_scored"))
    results, radar = None, None
    try:
        results = await run_in_threadpool(store.results, who, aid)
    except GreentaxoError:          # blind until the chair closes the round: the page says so
        results = None
    if results:
        radar = Markup(radar_svg(radar_axes(results, language(request))))   # the library's SVG, values escaped there
    return _page(request, "assessment.html", who, a=a, system=system, leaves=system.leaves(), can_score=can_score,
                 results=results, radar=radar)


@router.post("/ui/assessments/{aid}/scores")
async def score(request: Request, aid: int, who: Who, store=Store):
    """The scoring form: s-<notation> the score, na-<notation> not applicable, c-<notation> a comment."""
    form = await request.form()
    _form_checked(request, str(form.get("csrf", "")))
    system = await run_in_threadpool(store.system_snapshot, aid)
    body = {}
    for ind in system.leaves():
        n = ind.notation
        value = "na" if form.get(f"na-{n}") else _number(str(form.get(f"s-{n}", "")).strip())
        body[n] = {"score": value, "comment": str(form.get(f"c-{n}", "")).strip()}
    sheet = scores_from_json(system, body)              # every problem named by indicator, as the API does
    await run_in_threadpool(store.submit, who, aid, {who.name: sheet})
    return RedirectResponse(f"/ui/assessments/{aid}", status_code=303)


def _number(text: str):
    try:
        return float(text) if text else None
    except ValueError:
        return text                 # scores_from_json names the indicator and what it expects


@router.get("/ui/assessments/{aid}/report")
async def report(request: Request, aid: int, who: Who, store=Store):
    """The assessment's full report (greentaxo.assessment.report), for a browser signed in on these pages."""
    lang = language(request)
    inputs = await run_in_threadpool(report_inputs, store, who, aid, None, lang)
    return HTMLResponse(to_html(*inputs, lang=lang),
                        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
