"""Health, version, statistics, changes and whole-graph export."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

import greentaxo
from greentaxo.api.graphs import graph
from greentaxo.changes import changes as changes_since
from greentaxo.export import MEDIA
from greentaxo.export import export as export_graph

router = APIRouter(tags=["system"])


@router.get("/health", summary="Liveness and graph size")
async def health(request: Request) -> dict:
    return {"status": "ok", "routes": len(request.app.state.kg.taxonomy.live())}


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
