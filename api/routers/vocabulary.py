"""Skosmos-style read API over the route scheme and the external code schemes."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from api.settings import SETTINGS

router = APIRouter(tags=["vocabulary"])

Lang = Literal["zh", "en"]


def _kg(request: Request):
    return request.app.state.kg


def _brief(c) -> dict:
    return {"id": c.iri, "curie": c.curie, "notation": c.notation, "label": c.pref, "deprecated": c.deprecated}


@router.get("/concepts", summary="All routes, paged, in notation order")
async def concepts(request: Request, offset: int = Query(0, ge=0, le=1_000_000),
                   limit: int = Query(50, ge=1, le=SETTINGS.max_page),
                   deprecated: bool = Query(False, description="include deprecated concepts")) -> dict:
    tax = _kg(request).taxonomy
    items = sorted(tax.concepts.values(), key=lambda c: c.notation) if deprecated else tax.live()
    return {"total": len(items), "offset": offset, "limit": limit, "items": [_brief(c) for c in items[offset:offset + limit]]}


@router.get("/top-concepts", summary="The top domains of the route scheme")
async def top_concepts(request: Request) -> list[dict]:
    return [_brief(c) for c in _kg(request).taxonomy.top_concepts()]


@router.get("/search", summary="Label search: Chinese and English, prefix and inside-label matches")
async def search(request: Request, q: str = Query(..., min_length=1, max_length=200, examples=["储能"]),
           lang: Lang | None = None, scheme: str | None = Query(None, max_length=40, description="gtr (routes) only for now"),
           parent: str | None = Query(None, max_length=200, description="only below this route"),
           limit: int = Query(10, ge=1, le=100), offset: int = Query(0, ge=0, le=10_000)) -> dict:
    from greentaxo.errors import InputError

    if scheme not in (None, "gtr", "routes", "https://w3id.org/greentaxo/route/scheme"):
        raise InputError(f"scheme {scheme!r}: search covers the route scheme (gtr); look codes up under /schemes")
    tax = _kg(request).taxonomy
    if parent:
        tax.concept(parent)
    hits = tax.search(q, lang=lang, limit=offset + limit, parent=parent)
    return {"q": q, "results": [{**_brief(h.concept), "score": h.score, "matched": h.matched, "matchedKind": h.kind,
                                 "matchedLang": h.lang} for h in hits[offset:offset + limit]]}


@router.get("/lookup", summary="Exact label (any kind, either language) to concept")
async def lookup(request: Request, label: str = Query(..., min_length=1, max_length=200), lang: Lang | None = None) -> list[dict]:
    from greentaxo.errors import NotFoundError

    tax = _kg(request).taxonomy
    found = tax.lookup(label, lang)
    if not found:
        raise NotFoundError(f"no route has the label {label!r}.", [h.concept.curie for h in tax.search(label, limit=3)])
    return [_brief(c) for c in found]


@router.get("/schemes", summary="The route scheme and the external code schemes")
async def schemes(request: Request) -> list[dict]:
    kg = _kg(request)
    out = [{"id": "https://w3id.org/greentaxo/route/scheme", "scheme": "gtr", "concepts": len(kg.taxonomy.live())}]
    mapped = set(kg.mappings.schemes())
    out += [{"id": f"https://w3id.org/greentaxo/code/{s}", "scheme": s, "concepts": len(codes), "mapped": s in mapped}
            for s, codes in sorted(kg.codes.codes.items())]
    return out


@router.get("/schemes/{scheme}/codes/{code:path}", summary="One external code and the routes mapped to it")
async def code(request: Request, scheme: str, code: str) -> dict:
    kg = _kg(request)
    found = kg.codes.get(f"{scheme}:{code}")
    return {**found.to_dict(), "routes": [r.to_dict() for r in kg.mappings.for_code(found.iri)]}


@router.get("/crosswalk", summary="From a code (or route) through routes to another scheme")
async def crosswalk(request: Request, source: str = Query(..., alias="from", max_length=100, examples=["gbt4754:4416"]),
              to: str = Query(..., max_length=40, examples=["gfspc2025"]),
              min_confidence: float = Query(0.0, ge=0.0, le=1.0)) -> dict:
    from greentaxo.mappings.crosswalk import crosswalk as run

    kg = _kg(request)
    return run(kg, source, to, min_confidence).to_dict(kg)


def _rel(request: Request, ref: str, fn) -> list[dict]:
    return [_brief(c) for c in fn(_kg(request).taxonomy, ref)]


@router.get("/concepts/{ref:path}/broader", summary="Direct parents")
async def broader(request: Request, ref: str) -> list[dict]:
    return _rel(request, ref, lambda t, r: t.parents(r))


@router.get("/concepts/{ref:path}/narrower", summary="Direct children")
async def narrower(request: Request, ref: str) -> list[dict]:
    return _rel(request, ref, lambda t, r: t.children(r))


@router.get("/concepts/{ref:path}/ancestors", summary="All ancestors, nearest first")
async def ancestors(request: Request, ref: str) -> list[dict]:
    return _rel(request, ref, lambda t, r: t.ancestors(r))


@router.get("/concepts/{ref:path}/descendants", summary="All descendants, depth first")
async def descendants(request: Request, ref: str) -> list[dict]:
    return _rel(request, ref, lambda t, r: t.descendants(r))


@router.get("/concepts/{ref:path}/related", summary="requires / complements / conflictsWith / alternativeTo")
async def related(request: Request, ref: str) -> dict:
    tax = _kg(request).taxonomy
    c = tax.concept(ref)
    return {rel: [_brief(tax.concepts[i]) for i in iris if i in tax.concepts] for rel, iris in sorted(c.relations.items())}


@router.get("/concepts/{ref:path}/hierarchy", summary="Path from the top concept, with siblings at each level")
async def hierarchy(request: Request, ref: str) -> dict:
    return _kg(request).taxonomy.hierarchy(ref)


@router.get("/concepts/{ref:path}/mappings", summary="The concept's SSSOM rows, every scheme")
async def mappings(request: Request, ref: str, scheme: str | None = Query(None, max_length=40)) -> list[dict]:
    kg = _kg(request)
    c = kg.taxonomy.concept(ref)
    if scheme:
        from greentaxo.codes.registry import scheme_id

        scheme = scheme_id(scheme)
    return [r.to_dict() for r in kg.mappings.for_route(c.iri, scheme)]


@router.get("/concepts/{ref:path}", summary="One route by IRI, CURIE (gtr:R0312) or notation (01.10.01.03)",
            responses={200: {"content": {"application/json": {}, "text/turtle": {}, "application/ld+json": {}}}})
async def concept(request: Request, ref: str) -> Response:
    import json

    kg = _kg(request)
    c = kg.taxonomy.concept(ref)
    accept = request.headers.get("accept", "")
    for media, fmt in (("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
                       ("application/rdf+xml", "rdfxml")):
        if media in accept:
            from greentaxo.export import concept_rdf

            return Response(concept_rdf(kg, c.iri, fmt), media_type=media)
    return Response(json.dumps(kg.describe(c.iri), ensure_ascii=False), media_type="application/json")
