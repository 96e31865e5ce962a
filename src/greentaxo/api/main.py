"""FastAPI application: `uvicorn greentaxo.api.main:app`. No domain logic here: every answer is a library call.

Routers live in greentaxo/api/routers/, one module per feature, and are listed in ROUTERS below (a module
missing from the list is not served; a misspelt one fails at import).
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import greentaxo
from greentaxo.api.routers import achievements, classify, edits, eligibility, packages, releases, sparql, system, vocabulary
from greentaxo.api.settings import SETTINGS
from greentaxo.errors import GreentaxoError, InputError, NotFoundError

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, headers: dict | None = None, **extra) -> JSONResponse:
    """RFC 9457 problem details."""
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
                        status_code=status, media_type=PROBLEM, headers=headers)


@asynccontextmanager
async def lifespan(app: FastAPI):
    kg = greentaxo.load()           # the graph, its indexes and the model load once, before the first request
    _ = kg.taxonomy, kg.codes
    app.state.kg = kg
    from greentaxo.classify import load_classifier
    from greentaxo.errors import GreentaxoError

    try:
        app.state.classifier = load_classifier(kg)
    except GreentaxoError:      # no usable model file: /classify answers with a clear error instead
        app.state.classifier = None
    yield


app = FastAPI(
    title="greentaxo", version=greentaxo.__version__, lifespan=lifespan,
    description="Green-technology route taxonomy mapped to industry, discipline, patent and green-finance codes. "
                "Errors are application/problem+json (RFC 9457).",
)


class BodyLimit:
    """Refuse bodies over the configured size with 413 before the endpoint reads them."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or {}).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await _send_413(send, self.limit)
        seen = 0

        async def guarded():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        try:
            return await self.app(scope, guarded, send)
        except _TooLarge:
            return await _send_413(send, self.limit)


class _TooLarge(Exception):
    pass


async def _send_413(send, limit: int) -> None:
    resp = problem(413, "Request body too large", f"the body exceeds {limit} bytes; split the batch or shorten the text")
    await send({"type": "http.response.start", "status": 413, "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})


app.add_middleware(BodyLimit, limit=SETTINGS.max_body_bytes)


@app.exception_handler(NotFoundError)
async def _not_found(request: Request, exc: NotFoundError):
    return problem(404, "Not found", str(exc), near_matches=exc.suggestions)


@app.exception_handler(GreentaxoError)
async def _user_error(request: Request, exc: GreentaxoError):
    from greentaxo.sparql import QueryTimeout

    if isinstance(exc, QueryTimeout):
        return problem(503, "Query timed out", str(exc), headers={"Retry-After": "5"})
    if isinstance(exc, InputError) and exc.__class__.__name__ == "UpdateRefused":
        return problem(400, "Update refused", str(exc))
    return problem(422, "Invalid input", str(exc))


@app.exception_handler(RequestValidationError)
async def _validation(request: Request, exc: RequestValidationError):
    errors = [{"field": ".".join(str(x) for x in e.get("loc", []) if x != "body"), "message": e.get("msg", "")}
              for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "Invalid parameter", detail, errors=errors)


@app.exception_handler(StarletteHTTPException)
async def _http(request: Request, exc: StarletteHTTPException):
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:   # list every method served at this path, not only the first route's
        from starlette.routing import Match

        methods = set()
        for route in app.routes:
            match, _ = route.matches({**request.scope, "method": "GET"})
            if match != Match.NONE and getattr(route, "methods", None):
                methods |= set(route.methods)
        headers["Allow"] = ", ".join(sorted(methods - {"HEAD"}))
    return problem(exc.status_code, "Error", str(exc.detail), headers=headers or None)


@app.exception_handler(Exception)
async def _unexpected(request: Request, exc: Exception):
    return problem(500, "Internal error", f"{exc.__class__.__name__}; please report this request")


PROBLEM_SCHEMA = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "detail": {"type": "string"}},
    "additionalProperties": True,
}
PROBLEM_STATUSES = {"400": "Bad request (e.g. SPARQL Update refused)", "404": "Unknown identifier, with near matches",
                    "413": "Request body too large", "422": "Invalid parameter or input, naming it",
                    "503": "Query timed out or too many running; see Retry-After"}


def custom_openapi() -> dict:
    """Document the problem+json error responses every operation can give (RFC 9457)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for ops in schema.get("paths", {}).values():
        for op in ops.values():
            responses = op.setdefault("responses", {})
            for status, text in PROBLEM_STATUSES.items():
                responses[status] = {"description": text, "content": {PROBLEM: {"schema": ref}}}
    app.openapi_schema = schema
    return schema


app.openapi = custom_openapi


# the order routes are matched in: within a module, its own order
ROUTERS = (achievements, classify, edits, eligibility, packages, releases, sparql, system, vocabulary)
for _module in ROUTERS:
    app.include_router(_module.router)
