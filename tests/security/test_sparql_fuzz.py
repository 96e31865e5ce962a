"""SPARQL fuzz against the live endpoint: random well-formed queries from a small grammar (with and without
SERVICE clauses and decoys) and malformed ones, by GET and POST; no answer is a 5xx, every real SERVICE clause is
a 400, and the loopback listener every SERVICE points at sees no connection."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.sparql_grammar import malformed, query

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
TARGET = "http://127.0.0.1:{port}/fuzz"


def _ask(api, text: str, post: bool):
    if post:
        return api.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"})
    return api.get("/sparql", params={"query": text})


def test_well_formed_queries(api, listener, rate_limits):
    rate_limits(sparql="off")
    statuses = []

    @FUZZ
    @given(case=query(TARGET.format(port=listener.port), service=True), post=st.booleans())
    def run(case, post):
        text, has = case
        r = _ask(api, text, post)
        statuses.append(r.status_code)
        assert r.status_code < 500, (text, r.text)
        if has:
            assert r.status_code == 400 and "federated" in r.json()["detail"], (text, r.text)
    run()
    assert listener.connections() == []
    assert statuses.count(200) >= len(statuses) // 4, statuses     # the grammar makes mostly valid, served queries


def test_malformed_queries(api, listener, rate_limits):
    rate_limits(sparql="off")

    @FUZZ
    @given(text=malformed(TARGET.format(port=listener.port)), post=st.booleans())
    def run(text, post):
        r = _ask(api, text, post)
        assert r.status_code < 500, (text, r.text)
        assert r.headers["content-type"].startswith(("application/problem+json", "application/sparql-results+json",
                                                     "text/turtle"))
    run()
    assert listener.connections() == []
