"""Every error the API gives is problem+json (RFC 9457), made here and nowhere else.

A library error carries its own status and title (greentaxo.errors and its subclasses), so one handler
turns any of them into a response; request validation, HTTP errors from the framework and anything
unexpected get a problem body too, never a traceback.
"""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from greentaxo.errors import GreentaxoError

PROBLEM = "application/problem+json"
PROBLEM_SCHEMA = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "detail": {"type": "string"}},
    "additionalProperties": True,
}
# documented on every operation; routers add their own (the edit endpoints: 401, 403, 409, 412, 428)
STATUSES = {"400": "Bad request (e.g. SPARQL Update or SERVICE refused)", "404": "Unknown identifier, with near matches",
            "413": "Request body too large", "422": "Invalid parameter or input, naming it",
            "503": "Busy (query slots, edit store, batches) or a query timed out; see Retry-After"}
REF = {"content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def problem(status: int, title: str, detail: str, headers: dict | None = None, **extra) -> JSONResponse:
    """RFC 9457 problem details."""
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
                        status_code=status, media_type=PROBLEM, headers=headers or None)


async def _library_error(request: Request, exc: GreentaxoError) -> JSONResponse:
    return problem(exc.status, exc.title, str(exc), exc.problem_headers(), **exc.problem_extra())


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"field": ".".join(str(x) for x in e.get("loc", []) if x != "body"), "message": e.get("msg", "")}
              for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "Invalid parameter", detail, errors=errors)


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:   # list every method served at this path, not only the first route's
        methods = set()
        for route in request.app.routes:
            match, _ = route.matches({**request.scope, "method": "GET"})
            if match != Match.NONE and getattr(route, "methods", None):
                methods |= set(route.methods)
        headers["Allow"] = ", ".join(sorted(methods - {"HEAD"}))
    return problem(exc.status_code, "Error", str(exc.detail), headers=headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # the server drops the connection after an unhandled error: say so, or the client's next request on it fails
    return problem(500, "Internal error", f"{exc.__class__.__name__}; please report this request",
                   headers={"Connection": "close"})


def install(app: FastAPI) -> None:
    """Register the handlers, and document the problem responses in the OpenAPI description."""
    app.add_exception_handler(GreentaxoError, _library_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        for ops in schema.get("paths", {}).values():
            for op in ops.values():
                responses = op.setdefault("responses", {})
                for status, text in STATUSES.items():
                    responses[status] = {"description": text, **REF}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
