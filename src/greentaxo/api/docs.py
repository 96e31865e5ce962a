"""/docs (Swagger UI) and /redoc served with their scripts from the app itself, so they work offline: FastAPI's
self-hosting recipe (docs_url=None, a static mount, get_swagger_ui_html / get_redoc_html), with the assets
of the fastapi-offline package (Swagger UI 5, ReDoc 2; MIT and Apache-2.0 licences shipped with it)."""
from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
STATIC = "/static/docs"


def install(app: FastAPI) -> None:
    """Serve the assets and the two pages; the app must be created with docs_url=None and redoc_url=None."""
    app.mount(STATIC, StaticFiles(directory=ASSETS), name="docs-assets")
    redirect = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - Swagger UI",
                                   oauth2_redirect_url=f"{root}{redirect}",
                                   swagger_js_url=f"{root}{STATIC}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}{STATIC}/swagger-ui.css",
                                   swagger_favicon_url=f"{root}{STATIC}/favicon.png")

    @app.get(redirect, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - ReDoc",
                              redoc_js_url=f"{root}{STATIC}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{STATIC}/favicon.png", with_google_fonts=False)
