"""FastAPI application: `uvicorn api.main:app`. No domain logic here: every answer is a library call."""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import greentaxo
from greentaxo.errors import GreentaxoError, InputError, NotFoundError

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
                        status_code=status, media_type=PROBLEM)


@asynccontextmanager
async def lifespan(app: FastAPI):
    kg = greentaxo.load()           # load the graph once, before the first request
    _ = kg.taxonomy, kg.codes
    app.state.kg = kg
    yield


app = FastAPI(title="greentaxo", version=greentaxo.__version__, lifespan=lifespan,
              description="Green-technology route taxonomy mapped to industry, discipline, patent and finance codes.")


@app.exception_handler(NotFoundError)
async def _not_found(request: Request, exc: NotFoundError):
    return problem(404, "Not found", str(exc), near_matches=exc.suggestions)


@app.exception_handler(InputError)
async def _bad_input(request: Request, exc: InputError):
    return problem(422, "Invalid input", str(exc))


@app.exception_handler(GreentaxoError)
async def _other(request: Request, exc: GreentaxoError):
    return problem(422, "Invalid input", str(exc))


@app.exception_handler(RequestValidationError)
async def _validation(request: Request, exc: RequestValidationError):
    errors = [{"field": ".".join(str(x) for x in e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "Invalid parameter", detail, errors=errors)


@app.exception_handler(StarletteHTTPException)
async def _http(request: Request, exc: StarletteHTTPException):
    return problem(exc.status_code, "Error", str(exc.detail))


def _kg(request: Request):
    return request.app.state.kg


@app.get("/health", summary="Liveness and graph size")
async def health(request: Request) -> dict:
    kg = _kg(request)
    return {"status": "ok", "routes": len(kg.taxonomy.live())}


@app.get("/version", summary="Package and taxonomy versions")
async def version() -> dict:
    return {"package": greentaxo.__version__, "taxonomy": greentaxo.__version__}


def _concept_json(kg, c) -> dict:
    d = c.to_dict()
    d["ancestors"] = [a.iri for a in kg.taxonomy.ancestors(c.iri)]
    d["mappings"] = [r.to_dict() for r in kg.mappings.for_route(c.iri)]
    return d


@app.get("/concepts/{ref:path}", summary="One route by IRI, CURIE (gtr:R0412) or notation (01.04.02)")
async def concept(request: Request, ref: str) -> dict:
    kg = _kg(request)
    return _concept_json(kg, kg.taxonomy.concept(ref))


@app.get("/top-concepts", summary="The top domains of the route scheme")
async def top_concepts(request: Request) -> list[dict]:
    return [{"id": c.iri, "notation": c.notation, "label": c.pref} for c in _kg(request).taxonomy.top_concepts()]


@app.get("/search", summary="Label search in Chinese and English")
async def search(request: Request, q: str = Query(..., min_length=1, max_length=200),
                 lang: str | None = Query(None, pattern="^(zh|en)$"),
                 limit: int = Query(10, ge=1, le=100)) -> list[dict]:
    hits = _kg(request).taxonomy.search(q, lang=lang, limit=limit)
    return [{"id": h.concept.iri, "notation": h.concept.notation, "label": h.concept.pref, "score": h.score,
             "matched": h.matched} for h in hits]


def _include_routers() -> None:
    """Feature routers (classification, eligibility, packages) live in api/routers/, one module each."""
    import importlib
    import pkgutil

    from api import routers

    for mod in sorted(m.name for m in pkgutil.iter_modules(routers.__path__)):
        app.include_router(importlib.import_module(f"api.routers.{mod}").router)


_include_routers()


@app.get("/crosswalk", summary="From a code through routes to another scheme")
async def crosswalk(request: Request, source: str = Query(..., alias="from", max_length=100),
                    to: str = Query(..., max_length=40)) -> dict:
    from greentaxo.mappings.crosswalk import crosswalk as run

    kg = _kg(request)
    return run(kg, source, to).to_dict(kg)
