"""FastAPI application: `uvicorn greentaxo.api.main:app`. No domain logic here: every answer is a library call.

Routers live in greentaxo/api/routers/, one module per feature, and are listed in ROUTERS below (a module
missing from the list is not served; a misspelt one fails at import). Errors: greentaxo.api.problems;
settings: greentaxo.api.settings; the offline /docs and /redoc: greentaxo.api.docs.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

import greentaxo
from greentaxo import paths, web
from greentaxo.api import docs, problems
from greentaxo.api.limits import RequestLimits
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
from greentaxo.sparql_workers import QueryPool

log = logging.getLogger("greentaxo.api")


@asynccontextmanager
async def lifespan(app: FastAPI):
    # the threads sync endpoints run on; the edit store's pool is sized to them (docs/operations.md)
    anyio.to_thread.current_default_thread_limiter().total_tokens = SETTINGS.threads
    # first, so the SPARQL workers' process loads the graph while this one does
    # two lifespans of one app can overlap (test clients): each closes its own pool and puts back the one before
    previous = getattr(app.state, "sparql", None)
    pool = app.state.sparql = QueryPool(paths.home(), SETTINGS.sparql_slots, SETTINGS.sparql_queue)
    pool.start()
    kg = greentaxo.load()           # the graph, its indexes and the model load once, before the first request
    _ = kg.taxonomy, kg.codes
    app.state.kg = kg
    try:
        app.state.classifier = load_classifier(kg)
    except GreentaxoError:      # no usable model file: /classify answers with a clear error instead
        app.state.classifier = None
    if edits.configured(SETTINGS) and getattr(app.state, "edits", None) is None:
        try:            # schema migrated and store seeded before the first request (under the store's lock)
            edits.open_store(app, SETTINGS)
        except GreentaxoError as exc:        # e.g. the database is down: serve the rest; edits answer 503
            log.error("edit store not opened at start-up, edit requests will try again: %s", exc)
    try:
        yield
    finally:
        pool.close()
        if getattr(app.state, "sparql", None) is pool:
            if previous is None:
                del app.state.sparql
            else:
                app.state.sparql = previous


app = FastAPI(
    title="greentaxo", version=greentaxo.__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
    description="Green-technology route taxonomy mapped to industry, discipline, patent and green-finance codes. "
                "Errors are application/problem+json (RFC 9457).",
)
app.add_middleware(RequestLimits, max_body=SETTINGS.max_body_bytes, body_timeout=SETTINGS.body_timeout,
                   max_batches=SETTINGS.max_batches)
problems.install(app)
RATE_LIMITS = Limits(SETTINGS.rates(), SETTINGS.rate_storage)
RATE_LIMITS.install(app)        # outermost middleware: a client over its limit costs nothing more
docs.install(app)

# the order routes are matched in: within a module, its own order
ROUTERS = (achievements, assessments, classify, edits, eligibility, packages, releases, sparql, system, vocabulary)
for _module in ROUTERS:
    app.include_router(_module.router)
web.install(app)        # the pages for people (greentaxo.web): after the API, whose error handlers it wraps
