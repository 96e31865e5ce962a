"""Cost of the security checks on the request path (docs/benchmarks.md, docs/security.md).

1. The SPARQL SERVICE pre-check (greentaxo.security.sparql) per query, against rdflib's full SPARQL parser
   (the alternative the brief named) on the same queries.
2. The per-client rate limiter (greentaxo.api.ratelimit) per request, as ASGI middleware around an app that does
   nothing: a path it does not limit, and a limited one counted against a limit it never reaches.

CPU-only and in-process, so the figures hold on a busy machine better than a load test does.
Run: .venv/bin/python benchmarks/bench_security.py
"""
from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

QUERIES = {
    "typical, no SERVICE (143 chars)": "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?l WHERE "
                                       "{ ?c a skos:Concept ; skos:prefLabel ?l FILTER(lang(?l)='en') } LIMIT 10",
    "the word in a label": 'SELECT ?c WHERE { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> "service robots"@en }',
    "with SERVICE": "SELECT * WHERE { ?c a <http://e.org/C> OPTIONAL { SERVICE <http://127.0.0.1:9/sparql> { ?c ?p ?o } } }",
    "17 kB, 500 labels with the word": "SELECT * WHERE { " + " ".join(f'?s <http://e/p{i}> "service {i}" .'
                                                                       for i in range(500)) + "}",
}


def per_call(fn, seconds: float = 0.5) -> float:
    """Mean seconds per call over at least `seconds`."""
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or n < 3:
        fn()
        n += 1
    return (time.perf_counter() - start) / n


def guard() -> dict:
    from rdflib.plugins.sparql.parser import parseQuery

    from greentaxo.namespaces import PREFIXES
    from greentaxo.security.sparql import services

    out = {}
    for name, q in QUERIES.items():
        row = {"lexer_us": round(per_call(lambda q=q: services(q, PREFIXES)) * 1e6, 1)}
        try:
            row["rdflib_parser_us"] = round(per_call(lambda q=q: parseQuery(q), 1.0) * 1e6, 1)
        except RecursionError:          # pyparsing recurses per triple: a long query does not parse at all
            row["rdflib_parser_us"] = "RecursionError"
        out[name] = row
    big = "SELECT * WHERE { " + " ".join(f'?s <http://e/p{i}> "service {i}" .' for i in range(50_000)) + "}"
    out[f"{len(big) / 1e6:.1f} MB (the largest body allowed)"] = {"lexer_us": round(per_call(lambda: services(big), 0) * 1e6)}
    return out


def limiter() -> dict:
    from greentaxo.api.ratelimit import Limits, RateLimiter

    async def nothing(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    wrapped = RateLimiter(nothing, Limits({"sparql": "1000000/minute", "batch": "60/minute", "export": "60/minute",
                                           "auth_failures": "10/minute"}))

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        pass

    def scope(path: str) -> dict:
        return {"type": "http", "method": "GET", "path": path, "headers": [], "client": ("192.0.2.1", 1)}

    async def run(app, path: str, n: int) -> float:
        s = scope(path)
        start = time.perf_counter()
        for _ in range(n):
            await app(s, receive, send)
        return (time.perf_counter() - start) / n

    n = 20_000
    base = asyncio.run(run(nothing, "/concepts/x", n))
    return {"no middleware_us": round(base * 1e6, 2),
            "unlimited path_us": round(asyncio.run(run(wrapped, "/concepts/x", n)) * 1e6, 2),
            "limited path (counted)_us": round(asyncio.run(run(wrapped, "/sparql", n)) * 1e6, 2)}


if __name__ == "__main__":
    print(json.dumps({"service_check": guard(), "rate_limiter": limiter()}, indent=2, ensure_ascii=False))
