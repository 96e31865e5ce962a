"""FastAPI application: `uvicorn greentaxo.api.main:app`. No domain logic here: every answer is a library call.

Routers live in greentaxo/api/routers/, one module per feature, and are listed in ROUTERS below (a module
missing from the list is not served; a misspelt one fails at import). Errors: greentaxo.api.problems;
settings: greentaxo.api.settings; the offline /docs and /redoc: greentaxo.api.docs.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

import greentaxo
from greentaxo import web
from greentaxo.api import docs, problems
from greentaxo.api.limits import BodyLimit
from greentaxo.api.ratelimit import Limits
from greentaxo.api.routers import (
    achievements,
    assessments,
    classify,
    edits,
    eligibility,
    packages,
    releases,
    sparql,
    system,
    vocabulary,
)
from greentaxo.api.settings import SETTINGS
from greentaxo.classify import load_classifier
from greentaxo.errors import GreentaxoError


@asynccontextmanager
async def lifespan(app: FastAPI):
    kg = greentaxo.load()           # the graph, its indexes and the model load once, before the first request
    _ = kg.taxonomy, kg.codes
    app.state.kg = kg
    try:
        app.state.classifier = load_classifier(kg)
    except GreentaxoError:      # no usable model file: /classify answers with a clear error instead
        app.state.classifier = None
    yield


app = FastAPI(
    title="greentaxo", version=greentaxo.__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
    description="Green-technology route taxonomy mapped to industry, discipline, patent and green-finance codes. "
                "Errors are application/problem+json (RFC 9457).",
)
app.add_middleware(BodyLimit, limit=SETTINGS.max_body_bytes)
problems.install(app)
RATE_LIMITS = Limits(SETTINGS.rates(), SETTINGS.rate_storage)
RATE_LIMITS.install(app)        # outermost middleware: a client over its limit costs nothing more
docs.install(app)

# the order routes are matched in: within a module, its own order
ROUTERS = (achievements, assessments, classify, edits, eligibility, packages, releases, sparql, system, vocabulary)
for _module in ROUTERS:
    app.include_router(_module.router)
web.install(app)        # the pages for people (greentaxo.web): after the API, whose error handlers it wraps
