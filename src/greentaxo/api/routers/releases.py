"""GET /releases: the published releases a client can ask for with ?release=VERSION."""
from __future__ import annotations

from fastapi import APIRouter

from greentaxo.api.graphs import CACHE, folder
from greentaxo.releases import list_releases

router = APIRouter(tags=["releases"])


@router.get("/releases", summary="Published releases (oldest first) that the read endpoints serve with ?release=")
def releases() -> dict:
    found = list_releases(folder())
    return {"latest": found[-1].version if found else None, "releases": [r.to_dict() for r in found],
            "loaded": CACHE.loaded()}
