"""POST /classify and /classify/batch."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from greentaxo.api.main import app


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as c:
        yield c


def test_classify_one(client):
    r = client.post("/classify", json={"id": "a", "title": "漂浮式海上风电", "abstract": "半潜式浮式基础与系泊系统设计"})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "a" and body["green"] and body["routes"][0]["id"].endswith("/R0238")
    assert set(body["codes"]) == {"gbt4754-2017", "gbt13745-2009", "gfspc2025", "gigc2019", "eutaxonomy", "ipc"}


def test_classify_errors_are_problem_json(client):
    r = client.post("/classify", json={"title": "", "abstract": ""})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert "empty" in r.json()["detail"]
    # text under a key the contract does not read: the answer names the key
    r = client.post("/classify", json={"id": "t", "text": "一种光伏组件"})
    assert r.status_code == 422 and "under 'text', which is not read" in r.json()["detail"]
    r = client.post("/classify?top_k=0", json={"title": "光伏"})
    assert r.status_code == 422 and "top_k" in r.json()["detail"]


def test_batch_keeps_going(client):
    r = client.post("/classify/batch", json={"records": [
        {"id": "g", "title": "Biogas upgrading to biomethane with membranes"},
        {"id": "b", "title": "x", "ipc": ["??"]},
        "not an object",
        {"id": "n", "title": "Payroll software for small firms"}]})
    assert r.status_code == 200
    assert r.json()["errors"] == 2
    out = r.json()["results"]
    assert [o["id"] for o in out] == ["g", "b", "3", "n"]
    assert out[0]["green"] and "field ipc" in out[1]["error"] and "error" in out[2] and out[3]["green"] is False
