"""Which knowledge graph a read request is answered from: the served one, or a named release (?release=).

Kept out of api/main.py's lifespan: a release is loaded on its first request (in a worker thread, so
the event loop keeps serving) and kept in a small LRU (GREENTAXO_RELEASE_CACHE, default 2).
"""
from __future__ import annotations

from fastapi import Query, Request
from starlette.concurrency import run_in_threadpool

from greentaxo.api.settings import SETTINGS
from greentaxo.releases import ReleaseCache, releases_dir

CACHE = ReleaseCache(SETTINGS.release_cache)

RELEASE = Query(None, min_length=1, max_length=40, pattern=r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$",
                description="Answer from this published release (e.g. 1.0.0) instead of the latest sources; "
                            "GET /releases lists them", examples=["1.0.0"])


def folder():
    """The releases folder ($GREENTAXO_RELEASES or <root>/releases: greentaxo.settings), read per request."""
    return releases_dir()


async def graph(request: Request, release: str | None = RELEASE):
    """FastAPI dependency: the graph to read from."""
    if release is None:
        return request.app.state.kg
    return await run_in_threadpool(CACHE.get, folder(), release)
