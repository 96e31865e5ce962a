"""Browse pages, Skosmos-style: home, search results, the hierarchy, and a page for every resource at its
IRI's path (/route/R0102, /code/gbt4754-2017/4416, /scenario/S001, /facet/F0015) by content negotiation — a
browser gets the page, an API client the data (JSON by default, Turtle / JSON-LD / N-Triples / RDF/XML by
Accept)."""
from __future__ import annotations

import json

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from greentaxo.api.graphs import folder
from greentaxo.changes import changes as since_changes
from greentaxo.codes.registry import scheme_id
from greentaxo.errors import NotFoundError
from greentaxo.export import MEDIA, concept_rdf
from greentaxo.facets import KINDS, find
from greentaxo.mappings.crosswalk import crosswalk
from greentaxo.namespaces import GTX
from greentaxo.packages.scenarios import scenarios_from_graph
from greentaxo.releases import find_release, list_releases
from greentaxo.web import views
from greentaxo.web.render import COOKIE, LANGS, page, rdf_format, wants_html

router = APIRouter(include_in_schema=False)


def _kg(request: Request):
    return request.app.state.kg


def _data(request: Request, kg, iri: str, record: dict) -> Response:
    """The resource as data: an RDF serialisation when asked for by Accept, else JSON."""
    fmt = rdf_format(request)
    if fmt:
        return Response(concept_rdf(kg, iri, fmt), media_type=MEDIA[fmt], headers={"Vary": "Accept"})
    return Response(json.dumps(record, ensure_ascii=False), media_type="application/json", headers={"Vary": "Accept"})


@router.get("/")
async def home(request: Request):
    kg = _kg(request)
    tops = kg.taxonomy.top_concepts()
    return page(request, "home.html", tops=tops, sizes=views.domain_sizes(kg), stats=views.stats(kg),
                scheme_title=views.scheme_title, mapped=set(kg.mappings.schemes()))


@router.get("/ui/search")
async def search(request: Request, q: str = Query("", max_length=200), lang: str | None = Query(None, pattern="^(zh|en)$"),
                 limit: int = Query(50, ge=1, le=200)):
    """The HTML twin of GET /search (greentaxo.web.negotiate sends browsers here)."""
    kg = _kg(request)
    hits = kg.taxonomy.search(q, lang=lang, limit=limit) if q.strip() else []
    near = [] if hits or not q.strip() else _near(kg.taxonomy, q)
    return page(request, "search.html", q=q, hits=hits, near=near, tax=kg.taxonomy)


def _near(tax, q: str) -> list:
    """Routes whose id or notation looks like `q` (a mistyped R0101 or 01.01.01): the search's fallback."""
    out = []
    for ref in tax.near(q):
        try:
            out.append(tax.concept(ref))
        except NotFoundError:
            continue
    return out


@router.get("/ui/tree")
async def tree(request: Request, open: str | None = Query(None, max_length=200)):
    kg = _kg(request)
    tax = kg.taxonomy
    opened = set()
    if open:
        c = tax.concept(open)
        opened = {a.iri for a in tax.ancestors(c.iri)} | {c.iri}
    return page(request, "tree.html", rows=views.tree_rows(kg), opened=opened, current=open and tax.concept(open).iri,
                working=False)


@router.get("/route/{ref}")
async def route(request: Request, ref: str):
    kg = _kg(request)
    tax = kg.taxonomy
    c = tax.concept(ref)
    if not wants_html(request):
        return _data(request, kg, c.iri, kg.describe(c.iri))
    rows = views.by_scheme(kg.mappings.for_route(c.iri))
    labels = views.gtx_labels(kg)
    relations = {rel: [tax.concepts[i] for i in iris if i in tax.concepts] for rel, iris in sorted(c.relations.items())}
    return page(request, "route.html", c=c, tax=tax, crumbs=list(reversed(tax.ancestors(c.iri))), rows=rows,
                scheme_title=views.scheme_title, functions=[(f, labels.get(f, {})) for f in c.functions],
                relations=relations, note=tax.deprecation(c.iri), kpis=views.kpis_of(kg, c.iri),
                moved=[kg.facets[i] for i in c.replaced_by if i in kg.facets],   # left the route scheme
                in_facets=sorted((f for f in kg.facets.values() if c.iri in f.routes), key=lambda f: f.notation),
                children=tax.children(c.iri), schemes=kg.mappings.schemes())


@router.get("/ui/facets")
async def facets(request: Request):
    """The HTML twin of GET /facets: the facet scheme's concepts by kind."""
    items = sorted(_kg(request).facets.values(), key=lambda f: f.notation)
    groups = [(k, [f for f in items if f.kind == k]) for k in KINDS.values()]
    return page(request, "facets.html", groups=[(k, fs) for k, fs in groups if fs])


@router.get("/facet/{ref}")
async def facet(request: Request, ref: str):
    """A facet concept (project type, service, market mechanism, business model) at its IRI's path."""
    kg = _kg(request)
    f = find(kg, ref)
    if f is None:
        raise NotFoundError(f"no facet concept {ref!r}; the facet concepts are listed at /facets")
    tax = kg.taxonomy
    mappings = kg.mappings.for_route(f.iri)
    replaces = sorted((c for c in tax.concepts.values() if f.iri in c.replaced_by), key=lambda c: c.notation)
    if not wants_html(request):
        return _data(request, kg, f.iri, {**f.to_dict(), "mappings": [r.to_dict() for r in mappings],
                                          "replaces": [c.iri for c in replaces]})
    return page(request, "facet.html", f=f, routes=[tax.concepts[r] for r in sorted(f.routes) if r in tax.concepts],
                broader=[kg.facets[b] for b in f.broader if b in kg.facets], replaces=replaces,
                rows=views.by_scheme(mappings), scheme_title=views.scheme_title)


@router.get("/code/{scheme}")
async def scheme(request: Request, scheme: str, code: str | None = Query(None, max_length=60)):
    kg = _kg(request)
    sid = scheme_id(scheme)
    if code:        # the look-up form on the scheme page, without JavaScript
        return RedirectResponse(f"/code/{sid}/{code.strip().replace('/', '-')}", status_code=303)
    codes = kg.codes.codes.get(sid, {})
    mapped = views.mapped_codes(kg, sid)
    if not wants_html(request):
        return Response(json.dumps({"scheme": sid, "codes": len(codes), "mapped": [c for c, _, _ in mapped]},
                                   ensure_ascii=False), media_type="application/json")
    return page(request, "scheme.html", scheme=sid, scheme_title=views.scheme_title, held=len(codes), mapped=mapped)


@router.get("/code/{scheme}/{code:path}")
async def code(request: Request, scheme: str, code: str, to: str | None = Query(None, max_length=40)):
    kg = _kg(request)
    found = kg.codes.get(f"{scheme}:{code}")
    rows = kg.mappings.for_code(found.iri)
    if not wants_html(request):
        return _data(request, kg, found.iri, {**found.to_dict(), "routes": [r.to_dict() for r in rows]})
    walk = None
    if to:
        walk = crosswalk(kg, f"{found.scheme}:{found.code}", to).to_dict(kg)
    tax = kg.taxonomy
    routes = [(tax.concepts.get(r.subject_id), r) for r in rows]
    return page(request, "code.html", code=found, routes=[(c, r) for c, r in routes if c is not None],
                scheme_title=views.scheme_title, schemes=[s for s in kg.mappings.schemes() if s != found.scheme],
                to=to, walk=walk, parent=_parent(kg, found))


def _parent(kg, found):
    """The code one level up in hierarchical schemes (4416 -> 441 -> 44), when the registry holds it."""
    table = kg.codes.codes.get(found.scheme, {})
    code = found.code
    for cut in range(len(code) - 1, 0, -1):
        head = code[:cut].rstrip(".-/")
        if head in table and head != code:
            return table[head]
    return None


@router.get("/scenario/{ref}")
async def scenario(request: Request, ref: str):
    kg = _kg(request)
    iri = GTX + ref.removeprefix("gtx:")
    labels = views.gtx_labels(kg)
    if ref.startswith(("S", "gtx:S")):
        s = scenarios_from_graph(kg).get(ref)
        if not wants_html(request):
            return _data(request, kg, s.iri, s.to_dict())
        return page(request, "scenario.html", s=s, labels=labels, tax=kg.taxonomy)
    if iri not in labels:
        raise NotFoundError(f"no scenario, function or plant type {ref!r}; scenarios are S001..., functions F001...")
    routes = [kg.taxonomy.concepts[i] for i in views.providers(kg).get(iri, [])]
    if not wants_html(request):
        return _data(request, kg, iri, {"id": iri, "label": labels[iri], "providedBy": [c.iri for c in routes]})
    return page(request, "function.html", iri=iri, label=labels[iri], routes=routes)


@router.get("/ui/lang")
async def switch_language(to: str = Query(..., pattern="^(zh|en)$"), next: str = Query("/", max_length=2000)):
    """Set the interface language (a cookie, a year) and go back. Only a path on this site is followed."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    resp = RedirectResponse(target, status_code=303)
    if to in LANGS:
        resp.set_cookie(COOKIE, to, max_age=365 * 24 * 3600, samesite="lax", httponly=False)
    return resp


@router.get("/ui/changes")
async def changes(request: Request, since: str | None = Query(None, max_length=32),
                  release: str | None = Query(None, max_length=40)):
    kg = _kg(request)
    found = list_releases(folder())
    log = None
    if release:
        info = find_release(folder(), release)
        path = info.folder / "changelog.json"
        log = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    result = views.memo(kg, "changes").get(since, lambda: since_changes(kg, since)) if since else None
    return page(request, "changes.html", releases=found, release=release, log=log, since=since, result=result,
                version=kg.version)
