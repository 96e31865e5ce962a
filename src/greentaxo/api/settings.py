"""Limits of the HTTP API, configurable through environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass


def _num(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Settings:
    max_body_bytes: int = int(_num("GREENTAXO_MAX_BODY_BYTES", 2_000_000))
    max_batch: int = int(_num("GREENTAXO_MAX_BATCH", 1000))
    sparql_timeout_s: float = _num("GREENTAXO_SPARQL_TIMEOUT", 5.0)
    sparql_max_results: int = int(_num("GREENTAXO_SPARQL_MAX_RESULTS", 10000))
    max_page: int = int(_num("GREENTAXO_MAX_PAGE", 500))
    # named releases served with ?release=: the folder `greentaxo release` writes, and how many stay loaded
    releases_dir: str | None = os.environ.get("GREENTAXO_RELEASES") or None
    release_cache: int = int(_num("GREENTAXO_RELEASE_CACHE", 2))


SETTINGS = Settings()
