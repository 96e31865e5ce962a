"""Skosmos-style read API over the route scheme and the external code schemes."""
from __future__ import annotations

import json
from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from greentaxo.api.graphs import graph
from greentaxo.api.settings import SETTINGS
from greentaxo.codes.registry import scheme_id
from greentaxo.errors import InputError, NotFoundError
from greentaxo.export import concept_rdf
from greentaxo.facets import find
from greentaxo.mappings.crosswalk import crosswalk as run
from greentaxo.namespaces import GTF, compact

router = APIRouter(tags=["vocabulary"])

Lang = Literal["zh", "en"]
KG = Depends(graph)          # the served graph, or the release named by ?release=
FOLLOW = Query(False, description="for a deprecated concept, redirect (308) to its live successor "
                                  "(following dct:isReplacedBy)")
MOVED = {308: {"description": "Deprecated concept and follow=true: the live successor's URL is in Location"}}


def _brief(c) -> dict:
    return {"id": c.iri, "curie": c.curie, "notation": c.notation, "label": c.pref, "deprecated": c.deprecated}


@router.get("/concepts", summary="All routes, paged, in notation order")
async def concepts(kg=KG, offset: int = Query(0, ge=0, le=1_000_000),
                   limit: int = Query(50, ge=1, le=SETTINGS.max_page),
                   deprecated: bool = Query(False, description="include deprecated concepts")) -> dict:
    tax = kg.taxonomy
    items = sorted(tax.concepts.values(), key=lambda c: c.notation) if deprecated else tax.live()
    return {"total": len(items), "offset": offset, "limit": limit, "items": [_brief(c) for c in items[offset:offset + limit]]}


@router.get("/top-concepts", summary="The top domains of the route scheme")
async def top_concepts(kg=KG) -> list[dict]:
    return [_brief(c) for c in kg.taxonomy.top_concepts()]


@router.get("/search", summary="Label search: Chinese and English, prefix and inside-label matches")
async def search(kg=KG, q: str = Query(..., min_length=1, max_length=200, examples=["储能"]),
           lang: Lang | None = None, scheme: str | None = Query(None, max_length=40, description="gtr (routes) only for now"),
           parent: str | None = Query(None, max_length=200, description="only below this route"),
           limit: int = Query(10, ge=1, le=100), offset: int = Query(0, ge=0, le=10_000)) -> dict:
    if scheme not in (None, "gtr", "routes", "https://w3id.org/greentaxo/route/scheme"):
        raise InputError(f"scheme {scheme!r}: search covers the route scheme (gtr); look codes up under /schemes")
    tax = kg.taxonomy
    if parent:
        tax.concept(parent)
    hits = tax.search(q, lang=lang, limit=offset + limit, parent=parent)
    return {"q": q, "results": [{**_brief(h.concept), "score": h.score, "matched": h.matched, "matchedKind": h.kind,
                                 "matchedLang": h.lang} for h in hits[offset:offset + limit]]}


@router.get("/lookup", summary="Exact label (any kind, either language) to concept")
async def lookup(kg=KG, label: str = Query(..., min_length=1, max_length=200), lang: Lang | None = None) -> list[dict]:
    tax = kg.taxonomy
    found = tax.lookup(label, lang)
    if not found:
        raise NotFoundError(f"no route has the label {label!r}.", [h.concept.curie for h in tax.search(label, limit=3)])
    return [_brief(c) for c in found]


@router.get("/schemes", summary="The route scheme and the external code schemes")
async def schemes(kg=KG) -> list[dict]:
    out = [{"id": "https://w3id.org/greentaxo/route/scheme", "scheme": "gtr", "concepts": len(kg.taxonomy.live())}]
    mapped = set(kg.mappings.schemes())
    out += [{"id": f"https://w3id.org/greentaxo/code/{s}", "scheme": s, "concepts": len(codes), "mapped": s in mapped}
            for s, codes in sorted(kg.codes.codes.items())]
    return out


@router.get("/schemes/{scheme}/codes/{code:path}", summary="One external code and the routes mapped to it")
async def code(scheme: str, code: str, kg=KG) -> dict:
    found = kg.codes.get(f"{scheme}:{code}")
    return {**found.to_dict(), "routes": [r.to_dict() for r in kg.mappings.for_code(found.iri)]}


@router.get("/crosswalk", summary="From a code (or route) through routes to another scheme")
async def crosswalk(kg=KG, source: str = Query(..., alias="from", max_length=100, examples=["gbt4754:4416"]),
              to: str = Query(..., max_length=40, examples=["gfspc2025"]),
              min_confidence: float = Query(0.0, ge=0.0, le=1.0)) -> dict:
    return run(kg, source, to, min_confidence).to_dict(kg)


def _rel(kg, ref: str, fn) -> list[dict]:
    return [_brief(c) for c in fn(kg.taxonomy, ref)]


@router.get("/concepts/{ref:path}/broader", summary="Direct parents")
async def broader(ref: str, kg=KG) -> list[dict]:
    return _rel(kg, ref, lambda t, r: t.parents(r))


@router.get("/concepts/{ref:path}/narrower", summary="Direct children")
async def narrower(ref: str, kg=KG) -> list[dict]:
    return _rel(kg, ref, lambda t, r: t.children(r))


@router.get("/concepts/{ref:path}/ancestors", summary="All ancestors, nearest first")
async def ancestors(ref: str, kg=KG) -> list[dict]:
    return _rel(kg, ref, lambda t, r: t.ancestors(r))


@router.get("/concepts/{ref:path}/descendants", summary="All descendants, depth first")
async def descendants(ref: str, kg=KG) -> list[dict]:
    return _rel(kg, ref, lambda t, r: t.descendants(r))


@router.get("/concepts/{ref:path}/related", summary="requires / complements / conflictsWith / alternativeTo")
async def related(ref: str, kg=KG) -> dict:
    tax = kg.taxonomy
    c = tax.concept(ref)
    return {rel: [_brief(tax.concepts[i]) for i in iris if i in tax.concepts] for rel, iris in sorted(c.relations.items())}


@router.get("/concepts/{ref:path}/hierarchy", summary="Path from the top concept, with siblings at each level")
async def hierarchy(ref: str, kg=KG) -> dict:
    return kg.taxonomy.hierarchy(ref)


@router.get("/concepts/{ref:path}/mappings", summary="The concept's SSSOM rows, every scheme", responses=MOVED)
async def mappings(request: Request, ref: str, scheme: str | None = Query(None, max_length=40),
                   follow: bool = FOLLOW, kg=KG) -> Response:
    c = kg.taxonomy.concept(ref)
    note, headers = _deprecation(request, kg.taxonomy, c, "mappings")
    if follow and note and note["successor"]:
        return RedirectResponse(headers["Location"], status_code=308, headers=headers)
    if scheme:
        scheme = scheme_id(scheme)
    rows = [r.to_dict() for r in kg.mappings.for_route(c.iri, scheme)]
    if note:        # each row says its route is retired and where its successor is, not only a header
        rows = [{**r, "route_deprecated": True, "route_replaced_by": note["isReplacedBy"],
                 "route_successor": note["successor"]} for r in rows]
    headers.pop("Location", None)
    return Response(json.dumps(rows, ensure_ascii=False), media_type="application/json", headers=headers)


@router.get("/facets", summary="The facet scheme: project types, services, market mechanisms and business models")
async def facets(kg=KG) -> dict:
    items = sorted(kg.facets.values(), key=lambda f: f.notation)
    return {"total": len(items), "items": [{"id": f.iri, "curie": f.curie, "notation": f.notation, "kind": f.kind,
                                            "label": f.pref} for f in items]}


@router.get("/facets/{ref:path}", summary="One facet concept by IRI or CURIE (gtf:F0001), with its mapping rows")
async def facet(ref: str, kg=KG) -> dict:
    f = find(kg, ref)
    if f is None:
        raise NotFoundError(f"no facet concept {ref.strip()!r}; list them at /facets.")
    routes = [_brief(kg.taxonomy.concepts[r]) for r in sorted(f.routes) if r in kg.taxonomy.concepts]
    return {**f.to_dict(), "involvesRoute": routes,
            "mappings": [r.to_dict() for r in kg.mappings.rows if r.subject_id == f.iri]}


@router.get("/concepts/{ref:path}", summary="One route by IRI, CURIE (gtr:R0312) or notation (01.10.01.03)",
            responses={200: {"content": {"application/json": {}, "text/turtle": {}, "application/ld+json": {}}},
                       **MOVED})
async def concept(request: Request, ref: str, follow: bool = FOLLOW, kg=KG) -> Response:
    c = kg.taxonomy.concept(ref)
    note, headers = _deprecation(request, kg.taxonomy, c, "concept")
    if follow and note and note["successor"]:
        return RedirectResponse(headers["Location"], status_code=308, headers=headers)
    headers.pop("Location", None)
    accept = request.headers.get("accept", "")
    for media, fmt in (("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
                       ("application/rdf+xml", "rdfxml")):
        if media in accept:
            return Response(concept_rdf(kg, c.iri, fmt), media_type=media, headers=headers)
    return Response(json.dumps(kg.describe(c.iri), ensure_ascii=False), media_type="application/json", headers=headers)



def _deprecation(request: Request, tax, c, route_name: str) -> tuple[dict | None, dict[str, str]]:
    """The deprecation note of `c` and the response headers that carry it: a Link with
    rel="successor-version" per live replacement (RFC 5829), and Location for a redirect to the single one."""
    note = tax.deprecation(c.iri)
    headers: dict[str, str] = {}
    if not note:
        return None, headers
    # keep the caller's query (release, scheme, ...) on the successor's URL; drop follow, it has done its job

    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "follow"])
    urls = []
    for iri in note["liveReplacements"]:
        url = str(request.url_for(route_name, ref=tax.concepts[iri].curie))
        urls.append(url + (f"?{query}" if query else ""))
    for f in (r for r in c.replaced_by if r.startswith(GTF)):   # left the route scheme for a facet concept
        urls.append(str(request.url_for("facet", ref=compact(f))))
    if urls:
        headers["Link"] = ", ".join(f'<{u}>; rel="successor-version"' for u in urls)
    if note["successor"]:
        headers["Location"] = urls[0]
    return note, headers
