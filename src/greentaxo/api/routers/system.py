"""Health (liveness), readiness, version, statistics, changes and whole-graph export."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

import greentaxo
from greentaxo.api.graphs import graph
from greentaxo.api.readiness import check
from greentaxo.changes import changes as changes_since
from greentaxo.export import MEDIA
from greentaxo.export import export as export_graph

router = APIRouter(tags=["system"])


@router.get("/health", summary="Liveness, graph size, and the SPARQL slots in use (docs/operations.md)")
async def health(request: Request) -> dict:
    pool = getattr(request.app.state, "sparql", None)
    return {"status": "ok", "routes": len(request.app.state.kg.taxonomy.live()),
            **({"sparql": pool.stats()} if pool is not None else {})}


@router.get("/ready", summary="Readiness for a load balancer: 200 when this worker serves, 503 while it cannot",
            responses={503: {"description": "Not ready (graph not loaded, or the edit database not answering)"}})
def ready(request: Request) -> JSONResponse:
    """The graph and model are loaded (the lifespan did it) and, when an edit database is configured, it answers.
    `instance` names this worker process, so an operator can see replicas take turns behind a balancer.
    A sync endpoint: the database check runs in the thread pool, off the event loop."""
    body, ok = check(request.app)
    return JSONResponse(body, status_code=200 if ok else 503, headers={} if ok else {"Retry-After": "5"})


@router.get("/version", summary="Package, taxonomy release and model versions")
async def version(request: Request) -> dict:
    clf = getattr(request.app.state, "classifier", None)
    model = clf.model_version if clf is not None else None
    return {"package": greentaxo.__version__, "taxonomy": request.app.state.kg.version, "model": model}


@router.get("/stats", summary="Counts per domain, depth and mapping scheme")
def stats(kg=Depends(graph)) -> dict:
    return kg.stats()


@router.get("/changes", summary="Concepts new, modified or deprecated since a date (YYYY-MM-DD) or a release (0.1.0)")
def changes(request: Request, since: str = Query(..., max_length=32, examples=["2026-01-01"])) -> dict:
    return changes_since(request.app.state.kg, since)


@router.get("/export", summary="The taxonomy with schema, functions and mappings",
            responses={200: {"content": {m: {} for m in ("text/turtle", "application/ld+json", "application/n-triples",
                                                         "application/rdf+xml", "text/csv", "text/tab-separated-values")}}})
def export(format: str = Query("ttl", pattern="^(ttl|jsonld|rdfxml|nt|csv|sssom)$"), kg=Depends(graph)) -> Response:
    return Response(export_graph(kg, format), media_type=MEDIA[format])
