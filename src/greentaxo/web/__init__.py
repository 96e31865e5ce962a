"""The web interface: server-rendered pages (Jinja2) over the same library calls as the API, in the same app.

    greentaxo.web.install(app)      # in greentaxo.api.main

Pages: `/`, `/search` and `/facets` (for browsers), resource pages at their IRIs' paths (`/route/…`, `/code/…`,
`/scenario/…`, `/facet/…`, data by content negotiation), every other page under `/ui/` (tree, classify, eligibility,
packages, changes, editors). Static files under `/static/web/` (no asset from the internet, no build step).
A browser that meets an error gets an HTML page; an API client still gets problem+json. docs/ui.md.
"""
from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from greentaxo.errors import GreentaxoError
from greentaxo.web import assessments, browse, editors, tools
from greentaxo.web.render import page, wants_html

STATIC = Path(__file__).parent / "static"
# a browser asking for these API paths is sent to their HTML twin; API clients keep the JSON
NEGOTIATED = {"/search": "/ui/search", "/facets": "/ui/facets"}
# ...and for one concept under these prefixes (a CURIE or id, not a full IRI with slashes), to its page
NEGOTIATED_PREFIXES = {"/facets/": "/facet/"}


class Negotiate:
    """ASGI middleware: a GET whose Accept prefers HTML on a NEGOTIATED path is served by the page instead."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            path = scope["path"]
            target = NEGOTIATED.get(path) or next((page + path[len(api):] for api, page in NEGOTIATED_PREFIXES.items()
                                                   if path.startswith(api) and "/" not in path[len(api):]), None)
            if target and wants_html(Request(scope)):
                scope = {**scope, "path": target, "raw_path": target.encode()}
        return await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    """Serve the pages and their static files, and give browsers HTML error pages."""
    app.mount("/static/web", StaticFiles(directory=STATIC), name="web-assets")
    for module in (browse, tools, editors, assessments):
        app.include_router(module.router)
    app.add_middleware(Negotiate)
    for exc_type in (GreentaxoError, RequestValidationError, StarletteHTTPException, Exception):
        _html_errors(app, exc_type)


def _html_errors(app: FastAPI, exc_type: type[Exception]) -> None:
    """Wrap the API's handler for `exc_type`: same status and message, as a page when a browser asks."""
    api_handler = app.exception_handlers[exc_type]

    async def handler(request: Request, exc: Exception):
        response = await api_handler(request, exc)
        if not wants_html(request) or request.url.path.startswith(("/docs", "/redoc", "/openapi")):
            return response
        body = json.loads(response.body)
        return page(request, "error.html", status=response.status_code, code=response.status_code, detail=body.get("detail", ""),
                    near=body.get("near_matches") or [], violations=body.get("violations") or [])

    app.add_exception_handler(exc_type, handler)
