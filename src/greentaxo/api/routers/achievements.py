"""Check an achievement submission against shapes/achievement.ttl."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from greentaxo import achievements

router = APIRouter(tags=["achievements"])

EXAMPLE = {"id": "A-1", "title": "全钒液流电池储能电站",
           "abstract": "100 MW/400 MWh vanadium redox flow battery storage station.",
           "ipc": ["H01M8/18"], "trl": 8, "routes": ["gtr:R0312"]}


@router.post("/achievements/validate", summary="Validate a submission (JSON, JSON-LD or Turtle)",
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"},
                                                                             "example": EXAMPLE},
                                                        "application/ld+json": {"schema": {"type": "object"}},
                                                        "text/turtle": {"schema": {"type": "string"}}}, "required": True}},
             responses={422: {"description": "one entry per problem, naming the field"}})
async def validate(request: Request):


    kg = request.app.state.kg
    body = await request.body()

    def check():
        g = achievements.parse(body, request.headers.get("content-type", ""), kg)
        return achievements.validate(g, kg)

    problems = await run_in_threadpool(check)
    if problems:
        return JSONResponse({"type": "about:blank", "title": "Submission does not conform", "status": 422,
                             "detail": "; ".join(f"{p.field}: {p.message.rstrip('.')}" for p in problems) + ".",
                             "problems": [p.to_dict() for p in problems]}, status_code=422,
                            media_type="application/problem+json")
    return {"conforms": True, "problems": []}
