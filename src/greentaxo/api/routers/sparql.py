"""SPARQL 1.1 Protocol, read-only, with a timeout and a result-size limit."""
from __future__ import annotations

import threading
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from greentaxo.api.settings import ApiSettings, Config
from greentaxo.errors import InputError
from greentaxo.namespaces import PREFIXES
from greentaxo.security.sparql import refuse_federation
from greentaxo.sparql import GRAPH_FORMATS, RESULT_FORMATS, UpdateRefused, run
from greentaxo.sparql_workers import QueryPool

router = APIRouter(tags=["sparql"])
_LOCK = threading.Lock()

RESULTS = {200: {"content": {"application/sparql-results+json": {}, "text/csv": {}, "text/tab-separated-values": {},
                             "application/sparql-results+xml": {}, "text/turtle": {}}}}


def query_pool(app, config: ApiSettings) -> QueryPool:
    """The app's SPARQL worker processes: started by the lifespan, or here for an app served without one."""
    pool = getattr(app.state, "sparql", None)
    if pool is None:
        with _LOCK:
            pool = getattr(app.state, "sparql", None)
            if pool is None:
                pool = app.state.sparql = QueryPool(app.state.kg.root, config.sparql_slots, config.sparql_queue)
                pool.start()
    return pool


def _accept(request: Request) -> str:
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";")[0].strip()
        if media in RESULT_FORMATS or media in GRAPH_FORMATS:
            return media
    return "application/sparql-results+json"


def _run(request: Request, query: str, config: ApiSettings) -> Response:
    # before anything runs: a SERVICE clause would make this server send requests wherever the caller says
    refuse_federation(query, config.allowed_services(), PREFIXES)
    body, media = run(request.app.state.kg, query, _accept(request), timeout=config.sparql_timeout,
                      max_results=config.sparql_max_results, pool=query_pool(request.app, config))
    return Response(body, media_type=media)


@router.get("/sparql", summary="SPARQL query (GET)", responses=RESULTS)
def sparql_get(request: Request, config: Config,
               query: str = Query(..., min_length=1, max_length=20000,
                                  examples=["SELECT ?c WHERE { ?c a gt:TechnologyRoute } LIMIT 3"])):
    return _run(request, query, config)


@router.post("/sparql", summary="SPARQL query (POST, form or application/sparql-query)", responses=RESULTS)
async def sparql_post(request: Request, config: Config) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip()
    raw = await request.body()
    if ctype == "application/sparql-query":
        query = raw.decode("utf-8", errors="replace")
    elif ctype == "application/x-www-form-urlencoded":
        form = parse_qs(raw.decode("utf-8", errors="replace"))
        if "update" in form:
            raise UpdateRefused("SPARQL Update is not allowed here: this endpoint is read-only")
        query = (form.get("query") or [""])[0]
    else:
        raise InputError("send the query as application/sparql-query or as a form field 'query'")
    return await run_in_threadpool(_run, request, query, config)
