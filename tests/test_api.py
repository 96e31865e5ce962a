"""The HTTP API over the library: concepts, search, crosswalk, and problem+json errors."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import app


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as c:
        yield c


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["routes"] >= 300


def test_concept_by_curie_and_notation(client, kg):
    leaf = kg.taxonomy.leaves()[0]
    a = client.get(f"/concepts/{leaf.curie}").json()
    b = client.get(f"/concepts/{leaf.notation}").json()
    assert a["id"] == b["id"] == leaf.iri and a["mappings"]


def test_unknown_concept_is_problem_json_404(client):
    r = client.get("/concepts/gtr:R01O1")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "R0101" in r.json()["detail"]


def test_search_and_bad_parameter(client):
    r = client.get("/search", params={"q": "储能", "limit": 3})
    assert r.status_code == 200 and len(r.json()) == 3
    r = client.get("/search", params={"q": "x", "lang": "fr"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")


def test_crosswalk(client):
    r = client.get("/crosswalk", params={"from": "gbt4754:4416", "to": "gfspc2025"})
    assert r.status_code == 200 and any(t["code"] == "4.2.2" for t in r.json()["results"])
    r = client.get("/crosswalk", params={"from": "gbt4754:44160", "to": "gfspc2025"})
    assert r.status_code == 422
